#!/usr/bin/env bash
# cargo-deny with deny.toml: licenses (allow-list), bans (duplicates warned, wildcards and
# openssl-sys denied), sources (crates.io only), and advisories (RustSec) when the advisory
# database can be fetched. The database lives in a git repository outside the package
# registries; when it cannot be reached the other three checks still run and the step says
# plainly that advisories were skipped.
# cargo-deny is built from crates.io (pinned, --locked); a few minutes on 2 cores the first time,
# nothing when the pinned version is already installed.
set -euo pipefail
cd "$(dirname "$0")/.."

version="0.20.2"
if ! cargo deny --version 2>/dev/null | grep -qx "cargo-deny $version"; then
  start=$SECONDS
  cargo install --locked --quiet cargo-deny --version "$version"
  echo "deny: cargo-deny $version installed in $((SECONDS - start)) s"
fi

if cargo deny fetch db >/dev/null 2>&1; then
  cargo deny --log-level error check
else
  echo "deny: the RustSec advisory database could not be fetched (no network to it here):" \
       "advisories SKIPPED; checking licenses, bans and sources"
  cargo deny --log-level error check licenses bans sources
fi
echo "deny: ok"

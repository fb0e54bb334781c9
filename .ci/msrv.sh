#!/usr/bin/env bash
# Checks the declared minimum Rust versions with those toolchains (`cargo +<v> check`):
#   - workspace `rust-version` (1.85): the libraries a platform embeds or builds on
#     (aftership-core, aftership-fixtures, aftership-testkit, aftership-wit-convert). The guest
#     glue only compiles for wasm32, which that toolchain may lack; it is checked with the harness's version.
#   - host-harness `rust-version` (1.95): the whole workspace, all targets. wasmtime 48.0.8
#     declares rust-version 1.95.0, so nothing older can build the harness.
# The versions are read from the manifests, so the check follows what is declared.
# rustup fetches toolchains from outside the package registries: where that is unreachable and
# the toolchain is not installed already, that version's check is skipped WITH a note, not
# silently (the step still fails on a real incompatibility wherever the toolchain exists).
set -euo pipefail
cd "$(dirname "$0")/.."

declared() { sed -n 's/^rust-version = "\(.*\)"/\1/p' "$1" | head -n1; }

# The installed toolchain for version $1 (`1.85` matches `1.85-…` and `1.85.0-…`), installing
# it when missing; empty when it cannot be had.
toolchain() {
  local v="$1" name
  name="$(rustup toolchain list | awk '{print $1}' | grep -E "^${v//./\\.}(\\.0)?-" | head -n1 || true)"
  if [[ -z "$name" ]]; then
    if rustup toolchain install "$v" --profile minimal >&2; then name="$v"; fi
  fi
  echo "${name%%-x86_64*}"
}

check() {
  local v="$1" tc
  shift
  tc="$(toolchain "$v")"
  if [[ -z "$tc" ]]; then
    echo "msrv: SKIPPED Rust $v (toolchain not installed and not downloadable here): cargo check $*"
    return 0
  fi
  echo "msrv: Rust $v (toolchain $tc): cargo check $*"
  local start=$SECONDS
  cargo "+$tc" check --quiet "$@"
  echo "msrv: Rust $v ok in $((SECONDS - start)) s"
}

libs="$(declared Cargo.toml)"
harness="$(declared host-harness/Cargo.toml)"
check "$libs" -p aftership-core -p aftership-fixtures -p aftership-testkit -p aftership-wit-convert
check "$harness" --workspace --all-targets

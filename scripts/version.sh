#!/usr/bin/env bash
# Prints the project version: `[workspace.package] version` of the root Cargo.toml, the one place
# it is written. The npm and Python packages take it from here (see scripts/stage-hosts.sh).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
awk '/^\[workspace.package\]/{p=1; next} /^\[/{p=0} p && /^version *=/{gsub(/.*= *"|".*/, ""); print; exit}' "$root/Cargo.toml"

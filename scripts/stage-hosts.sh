#!/usr/bin/env bash
# Puts the component cargo built into both host packages, with the version from Cargo.toml:
#   hosts/python/src/aftership_connector/{connector.wasm,VERSION}
#   hosts/node: checks package.json's version, then `npm run build` transpiles with the pinned jco
#   (node_modules must be installed: `npm ci` in hosts/node).
# Usage: scripts/stage-hosts.sh [--no-node]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
wasm="$("$root/scripts/component-path.sh")"
version="$("$root/scripts/version.sh")"
echo "component: $wasm ($(stat -c %s "$wasm") bytes), version $version"

py="$root/hosts/python/src/aftership_connector"
cp "$wasm" "$py/connector.wasm"
printf '%s\n' "$version" > "$py/VERSION"

if [[ "${1:-}" != "--no-node" ]]; then
  (cd "$root/hosts/node" && AFTERSHIP_COMPONENT="$wasm" npm run --silent build)
fi

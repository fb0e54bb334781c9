#!/usr/bin/env bash
# Prints the path of a component the last cargo build produced: the connector (default) or,
# with `service`, the WASI-HTTP service (scripts/service-path.sh). The harness's build script
# writes them to `target/<profile>/build/aftership-harness-<hash>/out/aftership_<name>.wasm`;
# several hashes can exist (debug, release, clippy), so the newest wins.
# AFTERSHIP_COMPONENT (AFTERSHIP_SERVICE_COMPONENT for the service), when set, overrides the search.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
case "${1:-connector}" in
  connector) name=connector; override="${AFTERSHIP_COMPONENT:-}"; var=AFTERSHIP_COMPONENT ;;
  service) name=service; override="${AFTERSHIP_SERVICE_COMPONENT:-}"; var=AFTERSHIP_SERVICE_COMPONENT ;;
  *) echo "usage: $0 [connector|service]" >&2; exit 2 ;;
esac
if [[ -n "$override" ]]; then
  [[ -f "$override" ]] || { echo "$var=$override is not a file" >&2; exit 1; }
  echo "$override"
  exit 0
fi
target="${CARGO_TARGET_DIR:-$root/target}"
found="$(find "$target" -path "*/build/aftership-harness-*/out/aftership_${name}.wasm" -printf '%T@ %p\n' 2>/dev/null \
  | sort -n | tail -1 | cut -d' ' -f2-)"
if [[ -z "$found" ]]; then
  echo "no $name component under $target: run \`cargo build -p aftership-harness\` first" >&2
  exit 1
fi
echo "$found"

#!/usr/bin/env bash
# Prints the path of the connector component the last cargo build produced.
# The harness's build script writes it to `target/<profile>/build/aftership-harness-<hash>/out/
# aftership_connector.wasm`; several hashes can exist (debug, release, clippy), so the newest wins.
# AFTERSHIP_COMPONENT, when set, overrides the search.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -n "${AFTERSHIP_COMPONENT:-}" ]]; then
  [[ -f "$AFTERSHIP_COMPONENT" ]] || { echo "AFTERSHIP_COMPONENT=$AFTERSHIP_COMPONENT is not a file" >&2; exit 1; }
  echo "$AFTERSHIP_COMPONENT"
  exit 0
fi
target="${CARGO_TARGET_DIR:-$root/target}"
found="$(find "$target" -path '*/build/aftership-harness-*/out/aftership_connector.wasm' -printf '%T@ %p\n' 2>/dev/null \
  | sort -n | tail -1 | cut -d' ' -f2-)"
if [[ -z "$found" ]]; then
  echo "no connector component under $target: run \`cargo build -p aftership-harness\` first" >&2
  exit 1
fi
echo "$found"

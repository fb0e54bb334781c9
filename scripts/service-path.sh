#!/usr/bin/env bash
# Prints the path of the WASI-HTTP service component the last cargo build produced (see
# docs/service.md). The harness's build script writes it next to the connector component:
# `target/<profile>/build/aftership-harness-<hash>/out/aftership_service.wasm`; the newest wins.
# AFTERSHIP_SERVICE_COMPONENT, when set, overrides the search.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ -n "${AFTERSHIP_SERVICE_COMPONENT:-}" ]]; then
  [[ -f "$AFTERSHIP_SERVICE_COMPONENT" ]] || { echo "AFTERSHIP_SERVICE_COMPONENT=$AFTERSHIP_SERVICE_COMPONENT is not a file" >&2; exit 1; }
  echo "$AFTERSHIP_SERVICE_COMPONENT"
  exit 0
fi
target="${CARGO_TARGET_DIR:-$root/target}"
found="$(find "$target" -path '*/build/aftership-harness-*/out/aftership_service.wasm' -printf '%T@ %p\n' 2>/dev/null \
  | sort -n | tail -1 | cut -d' ' -f2-)"
if [[ -z "$found" ]]; then
  echo "no service component under $target: run \`cargo build -p aftership-harness\` first" >&2
  exit 1
fi
echo "$found"

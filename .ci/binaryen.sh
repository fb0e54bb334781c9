#!/usr/bin/env bash
# binaryen's wasm-opt shrinks the guest module (host-harness/build.rs runs it when present); the
# component size budget test requires it under CI. Debian's package is a prebuilt binary: no
# C++ build. Skipped when wasm-opt is already on PATH.
set -euo pipefail
if command -v wasm-opt >/dev/null 2>&1; then
  echo "wasm-opt present: $(wasm-opt --version)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq binaryen
wasm-opt --version

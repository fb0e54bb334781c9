#!/usr/bin/env bash
# Builds what a platform downloads, into dist/<version>/:
#   aftership-connector-<version>.wasm  the component (zero imports), with a .sha256 file
#   aftership-service-<version>.wasm    the WASI-HTTP service component (docs/service.md), with a
#                                       .sha256 file, and deploy/ (its Spin and wasmCloud manifests)
#   connector.json                      the manifest
#   wit/*.wit                           the contract (one WIT package across several files)
#   aftership-connector-wasm-<version>.tgz       the npm package
#   aftership_connector-<version>-py3-none-any.whl  the Python package
#   SHA256SUMS                          of all of the above
# Both packages carry LICENSE (checked by scripts/check-packages.sh before the sums are written).
# The version comes from one place: `[workspace.package] version` in Cargo.toml (package.json
# must carry the same; the npm build refuses otherwise, the wheel reads it from there).
# Usage: scripts/release.sh   (PYTHON=... to choose the interpreter that builds the wheel)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
version="$(scripts/version.sh)"
out="$root/dist/$version"

cargo build -p aftership-harness --quiet
component="$(scripts/component-path.sh)"
rm -rf "$out"
mkdir -p "$out"

cp "$component" "$out/aftership-connector-$version.wasm"
(cd "$out" && sha256sum "aftership-connector-$version.wasm" > "aftership-connector-$version.wasm.sha256")
service="$(scripts/service-path.sh)"
cp "$service" "$out/aftership-service-$version.wasm"
(cd "$out" && sha256sum "aftership-service-$version.wasm" > "aftership-service-$version.wasm.sha256")
mkdir -p "$out/deploy"
cp deploy/spin.toml deploy/wasmcloud.yaml "$out/deploy/"
cp connector.json "$out/connector.json"
mkdir -p "$out/wit"
cp wit/*.wit "$out/wit/"

# npm package (transpiled with the pinned jco at pack time).
(
  cd hosts/node
  [[ -d node_modules ]] || npm ci --no-audit --no-fund --no-progress
  AFTERSHIP_COMPONENT="$component" npm pack --pack-destination "$out" --silent >/dev/null
)

# Python wheel (the component and VERSION are staged into the package first).
AFTERSHIP_COMPONENT="$component" scripts/stage-hosts.sh --no-node
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
"$python" -m pip wheel --quiet --no-deps --wheel-dir "$out" ./hosts/python
rm -rf hosts/python/build

# Both packages must carry the license text.
PYTHON="$python" scripts/check-packages.sh "$out/aftership-connector-wasm-$version.tgz" \
  "$out/aftership_connector-$version-py3-none-any.whl"

(cd "$out" && find . -type f ! -name SHA256SUMS | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum -- > SHA256SUMS)
echo "release $version in $out:"
cat "$out/SHA256SUMS"

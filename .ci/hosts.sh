#!/usr/bin/env bash
# Host packages: builds and tests the npm package (hosts/node) and the Python package
# (hosts/python) against the component the cargo build already produced (no second build).
# Needs Node >= 18 with npm, and Python >= 3.9 with venv; installs the rest from the registries.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"

export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1

component="$(scripts/component-path.sh)"
service="$(scripts/service-path.sh)"
echo "hosts: using $component and $service"

# ---- Node ----
(
  cd hosts/node
  npm ci --no-progress
  AFTERSHIP_COMPONENT="$component" npm run build
  npm run typecheck
  npm test
  # The WASI-HTTP service component behind Node's HTTP server (docs/service.md).
  AFTERSHIP_SERVICE_COMPONENT="$service" npm run build:service
  npm run test:service
  # The package must pack from the repository without the network.
  rm -rf "$root/target/hosts-pack" && mkdir -p "$root/target/hosts-pack"
  npm pack --offline --pack-destination "$root/target/hosts-pack" --silent >/dev/null
)

# ---- Python ----
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  for candidate in python3.11 python3 python; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
[[ -n "$python" ]] || { echo "hosts: no python interpreter found" >&2; exit 1; }
venv="$root/target/hosts-venv"
"$python" -m venv --clear "$venv"
AFTERSHIP_COMPONENT="$component" scripts/stage-hosts.sh --no-node
"$venv/bin/python" -m pip install --quiet --upgrade pip
# Pinned wasmtime (the wrapper is written against wasmtime-py 50's component API).
"$venv/bin/python" -m pip install --quiet -r hosts/python/requirements-test.txt
"$venv/bin/python" -m pip wheel --quiet --no-deps --wheel-dir "$root/target/hosts-pack" ./hosts/python
rm -rf hosts/python/build
# The tarball and the wheel carry the license text.
PYTHON="$venv/bin/python" scripts/check-packages.sh "$(ls "$root"/target/hosts-pack/*.tgz)" \
  "$(ls "$root"/target/hosts-pack/*.whl)"
"$venv/bin/python" -m pip install --quiet "$(ls "$root"/target/hosts-pack/*.whl)"
# Run from the tests folder against the installed package (not the source tree), with a
# compiled-code cache inside the build tree.
(cd hosts/python && AFTERSHIP_CONNECTOR_CACHE="$root/target/hosts-cache" \
  "$venv/bin/python" -m pytest -q -p no:cacheprovider tests)

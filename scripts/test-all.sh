#!/usr/bin/env bash
# The whole suite, as the README's set-up names it and `.ci/run` calls it: the Rust workspace
# (core, fixtures natively and through the component, runner against the local stand-in, fuzz
# smoke, size budget), then the Node and Python packages and the builder page in Chromium, both
# on the component that `cargo test` just built. The two host scripts install what they need
# (npm packages, a Python virtual environment, Debian's chromium) when it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo test --workspace
bash .ci/hosts.sh
bash .ci/web.sh

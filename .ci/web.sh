#!/usr/bin/env bash
# Builder page: installs Debian's chromium when missing, installs the locked npm packages,
# runs the unit tests of the page's metadata helpers, transpiles the component that `cargo test`
# already built (no second cargo build) and runs the browser test against the built page.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v chromium >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y chromium
fi
if ! command -v npm >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update
  apt-get install -y nodejs npm
fi

# vite 8 needs Node.js 20.19 or newer.
node -e 'const [a, b] = process.versions.node.split(".").map(Number); if (a < 20 || (a === 20 && b < 19)) { console.error(`Node.js ${process.versions.node} is too old for the builder page (need >= 20.19)`); process.exit(1); }'

npm ci --no-audit --no-fund
npm run test:unit
npm run build
CHROMIUM="$(command -v chromium)" npm run test:browser

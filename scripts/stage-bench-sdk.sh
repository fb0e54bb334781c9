#!/usr/bin/env bash
# Installs the official Node Tracking SDK (pinned with its lock file) for the benchmark's
# "runner against the official SDK" section: `cargo bench -p aftership-harness --bench connector`
# runs host-harness/benches/sdk/export.mjs when this has been run, and says how otherwise.
set -euo pipefail
cd "$(dirname "$0")/../host-harness/benches/sdk"
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false
npm ci --no-progress

#!/usr/bin/env bash
# Host benchmarks in one run, so the ratios hold on a shared machine: the npm package and the
# Python package on the same inputs (build-request of tracking.create_tracking, parse of a 1 MiB
# Shipping label listing, fresh instance). The Rust harness's figures for the same listing come
# from `cargo bench -p aftership-harness` (a release build of wasmtime: run it separately).
# Needs hosts/node built (npm ci && npm run build) and a Python with the package installed:
#   PYTHON=target/hosts-venv/bin/python scripts/bench-hosts.sh   (the venv .ci/hosts.sh makes)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-$root/target/hosts-venv/bin/python}"
node_json="$(cd "$root/hosts/node" && nice -n 10 node bench/bench.mjs --json)"
py_json="$(cd "$root/hosts/python" && nice -n 10 "$python" bench.py --json)"
"$python" - "$node_json" "$py_json" <<'PY'
import json, sys
node, py = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"node {node['node']} vs python {py['python']}, body {node['body_bytes']} bytes; "
      "medians of process CPU time (wall clock in brackets where measured)")
rows = [("build-request tracking.create_tracking", "build_request_ms"),
        ("parse-response, 1 MiB Shipping listing", "parse_1mib_ms"),
        ("fresh instance + small call", "fresh_instance_ms")]
for label, key in rows:
    n, p = node[key], py[key]
    print(f"{label:<42} node {n:9.3f} ms   python {p:9.3f} ms   python/node {p / n:6.1f}x")
print(f"parse wall clock: node {node['parse_1mib_wall_ms']:.1f} ms, python {py['parse_1mib_wall_ms']:.1f} ms")
print(f"python parse as list<u8> (what parse-response-text avoids): {py['parse_1mib_list_u8_ms']:.0f} ms")
if node.get("raw_jco_instance_ms") is not None:
    print(f"node raw jco instantiation (WebAssembly.promising probes): {node['raw_jco_instance_ms']:.1f} ms")
print(f"python compile {py['compile_ms']:.0f} ms, load from the disk cache {py['load_cached_ms']:.1f} ms")
PY

"""Host figures for the Python package: build-request of a typical operation, parse of a 1 MiB
Shipping listing (string path, and the list<u8> path it replaces), fresh instance, compile and
cache load. Same inputs as hosts/node/bench/bench.mjs; scripts/bench-hosts.sh prints both and
their ratios. Usage: python bench.py [--json]"""

from __future__ import annotations

import json
import sys
import tempfile
import time

from aftership_connector import ConnectionSettings, Connector
from aftership_connector import _convert as c

SETTINGS = ConnectionSettings(api_type="tracking", api_key="test-api-key-0000")
SHIPPING = ConnectionSettings(api_type="shipping", api_key="test-api-key-0000")
NOW = 1_783_327_777_000
CREATE = "tracking.create_tracking"
CREATE_INPUT = json.dumps({"body": {"tracking_number": "1Z9999W99999999999", "slug": "ups", "title": "Order 1001"}},
                          separators=(",", ":"))
LABEL = ('{"id":"3b3e4a8f-5b5a-4c8e-9a3e-2c1f0d9e8b7a","status":"created","tracking_numbers":["794644790138"],'
         '"files":{"label":{"paper_size":"4x6","url":"https://sandbox-download.postmen.com/label/2026-07-06/3b3e4a8f.pdf",'
         '"file_type":"pdf"},"invoice":null},"rate":{"service_type":"fedex_ground","total_charge":{"amount":12.34,'
         '"currency":"USD"}},"created_at":"2026-07-06T08:49:37+00:00"}')


def label_listing(target: int) -> bytes:
    """The same listing as host-harness/benches/connector.rs builds."""
    count = target // (len(LABEL) + 1) + 1
    return ('{"meta":{"code":200,"message":"OK","details":[]},"data":{"next_token":"tok-2","limit":200,"labels":['
            + ",".join([LABEL] * count) + "]}}").encode()


def median_ms(batches: int, per_batch: int, call, clock=time.process_time) -> float:
    """Median ms per call; process CPU time by default (on a shared, loaded machine the wall
    clock mostly measures the neighbours)."""
    samples = []
    for _ in range(batches):
        start = clock()
        for _ in range(per_batch):
            call()
        samples.append((clock() - start) * 1e3 / per_batch)
    samples.sort()
    return samples[len(samples) // 2]


def main() -> None:
    figures = {}
    with tempfile.TemporaryDirectory() as cache:
        start = time.perf_counter()
        Connector(cache_dir=None)  # compiles (also warms the process-wide runtime for cache_dir=None)
        figures["compile_ms"] = (time.perf_counter() - start) * 1e3
        Connector(cache_dir=cache)
        from aftership_connector import _runtime
        _runtime._RUNTIMES.clear()
        start = time.perf_counter()
        Connector(cache_dir=cache)
        figures["load_cached_ms"] = (time.perf_counter() - start) * 1e3
    connector = Connector(cache_dir=None)
    body = label_listing(1 << 20)
    connector.build_request(SETTINGS, CREATE, CREATE_INPUT, now_unix_ms=NOW)
    figures["build_request_ms"] = median_ms(9, 50, lambda: connector.build_request(
        SETTINGS, CREATE, CREATE_INPUT, now_unix_ms=NOW))
    figures["parse_1mib_ms"] = median_ms(11, 2, lambda: connector.parse_response(
        SHIPPING, "shipping.list_labels", "{}", 200, [], body, now_unix_ms=NOW))
    figures["parse_1mib_wall_ms"] = median_ms(5, 2, lambda: connector.parse_response(
        SHIPPING, "shipping.list_labels", "{}", 200, [], body, now_unix_ms=NOW), time.perf_counter)
    # What the string path replaces: the same call with the body as list<u8>.
    runtime = connector._runtime
    args = (c.settings_in(SHIPPING), "shipping.list_labels", "{}", c.rec(status=200, headers=[], body=body),
            c.context_in(NOW, None))
    start = time.perf_counter()
    runtime.call("parse-response", args, connector.memory_bytes, connector.timeout_s)
    figures["parse_1mib_list_u8_ms"] = (time.perf_counter() - start) * 1e3
    # Every call is a fresh store + instance + the call; oauth-scopes is about the cheapest call.
    figures["fresh_instance_ms"] = median_ms(9, 100, lambda: connector.oauth_scopes("tracking"))
    figures["body_bytes"] = len(body)
    figures["python"] = sys.version.split()[0]
    if "--json" in sys.argv:
        print(json.dumps(figures))
        return
    print(f"python {figures['python']} (wasmtime-py component API)")
    print(f"compile: {figures['compile_ms']:.0f} ms; load from the disk cache: {figures['load_cached_ms']:.1f} ms")
    print(f"build-request {CREATE}: {figures['build_request_ms']:.3f} ms")
    print(f"parse-response of a {len(body)}-byte Shipping listing: {figures['parse_1mib_ms']:.1f} ms CPU "
          f"({figures['parse_1mib_wall_ms']:.1f} ms wall) "
          f"(as list<u8>: {figures['parse_1mib_list_u8_ms']:.0f} ms)")
    print(f"fresh store + instance + a small call (each call has one): {figures['fresh_instance_ms']:.3f} ms")


if __name__ == "__main__":
    main()

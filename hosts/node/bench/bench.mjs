// Host figures for the npm package: build-request of a typical operation, parse of a 1 MiB
// Shipping listing, fresh instance (with and without the WebAssembly.promising probe cost).
// Same inputs as hosts/python/bench.py; scripts/bench-hosts.sh prints both and their ratios.
// Usage: node bench/bench.mjs [--json]
import { instantiate } from '../gen/connector.js';
import { readFileSync } from 'node:fs';
import { Connector, unwrap } from '../lib/index.js';

const SETTINGS = { apiType: 'tracking', apiKey: 'test-api-key-0000' };
const SHIPPING = { apiType: 'shipping', apiKey: 'test-api-key-0000' };
const CONTEXT = { nowUnixMs: 1_783_327_777_000 };
const CREATE = 'tracking.create_tracking';
const CREATE_INPUT = JSON.stringify({ body: { tracking_number: '1Z9999W99999999999', slug: 'ups', title: 'Order 1001' } });

/** The same listing as host-harness/benches/connector.rs builds: labels up to `target` bytes. */
export function labelListing(target) {
  const label = '{"id":"3b3e4a8f-5b5a-4c8e-9a3e-2c1f0d9e8b7a","status":"created","tracking_numbers":["794644790138"],"files":{"label":{"paper_size":"4x6","url":"https://sandbox-download.postmen.com/label/2026-07-06/3b3e4a8f.pdf","file_type":"pdf"},"invoice":null},"rate":{"service_type":"fedex_ground","total_charge":{"amount":12.34,"currency":"USD"}},"created_at":"2026-07-06T08:49:37+00:00"}';
  const count = Math.floor(target / (label.length + 1)) + 1;
  return `{"meta":{"code":200,"message":"OK","details":[]},"data":{"next_token":"tok-2","limit":200,"labels":[${Array(count).fill(label).join(',')}]}}`;
}

// Process CPU time, not wall time: on a shared, loaded machine the wall clock mostly measures
// the neighbours. (Wall-clock figures are printed too.)
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e3;
};

/** Median CPU ms per call over `batches` batches of `perBatch` calls. */
function median(batches, perBatch, call, clock = cpuMs) {
  const samples = [];
  for (let b = 0; b < batches; b++) {
    const start = clock();
    for (let i = 0; i < perBatch; i++) call();
    samples.push((clock() - start) / perBatch);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}
const wallMs = () => Number(process.hrtime.bigint()) / 1e6;

const connector = new Connector();
const body = Buffer.from(labelListing(1 << 20));
unwrap(connector.buildRequest(SETTINGS, CREATE, CREATE_INPUT, CONTEXT));
const figures = {
  build_request_ms: median(15, 200, () => unwrap(connector.buildRequest(SETTINGS, CREATE, CREATE_INPUT, CONTEXT))),
  parse_1mib_ms: median(11, 2, () => unwrap(connector.parseResponse(SHIPPING, 'shipping.list_labels', '{}', { status: 200, headers: [], body }, CONTEXT))),
  parse_1mib_wall_ms: median(5, 2, () => unwrap(connector.parseResponse(SHIPPING, 'shipping.list_labels', '{}', { status: 200, headers: [], body }, CONTEXT)), wallMs),
  // A fresh instance plus a small call (the Python package makes one per call).
  fresh_instance_ms: median(9, 100, () => {
    connector.reset();
    connector.oauthScopes('tracking');
  }),
};
// The raw generated code on this Node, for the record (the probe cost the wrapper avoids).
const core = new WebAssembly.Module(readFileSync(new URL('../gen/connector.core.wasm', import.meta.url)));
figures.raw_jco_instance_ms = typeof WebAssembly.promising === 'function' ? null : median(3, 3, () => instantiate(() => core, {}), wallMs);
figures.body_bytes = body.length;
figures.node = process.version;

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(figures));
} else {
  console.log(`node ${figures.node} (npm package, jco 1.35.0)`);
  console.log(`build-request ${CREATE}: ${figures.build_request_ms.toFixed(3)} ms`);
  console.log(`parse-response of a ${body.length}-byte Shipping listing: ${figures.parse_1mib_ms.toFixed(1)} ms CPU (${figures.parse_1mib_wall_ms.toFixed(1)} ms wall)`);
  console.log(`fresh instance + a small call (wrapper): ${figures.fresh_instance_ms.toFixed(3)} ms`);
  if (figures.raw_jco_instance_ms !== null) {
    console.log(`fresh instance (raw jco output, WebAssembly.promising probes): ${figures.raw_jco_instance_ms.toFixed(1)} ms`);
  }
}

// The WASI-HTTP service component under Node: jco's transpiled output behind preview2-shim's
// HTTP server (Node's own `http`), with the settings from a wasi:config shim, calling a small
// AfterShip stand-in in this process. Build first: `npm run build:service`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const KEY = 'node-standin-key-5e1b';
const TOKEN = 'node-service-token-0123456789';
const PAGES = 3;
const PER_PAGE = 2;
const webhook = (name) =>
  JSON.parse(readFileSync(join(here, '..', '..', '..', 'tests', 'webhooks', 'tracking', name), 'utf8'));
const VALID = webhook('valid.json');
const TAMPERED = webhook('tampered_body.json');

// ---- AfterShip stand-in: Tracking's cursor listing, with faults chosen per request number ----
let seen = [];
let fault = () => null;
const upstream = http.createServer((req, res) => {
  const n = seen.length;
  seen.push(`${req.method} ${req.url}`);
  const send = (status, body, type = 'application/json') => {
    res.writeHead(status, { 'content-type': type, ...(status === 429 ? { 'retry-after': '1' } : {}) });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };
  const chosen = fault(n);
  if (chosen === 429) return send(429, { meta: { code: 429, type: 'TooManyRequests', message: 'slow down' }, data: {} });
  if (chosen === 502) return send(502, '<html><body>502 Bad Gateway</body></html>', 'text/html');
  if (req.headers['as-api-key'] !== KEY) {
    return send(401, { meta: { code: 401, type: 'Unauthorized', message: 'The API key is invalid.' }, data: {} });
  }
  const url = new URL(req.url, 'http://x');
  if (req.method !== 'GET' || url.pathname !== '/tracking/2026-07/trackings') {
    return send(404, { meta: { code: 404, type: 'NotFound', message: 'no such path' }, data: {} });
  }
  const k = Number((url.searchParams.get('cursor') || 'c1').slice(1));
  const more = k < PAGES;
  const trackings = Array.from({ length: PER_PAGE }, (_, i) => ({ id: itemId((k - 1) * PER_PAGE + i + 1) }));
  send(200, {
    meta: { code: 200 },
    data: { pagination: { total: PAGES * PER_PAGE, next_cursor: more ? `c${k + 1}` : '', has_next_page: more }, trackings },
  });
});
const itemId = (n) => `cursor-${String(n).padStart(4, '0')}`;

// ---- the service, in a child process (the shim blocks its thread on outgoing requests) ----
let child;
let base;
const answers = [];

before(async () => {
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const config = {
    api_type: 'tracking',
    api_key: KEY,
    base_url: `http://127.0.0.1:${upstream.address().port}`,
    service_token: TOKEN,
    webhook_secret: VALID.secret,
    timeout_ms: '5000',
  };
  child = spawn(process.execPath, [join(here, 'serve.mjs')], {
    env: { ...process.env, AFTERSHIP_SERVICE_CONFIG: JSON.stringify(config) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  base = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    });
    child.on('exit', (code) => reject(new Error(`serve.mjs exited with ${code}`)));
  });
});

after(() => {
  child?.kill('SIGTERM');
  upstream.close();
  for (const answer of answers) {
    for (const secret of [KEY, TOKEN, VALID.secret]) {
      assert.ok(!answer.includes(secret), `a secret in an answer: ${answer}`);
    }
  }
});

async function call(method, path, { token = TOKEN, body, headers = {} } = {}) {
  const response = await fetch(base + path, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  answers.push(`${response.status} ${[...response.headers].join(' ')} ${text}`);
  return { status: response.status, type: response.headers.get('content-type'), text, json: () => JSON.parse(text) };
}

test('health is open; other routes need the bearer token', async () => {
  assert.equal((await call('GET', '/v1/health', { token: null })).status, 200);
  for (const token of [null, `${TOKEN}x`]) {
    const answer = await call('POST', '/v1/call', { token, body: { operation: 'tracking.list_trackings' } });
    assert.equal(answer.status, 401, answer.text);
    assert.equal(answer.json().error.kind, 'unauthorized');
  }
  assert.equal(seen.length, 0, 'a refused request reached AfterShip');
});

test('a call answers with the data and the next page', async () => {
  seen = [];
  const answer = await call('POST', '/v1/call', { body: { operation: 'tracking.list_trackings', input: {} } });
  assert.equal(answer.status, 200, answer.text);
  const body = answer.json();
  assert.deepEqual(body.data.trackings.map((t) => t.id), [itemId(1), itemId(2)]);
  assert.equal(typeof body.next_page, 'object');
  assert.notEqual(body.next_page, null);
  assert.deepEqual(body.files, []);
});

test('an export streams every item once through a 429 and a 502', async () => {
  seen = [];
  fault = (n) => ({ 1: 429, 3: 502 })[n] ?? null;
  const started = Date.now();
  const answer = await call('POST', '/v1/export', { body: { operation: 'tracking.list_trackings' } });
  fault = () => null;
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.type, 'application/x-ndjson');
  const ids = answer.text.trim().split('\n').map((line) => JSON.parse(line).id);
  assert.deepEqual(ids, Array.from({ length: PAGES * PER_PAGE }, (_, i) => itemId(i + 1)));
  assert.equal(seen.length, PAGES + 2);
  assert.ok(Date.now() - started >= 1000, 'the retry-after of 1 s was not honoured');
});

test('bad input is a 400 naming the field', async () => {
  seen = [];
  const answer = await call('POST', '/v1/call', { body: { operation: 'tracking.get_tracking_by_id', input: {} } });
  assert.equal(answer.status, 400, answer.text);
  assert.equal(answer.json().error.kind, 'invalid_input');
  assert.ok(answer.json().error.fields[0].field);
  const notJson = await call('POST', '/v1/call', { body: 'operation=x' });
  assert.equal(notJson.status, 400);
  assert.equal(notJson.json().error.fields[0].field, 'body');
  assert.equal(seen.length, 0);
});

test('a signed webhook is verified and a tampered one refused', async () => {
  const valid = await call('POST', '/v1/webhooks/tracking', { body: VALID.body_text, headers: VALID.headers });
  assert.equal(valid.status, 200, valid.text);
  assert.equal(valid.json().event_id, VALID.expected.event_id);
  const tampered = await call('POST', '/v1/webhooks/tracking', { body: TAMPERED.body_text, headers: TAMPERED.headers });
  assert.equal(tampered.status, 401, tampered.text);
  assert.equal(tampered.json().error.kind, 'bad_signature');
});

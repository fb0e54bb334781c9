// What the raw jco bindings get silently wrong, and the clear error or right answer now.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ArgumentError, Connector, ConnectorError, HostError, OAuthError, WebhookError, unwrap } from '../lib/index.js';

const connector = new Connector();
const S = { apiType: 'tracking', apiKey: 'test-api-key-0000' };
const NOW = { nowUnixMs: 1_783_327_777_000 };
const LIST = 'tracking.list_trackings';
const listing = (n) =>
  JSON.stringify({
    meta: { code: 200 },
    data: {
      pagination: { has_next_page: false },
      trackings: Array.from({ length: n }, (_, i) => ({ id: `t${String(i).padStart(7, '0')}`, slug: 'ups' })),
    },
  });
const RATE_LIMITED = '{"meta":{"code":429,"type":"TooManyRequests","message":"slow down"}}';

test('a string body is parsed as its UTF-8 bytes (raw jco: silently empty, a success with data "null")', () => {
  const r = connector.parseResponse(S, LIST, {}, { status: 200, headers: [], body: listing(2) }, NOW);
  assert.deepEqual(JSON.parse(unwrap(r).data).trackings.map((t) => t.id), ['t0000000', 't0000001']);
  const bytes = connector.parseResponse(S, LIST, {}, { status: 200, headers: [], body: Buffer.from(listing(2)) }, NOW);
  assert.deepEqual(bytes, r);
});

test('a parsed JSON body is refused, naming the field', () => {
  assert.throws(
    () => connector.parseResponse(S, LIST, {}, { status: 200, headers: [], body: { meta: { code: 200 } } }, NOW),
    (e) => e instanceof ArgumentError && e.argument === 'response.body' && /parsed JSON/.test(e.message),
  );
});

for (const [label, headers] of [
  ['an object', { 'Retry-After': '7' }],
  ['a Map', new Map([['retry-after', '7']])],
  ['fetch Headers', new Headers({ 'retry-after': '7' })],
  ['pairs', [['retry-after', '7']]],
  ['an object with array and number values', { 'retry-after': [7], 'x-other': undefined }],
]) {
  test(`headers as ${label} arrive (raw jco: silently [], the 429 loses retry-after)`, () => {
    const r = connector.parseResponse(S, LIST, {}, { status: 429, headers, body: RATE_LIMITED }, NOW);
    assert.ok(r.error instanceof ConnectorError);
    assert.equal(r.error.kind, 'rate_limited');
    assert.equal(r.error.retryAfterMs, 7000);
    assert.equal(r.error.message, 'slow down');
  });
}

test('headers of the wrong shape are refused', () => {
  assert.throws(
    () => connector.parseResponse(S, LIST, {}, { status: 429, headers: 'retry-after: 7', body: RATE_LIMITED }, NOW),
    (e) => e instanceof ArgumentError && e.argument === 'response.headers',
  );
  assert.throws(
    () => connector.parseResponse(S, LIST, {}, { status: 429, headers: [['retry-after']], body: RATE_LIMITED }, NOW),
    (e) => e instanceof ArgumentError && e.argument === 'response.headers[0]',
  );
});

for (const status of [70000, -1, 200.5, '200']) {
  test(`status ${JSON.stringify(status)} is refused (raw jco: 70000 wraps to 4464)`, () => {
    assert.throws(
      () => connector.parseResponse(S, LIST, {}, { status, headers: [], body: '{}' }, NOW),
      (e) => e instanceof ArgumentError && e.argument === 'response.status',
    );
  });
}

test('times: number, bigint or Date; out of range refused', () => {
  const a = unwrap(connector.buildRequest(S, LIST, {}, { nowUnixMs: 1_783_327_777_000 }));
  const b = unwrap(connector.buildRequest(S, LIST, {}, { nowUnixMs: 1_783_327_777_000n }));
  const c = unwrap(connector.buildRequest(S, LIST, {}, { nowUnixMs: new Date(1_783_327_777_000) }));
  assert.deepEqual(a, b);
  assert.deepEqual(a, c);
  for (const nowUnixMs of [-1, 2 ** 64, 2n ** 64n, 1.5, '1']) {
    assert.throws(
      () => connector.buildRequest(S, LIST, {}, { nowUnixMs }),
      (e) => e instanceof ArgumentError && e.argument === 'context.nowUnixMs',
      String(nowUnixMs),
    );
  }
});

test('errors come back as { error: ConnectorError } with kind and fields, not a thrown ComponentError', () => {
  const r = connector.buildRequest(S, 'tracking.get_tracking_by_id', {}, NOW);
  assert.ok(r.error instanceof ConnectorError);
  assert.equal(r.error.kind, 'invalid_input');
  assert.ok(r.error.fields.some((f) => f.field.endsWith('id')), JSON.stringify(r.error.fields));
  assert.throws(() => unwrap(r), ConnectorError);
  const unknown = connector.buildRequest(S, 'tracking.nope', {}, NOW);
  assert.equal(unknown.error.kind, 'unknown_operation');
});

test('enums are checked and named; snake_case spellings accepted', () => {
  assert.throws(
    () => connector.buildRequest({ ...S, apiType: 'trackings' }, LIST, {}, NOW),
    (e) => e instanceof ArgumentError && e.argument === 'settings.apiType' && /one of/.test(e.message),
  );
  assert.equal(unwrap(connector.buildRequest({ ...S, authMode: 'api_key' }, LIST, {}, NOW)).method, 'GET');
});

test('methods are upper-case (fetch sends a lower-case "patch" as is)', () => {
  const ops = connector.operations('tracking');
  assert.ok(ops.some((o) => o.method === 'PATCH' || o.method === 'PUT'));
  assert.ok(ops.every((o) => o.method === o.method.toUpperCase()));
});

test('a webhook body must be raw; a parsed object is refused', () => {
  assert.throws(
    () => connector.verifyWebhook({ product: 'tracking', body: { event: 'x' }, headers: {}, secret: 's' }),
    (e) => e instanceof ArgumentError && e.argument === 'delivery.body',
  );
  const r = connector.verifyWebhook({ product: 'tracking', body: '{}', headers: {}, secret: 's' });
  assert.ok(r.error instanceof WebhookError);
  assert.deepEqual(r.error.expectedHeaders, ['aftership-hmac-sha256']);
});

test('after a trap (simulated: the export throws a wasm RuntimeError) the connector re-instantiates (raw jco: every later call refused)', () => {
  const c = new Connector();
  unwrap(c.buildRequest(S, LIST, {}, NOW));
  // Make the current instance's export throw what a wasm `unreachable` throws.
  const api = c._instance.api;
  api.buildRequest = () => {
    throw new WebAssembly.RuntimeError('unreachable');
  };
  assert.throws(() => c.buildRequest(S, LIST, {}, NOW), (e) => e instanceof HostError && e.kind === 'trap');
  assert.equal(unwrap(c.buildRequest(S, LIST, {}, NOW)).method, 'GET');
});

test('arguments beyond the memory cap are refused as out_of_memory, and the next call works', () => {
  const small = new Connector({ maxMemoryBytes: 1 << 20 });
  assert.throws(
    () => small.buildRequest(S, 'tracking.get_tracking_by_id', { id: 'x'.repeat(2 << 20) }, NOW),
    (e) => e instanceof HostError && e.kind === 'out_of_memory',
  );
  assert.equal(unwrap(small.buildRequest(S, LIST, {}, NOW)).method, 'GET');
});

test('an instance whose memory grew past the cap is dropped after the call', () => {
  const c = new Connector({ maxMemoryBytes: 4 << 20 });
  // ~4.0 MB: below the 4 MiB cap, but the guest grows past it parsing (since the lean parser of
  // the speed work it needs only about half a MiB beyond the body, so the body sits near the cap)
  const body = listing(130000);
  unwrap(c.parseResponse(S, LIST, {}, { status: 200, headers: [], body }, NOW));
  assert.equal(c._instance, null);
  assert.equal(unwrap(c.buildRequest(S, LIST, {}, NOW)).method, 'GET');
});

test('instantiation does not leave a WebAssembly.promising stub behind', () => {
  const before = typeof WebAssembly.promising;
  new Connector().manifest();
  assert.equal(typeof WebAssembly.promising, before);
});

// ---- OAuth arguments ----
const APP = { clientId: 'test-client-id', clientSecret: 'test-client-secret', redirectUri: 'https://app.example.com/oauth/callback' };
const STATE = 'st-5f2c1a9e0b7d4c3a';

test('oauthAuthorizationUrl: a missing product is an ArgumentError naming request.product; a blank one the component refuses', () => {
  for (const product of [undefined, null]) {
    assert.throws(
      () => connector.oauthAuthorizationUrl(APP, { scopes: [], state: STATE, product }),
      (e) => e instanceof ArgumentError && e.argument === 'request.product' && /required/.test(e.message),
    );
  }
  assert.throws(() => connector.oauthAuthorizationUrl(APP, { scopes: [], state: STATE, product: 7 }), (e) => e instanceof ArgumentError && e.argument === 'request.product');
  const blank = connector.oauthAuthorizationUrl(APP, { scopes: ['aftership:tracking:read'], state: STATE, product: ' ' });
  assert.ok(blank.error instanceof OAuthError && blank.error.kind === 'invalid_input');
  assert.deepEqual(blank.error.fields.map((f) => f.field), ['product']);
  const url = new URL(unwrap(connector.oauthAuthorizationUrl(APP, { scopes: ['aftership:tracking:read'], state: STATE, product: 'aftership' })));
  assert.equal(url.searchParams.get('product'), 'aftership');
});

test('hmac policy defaults to report: a wrong hmac is reported as mismatch, not refused', () => {
  const query = `code=c0de&state=${STATE}&hmac=${'0'.repeat(64)}`;
  const r = unwrap(connector.oauthVerifyRedirect(APP, query, STATE));
  assert.equal(r.hmac, 'mismatch');
  const strict = connector.oauthVerifyRedirect(APP, query, STATE, 'require');
  assert.equal(strict.error.kind, 'bad_hmac');
  assert.throws(() => connector.oauthVerifyRedirect(APP, query, STATE, 'reports'), (e) => e instanceof ArgumentError && e.argument === 'policy');
});

test('oauthVerifyLaunch: checked options, default report, stale_request carries its numbers', () => {
  const query = 'product=aftership&timestamp=1783327770';
  const now = 1_783_327_770_000;
  const ok = unwrap(connector.oauthVerifyLaunch(APP, query, { nowUnixMs: now }));
  assert.deepEqual(ok, { product: 'aftership', timestampUnixMs: now, hmac: 'missing', params: [['product', 'aftership'], ['timestamp', '1783327770']] });
  assert.equal(connector.oauthVerifyLaunch(APP, query, { nowUnixMs: now }, { policy: 'require' }).error.kind, 'missing_hmac');
  const stale = connector.oauthVerifyLaunch(APP, query, { nowUnixMs: now + 600_000 });
  assert.ok(stale.error instanceof OAuthError);
  assert.deepEqual(
    { kind: stale.error.kind, t: stale.error.timestampUnixMs, n: stale.error.nowUnixMs, tol: stale.error.toleranceMs },
    { kind: 'stale_request', t: now, n: now + 600_000, tol: 300_000 },
  );
  assert.equal(unwrap(connector.oauthVerifyLaunch(APP, query, { nowUnixMs: now + 600_000 }, { toleranceMs: 700_000n })).product, 'aftership');
  assert.throws(() => connector.oauthVerifyLaunch(APP, query, { nowUnixMs: now }, { toleranceMs: -1 }), (e) => e instanceof ArgumentError && e.argument === 'options.toleranceMs');
  assert.throws(() => connector.oauthVerifyLaunch(APP, query, { nowUnixMs: now }, { policy: 'never' }), (e) => e instanceof ArgumentError && e.argument === 'options.policy');
  assert.throws(() => connector.oauthVerifyLaunch(APP, 42, { nowUnixMs: now }), (e) => e instanceof ArgumentError && e.argument === 'query');
});

test('oauthParseTokenResponseWith: fields are checked by name; renamed members are read', () => {
  const response = { status: 200, headers: [], body: '{"accessToken":"at-1","expiresIn":60}' };
  assert.throws(() => connector.oauthParseTokenResponseWith(response, NOW, { access_token: 'x' }), (e) => e instanceof ArgumentError && e.argument === 'fields.access_token');
  assert.throws(() => connector.oauthParseTokenResponseWith(response, NOW, { accessToken: 1 }), (e) => e instanceof ArgumentError && e.argument === 'fields.accessToken');
  assert.throws(() => connector.oauthParseTokenResponseWith(response, NOW), (e) => e instanceof ArgumentError && e.argument === 'fields');
  const t = unwrap(connector.oauthParseTokenResponseWith(response, NOW, { accessToken: 'accessToken', expiresIn: 'expiresIn' }));
  assert.equal(t.accessToken, 'at-1');
  assert.equal(t.expiresAtUnixMs, NOW.nowUnixMs + 60_000);
  assert.equal(connector.oauthParseTokenResponse(response, NOW).error.kind, 'unexpected_response');
});

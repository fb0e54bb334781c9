// The AfterShip connector component (transpiled by jco into ../gen) behind an idiomatic API:
// checked arguments, `{ ok }` / `{ error }` results, typed errors, cheap (re-)instantiation.
import { readFileSync } from 'node:fs';
import { instantiate } from '../gen/connector.js';
import * as check from './checks.js';
import {
  ArgumentError,
  ConnectorError,
  HostError,
  OAuthError,
  TriggerError,
  WebhookError,
  connectorError,
  int,
  oauthError,
  triggerError,
  webhookError,
} from './errors.js';

export { ArgumentError, ConnectorError, HostError, OAuthError, TriggerError, WebhookError };
export { poll } from './poll.js';

const CORE_URL = new URL('../gen/connector.core.wasm', import.meta.url);
let coreModule;

/** The compiled core module, compiled once per process. */
function core() {
  coreModule ??= new WebAssembly.Module(readFileSync(CORE_URL));
  return coreModule;
}

/**
 * Instantiates the component. jco's generated code wraps every export in
 * `WebAssembly.promising` inside a try/catch; where JSPI is missing (Node 20, 22) each probe
 * throws, and the twelve throws cost 30-90 ms per instance. The exports are all synchronous, so
 * while instantiating, a missing `promising` is stood in for by an identity function (the
 * generated code then keeps the plain export, as its catch branch would).
 */
function instantiateComponent() {
  let memory;
  const instantiateCore = (module, imports) => {
    const instance = new WebAssembly.Instance(module, imports);
    if (instance.exports.memory instanceof WebAssembly.Memory) memory ??= instance.exports.memory;
    return instance;
  };
  const stub = typeof WebAssembly.promising !== 'function';
  const saved = stub ? Object.getOwnPropertyDescriptor(WebAssembly, 'promising') : undefined;
  if (stub) WebAssembly.promising = (f) => f;
  try {
    const root = instantiate(() => core(), {}, instantiateCore);
    return { api: root.api, memory };
  } finally {
    if (stub) {
      if (saved) Object.defineProperty(WebAssembly, 'promising', saved);
      else delete WebAssembly.promising;
    }
  }
}

const isComponentError = (e) => e instanceof Error && e.constructor?.name === 'ComponentError' && 'payload' in e;

const requestOut = (r) => ({
  method: r.method.toUpperCase(),
  url: r.url,
  headers: r.headers.map(([k, v]) => [k, v]),
  body: r.body ?? null,
});

const outcomeOut = (o) => ({
  data: o.data,
  nextPage: o.nextPage ?? null,
  files: o.files.map((f) => ({
    ownerId: f.ownerId ?? null,
    kind: f.kind,
    fileType: f.fileType ?? null,
    paperSize: f.paperSize ?? null,
    url: f.url ?? null,
    contentBase64: f.contentBase64 ?? null,
  })),
});

const opt = (v) => (v === undefined ? null : v);

const tokenSetOut = (t) => ({
  accessToken: t.accessToken,
  refreshToken: opt(t.refreshToken),
  tokenType: opt(t.tokenType),
  scope: opt(t.scope),
  expiresIn: t.expiresIn === undefined ? null : int(t.expiresIn),
  expiresAtUnixMs: t.expiresAtUnixMs === undefined ? null : int(t.expiresAtUnixMs),
});

function webhookOut(w) {
  const { tag: product, val: p } = w.event;
  let event;
  if (product === 'tracking') {
    event = {
      product,
      event: p.event.tag === 'other' ? p.event.val : p.event.tag.replaceAll('-', '_'),
      eventId: p.eventId,
      isTrackingFirstTag: p.isTrackingFirstTag,
      ts: int(p.ts),
      msg: p.msg,
      webhookVersion: opt(p.webhookVersion),
    };
  } else if (product === 'returns') {
    event = {
      product,
      id: p.id,
      version: opt(p.version),
      event: p.event,
      createdAt: p.createdAt,
      createdAtUnixMs: int(p.createdAtUnixMs),
      modified: opt(p.modified),
      data: p.data,
    };
  } else if (product === 'warranty') {
    event = {
      product,
      id: p.id,
      version: opt(p.version),
      event: p.event,
      createdAt: p.createdAt,
      createdAtUnixMs: int(p.createdAtUnixMs),
      data: p.data,
    };
  } else {
    event = {
      product,
      eventType: p.eventType,
      dateTime: opt(p.dateTime),
      meta: p.meta,
      metaCode: p.metaCode === undefined ? null : int(p.metaCode),
      data: p.data,
    };
  }
  return { eventId: w.eventId, signatureHeader: w.signatureHeader, event };
}

/** The connector. One instance of the component is kept and replaced after a trap. */
export class Connector {
  /**
   * @param {{ maxMemoryBytes?: number }} [options] `maxMemoryBytes` (default 256 MiB): a call
   *   whose arguments alone exceed it is refused with `HostError('out_of_memory')`, and an
   *   instance whose linear memory grew past it is dropped after the call (V8 has no hard cap).
   */
  constructor(options = {}) {
    const max = options.maxMemoryBytes ?? 256 * 1024 * 1024;
    if (!Number.isSafeInteger(max) || max < 1 << 20) {
      throw new ArgumentError('maxMemoryBytes', `expected an integer of at least 1 MiB, got ${max}`);
    }
    this.maxMemoryBytes = max;
    this._instance = null;
  }

  /** Drops the current instance; the next call creates a fresh one (about 0.3 ms). */
  reset() {
    this._instance = null;
  }

  _call(name, args) {
    const size = check.payloadBytes(args);
    if (size > this.maxMemoryBytes) {
      throw new HostError('out_of_memory', `${name}: the arguments (${size} bytes) exceed the memory cap of ${this.maxMemoryBytes} bytes`);
    }
    this._instance ??= instantiateComponent();
    const { api, memory } = this._instance;
    try {
      return { ok: api[name](...args) };
    } catch (e) {
      if (isComponentError(e)) return { err: e.payload };
      // A trap (or a lowering failure inside the generated glue): this instance's state is no
      // longer trustworthy, so the next call gets a fresh one.
      this._instance = null;
      throw new HostError('trap', `${name}: ${e?.message ?? e}`, { cause: e });
    } finally {
      if (this._instance && memory && memory.buffer.byteLength > this.maxMemoryBytes) this._instance = null;
    }
  }

  _result(name, args, ok, err) {
    const r = this._call(name, args);
    return 'ok' in r ? { ok: ok(r.ok) } : { error: err(r.err) };
  }

  /** The connector manifest (`connector.json`) as JSON text. */
  manifest() {
    return this._call('manifest', []).ok;
  }

  /** Operations offered for an API type. */
  operations(apiType) {
    const list = this._call('operations', [check.choice(apiType, check.API_TYPES, 'apiType')]).ok;
    return list.map((o) => ({ ...o, method: o.method.toUpperCase() }));
  }

  /** Every problem with the settings (empty when good). */
  validateSettings(settings) {
    const r = this._call('validateSettings', [check.settings(settings)]);
    return 'ok' in r ? [] : r.err.map((f) => ({ field: f.field, message: f.message }));
  }

  /** The cheapest authenticated request for the settings' API type. */
  connectionTest(settings, context) {
    return this._result('connectionTest', [check.settings(settings), check.context(context)], (c) => ({
      operationId: c.operationId,
      input: c.input,
      request: requestOut(c.request),
    }), connectorError);
  }

  /** The HTTP request for an operation; `input` is JSON text or an object. */
  buildRequest(settings, operationId, input, context) {
    const args = [check.settings(settings), check.str(operationId, 'operationId'), check.input(input), check.context(context)];
    return this._result('buildRequest', args, requestOut, connectorError);
  }

  /** Data (and the next page's input) from a response, or a typed error. */
  parseResponse(settings, operationId, input, response, context) {
    const args = [
      check.settings(settings),
      check.str(operationId, 'operationId'),
      check.input(input),
      check.response(response),
      check.context(context),
    ];
    return this._result('parseResponse', args, outcomeOut, connectorError);
  }

  /** OAuth scopes AfterShip documents for an API type. */
  oauthScopes(apiType) {
    return this._call('oauthScopes', [check.choice(apiType, check.API_TYPES, 'apiType')]).ok;
  }

  /**
   * Checks the App URL launch request (`product`, `timestamp`, `hmac`). `options.toleranceMs`
   * (default 300000 in the component) bounds the `timestamp`'s distance from `context.nowUnixMs`;
   * `options.policy` (default `report`) says what to do with the `hmac`. Unless the result's `hmac`
   * is `verified`, use it only to pick the `product` for consent, never to sign a merchant in.
   */
  oauthVerifyLaunch(app, query, context, options = {}) {
    if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'expected { toleranceMs?, policy? }');
    const args = [
      check.app(app),
      check.str(query, 'query'),
      check.context(context),
      check.optU64(options.toleranceMs, 'options.toleranceMs'),
      check.choice(options.policy ?? 'report', check.HMAC_POLICIES, 'options.policy'),
    ];
    return this._result('oauthVerifyLaunch', args, (l) => ({
      product: l.product,
      timestampUnixMs: int(l.timestampUnixMs),
      hmac: l.hmac,
      params: l.params.map(([k, v]) => [k, v]),
    }), oauthError);
  }

  /** The URL to send the merchant to for consent; `request.product` is required (AfterShip's). */
  oauthAuthorizationUrl(app, request) {
    if (request === null || typeof request !== 'object') throw new ArgumentError('request', 'expected { scopes, state, product }');
    if (!Array.isArray(request.scopes)) throw new ArgumentError('request.scopes', 'expected an array of scope names');
    if (request.product === undefined || request.product === null) {
      throw new ArgumentError('request.product', "required: AfterShip's product for this app (oauthVerifyLaunch returns it)");
    }
    const req = {
      scopes: request.scopes.map((s, i) => check.str(s, `request.scopes[${i}]`)),
      state: check.str(request.state, 'request.state'),
      product: check.str(request.product, 'request.product'),
    };
    return this._result('oauthAuthorizationUrl', [check.app(app), req], (url) => url, oauthError);
  }

  /** Checks the redirect back (`state`, `error`, `hmac` per policy (default `report`), `code`). */
  oauthVerifyRedirect(app, query, expectedState, policy = 'report') {
    const args = [check.app(app), check.str(query, 'query'), check.str(expectedState, 'expectedState'), check.choice(policy, check.HMAC_POLICIES, 'policy')];
    return this._result('oauthVerifyRedirect', args, (r) => ({
      code: r.code,
      state: r.state,
      hmac: r.hmac,
      params: r.params.map(([k, v]) => [k, v]),
    }), oauthError);
  }

  /** The form POST exchanging `{ authorizationCode }` or refreshing `{ refreshToken }`. */
  oauthTokenRequest(app, grant) {
    const code = grant?.authorizationCode;
    const refresh = grant?.refreshToken;
    if ((code === undefined) === (refresh === undefined)) {
      throw new ArgumentError('grant', 'expected exactly one of { authorizationCode } or { refreshToken }');
    }
    const wit = code !== undefined
      ? { tag: 'authorization-code', val: check.str(code, 'grant.authorizationCode') }
      : { tag: 'refresh-token', val: check.str(refresh, 'grant.refreshToken') };
    return this._result('oauthTokenRequest', [check.app(app), wit], requestOut, oauthError);
  }

  /** Reads the token endpoint's answer (RFC 6749 member names). */
  oauthParseTokenResponse(response, context) {
    return this._result('oauthParseTokenResponse', [check.response(response), check.context(context)], tokenSetOut, oauthError);
  }

  /**
   * `oauthParseTokenResponse` reading the success members under the names `fields` gives
   * (`{ accessToken?, refreshToken?, expiresIn?, tokenType?, scope? }`; absent keeps the default).
   */
  oauthParseTokenResponseWith(response, context, fields) {
    const args = [check.response(response), check.context(context), check.tokenFields(fields)];
    return this._result('oauthParseTokenResponseWith', args, tokenSetOut, oauthError);
  }

  /**
   * Verifies a webhook's signature over the raw body, then parses the event.
   * `delivery`: `{ product, body, headers, secret, nowUnixMs?, toleranceMs? }`; `body` must be the
   * bytes as received (a string is taken as its UTF-8 bytes; a parsed object is refused).
   */
  verifyWebhook(delivery) {
    if (delivery === null || typeof delivery !== 'object') throw new ArgumentError('delivery', 'expected an object');
    const d = {
      product: check.choice(delivery.product, check.WEBHOOK_PRODUCTS, 'delivery.product'),
      body: check.body(delivery.body, 'delivery.body'),
      headers: check.headers(delivery.headers, 'delivery.headers'),
      secret: check.str(delivery.secret, 'delivery.secret'),
      nowUnixMs: check.optU64(delivery.nowUnixMs, 'delivery.nowUnixMs'),
      toleranceMs: check.optU64(delivery.toleranceMs, 'delivery.toleranceMs'),
    };
    return this._result('verifyWebhook', [d], webhookOut, webhookError);
  }

  /**
   * Starts (or continues) a poll of a trigger (`connector.json` `triggers[]`): the listing call
   * to make first. `options.state` is the text the last `triggerStep` returned (it wins over
   * `since`); `options.since` (RFC 3339) is where a first poll starts.
   */
  triggerStart(triggerId, options = {}) {
    if (options === null || typeof options !== 'object') throw new ArgumentError('options', 'expected { state?, since?, nowUnixMs? }');
    const now = options.nowUnixMs === undefined ? Date.now() : options.nowUnixMs;
    if (!Number.isSafeInteger(now) && typeof now !== 'bigint') throw new ArgumentError('options.nowUnixMs', `expected an integer, got ${now}`);
    const args = [
      check.str(triggerId, 'triggerId'),
      check.optStr(options.state, 'options.state'),
      check.optStr(options.since, 'options.since'),
      BigInt(now),
    ];
    return this._result('triggerStart', args, (s) => ({ operation: s.operation, input: s.input, state: s.state }), triggerError);
  }

  /**
   * Reads one page of a poll: `data` and `nextPage` are parseResponse's outcome. Returns the
   * records to emit (JSON texts, oldest first), the state to store with them, and the next
   * page's input (null when the poll is over).
   */
  triggerStep(triggerId, state, data, nextPage) {
    const args = [
      check.str(triggerId, 'triggerId'),
      check.str(state, 'state'),
      check.str(data, 'data'),
      check.optStr(nextPage, 'nextPage'),
    ];
    return this._result('triggerStep', args, (s) => ({
      records: [...s.records],
      state: s.state,
      nextInput: s.nextInput ?? null,
    }), triggerError);
  }
}

/** The `ok` value of a result, or throws its error. */
export function unwrap(result) {
  if ('error' in result) throw result.error;
  return result.ok;
}

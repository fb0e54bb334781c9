// The repository's recorded cases, replayed through the package and compared field by field the
// way crates/aftership-testkit/src/fixture/ does (same placeholders, same JSON shapes).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = process.env.AFTERSHIP_REPO || join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const CONNECTION_TEST = 'connection_test';

export function discover(folder) {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith('.json')) found.push(path);
    }
  };
  walk(join(REPO, 'tests', folder));
  return found.sort();
}

let placeholderValues;
function placeholders() {
  placeholderValues ??= {
    '{{API_KEY}}': 'test-api-key-0000',
    '{{API_SECRET}}': 'test-api-secret-0000',
    '{{ACCESS_TOKEN}}': 'test-access-token-0000',
    '{{RSA_PRIVATE_KEY}}': readFileSync(join(REPO, 'tests', 'keys', 'rsa-2048-test.pkcs8.pem'), 'utf8'),
  };
  return placeholderValues;
}

export function loadFixture(path) {
  let text = readFileSync(path, 'utf8');
  for (const [placeholder, value] of Object.entries(placeholders())) {
    text = text.replaceAll(placeholder, JSON.stringify(value).slice(1, -1));
  }
  return JSON.parse(text);
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const show = (v) => JSON.stringify(v);

/** Every differing path (objects key by key, equal-length arrays item by item). */
export function diff(expected, actual, path, problems) {
  if (isObject(expected) && isObject(actual)) {
    for (const [key, value] of Object.entries(expected)) {
      if (key in actual) diff(value, actual[key], `${path}.${key}`, problems);
      else problems.push(`${path}.${key}: expected ${show(value)}, missing`);
    }
    for (const key of Object.keys(actual)) {
      if (!(key in expected)) problems.push(`${path}.${key}: unexpected, got ${show(actual[key])}`);
    }
  } else if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    expected.forEach((e, i) => diff(e, actual[i], `${path}[${i}]`, problems));
  } else if (show(expected) !== show(actual)) {
    problems.push(`${path}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

const parseJson = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

export function settingsOf(raw) {
  return {
    name: raw.name ?? 'fixture',
    apiType: raw.api_type,
    environment: raw.environment ?? undefined,
    authMode: raw.auth_mode ?? undefined,
    apiKey: raw.api_key ?? '',
    apiSecret: raw.api_secret,
    accessToken: raw.access_token,
    oauthTokenHeader: raw.oauth_token_header,
    storeId: raw.store_id,
    baseUrl: raw.base_url,
  };
}

/** The recorded response as the connector receives it (body_text verbatim, else compact JSON). */
export function responseOf(recorded) {
  const body = recorded.body_text ?? (recorded.body === undefined || recorded.body === null ? '' : JSON.stringify(recorded.body));
  const headers = Object.entries(recorded.headers ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  return { status: recorded.status, headers, body: Buffer.from(body, 'utf8') };
}

const fieldsJson = (fields) => fields.map((f) => ({ field: f.field, message: f.message }));

/** The JSON of the error kinds connector and OAuth errors spell alike (field lists, unexpected answers). */
function sharedErrorJson(e) {
  switch (e.kind) {
    case 'invalid_settings':
    case 'invalid_app':
    case 'invalid_input':
      return { kind: e.kind, fields: fieldsJson(e.fields) };
    case 'unexpected_response':
      return { kind: e.kind, status: e.status, reason: e.reason, excerpt: e.excerpt, retryable: e.retryable };
    default:
      return null;
  }
}

export function errorJson(e) {
  const shared = sharedErrorJson(e);
  if (shared) return shared;
  switch (e.kind) {
    case 'unknown_operation':
      return { kind: e.kind, message: e.message };
    default: {
      const value = {
        kind: e.kind,
        status: e.status,
        code: e.code,
        error_type: e.errorType,
        message: e.message,
        details: fieldsJson(e.details),
        retryable: e.retryable,
        data: e.data === null ? null : parseJson(e.data),
      };
      if (e.kind === 'rate_limited') value.retry_after_ms = e.retryAfterMs;
      return value;
    }
  }
}

export function outcomeJson(o) {
  const value = { data: parseJson(o.data), next_page: o.nextPage === null ? null : parseJson(o.nextPage) };
  if (o.files.length > 0) {
    value.files = o.files.map((f) => ({
      owner_id: f.ownerId,
      kind: f.kind,
      file_type: f.fileType,
      paper_size: f.paperSize,
      url: f.url,
      content_base64: f.contentBase64,
    }));
  }
  return value;
}

function compareRequest(expected, request, problems) {
  if (expected.method !== request.method) problems.push(`request.method: expected ${expected.method}, got ${request.method}`);
  if (expected.url !== request.url) problems.push(`request.url: expected ${expected.url}, got ${request.url}`);
  const headers = Object.fromEntries(request.headers.map(([k, v]) => [k.toLowerCase(), v]));
  if (Object.keys(headers).length !== request.headers.length) problems.push('request.headers: a header name is repeated');
  diff(expected.headers, headers, 'request.headers', problems);
  diff(expected.body ?? null, request.body === null ? null : parseJson(request.body), 'request.body', problems);
}

export function runFixture(connector, path) {
  const f = loadFixture(path);
  const problems = [];
  const parts = path.split(sep);
  if (parts.at(-3) !== f.settings.api_type || parts.at(-2) !== f.operation) {
    problems.push('fixture path does not match its api_type/operation');
  }
  const settings = settingsOf(f.settings);
  const context = { nowUnixMs: f.now_unix_ms, requestId: f.request_id ?? undefined };
  let operation;
  let input;
  let built;
  if (f.operation === CONNECTION_TEST) {
    const r = connector.connectionTest(settings, context);
    if ('ok' in r) ({ operationId: operation, input } = r.ok);
    built = 'ok' in r ? { ok: r.ok.request } : r;
  } else {
    operation = f.operation;
    input = JSON.stringify(f.input ?? {});
    built = connector.buildRequest(settings, operation, input, context);
  }
  if ('error' in built) {
    if (f.expected_build_error === undefined) return [...problems, `build failed: ${show(errorJson(built.error))}`];
    diff(f.expected_build_error, errorJson(built.error), 'build_error', problems);
    return problems;
  }
  if (f.expected_request === undefined) return [...problems, `expected a build error, got a request to ${built.ok.url}`];
  compareRequest(f.expected_request, built.ok, problems);

  const parsed = connector.parseResponse(settings, operation, input, responseOf(f.response), context);
  if ('error' in parsed) {
    if (f.expected_error === undefined) problems.push(`expected an outcome, got error ${show(errorJson(parsed.error))}`);
    else diff(f.expected_error, errorJson(parsed.error), 'error', problems);
  } else if (f.expected_outcome === undefined) {
    problems.push(`expected an error, parsed ${show(outcomeJson(parsed.ok))}`);
  } else {
    diff(f.expected_outcome, outcomeJson(parsed.ok), 'outcome', problems);
  }
  return problems;
}

// ---- OAuth cases (tests/oauth/README.md) ----

function oauthErrorJson(e) {
  const shared = sharedErrorJson(e);
  if (shared) return shared;
  switch (e.kind) {
    case 'missing_parameter':
      return { kind: e.kind, name: e.parameter };
    case 'access_denied':
    case 'reauthorize':
    case 'token_rejected':
      return { kind: e.kind, status: e.status, error: e.error, description: e.description, retryable: e.retryable };
    case 'stale_request':
      return { kind: e.kind, timestamp_unix_ms: e.timestampUnixMs, now_unix_ms: e.nowUnixMs, tolerance_ms: e.toleranceMs };
    default:
      return { kind: e.kind };
  }
}

/** A case's `token_fields` (snake_case keys, as crates/aftership-testkit/src/oauth_cases.rs reads them). */
function tokenFieldsOf(map) {
  const names = { access_token: 'accessToken', refresh_token: 'refreshToken', expires_in: 'expiresIn', token_type: 'tokenType', scope: 'scope' };
  return Object.fromEntries(Object.entries(map).map(([k, v]) => {
    if (!(k in names)) throw new Error(`unknown token_fields member ${k}`);
    return [names[k], v];
  }));
}

const appOf = (a) => a && {
  clientId: a.client_id,
  clientSecret: a.client_secret,
  redirectUri: a.redirect_uri,
  authorizeUrl: a.authorize_url,
  tokenUrl: a.token_url,
};

export function runOAuth(connector, path) {
  const c = JSON.parse(readFileSync(path, 'utf8'));
  const app = appOf(c.app);
  let result;
  let toJson;
  switch (c.call) {
    case 'authorization_url':
      // As the Rust runner does: a case without `product` sends an empty one (the component's
      // invalid_input); leaving it out is the wrapper's ArgumentError, tested in misuse.test.js.
      result = connector.oauthAuthorizationUrl(app, { scopes: c.scopes ?? [], state: c.state ?? '', product: c.product ?? '' });
      toJson = (url) => ({ url });
      break;
    case 'verify_redirect':
      // No `hmac_policy`: the wrapper's default (`report`, as in the Rust runner).
      result = c.hmac_policy === undefined
        ? connector.oauthVerifyRedirect(app, c.query ?? '', c.expected_state ?? '')
        : connector.oauthVerifyRedirect(app, c.query ?? '', c.expected_state ?? '', c.hmac_policy);
      toJson = (r) => ({ code: r.code, state: r.state, hmac: r.hmac, params: r.params });
      break;
    case 'verify_launch': {
      const options = { toleranceMs: c.tolerance_ms };
      if (c.hmac_policy !== undefined) options.policy = c.hmac_policy;
      result = connector.oauthVerifyLaunch(app, c.query ?? '', { nowUnixMs: c.now_unix_ms ?? 0 }, options);
      toJson = (l) => ({ product: l.product, timestamp_unix_ms: l.timestampUnixMs, hmac: l.hmac, params: l.params });
      break;
    }
    case 'token_request': {
      const [[grant, secret]] = Object.entries(c.grant);
      const key = { authorization_code: 'authorizationCode', refresh_token: 'refreshToken' }[grant];
      result = connector.oauthTokenRequest(app, { [key]: secret });
      toJson = (r) => ({ method: r.method, url: r.url, headers: Object.fromEntries(r.headers), body: r.body });
      break;
    }
    case 'parse_token_response': {
      const context = { nowUnixMs: c.now_unix_ms ?? 0 };
      // Non-default member names go through oauth-parse-token-response-with, as in tests/e2e_auth.rs.
      result = c.token_fields === undefined
        ? connector.oauthParseTokenResponse(responseOf(c.response), context)
        : connector.oauthParseTokenResponseWith(responseOf(c.response), context, tokenFieldsOf(c.token_fields));
      toJson = (t) => ({
        access_token: t.accessToken,
        refresh_token: t.refreshToken,
        token_type: t.tokenType,
        scope: t.scope,
        expires_in: t.expiresIn,
        expires_at_unix_ms: t.expiresAtUnixMs,
      });
      break;
    }
    default:
      return [`unknown call ${c.call}`];
  }
  return compareResult(c, result, toJson, oauthErrorJson);
}

function compareResult(c, result, toJson, errorToJson) {
  const problems = [];
  if ('error' in result) {
    if (c.expected_error === undefined) return [`expected success, got ${show(errorToJson(result.error))}`];
    diff(c.expected_error, errorToJson(result.error), 'error', problems);
  } else {
    if (c.expected === undefined) return [`expected an error, got ${show(toJson(result.ok))}`];
    diff(c.expected, toJson(result.ok), 'result', problems);
  }
  return problems;
}

// ---- webhook cases (tests/webhooks/README.md) ----

function webhookErrorJson(e) {
  switch (e.kind) {
    case 'missing_signature':
      return { kind: e.kind, expected_headers: e.expectedHeaders };
    case 'malformed_body':
    case 'invalid_input':
      return { kind: e.kind, reason: e.reason };
    case 'too_old':
      return { kind: e.kind, event_unix_ms: e.eventUnixMs, now_unix_ms: e.nowUnixMs, tolerance_ms: e.toleranceMs };
    default:
      return { kind: e.kind };
  }
}

const snakeKey = (k) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);

function verifiedJson(w) {
  const event = {};
  for (const [k, v] of Object.entries(w.event)) {
    event[snakeKey(k)] = ['msg', 'data', 'meta', 'modified'].includes(k) && typeof v === 'string' ? parseJson(v) : v;
  }
  return { event_id: w.eventId, signature_header: w.signatureHeader, event };
}

export function runWebhook(connector, path) {
  const c = JSON.parse(readFileSync(path, 'utf8'));
  const headers = Object.entries(c.headers ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]);
  const result = connector.verifyWebhook({
    product: c.product,
    body: Buffer.from(c.body_text, 'utf8'),
    headers,
    secret: c.secret,
    nowUnixMs: c.now_unix_ms,
    toleranceMs: c.tolerance_ms,
  });
  return compareResult(c, result, verifiedJson, webhookErrorJson);
}

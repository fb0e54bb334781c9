// Argument checks and normalisation, done before anything reaches jco's generated code, which
// accepts wrong shapes silently (a string body becomes empty, a headers object becomes [],
// status 70000 wraps to 4464).
import { ArgumentError } from './errors.js';

export const API_TYPES = ['returns', 'shipping', 'tracking', 'address', 'parser', 'members', 'commerce', 'protection', 'warranty', 'personalization'];
export const ENVIRONMENTS = ['production', 'sandbox'];
export const AUTH_MODES = ['api-key', 'aes-signature', 'rsa-signature', 'oauth-token'];
export const HMAC_POLICIES = ['report', 'require', 'if-present', 'skip'];
export const WEBHOOK_PRODUCTS = ['tracking', 'returns', 'shipping', 'warranty'];
const U64_MAX = (1n << 64n) - 1n;
const ENCODER = new TextEncoder();

const describe = (v) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

export function str(value, where) {
  if (typeof value !== 'string') throw new ArgumentError(where, `expected a string, got ${describe(value)}`);
  return value;
}

export function optStr(value, where) {
  return value === undefined || value === null ? undefined : str(value, where);
}

export function choice(value, choices, where) {
  const normalised = typeof value === 'string' ? value.replaceAll('_', '-') : value;
  if (!choices.includes(normalised)) {
    throw new ArgumentError(where, `expected one of ${choices.join(', ')}; got ${JSON.stringify(value)}`);
  }
  return normalised;
}

export function u16(value, where) {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new ArgumentError(where, `expected an integer, got ${describe(value)} ${String(value)}`);
  }
  if (value < 0 || value > 0xffff) throw new ArgumentError(where, `${value} is out of range 0..65535`);
  return value;
}

/** A u64 given as a safe-integer number, a bigint or a Date (its epoch milliseconds). */
export function u64(value, where) {
  let big;
  if (typeof value === 'bigint') big = value;
  else if (value instanceof Date) big = BigInt(value.getTime());
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      throw new ArgumentError(where, `expected an integer (a bigint beyond 2^53), got ${value}`);
    }
    big = BigInt(value);
  } else {
    throw new ArgumentError(where, `expected a number or bigint, got ${describe(value)}`);
  }
  if (big < 0n || big > U64_MAX) throw new ArgumentError(where, `${big} is out of range 0..2^64-1`);
  return big;
}

export function optU64(value, where) {
  return value === undefined || value === null ? undefined : u64(value, where);
}

function isPlainObject(v) {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Headers as an array of [name, value] pairs, a plain object (Node's IncomingHttpHeaders: an
 * array value gives one header per item), a Map, or fetch's Headers (any iterable of pairs).
 */
export function headers(value, where = 'headers') {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string' || value instanceof Uint8Array) {
    throw new ArgumentError(where, `expected [name, value] pairs, an object, a Map or Headers; got ${describe(value)}`);
  }
  let entries;
  if (isPlainObject(value)) entries = Object.entries(value);
  else if (typeof value[Symbol.iterator] === 'function') entries = value;
  else throw new ArgumentError(where, `expected [name, value] pairs, an object, a Map or Headers; got ${describe(value)}`);
  const out = [];
  let i = 0;
  for (const pair of entries) {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new ArgumentError(`${where}[${i}]`, `expected a [name, value] pair, got ${describe(pair)}`);
    }
    const name = str(pair[0], `${where}[${i}][0]`);
    const values = Array.isArray(pair[1]) ? pair[1] : [pair[1]];
    for (const v of values) {
      if (v === undefined) continue; // IncomingHttpHeaders leaves absent headers undefined
      const text = typeof v === 'number' && Number.isFinite(v) ? String(v) : v;
      out.push([name, str(text, `${where}.${name}`)]);
    }
    i += 1;
  }
  return out;
}

/**
 * A body: Uint8Array (Buffer), ArrayBuffer, DataView, or a string encoded here as UTF-8.
 * Anything else (a parsed JSON object, a number) is refused.
 */
export function body(value, where = 'body') {
  if (value === undefined || value === null) return new Uint8Array(0);
  if (value instanceof Uint8Array) return value;
  if (typeof value === 'string') return ENCODER.encode(value);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new ArgumentError(
    where,
    `expected the raw body (Uint8Array, Buffer, ArrayBuffer or string), got ${describe(value)}` +
      (isPlainObject(value) || Array.isArray(value) ? '; a parsed JSON value cannot be parsed or verified exactly' : ''),
  );
}

/** Operation input: JSON text, or a value serialised here with JSON.stringify. */
export function input(value, where = 'input') {
  if (value === undefined) return '{}';
  if (typeof value === 'string') return value;
  if (isPlainObject(value) || Array.isArray(value)) return JSON.stringify(value);
  throw new ArgumentError(where, `expected JSON text or an object, got ${describe(value)}`);
}

/** `check`, or `fallback` when the value is undefined. */
const orDefault = (fallback, check) => (value, where) => (value === undefined ? fallback : check(value, where));
const oneOf = (choices) => (value, where) => choice(value, choices, where);

/** An object argument, checked member by member (`checks`: member name → check). */
function record(value, where, checks) {
  if (value === null || typeof value !== 'object') throw new ArgumentError(where, `expected an object, got ${describe(value)}`);
  return Object.fromEntries(Object.entries(checks).map(([k, check]) => [k, check(value[k], `${where}.${k}`)]));
}

export function settings(s, where = 'settings') {
  return record(s, where, {
    name: orDefault('connection', str),
    apiType: oneOf(API_TYPES),
    environment: orDefault('production', oneOf(ENVIRONMENTS)),
    authMode: orDefault('api-key', oneOf(AUTH_MODES)),
    apiKey: orDefault('', str),
    apiSecret: optStr,
    accessToken: optStr,
    oauthTokenHeader: optStr,
    storeId: optStr,
    baseUrl: optStr,
  });
}

export function context(c, where = 'context') {
  if (c === undefined || c === null) return { nowUnixMs: BigInt(Date.now()), requestId: undefined };
  const now = (value, at) => (value === undefined ? BigInt(Date.now()) : u64(value, at));
  return record(c, where, { nowUnixMs: now, requestId: optStr });
}

export function response(r, where = 'response') {
  return record(r, where, { status: u16, headers, body });
}

export function app(a, where = 'app') {
  return record(a, where, { clientId: str, clientSecret: str, redirectUri: str, authorizeUrl: optStr, tokenUrl: optStr });
}

const TOKEN_FIELDS = ['accessToken', 'refreshToken', 'expiresIn', 'tokenType', 'scope'];

/** Token answer member names (`token-fields`): each optional, a string; unknown keys refused. */
export function tokenFields(f, where = 'fields') {
  if (!isPlainObject(f)) throw new ArgumentError(where, `expected an object, got ${describe(f)}`);
  for (const key of Object.keys(f)) {
    if (!TOKEN_FIELDS.includes(key)) {
      throw new ArgumentError(`${where}.${key}`, `unknown member; expected ${TOKEN_FIELDS.join(', ')}`);
    }
  }
  return Object.fromEntries(TOKEN_FIELDS.map((k) => [k, optStr(f[k], `${where}.${k}`)]));
}

/** Bytes the strings and byte arrays of an argument tree take (what lowering copies). */
export function payloadBytes(value) {
  if (typeof value === 'string') return value.length;
  if (value instanceof Uint8Array) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((n, v) => n + payloadBytes(v), 0);
  if (value !== null && typeof value === 'object') {
    let n = 0;
    for (const v of Object.values(value)) n += payloadBytes(v);
    return n;
  }
  return 0;
}

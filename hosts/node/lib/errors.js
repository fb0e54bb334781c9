// Error classes. Each carries a snake_case `kind` (the same names as the Rust fixtures use) and
// the fields of that kind in camelCase. None ever holds a credential.

/** Base of the errors that carry a `kind`: the message (the kind when empty) and its fields. */
class KindError extends Error {
  constructor(kind, message, fields = {}) {
    super(message || kind);
    this.name = new.target.name;
    this.kind = kind;
    Object.assign(this, fields);
  }
}

/** An error from connectionTest / buildRequest / parseResponse (see index.d.ts for the kinds). */
export class ConnectorError extends KindError {}

/** An OAuth error (state mismatch, bad hmac, token rejected, ...). */
export class OAuthError extends KindError {}

/** Why a webhook was refused (fail closed). */
export class WebhookError extends KindError {}

/** A refused trigger call (unknown trigger, a state of another version, a bad page, ...). */
export class TriggerError extends KindError {}

/** A bad argument, caught before the component is called; `argument` names it. */
export class ArgumentError extends TypeError {
  constructor(argument, message) {
    super(`${argument}: ${message}`);
    this.name = 'ArgumentError';
    this.argument = argument;
  }
}

/**
 * The component trapped (`kind: 'trap'`) or would exceed the memory cap (`'out_of_memory'`).
 * The instance is dropped; the next call runs in a fresh one.
 */
export class HostError extends Error {
  constructor(kind, message, options) {
    super(`${kind}: ${message}`, options);
    this.name = 'HostError';
    this.kind = kind;
  }
}

const snake = (tag) => tag.replaceAll('-', '_');

/** A u64/s64 from jco (BigInt) as a number when exact, else the BigInt. */
export function int(value) {
  if (typeof value !== 'bigint') return value;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : value;
}

const fieldList = (list) => list.map((f) => ({ field: f.field, message: f.message }));

function apiFields(e) {
  return {
    status: e.status,
    code: int(e.code),
    errorType: e.errorType ?? null,
    message: e.message,
    details: fieldList(e.details),
    retryable: e.retryable,
    data: e.data ?? null,
  };
}

/** A field-list error; its message lists each `field: message`. */
function withFields(ErrorClass, kind, list) {
  const fields = fieldList(list);
  return new ErrorClass(kind, fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });
}

const unexpected = (u) => ({ status: u.status, reason: u.reason, excerpt: u.excerpt, retryable: u.retryable });

/** jco's `{tag, val}` connector-error to a ConnectorError. */
export function connectorError({ tag, val }) {
  const kind = snake(tag);
  switch (kind) {
    case 'invalid_settings':
    case 'invalid_input':
      return withFields(ConnectorError, kind, val);
    case 'unknown_operation':
      return new ConnectorError(kind, val, { message: val });
    case 'rate_limited':
      return new ConnectorError(kind, val.error.message, {
        ...apiFields(val.error),
        retryAfterMs: val.retryAfterMs === undefined ? null : int(val.retryAfterMs),
      });
    case 'unexpected_response':
      return new ConnectorError(kind, val.reason, unexpected(val));
    default:
      return new ConnectorError(kind, val.message, apiFields(val));
  }
}

/** jco's oauth-error to an OAuthError. */
export function oauthError({ tag, val }) {
  const kind = snake(tag);
  switch (kind) {
    case 'invalid_app':
    case 'invalid_input':
      return withFields(OAuthError, kind, val);
    case 'missing_parameter':
      return new OAuthError(kind, val, { parameter: val });
    case 'access_denied':
    case 'reauthorize':
    case 'token_rejected':
      return new OAuthError(kind, val.errorCode, {
        status: val.status,
        error: val.errorCode,
        description: val.description ?? null,
        retryable: val.retryable,
      });
    case 'stale_request':
      return new OAuthError(kind, `timestamp ${val.timestampUnixMs} is more than ${val.toleranceMs} ms from ${val.nowUnixMs}`, {
        timestampUnixMs: int(val.timestampUnixMs),
        nowUnixMs: int(val.nowUnixMs),
        toleranceMs: int(val.toleranceMs),
      });
    case 'unexpected_response':
      return new OAuthError(kind, val.reason, unexpected(val));
    default:
      return new OAuthError(kind, '');
  }
}

/** jco's webhook-error to a WebhookError. */
export function webhookError({ tag, val }) {
  const kind = snake(tag);
  switch (kind) {
    case 'missing_signature':
      return new WebhookError(kind, val.join(', '), { expectedHeaders: [...val] });
    case 'malformed_body':
    case 'invalid_input':
      return new WebhookError(kind, val, { reason: val });
    case 'too_old':
      return new WebhookError(kind, '', {
        eventUnixMs: int(val.eventUnixMs),
        nowUnixMs: int(val.nowUnixMs),
        toleranceMs: int(val.toleranceMs),
      });
    default:
      return new WebhookError(kind, '');
  }
}

/** A WIT `trigger-error` as a TriggerError (`kind` snake_case, the message from the component's). */
export function triggerError({ tag, val }) {
  const kind = snake(tag);
  switch (kind) {
    case 'state_version':
      return new TriggerError(kind, `trigger state version ${val.found} is not supported (this connector reads version ${val.expected}); start again from a since time`, {
        found: int(val.found),
        expected: int(val.expected),
      });
    case 'state_trigger':
      return new TriggerError(kind, `trigger state belongs to trigger ${val.found}, not ${val.expected}`, {
        found: val.found,
        expected: val.expected,
      });
    case 'no_walk':
      return new TriggerError(kind, 'no poll in progress: call triggerStart before triggerStep');
    default:
      return new TriggerError(kind, `${kind}: ${val}`, { reason: val });
  }
}

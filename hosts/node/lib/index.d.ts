// Types of the wrapper. Enumerations come from the types jco generates from the WIT (gen/).
import type {
  ApiType,
  AuthMode,
  Environment,
  HmacPolicy,
  HmacStatus,
  WebhookProduct,
} from '../gen/interfaces/aftership-connector-types.js';

export type { ApiType, AuthMode, Environment, HmacPolicy, HmacStatus, WebhookProduct };
import type { OperationInputs, OperationId } from './operations.js';
/** Each operation's input type and the operation ids, generated from the manifest. */
export type { OperationInputs, OperationId };

type Snake<T extends string> = T | (T extends `${infer A}-${infer B}` ? `${A}_${Snake<B>}` : never);

/** A u64 input: a safe-integer number, a bigint, or a Date (its epoch milliseconds). */
export type U64 = number | bigint | Date;
/** A u64/s64 output: a number when exact (always, for realistic values), else a bigint. */
export type Int = number | bigint;

export type Result<T, E> = { ok: T; error?: undefined } | { ok?: undefined; error: E };

/** Headers as pairs, a plain object (array values give one header per item), a Map or fetch's Headers. */
export type HeadersInit =
  | Iterable<readonly [string, string]>
  | Record<string, string | number | readonly (string | number)[] | undefined>
  | Map<string, string>;
/** The raw body; a string is sent as its UTF-8 bytes. */
export type BodyInit = Uint8Array | ArrayBuffer | ArrayBufferView | string;

export interface ConnectionSettings {
  apiType: ApiType | Snake<ApiType>;
  /** Secret. Required except in `oauth-token` mode. */
  apiKey?: string;
  /** Default `production`. */
  environment?: Environment;
  /** Default `api-key`. */
  authMode?: AuthMode | Snake<AuthMode>;
  /** Default `connection`. */
  name?: string;
  apiSecret?: string | null;
  accessToken?: string | null;
  oauthTokenHeader?: string | null;
  storeId?: string | null;
  baseUrl?: string | null;
}

export interface RequestContext {
  /** Default: `Date.now()`. */
  nowUnixMs?: U64;
  requestId?: string | null;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A fully built request: send exactly this (`fetch(url, { method, headers, body })`). */
export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: [string, string][];
  body: string | null;
}

export interface HttpResponse {
  status: number;
  headers?: HeadersInit;
  body?: BodyInit | null;
}

export interface DocumentFile {
  ownerId: string | null;
  kind: string;
  fileType: string | null;
  paperSize: string | null;
  url: string | null;
  contentBase64: string | null;
}

export interface Outcome {
  /** The `data` member of AfterShip's envelope, as JSON text. */
  data: string;
  /** The input for the next page; null at the end. */
  nextPage: string | null;
  files: DocumentFile[];
}

export interface FieldError {
  field: string;
  message: string;
}

export interface ConnectionCheck {
  operationId: string;
  input: string;
  request: HttpRequest;
}

export interface OperationInfo {
  id: string;
  apiType: ApiType;
  title: string;
  method: HttpMethod;
  path: string;
  inputSchema: string;
  paginated: boolean;
}

export type ConnectorErrorKind =
  | 'invalid_settings'
  | 'invalid_input'
  | 'unknown_operation'
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'validation'
  | 'rate_limited'
  | 'server'
  | 'unexpected_response';

/**
 * `invalid_settings` / `invalid_input`: `fields`. `unknown_operation`: `message`.
 * `unauthorized` … `server`: `status`, `code`, `errorType`, `message`, `details`, `retryable`,
 * `data`; `rate_limited` also `retryAfterMs`. `unexpected_response`: `status`, `reason`,
 * `excerpt`, `retryable`.
 */
export class ConnectorError extends Error {
  kind: ConnectorErrorKind;
  fields?: FieldError[];
  status?: number;
  code?: Int;
  errorType?: string | null;
  details?: FieldError[];
  retryable?: boolean;
  data?: string | null;
  retryAfterMs?: Int | null;
  reason?: string;
  excerpt?: string;
}

export class OAuthError extends Error {
  kind:
    | 'invalid_app'
    | 'invalid_input'
    | 'state_mismatch'
    | 'missing_parameter'
    | 'bad_hmac'
    | 'missing_hmac'
    | 'access_denied'
    | 'reauthorize'
    | 'token_rejected'
    | 'stale_request'
    | 'unexpected_response';
  fields?: FieldError[];
  /** `missing_parameter`: the parameter's name. */
  parameter?: string;
  status?: number;
  error?: string;
  description?: string | null;
  retryable?: boolean;
  reason?: string;
  excerpt?: string;
  /** `stale_request`: the launch `timestamp`, the host time and the tolerance, milliseconds. */
  timestampUnixMs?: Int;
  nowUnixMs?: Int;
  toleranceMs?: Int;
}

export class WebhookError extends Error {
  kind: 'empty_secret' | 'missing_signature' | 'bad_signature' | 'malformed_body' | 'too_old' | 'invalid_input';
  expectedHeaders?: string[];
  reason?: string;
  eventUnixMs?: Int;
  nowUnixMs?: Int;
  toleranceMs?: Int;
}

/** A refused trigger call. */
export class TriggerError extends Error {
  kind: 'unknown_trigger' | 'not_polled' | 'invalid_state' | 'state_version' | 'state_trigger' | 'invalid_since' | 'invalid_page' | 'no_walk';
  /** `state_version`: the state's version (number); `state_trigger`: the state's trigger. */
  found?: Int | string;
  expected?: Int | string;
  reason?: string;
}

/** The first listing call of a poll. */
export interface PollStart {
  operation: string;
  input: string;
  state: string;
}

/** One page of a poll, read. */
export interface PollStep {
  /** Records to emit, oldest first, as JSON texts. */
  records: string[];
  /** The state to store, together with the records. */
  state: string;
  /** The next page's input; null when the poll is over. */
  nextInput: string | null;
}

/** Options of `poll`. */
export interface PollOptions {
  settings: ConnectionSettings;
  trigger: string;
  /** Sends the request; resolves to the response. */
  http: (request: HttpRequest) => Promise<HttpResponse>;
  state?: string | null;
  since?: string | null;
  nowUnixMs?: number;
  /** Store the records and the state here, together. */
  onPage?: (page: { records: unknown[]; state: string }) => unknown;
  maxPages?: number;
}

/** One poll to the end of the listing: the new or updated records and the state to keep. */
export function poll(connector: Connector, options: PollOptions): Promise<{ records: unknown[]; state: string }>;

/** A bad argument, refused before the component is called. */
export class ArgumentError extends TypeError {
  argument: string;
}

/** The component trapped, or a call would exceed the memory cap; the next call uses a fresh instance. */
export class HostError extends Error {
  kind: 'trap' | 'out_of_memory';
}

export interface OAuthApp {
  clientId: string;
  /** Secret. */
  clientSecret: string;
  redirectUri: string;
  authorizeUrl?: string | null;
  tokenUrl?: string | null;
}

export interface OAuthRedirect {
  code: string;
  state: string;
  hmac: HmacStatus;
  params: [string, string][];
}

/**
 * A checked App URL launch request. Unless `hmac` is `verified` it proves nothing about who sent
 * it: use it to pick the `product` for consent, never to sign a merchant in.
 */
export interface LaunchRequest {
  /** AfterShip's `product`: pass it to `oauthAuthorizationUrl`. */
  product: string;
  timestampUnixMs: Int;
  hmac: HmacStatus;
  /** Every parameter except `hmac`, decoded. */
  params: [string, string][];
}

/** Member names to read a token answer with; absent keeps the RFC 6749 name. */
export interface TokenFields {
  /** Default `access_token`. */
  accessToken?: string | null;
  /** Default `refresh_token`. */
  refreshToken?: string | null;
  /** Default `expires_in`. */
  expiresIn?: string | null;
  /** Default `token_type`. */
  tokenType?: string | null;
  /** Default `scope`. */
  scope?: string | null;
}

export interface TokenSet {
  accessToken: string;
  refreshToken: string | null;
  tokenType: string | null;
  scope: string | null;
  expiresIn: Int | null;
  expiresAtUnixMs: Int | null;
}

export interface WebhookDelivery {
  product: WebhookProduct;
  /** The bytes exactly as received. */
  body: BodyInit;
  headers: HeadersInit;
  /** Secret. */
  secret: string;
  nowUnixMs?: U64 | null;
  toleranceMs?: U64 | null;
}

export type WebhookEvent =
  | {
      product: 'tracking';
      /** `tracking_update`, `edd_revise`, `tracking_pending_time` or a name this version does not know. */
      event: string;
      eventId: string;
      isTrackingFirstTag: boolean;
      ts: Int;
      /** JSON text. */
      msg: string;
      webhookVersion: string | null;
    }
  | {
      product: 'returns';
      id: string;
      version: string | null;
      event: string;
      createdAt: string;
      createdAtUnixMs: Int;
      modified: string | null;
      data: string;
    }
  | {
      product: 'warranty';
      id: string;
      version: string | null;
      /** e.g. `warranty.approved`. */
      event: string;
      createdAt: string;
      createdAtUnixMs: Int;
      /** JSON text: `warranty`, `warranty_shipment`, `current_context`. */
      data: string;
    }
  | {
      product: 'shipping';
      eventType: string;
      dateTime: string | null;
      meta: string;
      metaCode: Int | null;
      data: string;
    };

export interface VerifiedWebhook {
  eventId: string;
  signatureHeader: string;
  event: WebhookEvent;
}

export interface ConnectorOptions {
  /** Default 256 MiB; see the README. */
  maxMemoryBytes?: number;
}

export class Connector {
  constructor(options?: ConnectorOptions);
  readonly maxMemoryBytes: number;
  /** Drops the current instance; the next call creates a fresh one. */
  reset(): void;
  manifest(): string;
  operations(apiType: ApiType): OperationInfo[];
  validateSettings(settings: ConnectionSettings): FieldError[];
  connectionTest(settings: ConnectionSettings, context?: RequestContext): Result<ConnectionCheck, ConnectorError>;
  /** For a known operation id the input is typed from the manifest (members, types, choices). */
  buildRequest<K extends string>(
    settings: ConnectionSettings,
    operationId: K,
    input?: K extends OperationId ? OperationInputs[K] | string : string | object,
    context?: RequestContext,
  ): Result<HttpRequest, ConnectorError>;
  parseResponse(
    settings: ConnectionSettings,
    operationId: string,
    input: string | object,
    response: HttpResponse,
    context?: RequestContext,
  ): Result<Outcome, ConnectorError>;
  oauthScopes(apiType: ApiType): string[];
  /** Checks the App URL launch request; `policy` defaults to `report`, `toleranceMs` to 300000. */
  oauthVerifyLaunch(
    app: OAuthApp,
    query: string,
    context?: RequestContext | null,
    options?: { toleranceMs?: U64 | null; policy?: HmacPolicy | 'if_present' },
  ): Result<LaunchRequest, OAuthError>;
  /** `product` is required (AfterShip's; take it from `oauthVerifyLaunch`). */
  oauthAuthorizationUrl(
    app: OAuthApp,
    request: { scopes: string[]; state: string; product: string },
  ): Result<string, OAuthError>;
  /** `policy` defaults to `report`. */
  oauthVerifyRedirect(
    app: OAuthApp,
    query: string,
    expectedState: string,
    policy?: HmacPolicy | 'if_present',
  ): Result<OAuthRedirect, OAuthError>;
  oauthTokenRequest(
    app: OAuthApp,
    grant: { authorizationCode: string } | { refreshToken: string },
  ): Result<HttpRequest, OAuthError>;
  oauthParseTokenResponse(response: HttpResponse, context?: RequestContext): Result<TokenSet, OAuthError>;
  oauthParseTokenResponseWith(
    response: HttpResponse,
    context: RequestContext | null | undefined,
    fields: TokenFields,
  ): Result<TokenSet, OAuthError>;
  verifyWebhook(delivery: WebhookDelivery): Result<VerifiedWebhook, WebhookError>;
  triggerStart(triggerId: string, options?: { state?: string | null; since?: string | null; nowUnixMs?: number }): Result<PollStart, TriggerError>;
  triggerStep(triggerId: string, state: string, data: string, nextPage?: string | null): Result<PollStep, TriggerError>;
}

/** The `ok` value, or throws the error. */
export function unwrap<T, E>(result: Result<T, E>): T;

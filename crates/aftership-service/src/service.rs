//! The routes, over an [`Env`] (config store, clocks, randomness, outgoing HTTP) and a [`Sink`]
//! (the answer). The WASI glue (`glue.rs`) implements both over `wasi:*`; everything here is plain
//! Rust, so the rules (access, statuses, retries, export) are the same on every engine.
//!
//! - `GET /v1/health` → 200, no token needed, no setting read.
//! - every other route needs `authorization: Bearer <service_token>` (compared in constant time);
//!   a missing or wrong token is 401, before any body is looked at.
//! - `POST /v1/call` `{"operation", "input"}` → 200 `{"data", "next_page", "files"}`, or the
//!   error's status with `{"error": {"kind", ...}}`.
//! - `POST /v1/export` → `application/x-ndjson`, one item per line across all pages; an error after
//!   the first page ends the stream with one `{"error": ...}` line.
//! - `POST /v1/webhooks/{product}` → 200 with the verified event, 401 otherwise.
//! - `GET /v1/manifest` → `connector.json`.

use aftership_core::retry::{backoff_ceiling_ms, retry_advice, RetryAdvice};
use aftership_core::webhook::{verified_json, verify_webhook, WebhookInput, WebhookProduct};
use aftership_core::{
    build_request, parse_response, ConnectorError, HttpRequest, HttpResponse, Method, Outcome,
    RequestContext, Secret,
};
use aftership_fixtures::fixture::{error_json, outcome_json};
use aftership_fixtures::listing::items;
use serde_json::{json, Value};
use subtle::ConstantTimeEq;

use crate::config::{self, Config, StoreError};

/// Attempts per call, the first included.
pub const MAX_ATTEMPTS: u32 = 4;
/// No retry starts when its wait would end later than this after the first attempt.
pub const MAX_ELAPSED_MS: u64 = 30_000;
/// First backoff ceiling.
pub const BACKOFF_BASE_MS: u64 = 250;
/// Largest backoff ceiling.
pub const BACKOFF_CAP_MS: u64 = 4_000;
/// Largest extra wait added to a `retry-after`, so that many instances told the same wait do not
/// all come back at the same instant.
pub const RETRY_AFTER_JITTER_MS: u64 = 250;
/// Pages one export follows at most.
pub const MAX_PAGES: u64 = 10_000;
/// Largest request body the service reads (the webhook ceiling; call inputs have the core's own).
pub const MAX_BODY_BYTES: usize = aftership_core::webhook::MAX_WEBHOOK_BYTES;

/// One incoming request, body read.
#[derive(Clone, Debug)]
pub struct Incoming {
    /// Upper-case method.
    pub method: String,
    /// Path and query as received.
    pub path_with_query: String,
    /// Header names (lower-case) and values.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Incoming {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn path(&self) -> &str {
        self.path_with_query
            .split(['?', '#'])
            .next()
            .unwrap_or_default()
    }
}

/// Why an outgoing request got no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SendError {
    /// The answer did not complete within the timeout.
    Timeout,
    /// No answer (refused, reset, DNS, TLS, ...). `maybe_sent`: the request may have reached
    /// AfterShip.
    Transport {
        /// A short description without the request's headers.
        message: String,
        /// Whether AfterShip may have received the request.
        maybe_sent: bool,
    },
}

/// What the service needs from its engine.
pub trait Env {
    /// `wasi:config/store.get`; `Err` when the store failed.
    fn config(&mut self, key: &str) -> Result<Option<String>, StoreError>;
    /// Wall clock, Unix milliseconds.
    fn now_unix_ms(&mut self) -> u64;
    /// Monotonic clock, milliseconds.
    fn monotonic_ms(&mut self) -> u64;
    /// Waits this long.
    fn sleep_ms(&mut self, ms: u64);
    /// Random bits (jitter only).
    fn random_u64(&mut self) -> u64;
    /// Sends one request and reads the whole answer within `timeout_ms`.
    fn send(&mut self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, SendError>;
}

/// Where the answer goes: the status and content type first, then the body in pieces.
pub trait Sink {
    /// Starts the answer; called once.
    fn start(&mut self, status: u16, content_type: &str);
    /// Appends to the body.
    fn write(&mut self, bytes: &[u8]);
}

/// Handles one request. `config` caches the settings of this instance (read at its first request).
pub fn handle(
    request: &Incoming,
    config: &mut Option<Config>,
    env: &mut impl Env,
    sink: &mut impl Sink,
) {
    let path = request.path();
    let method = request.method.as_str();
    if path == "/v1/health" {
        return match method {
            "GET" => reply(sink, 200, &json!({"status": "ok"})),
            // The same status and type, without a body.
            "HEAD" => sink.start(200, "application/json"),
            _ => method_not_allowed(sink),
        };
    }
    let loaded = match config {
        Some(loaded) => loaded,
        None => match config::load(|key| env.config(key)) {
            Ok(loaded) => config.insert(loaded),
            Err(error) => return reply_error(sink, 500, &error_json(&error)),
        },
    };
    if !authorized(request.header("authorization"), &loaded.service_token) {
        return reply_error(
            sink,
            401,
            &json!({"kind": "unauthorized", "message": "missing or wrong bearer token"}),
        );
    }
    match (method, path) {
        ("GET", "/v1/manifest") => {
            sink.start(200, "application/json");
            sink.write(crate::manifest_text().as_bytes());
        }
        ("POST", "/v1/call") => call_route(request, loaded, env, sink),
        ("POST", "/v1/export") => export_route(request, loaded, env, sink),
        ("POST", webhook) if webhook.starts_with("/v1/webhooks/") => webhook_route(
            request,
            &webhook["/v1/webhooks/".len()..],
            loaded,
            env,
            sink,
        ),
        (_, "/v1/manifest" | "/v1/call" | "/v1/export") => method_not_allowed(sink),
        (_, webhook) if webhook.starts_with("/v1/webhooks/") => method_not_allowed(sink),
        _ => reply_error(
            sink,
            404,
            &json!({"kind": "not_found", "message": "no such route"}),
        ),
    }
}

/// `authorization: Bearer <token>`, the token compared in constant time (its length is not a
/// secret: the minimum is public).
fn authorized(header: Option<&str>, token: &Secret) -> bool {
    let Some(value) = header else { return false };
    let Some((scheme, given)) = value.trim().split_once(' ') else {
        return false;
    };
    scheme.eq_ignore_ascii_case("bearer")
        && bool::from(given.trim().as_bytes().ct_eq(token.expose().as_bytes()))
}

fn reply(sink: &mut impl Sink, status: u16, body: &Value) {
    sink.start(status, "application/json");
    sink.write(body.to_string().as_bytes());
}

fn reply_error(sink: &mut impl Sink, status: u16, error: &Value) {
    reply(sink, status, &json!({ "error": error }));
}

fn method_not_allowed(sink: &mut impl Sink) {
    reply_error(
        sink,
        405,
        &json!({"kind": "method_not_allowed", "message": "method not allowed on this route"}),
    );
}

/// The operation and its input (as JSON text) from a `{"operation", "input"}` body.
fn call_body(request: &Incoming) -> Result<(String, String), ConnectorError> {
    let body: Value = serde_json::from_slice(&request.body)
        .map_err(|_| ConnectorError::input("body", "must be a JSON object"))?;
    let Value::Object(mut body) = body else {
        return Err(ConnectorError::input("body", "must be a JSON object"));
    };
    let operation = match body.remove("operation") {
        Some(Value::String(id)) => id,
        Some(_) => return Err(ConnectorError::input("operation", "must be a string")),
        None => return Err(ConnectorError::input("operation", "required")),
    };
    let input = match body.remove("input") {
        None | Some(Value::Null) => "{}".to_string(),
        Some(input @ Value::Object(_)) => input.to_string(),
        Some(_) => return Err(ConnectorError::input("input", "must be a JSON object")),
    };
    if let Some(extra) = body.keys().next() {
        return Err(ConnectorError::input(
            extra.clone(),
            "unknown member (expected `operation` and `input`)",
        ));
    }
    Ok((operation, input))
}

/// Why a call gave no outcome.
#[derive(Clone, Debug, PartialEq)]
pub enum Failure {
    /// The core refused the input or parsed an error answer.
    Connector(ConnectorError),
    /// No answer within the timeout.
    Timeout,
    /// No answer at all.
    Transport(String),
    /// The built request aims at a host the settings do not allow.
    HostNotAllowed,
}

impl Failure {
    /// The status the service answers with.
    pub fn status(&self) -> u16 {
        match self {
            Failure::Connector(error) => connector_status(error),
            Failure::Timeout => 504,
            Failure::Transport(_) | Failure::HostNotAllowed => 502,
        }
    }

    /// The `error` member of the answer.
    pub fn json(&self) -> Value {
        match self {
            Failure::Connector(error) => error_json(error),
            Failure::Timeout => {
                json!({"kind": "timeout", "message": "AfterShip did not answer in time"})
            }
            Failure::Transport(message) => json!({"kind": "transport", "message": message}),
            Failure::HostNotAllowed => json!({
                "kind": "host_not_allowed",
                "message": "the request's host is not the connection's AfterShip host",
            }),
        }
    }
}

/// The status for a connector error: 400 for the caller's mistakes, AfterShip's own status for
/// its error answers (422 when it sent an error code under a 2xx), 500 for settings the service
/// was given, 502 for answers that were not AfterShip envelopes.
pub fn connector_status(error: &ConnectorError) -> u16 {
    let api = |status: u16, fallback: u16| {
        if (400..=599).contains(&status) {
            status
        } else {
            fallback
        }
    };
    match error {
        ConnectorError::InvalidInput(_) | ConnectorError::UnknownOperation(_) => 400,
        ConnectorError::InvalidSettings(_) => 500,
        ConnectorError::Unauthorized(e) => api(e.status, 401),
        ConnectorError::Forbidden(e) => api(e.status, 403),
        ConnectorError::NotFound(e) => api(e.status, 404),
        ConnectorError::Conflict(e) => api(e.status, 409),
        ConnectorError::Validation(e) => api(e.status, 422),
        ConnectorError::RateLimited(r) => api(r.error.status, 429),
        ConnectorError::Server(e) => api(e.status, 502),
        ConnectorError::UnexpectedResponse(_) => 502,
        _ => 502,
    }
}

/// Whether `url` is on the connection's origin (its environment's AfterShip host, or `base_url`).
fn allowed(url: &str, origin: &str) -> bool {
    url.strip_prefix(origin)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']))
}

/// One call with its retries: builds, sends and parses with the core; retries by the core's rule
/// (rate limits always, server errors and gateway pages for reads; timeouts and transport failures
/// only for reads or when nothing was sent), within [`MAX_ATTEMPTS`] and [`MAX_ELAPSED_MS`].
/// Returns the outcome (or last failure) and the attempts made.
pub fn call(
    config: &Config,
    operation: &str,
    input: &str,
    env: &mut impl Env,
) -> (Result<Outcome, Failure>, u32) {
    let settings = &config.settings;
    let started = env.monotonic_ms();
    let mut attempts = 0;
    loop {
        let context = RequestContext {
            now_unix_ms: env.now_unix_ms(),
            request_id: None,
        };
        let request = match build_request(settings, operation, input, &context) {
            Ok(request) => request,
            Err(error) => return (Err(Failure::Connector(error)), attempts),
        };
        if !allowed(&request.url, settings.origin()) {
            return (Err(Failure::HostNotAllowed), attempts);
        }
        attempts += 1;
        let read = request.method == Method::Get;
        let (failure, advice) = match env.send(&request, config.timeout_ms) {
            Ok(response) => {
                let context = RequestContext {
                    now_unix_ms: env.now_unix_ms(),
                    ..context
                };
                match parse_response(settings, operation, input, &response, &context) {
                    Ok(outcome) => return (Ok(outcome), attempts),
                    Err(error) => {
                        let advice = retry_advice(request.method, &error, false);
                        (Failure::Connector(error), advice)
                    }
                }
            }
            Err(SendError::Timeout) => (Failure::Timeout, read.then_some(RetryAdvice::Backoff)),
            Err(SendError::Transport {
                message,
                maybe_sent,
            }) => (
                Failure::Transport(message),
                (read || !maybe_sent).then_some(RetryAdvice::Backoff),
            ),
        };
        let Some(advice) = advice else {
            return (Err(failure), attempts);
        };
        if attempts >= MAX_ATTEMPTS {
            return (Err(failure), attempts);
        }
        let wait = match advice {
            RetryAdvice::AfterMs(ms) => {
                ms.saturating_add(random_below(env, RETRY_AFTER_JITTER_MS + 1))
            }
            RetryAdvice::Backoff => {
                let ceiling = backoff_ceiling_ms(attempts, BACKOFF_BASE_MS, BACKOFF_CAP_MS);
                random_below(env, ceiling + 1)
            }
        };
        let elapsed = env.monotonic_ms().saturating_sub(started);
        if elapsed.saturating_add(wait) > MAX_ELAPSED_MS {
            return (Err(failure), attempts);
        }
        env.sleep_ms(wait);
    }
}

fn random_below(env: &mut impl Env, n: u64) -> u64 {
    if n == 0 {
        0
    } else {
        env.random_u64() % n
    }
}

fn call_route(request: &Incoming, config: &Config, env: &mut impl Env, sink: &mut impl Sink) {
    let (operation, input) = match call_body(request) {
        Ok(parsed) => parsed,
        Err(error) => return reply_error(sink, 400, &error_json(&error)),
    };
    match call(config, &operation, &input, env).0 {
        Ok(outcome) => {
            let mut body = outcome_json(&outcome);
            if body.get("files").is_none() {
                body["files"] = json!([]);
            }
            reply(sink, 200, &body);
        }
        Err(failure) => reply_error(sink, failure.status(), &failure.json()),
    }
}

fn export_route(request: &Incoming, config: &Config, env: &mut impl Env, sink: &mut impl Sink) {
    let (operation, mut input) = match call_body(request) {
        Ok(parsed) => parsed,
        Err(error) => return reply_error(sink, 400, &error_json(&error)),
    };
    let mut pages = 0u64;
    loop {
        let outcome = match call(config, &operation, &input, env).0 {
            Ok(outcome) => outcome,
            // Nothing sent yet: an ordinary error answer.
            Err(failure) if pages == 0 => {
                return reply_error(sink, failure.status(), &failure.json())
            }
            Err(failure) => {
                let line = json!({"error": failure.json(), "pages": pages});
                sink.write(format!("{line}\n").as_bytes());
                return;
            }
        };
        if pages == 0 {
            sink.start(200, "application/x-ndjson");
        }
        pages += 1;
        for item in items(&outcome.data, &operation) {
            sink.write(item.as_bytes());
            sink.write(b"\n");
        }
        match outcome.next_page {
            None => return,
            Some(_) if pages >= MAX_PAGES => {
                let line = json!({"error": {
                    "kind": "page_limit",
                    "message": format!("stopped after {MAX_PAGES} pages"),
                }, "pages": pages});
                sink.write(format!("{line}\n").as_bytes());
                return;
            }
            Some(next) => input = next,
        }
    }
}

fn webhook_route(
    request: &Incoming,
    product: &str,
    config: &Config,
    env: &mut impl Env,
    sink: &mut impl Sink,
) {
    let Some(product) = WebhookProduct::parse(product) else {
        return reply_error(
            sink,
            404,
            &json!({"kind": "not_found", "message": "no such webhook product (tracking, returns, shipping)"}),
        );
    };
    let input = WebhookInput {
        product,
        body: request.body.clone(),
        headers: request.headers.clone(),
        secret: config
            .webhook_secret
            .clone()
            .unwrap_or_else(|| Secret::new(String::new())),
        now_unix_ms: Some(env.now_unix_ms()),
        tolerance_ms: None,
    };
    match verify_webhook(&input) {
        Ok(verified) => reply(sink, 200, &verified_json(&verified)),
        Err(error) => reply_error(
            sink,
            401,
            &aftership_core::webhook::webhook_error_json(&error),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bearer_token_must_match_exactly() {
        let token = Secret::new("0123456789abcdef-token");
        assert!(authorized(Some("Bearer 0123456789abcdef-token"), &token));
        assert!(authorized(Some("bearer 0123456789abcdef-token"), &token));
        for wrong in [
            None,
            Some("0123456789abcdef-token"),
            Some("Basic 0123456789abcdef-token"),
            Some("Bearer 0123456789abcdef-toke"),
            Some("Bearer 0123456789abcdef-token2"),
            Some("Bearer "),
        ] {
            assert!(!authorized(wrong, &token), "{wrong:?} was accepted");
        }
    }

    #[test]
    fn only_the_connection_origin_is_allowed() {
        let origin = "https://api.aftership.com";
        assert!(allowed(
            "https://api.aftership.com/tracking/2026-07/trackings",
            origin
        ));
        assert!(!allowed("https://api.aftership.com.evil.example/x", origin));
        assert!(!allowed("https://api.aftership.com@evil.example/x", origin));
        assert!(!allowed("http://api.aftership.com/x", origin));
    }

    #[test]
    fn a_call_body_names_the_member_it_refuses() {
        let request = |body: &str| Incoming {
            method: "POST".into(),
            path_with_query: "/v1/call".into(),
            headers: vec![],
            body: body.as_bytes().to_vec(),
        };
        let field = |body: &str| match call_body(&request(body)) {
            Err(ConnectorError::InvalidInput(fields)) => fields[0].field.clone(),
            other => panic!("expected invalid_input for {body}, got {other:?}"),
        };
        assert_eq!(field("not json"), "body");
        assert_eq!(field("{}"), "operation");
        assert_eq!(field(r#"{"operation": 3}"#), "operation");
        assert_eq!(field(r#"{"operation": "x", "input": []}"#), "input");
        assert_eq!(field(r#"{"operation": "x", "extra": 1}"#), "extra");
        assert_eq!(
            call_body(&request(r#"{"operation": "a.b", "input": {"k": 1}}"#)).unwrap(),
            ("a.b".to_string(), r#"{"k":1}"#.to_string())
        );
    }
}

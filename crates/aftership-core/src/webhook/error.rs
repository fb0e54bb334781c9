//! Why a webhook was refused, and its JSON form.

use std::fmt;

use serde_json::Value;

/// Why a webhook was refused. Never contains the secret or the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookError {
    /// No secret was configured: nothing can be verified, so nothing is accepted.
    EmptySecret,
    /// None of the product's signature headers was present (their names are listed).
    MissingSignature(Vec<String>),
    /// The signature did not match the body and secret (or was not base64 of 32 bytes).
    BadSignature,
    /// The verified body is not the documented event.
    MalformedBody(String),
    /// The event is older than the tolerance.
    TooOld {
        /// Event time, Unix milliseconds.
        event_unix_ms: i64,
        /// Host time, Unix milliseconds.
        now_unix_ms: u64,
        /// The tolerance, milliseconds.
        tolerance_ms: u64,
    },
    /// The call itself was wrong (e.g. a tolerance without the current time).
    InvalidInput(String),
}

impl WebhookError {
    /// Snake-case name of the case.
    pub fn kind(&self) -> &'static str {
        match self {
            WebhookError::EmptySecret => "empty_secret",
            WebhookError::MissingSignature(_) => "missing_signature",
            WebhookError::BadSignature => "bad_signature",
            WebhookError::MalformedBody(_) => "malformed_body",
            WebhookError::TooOld { .. } => "too_old",
            WebhookError::InvalidInput(_) => "invalid_input",
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::EmptySecret => {
                f.write_str("no webhook secret is configured; refusing to accept the webhook")
            }
            WebhookError::MissingSignature(headers) => write!(
                f,
                "the webhook carries no signature header (expected {})",
                headers.join(" or ")
            ),
            WebhookError::BadSignature => {
                f.write_str("the webhook signature does not match the body and secret")
            }
            WebhookError::MalformedBody(reason) => write!(f, "malformed webhook body: {reason}"),
            WebhookError::TooOld {
                event_unix_ms,
                now_unix_ms,
                tolerance_ms,
            } => write!(
                f,
                "the event from {event_unix_ms} ms is older than the tolerance of {tolerance_ms} ms at {now_unix_ms} ms"
            ),
            WebhookError::InvalidInput(reason) => write!(f, "invalid call: {reason}"),
        }
    }
}

impl std::error::Error for WebhookError {}

/// The JSON form of a webhook error (for fixtures).
pub fn webhook_error_json(error: &WebhookError) -> Value {
    let kind = error.kind();
    match error {
        WebhookError::EmptySecret | WebhookError::BadSignature => serde_json::json!({"kind": kind}),
        WebhookError::MissingSignature(headers) => {
            serde_json::json!({"kind": kind, "expected_headers": headers})
        }
        WebhookError::MalformedBody(reason) | WebhookError::InvalidInput(reason) => {
            serde_json::json!({"kind": kind, "reason": reason})
        }
        WebhookError::TooOld {
            event_unix_ms,
            now_unix_ms,
            tolerance_ms,
        } => serde_json::json!({
            "kind": kind,
            "event_unix_ms": event_unix_ms,
            "now_unix_ms": now_unix_ms,
            "tolerance_ms": tolerance_ms,
        }),
    }
}

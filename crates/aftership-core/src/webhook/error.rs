//! Why a webhook was refused, and its JSON form.

use serde_json::Value;
use strum::IntoStaticStr;

/// Why a webhook was refused. Never contains the secret or the signature. New cases may be
/// added: match with a wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum WebhookError {
    /// No secret was configured: nothing can be verified, so nothing is accepted.
    #[error("no webhook secret is configured; refusing to accept the webhook")]
    EmptySecret,
    /// None of the product's signature headers was present (their names are listed).
    #[error("the webhook carries no signature header (expected {})", .0.join(" or "))]
    MissingSignature(Vec<String>),
    /// The signature did not match the body and secret (or was not base64 of 32 bytes).
    #[error("the webhook signature does not match the body and secret")]
    BadSignature,
    /// The verified body is not the documented event.
    #[error("malformed webhook body: {0}")]
    MalformedBody(String),
    /// The event is older than the tolerance.
    #[error(
        "the event from {event_unix_ms} ms is older than the tolerance of {tolerance_ms} ms at \
         {now_unix_ms} ms"
    )]
    TooOld {
        /// Event time, Unix milliseconds.
        event_unix_ms: i64,
        /// Host time, Unix milliseconds.
        now_unix_ms: u64,
        /// The tolerance, milliseconds.
        tolerance_ms: u64,
    },
    /// The call itself was wrong (e.g. a tolerance without the current time).
    #[error("invalid call: {0}")]
    InvalidInput(String),
}

impl WebhookError {
    /// Snake-case name of the case.
    pub fn kind(&self) -> &'static str {
        self.into()
    }
}

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

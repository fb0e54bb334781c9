//! What can go wrong in the OAuth helpers, and its JSON form for fixtures.

use std::fmt;

use serde_json::Value;

use strum::IntoStaticStr;

use crate::error::{FieldError, FieldList, Unexpected};

/// An OAuth error answer (`{error, error_description}`) from the redirect or the token endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderError {
    /// HTTP status (0 for a redirect).
    pub status: u16,
    /// `error` code, e.g. `invalid_grant`, `access_denied`.
    pub error: String,
    /// `error_description`, when given.
    pub description: Option<String>,
    /// Whether the same request can succeed later (429, 5xx).
    pub retryable: bool,
}

/// Everything that can go wrong. Never contains the client secret, a code or a token. New cases
/// may be added: match with a wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[non_exhaustive]
pub enum OAuthError {
    /// Fix the app record (per field).
    #[error("invalid OAuth app: {}", FieldList(.0))]
    InvalidApp(Vec<FieldError>),
    /// Fix the call's other inputs (per field).
    #[error("invalid OAuth input: {}", FieldList(.0))]
    InvalidInput(Vec<FieldError>),
    /// The redirect's `state` is missing or differs from the one sent (possible forgery).
    #[error("the redirect's state does not match the one sent; refusing it")]
    StateMismatch,
    /// A required redirect parameter is missing (its name).
    #[error("the redirect has no `{0}` parameter")]
    MissingParameter(String),
    /// The redirect's `hmac` does not match.
    #[error("the redirect's hmac does not match")]
    BadHmac,
    /// The redirect has no `hmac` and the policy requires one.
    #[error("the redirect has no hmac and one is required")]
    MissingHmac,
    /// The merchant declined or AfterShip refused the authorization (redirect `error`).
    #[error("authorization denied: {0}")]
    AccessDenied(ProviderError),
    /// The grant is no longer good: RFC 6749 `invalid_grant`, or an AfterShip envelope error
    /// (`meta.code`/`meta.type`) under HTTP 400/401. Send the merchant through consent again.
    #[error("the grant was refused; send the merchant through consent again: {0}")]
    Reauthorize(ProviderError),
    /// The token endpoint refused the request for another reason (e.g. `invalid_client`: fix the
    /// app record).
    #[error("token request rejected: {0}")]
    TokenRejected(ProviderError),
    /// The App URL launch request's `timestamp` is further than the tolerance from the host's
    /// clock (either way): refuse it (a replay, or a wrong clock).
    #[error(
        "the launch request's timestamp ({timestamp_unix_ms} ms) is more than \
         {tolerance_ms} ms from now ({now_unix_ms} ms)"
    )]
    StaleRequest {
        /// The request's `timestamp`, Unix milliseconds.
        timestamp_unix_ms: u64,
        /// The host's time.
        now_unix_ms: u64,
        /// The tolerance applied.
        tolerance_ms: u64,
    },
    /// The token endpoint's answer could not be used.
    #[error("unexpected token response (HTTP {}): {}", .0.status, .0.reason)]
    UnexpectedResponse(Unexpected),
}

impl fmt::Display for ProviderError {
    /// `<error> (<description>), HTTP <status>`, each part when known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.error)?;
        if let Some(d) = &self.description {
            write!(f, " ({d})")?;
        }
        if self.status != 0 {
            write!(f, ", HTTP {}", self.status)?;
        }
        Ok(())
    }
}

impl OAuthError {
    /// Snake-case name of the case.
    pub fn kind(&self) -> &'static str {
        self.into()
    }

    pub(super) fn input(field: &str, message: impl Into<String>) -> Self {
        OAuthError::InvalidInput(vec![FieldError::new(field, message)])
    }
}

/// The JSON form of an error for fixtures and tests.
pub fn oauth_error_json(error: &OAuthError) -> Value {
    let fields = |errors: &[FieldError]| -> Value {
        errors
            .iter()
            .map(|e| serde_json::json!({"field": e.field, "message": e.message}))
            .collect()
    };
    let provider = |e: &ProviderError| {
        serde_json::json!({
            "status": e.status, "error": e.error, "description": e.description,
            "retryable": e.retryable,
        })
    };
    let kind = error.kind();
    match error {
        OAuthError::InvalidApp(f) | OAuthError::InvalidInput(f) => {
            serde_json::json!({"kind": kind, "fields": fields(f)})
        }
        OAuthError::StateMismatch | OAuthError::BadHmac | OAuthError::MissingHmac => {
            serde_json::json!({"kind": kind})
        }
        OAuthError::MissingParameter(name) => serde_json::json!({"kind": kind, "name": name}),
        OAuthError::AccessDenied(e) | OAuthError::Reauthorize(e) | OAuthError::TokenRejected(e) => {
            let mut value = provider(e);
            value["kind"] = Value::from(kind);
            value
        }
        OAuthError::StaleRequest {
            timestamp_unix_ms,
            now_unix_ms,
            tolerance_ms,
        } => serde_json::json!({
            "kind": kind, "timestamp_unix_ms": timestamp_unix_ms, "now_unix_ms": now_unix_ms,
            "tolerance_ms": tolerance_ms,
        }),
        OAuthError::UnexpectedResponse(u) => serde_json::json!({
            "kind": kind, "status": u.status, "reason": u.reason, "excerpt": u.excerpt,
            "retryable": u.retryable,
        }),
    }
}

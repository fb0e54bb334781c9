//! What can go wrong in the OAuth helpers, and its JSON form for fixtures.

use std::fmt;

use serde_json::Value;

use crate::error::{FieldError, Unexpected};

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

/// Everything that can go wrong. Never contains the client secret, a code or a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthError {
    /// Fix the app record (per field).
    InvalidApp(Vec<FieldError>),
    /// Fix the call's other inputs (per field).
    InvalidInput(Vec<FieldError>),
    /// The redirect's `state` is missing or differs from the one sent (possible forgery).
    StateMismatch,
    /// A required redirect parameter is missing (its name).
    MissingParameter(String),
    /// The redirect's `hmac` does not match.
    BadHmac,
    /// The redirect has no `hmac` and the policy requires one.
    MissingHmac,
    /// The merchant declined or AfterShip refused the authorization (redirect `error`).
    AccessDenied(ProviderError),
    /// The grant is no longer good: RFC 6749 `invalid_grant`, or an AfterShip envelope error
    /// (`meta.code`/`meta.type`) under HTTP 400/401. Send the merchant through consent again.
    Reauthorize(ProviderError),
    /// The token endpoint refused the request for another reason (e.g. `invalid_client`: fix the
    /// app record).
    TokenRejected(ProviderError),
    /// The App URL launch request's `timestamp` is further than the tolerance from the host's
    /// clock (either way): refuse it (a replay, or a wrong clock).
    StaleRequest {
        /// The request's `timestamp`, Unix milliseconds.
        timestamp_unix_ms: u64,
        /// The host's time.
        now_unix_ms: u64,
        /// The tolerance applied.
        tolerance_ms: u64,
    },
    /// The token endpoint's answer could not be used.
    UnexpectedResponse(Unexpected),
}

impl OAuthError {
    /// Snake-case name of the case.
    pub fn kind(&self) -> &'static str {
        match self {
            OAuthError::InvalidApp(_) => "invalid_app",
            OAuthError::InvalidInput(_) => "invalid_input",
            OAuthError::StateMismatch => "state_mismatch",
            OAuthError::MissingParameter(_) => "missing_parameter",
            OAuthError::BadHmac => "bad_hmac",
            OAuthError::MissingHmac => "missing_hmac",
            OAuthError::AccessDenied(_) => "access_denied",
            OAuthError::Reauthorize(_) => "reauthorize",
            OAuthError::TokenRejected(_) => "token_rejected",
            OAuthError::StaleRequest { .. } => "stale_request",
            OAuthError::UnexpectedResponse(_) => "unexpected_response",
        }
    }

    pub(super) fn input(field: &str, message: impl Into<String>) -> Self {
        OAuthError::InvalidInput(vec![FieldError::new(field, message)])
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields = |f: &mut fmt::Formatter<'_>, errors: &[FieldError]| -> fmt::Result {
            for (i, e) in errors.iter().enumerate() {
                let sep = if i == 0 { "" } else { "; " };
                write!(f, "{sep}{}: {}", e.field, e.message)?;
            }
            Ok(())
        };
        let provider = |f: &mut fmt::Formatter<'_>, e: &ProviderError| -> fmt::Result {
            write!(f, "{}", e.error)?;
            if let Some(d) = &e.description {
                write!(f, " ({d})")?;
            }
            if e.status != 0 {
                write!(f, ", HTTP {}", e.status)?;
            }
            Ok(())
        };
        match self {
            OAuthError::InvalidApp(e) => {
                f.write_str("invalid OAuth app: ")?;
                fields(f, e)
            }
            OAuthError::InvalidInput(e) => {
                f.write_str("invalid OAuth input: ")?;
                fields(f, e)
            }
            OAuthError::StateMismatch => {
                f.write_str("the redirect's state does not match the one sent; refusing it")
            }
            OAuthError::MissingParameter(name) => {
                write!(f, "the redirect has no `{name}` parameter")
            }
            OAuthError::BadHmac => f.write_str("the redirect's hmac does not match"),
            OAuthError::MissingHmac => f.write_str("the redirect has no hmac and one is required"),
            OAuthError::AccessDenied(e) => {
                f.write_str("authorization denied: ")?;
                provider(f, e)
            }
            OAuthError::Reauthorize(e) => {
                f.write_str("the grant was refused; send the merchant through consent again: ")?;
                provider(f, e)
            }
            OAuthError::TokenRejected(e) => {
                f.write_str("token request rejected: ")?;
                provider(f, e)
            }
            OAuthError::StaleRequest {
                timestamp_unix_ms,
                now_unix_ms,
                tolerance_ms,
            } => write!(
                f,
                "the launch request's timestamp ({timestamp_unix_ms} ms) is more than \
                 {tolerance_ms} ms from now ({now_unix_ms} ms)"
            ),
            OAuthError::UnexpectedResponse(u) => write!(
                f,
                "unexpected token response (HTTP {}): {}",
                u.status, u.reason
            ),
        }
    }
}

impl std::error::Error for OAuthError {}

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

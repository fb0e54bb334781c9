//! The typed errors a host can act on. None of them ever holds a credential.

use std::fmt;

/// A problem with one field of the settings or of an operation input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    /// Dotted path, e.g. `store-id` or `body.tracking_number`.
    pub field: String,
    /// What is wrong, in words a form can show.
    pub message: String,
}

impl FieldError {
    /// A field error.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// An error answer from AfterShip, decoded from its `meta` envelope.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct ApiError {
    /// HTTP status.
    pub status: u16,
    /// `meta.code` (0 when absent).
    pub code: i64,
    /// `meta.type`.
    pub error_type: Option<String>,
    /// `meta.message`.
    pub message: String,
    /// `meta.details` / `meta.errors` as `{path, info}` pairs.
    pub details: Vec<FieldError>,
    /// Whether the same request can succeed later.
    pub retryable: bool,
    /// The envelope's `data` when it is not empty.
    pub data: Option<String>,
}

/// A 429 answer with the wait the headers asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Milliseconds to wait before retrying, when the headers said.
    pub retry_after_ms: Option<u64>,
    /// The decoded error body.
    pub error: ApiError,
}

/// A response that was not a usable AfterShip envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unexpected {
    /// HTTP status.
    pub status: u16,
    /// Why the body could not be used.
    pub reason: String,
    /// Start of the body, lossy UTF-8.
    pub excerpt: String,
    /// True for 5xx answers.
    pub retryable: bool,
}

/// Everything that can go wrong, one case per thing a host can do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConnectorError {
    /// Fix the connection settings.
    InvalidSettings(Vec<FieldError>),
    /// Fix the operation input.
    InvalidInput(Vec<FieldError>),
    /// The operation is not offered for this API type.
    UnknownOperation(String),
    /// 401: credentials refused.
    Unauthorized(ApiError),
    /// 403: not allowed.
    Forbidden(ApiError),
    /// 404: no such resource.
    NotFound(ApiError),
    /// 409: conflicts with the resource's state.
    Conflict(ApiError),
    /// 400/422 or a 4xxx code under HTTP 200.
    Validation(ApiError),
    /// 429.
    RateLimited(RateLimit),
    /// 5xx.
    Server(ApiError),
    /// Not an AfterShip envelope.
    UnexpectedResponse(Unexpected),
}

impl ConnectorError {
    /// Snake-case name of the case, as used in fixtures and the manifest.
    pub fn kind(&self) -> &'static str {
        match self {
            ConnectorError::InvalidSettings(_) => "invalid_settings",
            ConnectorError::InvalidInput(_) => "invalid_input",
            ConnectorError::UnknownOperation(_) => "unknown_operation",
            ConnectorError::Unauthorized(_) => "unauthorized",
            ConnectorError::Forbidden(_) => "forbidden",
            ConnectorError::NotFound(_) => "not_found",
            ConnectorError::Conflict(_) => "conflict",
            ConnectorError::Validation(_) => "validation",
            ConnectorError::RateLimited(_) => "rate_limited",
            ConnectorError::Server(_) => "server",
            ConnectorError::UnexpectedResponse(_) => "unexpected_response",
        }
    }

    /// One invalid-input error.
    pub fn input(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConnectorError::InvalidInput(vec![FieldError::new(field, message)])
    }

    /// One invalid-settings error.
    pub fn settings(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConnectorError::InvalidSettings(vec![FieldError::new(field, message)])
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn fields(f: &mut fmt::Formatter<'_>, errors: &[FieldError]) -> fmt::Result {
            for (i, e) in errors.iter().enumerate() {
                let sep = if i == 0 { "" } else { "; " };
                write!(f, "{sep}{}: {}", e.field, e.message)?;
            }
            Ok(())
        }
        fn api(f: &mut fmt::Formatter<'_>, e: &ApiError) -> fmt::Result {
            write!(f, "HTTP {} code {}: {}", e.status, e.code, e.message)?;
            if !e.details.is_empty() {
                f.write_str(" (")?;
                fields(f, &e.details)?;
                f.write_str(")")?;
            }
            Ok(())
        }
        match self {
            ConnectorError::InvalidSettings(e) => {
                f.write_str("invalid settings: ")?;
                fields(f, e)
            }
            ConnectorError::InvalidInput(e) => {
                f.write_str("invalid input: ")?;
                fields(f, e)
            }
            ConnectorError::UnknownOperation(id) => write!(f, "unknown operation `{id}`"),
            ConnectorError::Unauthorized(e) => {
                f.write_str("unauthorized: ")?;
                api(f, e)
            }
            ConnectorError::Forbidden(e) => {
                f.write_str("forbidden: ")?;
                api(f, e)
            }
            ConnectorError::NotFound(e) => {
                f.write_str("not found: ")?;
                api(f, e)
            }
            ConnectorError::Conflict(e) => {
                f.write_str("conflict: ")?;
                api(f, e)
            }
            ConnectorError::Validation(e) => {
                f.write_str("rejected: ")?;
                api(f, e)
            }
            ConnectorError::RateLimited(r) => {
                f.write_str("rate limited")?;
                if let Some(ms) = r.retry_after_ms {
                    write!(f, ", retry after {ms} ms")?;
                }
                f.write_str(": ")?;
                api(f, &r.error)
            }
            ConnectorError::Server(e) => {
                f.write_str("server error: ")?;
                api(f, e)
            }
            ConnectorError::UnexpectedResponse(u) => {
                write!(f, "unexpected response (HTTP {}): {}", u.status, u.reason)
            }
        }
    }
}

impl std::error::Error for ConnectorError {}

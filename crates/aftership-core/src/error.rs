//! The typed errors a host can act on. None of them ever holds a credential.

use std::fmt;

use strum::{EnumDiscriminants, EnumString, IntoStaticStr, VariantArray};

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
    /// True for 429 and 5xx answers.
    pub retryable: bool,
}

/// Everything that can go wrong, one case per thing a host can do about it. Its case names
/// ([`ErrorKind`], snake_case) are the fixtures' and the manifest's `error_kinds`, and match the
/// WIT `connector-error` cases. New cases may be added: match with a wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, EnumDiscriminants)]
#[non_exhaustive]
#[strum_discriminants(
    name(ErrorKind),
    vis(pub),
    derive(IntoStaticStr, EnumString, VariantArray, Hash),
    strum(serialize_all = "snake_case"),
    // `non_exhaustive` as a list-form attribute, the only form `strum_discriminants` passes on.
    cfg_attr(all(), non_exhaustive),
    doc = "The case of a [`ConnectorError`], without its data (`ConnectorError::kind`)."
)]
pub enum ConnectorError {
    /// Fix the connection settings.
    #[error("invalid settings: {}", FieldList(.0))]
    InvalidSettings(Vec<FieldError>),
    /// Fix the operation input.
    #[error("invalid input: {}", FieldList(.0))]
    InvalidInput(Vec<FieldError>),
    /// The operation is not offered for this API type.
    #[error("unknown operation `{0}`")]
    UnknownOperation(String),
    /// 401: credentials refused.
    #[error("unauthorized: {}", Api(.0))]
    Unauthorized(ApiError),
    /// 403: not allowed.
    #[error("forbidden: {}", Api(.0))]
    Forbidden(ApiError),
    /// 404: no such resource.
    #[error("not found: {}", Api(.0))]
    NotFound(ApiError),
    /// 409: conflicts with the resource's state.
    #[error("conflict: {}", Api(.0))]
    Conflict(ApiError),
    /// 400/422 or a 4xxx code under HTTP 200.
    #[error("rejected: {}", Api(.0))]
    Validation(ApiError),
    /// 429.
    #[error("rate limited{}: {}", RetryAfter(.0.retry_after_ms), Api(&.0.error))]
    RateLimited(RateLimit),
    /// 5xx.
    #[error("server error: {}", Api(.0))]
    Server(ApiError),
    /// Not an AfterShip envelope.
    #[error("unexpected response (HTTP {}): {}", .0.status, .0.reason)]
    UnexpectedResponse(Unexpected),
}

impl ErrorKind {
    /// Snake-case name, as in fixtures and the manifest's `error_kinds`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl ConnectorError {
    /// Snake-case name of the case, as used in fixtures and the manifest.
    pub fn kind(&self) -> &'static str {
        ErrorKind::from(self).as_str()
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

/// Field errors as `field: message; field: message` (in error messages).
pub(crate) struct FieldList<'a>(pub &'a [FieldError]);

impl fmt::Display for FieldList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            let sep = if i == 0 { "" } else { "; " };
            write!(f, "{sep}{}: {}", e.field, e.message)?;
        }
        Ok(())
    }
}

/// An AfterShip error answer as `HTTP <status> code <code>: <message> (<details>)`.
struct Api<'a>(&'a ApiError);

impl fmt::Display for Api<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        write!(f, "HTTP {} code {}: {}", e.status, e.code, e.message)?;
        if !e.details.is_empty() {
            write!(f, " ({})", FieldList(&e.details))?;
        }
        Ok(())
    }
}

/// `, retry after <ms> ms` when the wait is known.
struct RetryAfter(Option<u64>);

impl fmt::Display for RetryAfter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(ms) => write!(f, ", retry after {ms} ms"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(details: Vec<FieldError>) -> ApiError {
        ApiError {
            status: 429,
            code: 42900,
            message: "slow down".into(),
            details,
            ..ApiError::default()
        }
    }

    #[test]
    fn messages_name_the_case_and_its_fields() {
        let e = ConnectorError::InvalidSettings(vec![
            FieldError::new("name", "required"),
            FieldError::new("api-key", "bad"),
        ]);
        assert_eq!(
            e.to_string(),
            "invalid settings: name: required; api-key: bad"
        );
        let limited = ConnectorError::RateLimited(RateLimit {
            retry_after_ms: Some(1500),
            error: api(vec![FieldError::new("x", "y")]),
        });
        assert_eq!(
            limited.to_string(),
            "rate limited, retry after 1500 ms: HTTP 429 code 42900: slow down (x: y)"
        );
        let unknown = ConnectorError::RateLimited(RateLimit {
            retry_after_ms: None,
            error: api(vec![]),
        });
        assert_eq!(
            unknown.to_string(),
            "rate limited: HTTP 429 code 42900: slow down"
        );
        assert_eq!(limited.kind(), "rate_limited");
    }

    #[test]
    fn kinds_are_the_snake_case_case_names() {
        let kinds: Vec<&str> = ErrorKind::VARIANTS.iter().map(|k| k.as_str()).collect();
        assert_eq!(kinds.len(), 11);
        assert_eq!(kinds[0], "invalid_settings");
        assert_eq!(kinds[10], "unexpected_response");
        for kind in ErrorKind::VARIANTS {
            assert_eq!(kind.as_str().parse::<ErrorKind>(), Ok(*kind));
        }
    }
}

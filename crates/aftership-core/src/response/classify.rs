//! Which answers are errors, and which typed error each one is.

use serde_json::value::RawValue;

use super::envelope::Meta;
use super::lenient::{lenient_bool, lenient_text};
use super::verdict::{self, is_retryable_status};
use crate::catalog::{FamilyRules, OperationSpec};
use crate::details::MAX_DETAILS;
use crate::error::{ApiError, ConnectorError, RateLimit, Unexpected};
use crate::retry::retry_after_ms;
use crate::types::{HttpResponse, RequestContext};

/// How many bytes of an unusable body an error shows.
const EXCERPT_BYTES: usize = 200;

/// Is `code` a success code for this family? The shared rule ([`verdict::is_success_code`]),
/// unless the family counts the code as a failure.
fn is_family_success_code(rules: &FamilyRules, code: i64) -> bool {
    !rules.failure_codes.contains(&code) && verdict::is_success_code(code)
}

/// The HTTP-like status an answer stands for, or `None` for a success. The family's own codes
/// come first (`apis/<family>.rs`, `RULES`), then the generic mapping by code width.
pub(super) fn error_status(rules: &FamilyRules, status: u16, code: Option<i64>) -> Option<u16> {
    if status >= 400 {
        return Some(status);
    }
    let code = code.filter(|&c| !is_family_success_code(rules, c))?;
    if let Some(mapped) = rules.status_for_code(code) {
        return Some(mapped);
    }
    Some(match code {
        400..=599 => code as u16,
        4000..=4999 => 400,
        5000..=5999 => 500,
        40000..=59999 => (code / 100) as u16,
        _ => 422,
    })
}

pub(super) fn classify(
    op: &OperationSpec,
    status: u16,
    response: &HttpResponse,
    context: &RequestContext,
    meta: Meta,
    data: Option<&RawValue>,
) -> ConnectorError {
    let code = meta.code().unwrap_or(0);
    let mut details = meta.details.0;
    details.extend(meta.errors.0);
    details.truncate(MAX_DETAILS);
    let message =
        lenient_text(meta.message.as_ref()).unwrap_or_else(|| default_message(status).to_string());
    let error = ApiError {
        status: response.status,
        code,
        error_type: lenient_text(meta.error_type.as_ref()),
        message,
        details,
        retryable: lenient_bool(meta.retryable.as_ref()).unwrap_or(is_retryable_status(status)),
        data: data
            .map(RawValue::get)
            .filter(|d| !matches!(d.trim(), "null" | "{}" | "[]" | ""))
            .map(str::to_string),
    };
    if let Some(field) = op.family.rules().settings_field(status, code) {
        return ConnectorError::settings(
            field,
            format!("AfterShip answered {code}: {}", error.message),
        );
    }
    match status {
        401 => ConnectorError::Unauthorized(error),
        403 => ConnectorError::Forbidden(error),
        404 => ConnectorError::NotFound(error),
        409 => ConnectorError::Conflict(error),
        429 => rate_limited(response, context, error),
        500.. => ConnectorError::Server(error),
        _ => ConnectorError::Validation(error),
    }
}

fn default_message(status: u16) -> &'static str {
    match status {
        401 => "the API key or token was refused",
        403 => "access to this resource is not allowed",
        404 => "the resource does not exist",
        409 => "the request conflicts with the resource's state",
        429 => "too many requests",
        500.. => "AfterShip had an internal error",
        _ => "the request was rejected",
    }
}

pub(super) fn rate_limited(
    response: &HttpResponse,
    context: &RequestContext,
    error: ApiError,
) -> ConnectorError {
    ConnectorError::RateLimited(RateLimit {
        retry_after_ms: retry_after_ms(response, context.now_unix_ms),
        error: ApiError {
            retryable: true,
            ..error
        },
    })
}

/// An answer that is not a usable envelope: its reason, and the first bytes of its body.
pub(super) fn unexpected(response: &HttpResponse, reason: String) -> ConnectorError {
    unexpected_body(response.status, &response.body, reason)
}

/// [`unexpected`] for a body no longer held in its response (`parse_response_owned`).
pub(super) fn unexpected_body(status: u16, body: &[u8], reason: String) -> ConnectorError {
    let end = body.len().min(EXCERPT_BYTES);
    let excerpt: String = String::from_utf8_lossy(&body[..end])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    ConnectorError::UnexpectedResponse(Unexpected {
        status,
        reason,
        excerpt,
        retryable: is_retryable_status(status),
    })
}

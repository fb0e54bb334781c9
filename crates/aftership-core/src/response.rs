//! Turns an HTTP response into the envelope's data (and the next page's input) or a typed error.
//!
//! AfterShip's envelope is `{meta:{code,type,message,details|errors,retryable}, data}` on every
//! API, but the codes differ: 3-digit HTTP-like (Tracking, Members, Parser), 4-digit under HTTP 200
//! (Shipping, Address), 5-digit `HHHxx` (Returns, Commerce, Protection). Errors are therefore
//! decided on `meta.code` as well as on the status.

use crate::error::{ApiError, ConnectorError};
use crate::request::resolve_operation;
pub use crate::retry::MAX_RETRY_AFTER_MS;
use crate::settings::Settings;
use crate::types::{DocumentFile, HttpResponse, Outcome, RequestContext};

mod classify;
mod envelope;
mod lenient;
mod listing;
mod paging;
mod verdict;

use classify::{classify, error_status, rate_limited, unexpected, unexpected_body};
use envelope::decode;
pub(crate) use lenient::lenient_int;
pub(crate) use paging::PageData;
pub(crate) use verdict::{is_retryable_status, is_success_code};

/// Parses the response to `operation_id` (called with the same input that built the request).
pub fn parse_response(
    settings: &Settings,
    operation_id: &str,
    input: &str,
    response: &HttpResponse,
    context: &RequestContext,
) -> Result<Outcome, ConnectorError> {
    let parts = parse_parts(settings, operation_id, input, response, context)?;
    let data = match parts.data.clone() {
        Some(range) => String::from_utf8_lossy(&response.body[range]).into_owned(),
        None => "null".to_string(),
    };
    Ok(parts.into_outcome(data))
}

/// [`parse_response`] for a response the caller gives away: the envelope's `data` is cut out of
/// the body in place instead of being copied, so a large answer is held once, not twice (the
/// component uses this, as the canonical ABI already hands it an owned body).
pub fn parse_response_owned(
    settings: &Settings,
    operation_id: &str,
    input: &str,
    response: HttpResponse,
    context: &RequestContext,
) -> Result<Outcome, ConnectorError> {
    let parts = parse_parts(settings, operation_id, input, &response, context)?;
    let data = match parts.data.clone() {
        Some(range) => {
            let mut body = response.body;
            body.truncate(range.end);
            body.drain(..range.start);
            // `decode` checked the whole body is UTF-8, and the range is a JSON value's bounds.
            String::from_utf8(body).map_err(|e| {
                unexpected_body(
                    response.status,
                    e.as_bytes(),
                    "the body is not UTF-8".to_string(),
                )
            })?
        }
        None => "null".to_string(),
    };
    Ok(parts.into_outcome(data))
}

/// A success, with `data` as a byte range of the body (`None`: empty body, data is `null`).
struct SuccessParts {
    data: Option<std::ops::Range<usize>>,
    next_page: Option<String>,
    files: Vec<DocumentFile>,
}

impl SuccessParts {
    fn into_outcome(self, data: String) -> Outcome {
        Outcome {
            data,
            next_page: self.next_page,
            files: self.files,
        }
    }
}

fn parse_parts(
    settings: &Settings,
    operation_id: &str,
    input: &str,
    response: &HttpResponse,
    context: &RequestContext,
) -> Result<SuccessParts, ConnectorError> {
    let op = resolve_operation(settings, operation_id)?;
    let envelope = match decode(&response.body) {
        Ok(envelope) => envelope,
        Err(reason) => {
            if response.status == 429 {
                return Err(rate_limited(
                    response,
                    context,
                    ApiError {
                        status: 429,
                        code: 429,
                        message: "too many requests".into(),
                        retryable: true,
                        ..ApiError::default()
                    },
                ));
            }
            return Err(unexpected(response, reason));
        }
    };
    let meta = envelope.meta.unwrap_or_default();
    let rules = op.family.rules();
    if let Some(status) = error_status(rules, response.status, meta.code()) {
        return Err(classify(op, status, response, context, meta, envelope.data));
    }
    if !(200..300).contains(&response.status) {
        return Err(unexpected(
            response,
            format!("HTTP {} is not a success status", response.status),
        ));
    }
    let data = match envelope.data {
        Some(data) => {
            // The raw value borrows from the body, so its position is an offset into it.
            let start = data.get().as_ptr() as usize - response.body.as_ptr() as usize;
            Some(start..start + data.get().len())
        }
        None if response.body.iter().all(u8::is_ascii_whitespace) => None,
        None => {
            return Err(unexpected(
                response,
                "the JSON body has no `data` member".to_string(),
            ))
        }
    };
    let (next_page, files) = listing::page_and_files(op, rules, input, envelope.data)?;
    Ok(SuccessParts {
        data,
        next_page,
        files,
    })
}

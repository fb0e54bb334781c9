//! Turns an HTTP response into the envelope's data (and the next page's input) or a typed error.
//!
//! AfterShip's envelope is `{meta:{code,type,message,details|errors,retryable}, data}` on every
//! API, but the codes differ: 3-digit HTTP-like (Tracking, Members, Parser), 4-digit under HTTP 200
//! (Shipping, Address), 5-digit `HHHxx` (Returns, Commerce, Protection). Errors are therefore
//! decided on `meta.code` as well as on the status.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use crate::catalog::{Family, OperationSpec, Paging, ParamKind};
use crate::details::{Details, MAX_DETAILS};
use crate::error::{ApiError, ConnectorError, RateLimit, Unexpected};
use crate::request::{parse_input, resolve_operation};
use crate::retry::retry_after_ms;
pub use crate::retry::MAX_RETRY_AFTER_MS;
use crate::settings::Settings;
use crate::types::{DocumentFile, HttpResponse, Outcome, RequestContext};

mod listing;

/// How many bytes of an unusable body an error shows.
const EXCERPT_BYTES: usize = 200;

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    meta: Option<Meta>,
    #[serde(borrow, default)]
    data: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
/// Every member is read as any JSON value and interpreted leniently, so one oddly typed member
/// (a string code, an object instead of a details array) never hides the whole error.
struct Meta {
    #[serde(default)]
    code: Option<Value>,
    #[serde(default, rename = "type")]
    error_type: Option<Value>,
    #[serde(default)]
    message: Option<Value>,
    #[serde(default)]
    details: Details,
    #[serde(default)]
    errors: Details,
    #[serde(default)]
    retryable: Option<Value>,
}

impl Meta {
    fn code(&self) -> Option<i64> {
        lenient_int(self.code.as_ref())
    }
}

/// A whole number given as a JSON number or a numeric string.
fn lenient_int(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A flag given as a JSON boolean or the strings `true` / `false`.
fn lenient_bool(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// Text given as a JSON string (other scalars are written out; null and empty are none).
fn lenient_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

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
            String::from_utf8(body).map_err(|_| {
                ConnectorError::UnexpectedResponse(Unexpected {
                    status: response.status,
                    reason: "the body is not UTF-8".to_string(),
                    excerpt: String::new(),
                    retryable: false,
                })
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
    if let Some(status) = error_status(op.family, response.status, meta.code()) {
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
    let (next_page, files) = listing::page_and_files(op, input, envelope.data)?;
    Ok(SuccessParts {
        data,
        next_page,
        files,
    })
}

fn decode(body: &[u8]) -> Result<Envelope<'_>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Envelope {
            meta: None,
            data: None,
        });
    }
    let text = std::str::from_utf8(body).map_err(|_| "the body is not UTF-8".to_string())?;
    serde_json::from_str::<Envelope<'_>>(text).map_err(|e| {
        if e.is_eof() {
            "the JSON body is truncated".to_string()
        } else if text.trim_start().starts_with('<') {
            "the body is HTML or XML, not JSON".to_string()
        } else {
            format!("the body is not an AfterShip JSON envelope ({e})")
        }
    })
}

/// Is `code` a success code? 2xx / 2xxxx (Returns-style) / legacy Postmen 3xxx.
fn is_success_code(family: Family, code: i64) -> bool {
    if family == Family::Parser && code == 20001 {
        return false; // "Unable to parse the order information".
    }
    (100..400).contains(&code) || (3000..4000).contains(&code) || (20000..30000).contains(&code)
}

/// Shipping `meta.code`s answered under HTTP 200 that mean "not found" (AfterShip Shipping
/// "Request Errors"): 4140 shipper account not found, 4153 item does not exist, 4157 rate is
/// not found. Every other 4xxx stays a validation error (4172 a rate limit).
const SHIPPING_NOT_FOUND: [i64; 3] = [4140, 4153, 4157];

/// Shipping `meta.code`s that report a failure on AfterShip's or the carrier's side, not in the
/// request (same page): 4100/4101 internal error, 4312 networking error. They are server errors,
/// retryable unless `meta.retryable` says otherwise.
const SHIPPING_SERVER_SIDE: [i64; 3] = [4100, 4101, 4312];

/// The HTTP-like status an answer stands for, or `None` for a success.
fn error_status(family: Family, status: u16, code: Option<i64>) -> Option<u16> {
    if status >= 400 {
        return Some(status);
    }
    let code = code.filter(|&c| !is_success_code(family, c))?;
    Some(match code {
        // Shipping codes that name a missing resource (Shipping "Request Errors" page).
        _ if family == Family::Shipping && SHIPPING_NOT_FOUND.contains(&code) => 404,
        _ if family == Family::Shipping && SHIPPING_SERVER_SIDE.contains(&code) => 500,
        400..=599 => code as u16,
        // Shipping 4172: "too many requests", answered under HTTP 200.
        4172 => 429,
        4000..=4999 => 400,
        5000..=5999 => 500,
        40000..=59999 => (code / 100) as u16,
        _ => 422,
    })
}

fn classify(
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
        retryable: lenient_bool(meta.retryable.as_ref()).unwrap_or(status == 429 || status >= 500),
        data: data
            .map(RawValue::get)
            .filter(|d| !matches!(d.trim(), "null" | "{}" | "[]" | ""))
            .map(str::to_string),
    };
    match status {
        401 => ConnectorError::Unauthorized(error),
        403 => ConnectorError::Forbidden(error),
        404 => ConnectorError::NotFound(error),
        409 => ConnectorError::Conflict(error),
        412 if op.family == Family::Commerce && (41201..=41204).contains(&code) => {
            ConnectorError::settings(
                "store-id",
                format!("AfterShip answered {code}: {}", error.message),
            )
        }
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

fn rate_limited(
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

fn unexpected(response: &HttpResponse, reason: String) -> ConnectorError {
    let end = response.body.len().min(EXCERPT_BYTES);
    let excerpt: String = String::from_utf8_lossy(&response.body[..end])
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    ConnectorError::UnexpectedResponse(Unexpected {
        status: response.status,
        reason,
        excerpt,
        retryable: response.status >= 500,
    })
}

#[derive(Deserialize, Default)]
/// The paging members of a listing's `data`, read leniently (numbers may come as strings);
/// every other member is skipped in place.
struct PageData {
    #[serde(default)]
    pagination: Option<Value>,
    #[serde(default)]
    next_token: Option<Value>,
    #[serde(default)]
    page: Option<Value>,
    #[serde(default)]
    limit: Option<Value>,
    #[serde(default)]
    count: Option<Value>,
}

/// The documented range of the operation's `page` parameter, if it has one.
fn page_range(op: &OperationSpec) -> Option<(i64, i64)> {
    op.query
        .iter()
        .find(|q| q.name == "page")
        .and_then(|q| match q.kind {
            ParamKind::Integer { min, max } => Some((min, max)),
            _ => None,
        })
}

/// The input of the next page, or `None` at the end of the listing.
///
/// The next-page input is always one the same operation accepts: a page-numbered listing ends
/// (no next page) when the next page number would be beyond the operation's documented
/// maximum (`page` ≤ 200 for most Commerce and Returns listings), even if AfterShip says
/// `has_next_page: true`; a caller that needs more must narrow the filter (e.g. a date range).
/// Clamping is not an option: asking for the last page again would loop forever.
fn next_page(
    op: &OperationSpec,
    input: &str,
    data: Option<&RawValue>,
) -> Result<Option<String>, ConnectorError> {
    let Some(data) = data else { return Ok(None) };
    let page: PageData = serde_json::from_str(data.get()).unwrap_or_default();
    next_page_from(op, input, page)
}

/// [`next_page`] with the paging members already read.
fn next_page_from(
    op: &OperationSpec,
    input: &str,
    page: PageData,
) -> Result<Option<String>, ConnectorError> {
    let paging = op.paging;
    let pagination = |key: &str| page.pagination.as_ref().and_then(|p| p.get(key));
    let mut input: Map<String, Value> = parse_input(input)?;
    let next = match paging {
        Paging::None => return Ok(None),
        Paging::Cursor => match lenient_text(pagination("next_cursor")) {
            Some(cursor) if lenient_bool(pagination("has_next_page")) != Some(false) => {
                input.insert("cursor".into(), Value::String(cursor));
                true
            }
            _ => false,
        },
        Paging::NextToken => match lenient_text(page.next_token.as_ref()) {
            Some(token) => {
                input.insert("next_token".into(), Value::String(token));
                true
            }
            None => false,
        },
        Paging::PageLimit => {
            let current = lenient_int(pagination("page"))
                .or(lenient_int(page.page.as_ref()))
                .or(lenient_int(input.get("page")))
                .unwrap_or(1);
            let limit = lenient_int(pagination("limit"))
                .or(lenient_int(page.limit.as_ref()))
                .or(lenient_int(input.get("limit")));
            let more = match (
                lenient_bool(pagination("has_next_page")),
                lenient_int(pagination("total")).or(lenient_int(page.count.as_ref())),
                limit,
            ) {
                (Some(more), _, _) => more,
                (None, Some(total), Some(limit)) if limit > 0 => {
                    current.checked_mul(limit).is_some_and(|seen| seen < total)
                }
                _ => false,
            };
            // A page number with no successor (i64::MAX), or one the operation refuses, ends
            // paging instead of handing back an input `build-request` would refuse.
            let allowed =
                |next: &i64| page_range(op).is_some_and(|(min, max)| (min..=max).contains(next));
            match current.checked_add(1).filter(|_| more).filter(allowed) {
                Some(next) => {
                    input.insert("page".into(), Value::from(next));
                    true
                }
                None => false,
            }
        }
    };
    Ok(next.then(|| Value::Object(input).to_string()))
}

//! The fuzz targets: each draws its case from the bytes, runs the core and applies the oracles.

use aftership_core::{
    build_request, connection_test, parse_response, validate_settings, ConnectorError,
    HttpResponse, OperationSpec, Paging, RequestContext, Settings, MAX_RETRY_AFTER_MS,
};
use arbitrary::Unstructured;
use serde_json::{json, Value};

use crate::gen::{self, text, R};
use crate::oracles::{self, no_secret, Finding};
use crate::stats;

/// Every target, by name.
pub const TARGETS: [&str; 5] = [
    "build-request",
    "parse-response",
    "validate-settings",
    "verify-webhook",
    "oauth",
];

/// Runs one case of `target` from `bytes`; `Err` is a finding.
pub fn run(target: &str, bytes: &[u8]) -> Result<(), Finding> {
    let mut u = Unstructured::new(bytes);
    let result = match target {
        "build-request" => build_target(&mut u),
        "parse-response" => parse_target(&mut u),
        "validate-settings" => validate_target(&mut u),
        "verify-webhook" => crate::auth_targets::webhook_target(&mut u),
        "oauth" => crate::auth_targets::oauth_target(&mut u),
        other => return Err(format!("unknown target {other}")),
    };
    // Running out of bytes mid-case is not a finding.
    result.unwrap_or(Ok(()))
}

pub(crate) fn context(u: &mut Unstructured) -> R<RequestContext> {
    Ok(RequestContext {
        now_unix_ms: match u.int_in_range(0..=3u8)? {
            0 => u.arbitrary()?,
            _ => 1_783_327_777_000,
        },
        request_id: if u.ratio(1, 4)? { Some(text(u)?) } else { None },
    })
}

fn ok_response(data: Value) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: json!({"meta": {"code": 200, "message": "OK", "type": "OK"}, "data": data})
            .to_string()
            .into_bytes(),
    }
}

/// `data` of a listing page in any of the paging shapes, with edge values.
fn paging_data(u: &mut Unstructured) -> R<Value> {
    let int = |u: &mut Unstructured| -> R<Value> {
        Ok(match u.int_in_range(0..=5u8)? {
            0 => json!(u.arbitrary::<i64>()?),
            1 => json!(i64::MAX),
            2 => json!(u.int_in_range(-2..=12_000i64)?.to_string()),
            _ => json!(u.int_in_range(0..=1001i64)?),
        })
    };
    Ok(json!({
        "pagination": {
            "page": int(u)?, "limit": int(u)?, "total": int(u)?,
            "has_next_page": u.arbitrary::<bool>()?, "next_cursor": text(u)?,
        },
        "next_token": if u.arbitrary()? { Value::String(text(u)?) } else { Value::Null },
        "page": int(u)?, "limit": int(u)?, "count": int(u)?,
    }))
}

/// A next page the answer handed back must be an input the same operation accepts.
fn next_accepted(
    settings: &Settings,
    op: &OperationSpec,
    next: &str,
    ctx: &RequestContext,
) -> Result<(), Finding> {
    if let Err(e) = build_request(settings, &op.id(), next, ctx) {
        return Err(format!("{}: next page {next} refused: {e}", op.id()));
    }
    stats::hit(&stats::NEXT_PAGES);
    Ok(())
}

fn build_target(u: &mut Unstructured) -> R<Result<(), Finding>> {
    let op = gen::operation(u)?;
    let settings = gen::settings(u, op.family.api_type())?;
    let input = gen::input(u, op)?;
    let ctx = context(u)?;
    let paging = if op.paging != Paging::None {
        Some(paging_data(u)?)
    } else {
        None
    };
    Ok(check_build(&settings, op, &input, &ctx, paging))
}

/// Every build oracle for one case; `paging` is the `data` of a listing page to follow.
pub fn check_build(
    settings: &Settings,
    op: &OperationSpec,
    input: &str,
    ctx: &RequestContext,
    paging: Option<Value>,
) -> Result<(), Finding> {
    let request = match build_request(settings, &op.id(), input, ctx) {
        Ok(request) => request,
        Err(e) => {
            stats::hit(&stats::ERRORS);
            return oracles::error_is_clean(&e, &format!("{} error", op.id()));
        }
    };
    stats::hit(&stats::BUILT);
    oracles::headers_are_safe(&request.headers)?;
    oracles::url_survives_whatwg(&request.url)?;
    oracles::request_keeps_secrets(settings, &request)?;
    if oracles::signature_verifies(settings, &request)? {
        stats::hit(&stats::SIGNED);
    }
    // build → parse of a matching 2xx envelope succeeds.
    if let Err(e) = parse_response(settings, &op.id(), input, &ok_response(json!({})), ctx) {
        return Err(format!("{}: a 2xx envelope failed to parse: {e}", op.id()));
    }
    let Some(data) = paging else {
        return Ok(());
    };
    match parse_response(settings, &op.id(), input, &ok_response(data), ctx) {
        Ok(outcome) => match outcome.next_page {
            Some(next) => next_accepted(settings, op, &next, ctx),
            None => Ok(()),
        },
        Err(e) => {
            oracles::error_is_clean(&e, "a paging answer's error")?;
            Err(format!(
                "{}: a 2xx listing page failed to parse: {e}",
                op.id()
            ))
        }
    }
}

pub(crate) const STATUSES: [u16; 16] = [
    200, 201, 204, 400, 401, 403, 404, 409, 412, 422, 429, 500, 502, 503, 0, 999,
];
const CODES: [i64; 14] = [
    200, 201, 4104, 4140, 4172, 4100, 41201, 42200, 40100, 429, 500, 20001, 0, -1,
];

fn response(u: &mut Unstructured) -> R<HttpResponse> {
    let status = if u.ratio(1, 10)? {
        u.arbitrary()?
    } else {
        *u.choose(&STATUSES)?
    };
    let mut headers = Vec::new();
    for _ in 0..u.int_in_range(0..=3u8)? {
        let name = u
            .choose(&[
                "retry-after",
                "x-ratelimit-reset",
                "ratelimit-reset",
                "content-type",
            ])?
            .to_string();
        let value = match u.int_in_range(0..=4u8)? {
            0 => "Mon, 06 Jul 2026 08:50:07 GMT".to_string(),
            1 => u.arbitrary::<u64>()?.to_string(),
            2 => "99999999999999999999".into(),
            _ => text(u)?,
        };
        headers.push((name, value));
    }
    let body = match u.int_in_range(0..=9u8)? {
        0 | 1 => u.arbitrary::<Vec<u8>>()?,
        2 => {
            let n = u.int_in_range(0..=5000usize)?;
            let item = r#"{"path":"a","info":"b"}"#;
            format!(
                r#"{{"meta":{{"code":422,"details":[{}]}},"data":{{}}}}"#,
                vec![item; n].join(",")
            )
            .into_bytes()
        }
        _ => {
            let meta = json!({
                "code": if u.ratio(1, 5)? { gen::json_value(u, 0)? } else { json!(u.choose(&CODES)?) },
                "type": gen::json_value(u, 0)?,
                "message": gen::json_value(u, 0)?,
                "details": gen::json_value(u, 2)?,
                "errors": gen::json_value(u, 1)?,
                "retryable": gen::json_value(u, 0)?,
            });
            let data = if u.ratio(1, 2)? {
                paging_data(u)?
            } else {
                gen::json_value(u, 3)?
            };
            let mut bytes = json!({"meta": meta, "data": data}).to_string().into_bytes();
            if u.ratio(1, 10)? {
                // Truncated anywhere, even inside a UTF-8 sequence.
                let cut = u.int_in_range(0..=bytes.len())?;
                bytes.truncate(cut);
            }
            bytes
        }
    };
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn parse_target(u: &mut Unstructured) -> R<Result<(), Finding>> {
    let op = gen::operation(u)?;
    let settings = gen::settings(u, op.family.api_type())?;
    let input = gen::input(u, op)?;
    let ctx = context(u)?;
    let response = response(u)?;
    Ok(check_parse(&settings, op, &input, &response, &ctx))
}

/// Every parse oracle for one case.
pub fn check_parse(
    settings: &Settings,
    op: &OperationSpec,
    input: &str,
    response: &HttpResponse,
    ctx: &RequestContext,
) -> Result<(), Finding> {
    match parse_response(settings, &op.id(), input, response, ctx) {
        Ok(outcome) => {
            stats::hit(&stats::PARSED_OK);
            if serde_json::from_str::<Value>(&outcome.data).is_err() {
                return Err(format!("{}: outcome data is not JSON", op.id()));
            }
            no_secret(&format!("{outcome:?}"), "an outcome")?;
            if let Some(next) = &outcome.next_page {
                if build_request(settings, &op.id(), input, ctx).is_ok() {
                    next_accepted(settings, op, next, ctx)?;
                }
            }
            Ok(())
        }
        Err(e) => {
            stats::hit(&stats::ERRORS);
            oracles::error_is_clean(&e, "a parse error")?;
            if let ConnectorError::RateLimited(r) = &e {
                if r.retry_after_ms.is_some_and(|ms| ms > MAX_RETRY_AFTER_MS) {
                    return Err("retry-after-ms above its ceiling".into());
                }
            }
            if let ConnectorError::Validation(a) | ConnectorError::Server(a) = &e {
                if a.details.len() > 100 {
                    return Err("more than 100 details kept".into());
                }
            }
            Ok(())
        }
    }
}

fn validate_target(u: &mut Unstructured) -> R<Result<(), Finding>> {
    let settings = gen::wild_settings(u)?;
    let ctx = context(u)?;
    Ok(check_validate(&settings, &ctx))
}

/// Every settings oracle: errors hold no secret, and settings that validate can build.
pub fn check_validate(settings: &Settings, ctx: &RequestContext) -> Result<(), Finding> {
    let errors = validate_settings(settings);
    no_secret(&format!("{settings:?}"), "Debug of settings")?;
    if !errors.is_empty() {
        stats::hit(&stats::ERRORS);
        return oracles::error_is_clean(&ConnectorError::InvalidSettings(errors), "validation");
    }
    // Settings that validate must build: the connection test may only fail on store-id.
    match connection_test(settings, ctx) {
        Ok(check) => {
            stats::hit(&stats::BUILT);
            oracles::headers_are_safe(&check.request.headers)?;
            oracles::url_survives_whatwg(&check.request.url)?;
            oracles::request_keeps_secrets(settings, &check.request)
        }
        Err(ConnectorError::InvalidInput(f))
            if f.iter().all(|f| f.field.starts_with("context")) =>
        {
            Ok(())
        }
        Err(e) => {
            oracles::error_is_clean(&e, "connection test")?;
            match &e {
                ConnectorError::InvalidSettings(f) if f.iter().all(|f| f.field == "store-id") => {
                    Ok(())
                }
                _ => Err(format!(
                    "valid settings, but the connection test failed: {e}"
                )),
            }
        }
    }
}

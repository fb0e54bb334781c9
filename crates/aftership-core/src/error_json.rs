//! The JSON form of a [`ConnectorError`], the one the fixtures, the CLI runner's output and the
//! OAuth and webhook forms (`oauth_error_json`, `webhook_error_json`) share.

use serde_json::{json, Value};

use crate::error::{ApiError, ConnectorError, FieldError};

fn fields_json(fields: &[FieldError]) -> Value {
    fields
        .iter()
        .map(|f| json!({"field": f.field, "message": f.message}))
        .collect()
}

fn api_json(kind: &str, e: &ApiError) -> Value {
    json!({
        "kind": kind,
        "status": e.status,
        "code": e.code,
        "error_type": e.error_type,
        "message": e.message,
        "details": fields_json(&e.details),
        "retryable": e.retryable,
        "data": e.data.as_deref().map(|d| serde_json::from_str::<Value>(d).unwrap_or(Value::Null)),
    })
}

/// The JSON form of an error: `{kind, …}` with the case's members in snake_case, as fixtures,
/// the CLI runner and the host packages write it (the connector's twin of
/// `oauth::oauth_error_json` and `webhook::webhook_error_json`).
pub fn connector_error_json(error: &ConnectorError) -> Value {
    let kind = error.kind();
    match error {
        ConnectorError::InvalidSettings(f) | ConnectorError::InvalidInput(f) => {
            json!({"kind": kind, "fields": fields_json(f)})
        }
        ConnectorError::UnknownOperation(message) => json!({"kind": kind, "message": message}),
        ConnectorError::Unauthorized(e)
        | ConnectorError::Forbidden(e)
        | ConnectorError::NotFound(e)
        | ConnectorError::Conflict(e)
        | ConnectorError::Validation(e)
        | ConnectorError::Server(e) => api_json(kind, e),
        ConnectorError::RateLimited(r) => {
            let mut value = api_json(kind, &r.error);
            value["retry_after_ms"] = json!(r.retry_after_ms);
            value
        }
        ConnectorError::UnexpectedResponse(u) => json!({
            "kind": kind,
            "status": u.status,
            "reason": u.reason,
            "excerpt": u.excerpt,
            "retryable": u.retryable,
        }),
        // A case added later without a form of its own.
        #[allow(unreachable_patterns)]
        _ => json!({"kind": kind, "message": error.to_string()}),
    }
}

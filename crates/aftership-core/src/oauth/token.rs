//! The token request (code exchange or refresh) and the token endpoint's answer.

use serde_json::{Map, Value};

use super::{opt_str, OAuthApp, OAuthError, ProviderError, TokenGrant, TokenSet};
use crate::encode::percent_encode;
use crate::error::Unexpected;
use crate::secret::Secret;
use crate::types::{HttpRequest, HttpResponse, Method};

/// Builds the token request: `POST <token-url>`, `application/x-www-form-urlencoded` body with
/// `grant_type` and `code` or `refresh_token`, then `client_id` and `client_secret`.
pub fn token_request(app: &OAuthApp, grant: &TokenGrant) -> Result<HttpRequest, OAuthError> {
    let errors = app.validate();
    if !errors.is_empty() {
        return Err(OAuthError::InvalidApp(errors));
    }
    let (grant_type, field, value) = match grant {
        TokenGrant::AuthorizationCode(code) => ("authorization_code", "code", code),
        TokenGrant::RefreshToken(token) => ("refresh_token", "refresh_token", token),
    };
    if value.is_blank() {
        return Err(OAuthError::input(field, "required"));
    }
    if value.expose().len() > 4096 || value.expose().bytes().any(|b| b.is_ascii_control()) {
        return Err(OAuthError::input(
            field,
            "at most 4096 characters, no control characters",
        ));
    }
    let form = [
        ("grant_type", grant_type),
        (field, value.expose()),
        ("client_id", app.client_id.as_str()),
        ("client_secret", app.client_secret.expose()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", percent_encode(v)))
    .collect::<Vec<_>>()
    .join("&");
    Ok(HttpRequest {
        method: Method::Post,
        url: app.token_url().to_string(),
        headers: vec![
            (
                "content-type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ),
            ("accept".to_string(), "application/json".to_string()),
        ],
        body: Some(form),
    })
}

/// Reads the token endpoint's answer. Success: a 2xx JSON object (or AfterShip envelope whose
/// `data` is one) with a non-empty `access_token`; `expires_at` is `now + expires_in`.
/// Failure: `{error, error_description}` (or an envelope `meta`) → [`OAuthError::TokenRejected`];
/// anything else → [`OAuthError::UnexpectedResponse`] (no excerpt of a 2xx body, which could
/// hold a token).
pub fn parse_token_response(
    response: &HttpResponse,
    now_unix_ms: u64,
) -> Result<TokenSet, OAuthError> {
    let status = response.status;
    let success = (200..300).contains(&status);
    let unexpected = |reason: &str| {
        let excerpt = if success {
            String::new()
        } else {
            String::from_utf8_lossy(&response.body[..response.body.len().min(200)]).into_owned()
        };
        OAuthError::UnexpectedResponse(Unexpected {
            status,
            reason: reason.to_string(),
            excerpt,
            retryable: status >= 500 || status == 429,
        })
    };
    let root = match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(unexpected("the body is not a JSON object")),
        Err(_) => return Err(unexpected("the body is not JSON")),
    };
    // AfterShip's own envelope, in case the endpoint uses it (UNCONFIRMED either way).
    let meta = root.get("meta").and_then(Value::as_object);
    let body = match (root.get("data"), meta) {
        (Some(Value::Object(data)), Some(_)) if !root.contains_key("access_token") => data,
        _ => &root,
    };
    let meta_failed = meta
        .and_then(|m| m.get("code"))
        .and_then(Value::as_i64)
        .is_some_and(|code| !(200..300).contains(&code) && !(20000..30000).contains(&code));

    if !success || root.contains_key("error") || meta_failed {
        if let Some(error) = root.get("error").and_then(Value::as_str) {
            return Err(OAuthError::TokenRejected(ProviderError {
                status,
                error: error.to_string(),
                description: root
                    .get("error_description")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                retryable: status >= 500 || status == 429,
            }));
        }
        if let Some(meta) = meta {
            let error = meta
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| meta.get("code").map(Value::to_string))
                .unwrap_or_else(|| format!("http_{status}"));
            return Err(OAuthError::TokenRejected(ProviderError {
                status,
                error,
                description: meta
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                retryable: status >= 500 || status == 429,
            }));
        }
        return Err(unexpected("an error answer without an `error` member"));
    }

    let access_token = match body.get("access_token") {
        Some(Value::String(t)) if !t.trim().is_empty() => Secret::new(t.clone()),
        _ => return Err(unexpected("no access_token in the answer")),
    };
    let refresh_token = body
        .get("refresh_token")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .map(Secret::new);
    let expires_in = match body.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    let scope = match body.get("scope") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    };
    Ok(TokenSet {
        access_token,
        refresh_token,
        token_type: body
            .get("token_type")
            .and_then(Value::as_str)
            .map(str::to_string),
        scope,
        expires_in,
        expires_at_unix_ms: expires_in.map(|s| now_unix_ms.saturating_add(s.saturating_mul(1000))),
    })
}

/// The JSON form of a token set for fixtures and tests (tokens included: it is the output).
pub fn token_set_json(tokens: &TokenSet) -> Value {
    let mut map = Map::new();
    map.insert(
        "access_token".into(),
        Value::String(tokens.access_token.expose().to_string()),
    );
    map.insert(
        "refresh_token".into(),
        tokens
            .refresh_token
            .as_ref()
            .map_or(Value::Null, |t| Value::String(t.expose().to_string())),
    );
    map.insert("token_type".into(), opt_str(&tokens.token_type));
    map.insert("scope".into(), opt_str(&tokens.scope));
    map.insert(
        "expires_in".into(),
        tokens.expires_in.map_or(Value::Null, Value::from),
    );
    map.insert(
        "expires_at_unix_ms".into(),
        tokens.expires_at_unix_ms.map_or(Value::Null, Value::from),
    );
    Value::Object(map)
}

//! The token request (code exchange or refresh) and the token endpoint's answer.

use serde_json::{Map, Value};

use super::{opt_str, OAuthApp, OAuthError, ProviderError, TokenFields, TokenGrant, TokenSet};
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
/// Failure: `invalid_grant`, or an AfterShip envelope (`meta`) under HTTP 400/401 →
/// [`OAuthError::Reauthorize`] (send the merchant through consent again); another
/// `{error, error_description}` or envelope → [`OAuthError::TokenRejected`]; anything else →
/// [`OAuthError::UnexpectedResponse`]. An excerpt never quotes a 2xx body, and quotes an error
/// body only with its secret-looking members masked (see [`redacted_excerpt`]).
pub fn parse_token_response(
    response: &HttpResponse,
    now_unix_ms: u64,
) -> Result<TokenSet, OAuthError> {
    parse_token_response_with(response, now_unix_ms, &TokenFields::default())
}

/// [`parse_token_response`] reading the success members under the names `fields` gives (for a
/// token endpoint whose answer does not use the RFC 6749 names; AfterShip documents none).
pub fn parse_token_response_with(
    response: &HttpResponse,
    now_unix_ms: u64,
    fields: &TokenFields,
) -> Result<TokenSet, OAuthError> {
    let names = fields.names()?;
    let status = response.status;
    let success = (200..300).contains(&status);
    let unexpected = |reason: &str| {
        let excerpt = if success {
            String::new()
        } else {
            redacted_excerpt(&response.body)
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
        (Some(Value::Object(data)), Some(_)) if !root.contains_key(names.access_token) => data,
        _ => &root,
    };
    let meta_failed = meta
        .and_then(|m| m.get("code"))
        .and_then(Value::as_i64)
        .is_some_and(|code| !(200..300).contains(&code) && !(20000..30000).contains(&code));

    if !success || root.contains_key("error") || meta_failed {
        if let Some(error) = root.get("error").and_then(Value::as_str) {
            let provider = ProviderError {
                status,
                error: error.to_string(),
                description: root
                    .get("error_description")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                retryable: status >= 500 || status == 429,
            };
            // RFC 6749 §5.2: the code or refresh token is invalid, expired or revoked.
            return Err(if error == "invalid_grant" {
                OAuthError::Reauthorize(provider)
            } else {
                OAuthError::TokenRejected(provider)
            });
        }
        if let Some(meta) = meta {
            let error = meta
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| meta.get("code").map(Value::to_string))
                .unwrap_or_else(|| format!("http_{status}"));
            let provider = ProviderError {
                status,
                error,
                description: meta
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                retryable: status >= 500 || status == 429,
            };
            // AfterShip's OAuth reference shows only its `meta` envelope (oauth-facts G), so a
            // refused grant most likely arrives as a 400/401 envelope, never as `invalid_grant`:
            // treat it the same way, or a host waiting for `invalid_grant` never re-authorizes.
            return Err(if matches!(status, 400 | 401) {
                OAuthError::Reauthorize(provider)
            } else {
                OAuthError::TokenRejected(provider)
            });
        }
        return Err(unexpected("an error answer without an `error` member"));
    }

    let access_token = match body.get(names.access_token) {
        Some(Value::String(t)) if !t.trim().is_empty() => Secret::new(t.clone()),
        _ => return Err(unexpected("no access_token in the answer")),
    };
    let refresh_token = body
        .get(names.refresh_token)
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .map(Secret::new);
    let expires_in = match body.get(names.expires_in) {
        Some(Value::Number(n)) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    let scope = match body.get(names.scope) {
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
            .get(names.token_type)
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

/// Members whose value is (or may be) a credential. Matched case-insensitively; any member whose
/// name contains `token`, `secret` or `password` counts too.
const SECRET_MEMBERS: &[&str] = &[
    "code",
    "api_key",
    "apikey",
    "assertion",
    "hmac",
    "signature",
];

fn is_secret_member(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_MEMBERS.contains(&name.as_str())
        || ["token", "secret", "password"]
            .iter()
            .any(|part| name.contains(part))
}

/// Replaces the value of every secret-looking member (strings, arrays, objects; numbers such as
/// `meta.code` are kept) with `"[redacted]"`, at any depth.
fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (name, member) in map.iter_mut() {
                if is_secret_member(name) && !matches!(member, Value::Number(_) | Value::Bool(_)) {
                    *member = Value::String("[redacted]".into());
                } else {
                    redact(member);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

/// Longest excerpt of an error body, in bytes.
const EXCERPT_MAX: usize = 200;

/// The excerpt of a non-2xx token answer (the WIT contract: an OAuth error never holds a token).
/// JSON is re-written with secret-looking members masked, then cut; any other body is quoted only
/// when no secret-looking word (`token`, `secret`, `password`, `code=`, `"code"`) appears in it,
/// so a truncated JSON or a form-encoded answer carrying a token is never copied.
pub fn redacted_excerpt(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<Value>(body) {
        Ok(mut value) => {
            redact(&mut value);
            value.to_string()
        }
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let lower = text.to_ascii_lowercase();
            let suspicious = ["token", "secret", "password", "code=", "\"code\""]
                .iter()
                .any(|word| lower.contains(word));
            if suspicious {
                return "[withheld: the body may carry a credential]".into();
            }
            text.into_owned()
        }
    };
    let mut end = text.len().min(EXCERPT_MAX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTINEL: &str = "tok-SENTINEL-9f8e7d";

    fn answer(status: u16, body: &str) -> OAuthError {
        let response = HttpResponse {
            status,
            headers: vec![],
            body: body.as_bytes().to_vec(),
        };
        parse_token_response(&response, 0).expect_err("an error answer")
    }

    /// Issue 9 defect 3: a non-2xx answer carrying tokens must not be echoed in the excerpt.
    #[test]
    fn error_answers_never_echo_a_token() {
        let bodies = [
            format!(r#"{{"access_token":"{SENTINEL}","refresh_token":"{SENTINEL}"}}"#),
            format!(r#"{{"data":{{"id_token":"{SENTINEL}"}},"client_secret":"{SENTINEL}"}}"#),
            format!(r#"{{"access_token":"{SENTINEL}"#),
            format!("access_token={SENTINEL}&token_type=bearer"),
            format!(r#"[{{"code":"{SENTINEL}"}}]"#),
            format!(r#"{{"Refresh_Token":["{SENTINEL}"]}}"#),
        ];
        for status in [302, 400, 401, 500, 503] {
            for body in &bodies {
                let error = answer(status, body);
                let shown = format!(
                    "{error} {error:?} {}",
                    super::super::oauth_error_json(&error)
                );
                assert!(!shown.contains(SENTINEL), "{status} {body}: {shown}");
            }
        }
    }

    #[test]
    fn excerpts_keep_what_is_not_secret() {
        assert_eq!(
            redacted_excerpt(br#"{"meta":{"code":500,"message":"down"},"access_token":"x"}"#),
            r#"{"meta":{"code":500,"message":"down"},"access_token":"[redacted]"}"#
        );
        assert_eq!(redacted_excerpt(b"<html>502</html>"), "<html>502</html>");
        assert_eq!(redacted_excerpt("é".repeat(150).as_bytes()).len(), 200);
    }

    #[test]
    fn refused_grants_ask_for_reauthorization() {
        for (status, body) in [
            (400, r#"{"error":"invalid_grant"}"#),
            (
                401,
                r#"{"meta":{"code":401,"type":"Unauthorized","message":"x"},"data":{}}"#,
            ),
            (400, r#"{"meta":{"code":400,"type":"BadRequest"}}"#),
        ] {
            assert_eq!(answer(status, body).kind(), "reauthorize", "{body}");
        }
        for (status, body) in [
            (401, r#"{"error":"invalid_client"}"#),
            (500, r#"{"meta":{"code":500,"type":"InternalError"}}"#),
            (200, r#"{"meta":{"code":4001,"type":"BadRequest"}}"#),
        ] {
            assert_eq!(answer(status, body).kind(), "token_rejected", "{body}");
        }
    }
}

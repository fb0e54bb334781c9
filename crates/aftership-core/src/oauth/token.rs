//! The token request (code exchange or refresh) and the token endpoint's answer.

use serde_json::{Map, Value};

use super::excerpt::error_excerpt;
use super::fields::FieldNames;
use super::{opt_str, OAuthApp, OAuthError, ProviderError, TokenFields, TokenGrant, TokenSet};
use crate::encode::percent_encode;
use crate::error::Unexpected;
use crate::response::{is_retryable_status, is_success_code, lenient_int};
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
/// [`OAuthError::UnexpectedResponse`]. An excerpt never quotes a 2xx body, and describes an
/// error body by an allow-list only (see [`error_excerpt`]), so no credential reaches it under
/// any name. `meta.code` is judged by the same rule as every API answer (1xx-3xx, 3xxx, 2xxxx
/// are success), and 429 / 5xx are retryable, as for every API answer.
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
    let root = match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(unexpected(response, "the body is not a JSON object")),
        Err(_) => return Err(unexpected(response, "the body is not JSON")),
    };
    // AfterShip's own envelope, in case the endpoint uses it (UNCONFIRMED either way).
    let meta = root.get("meta").and_then(Value::as_object);
    let body = match (root.get("data"), meta) {
        (Some(Value::Object(data)), Some(_)) if !root.contains_key(names.access_token) => data,
        _ => &root,
    };
    let meta_failed = meta
        .and_then(|m| lenient_int(m.get("code")))
        .is_some_and(|code| !is_success_code(code));
    if !success || root.contains_key("error") || meta_failed {
        return Err(failure(response, &root, meta));
    }
    token_set(response, body, &names, now_unix_ms)
}

/// The error a failed answer stands for: the RFC 6749 `error`, else the AfterShip envelope's
/// `meta`, else an unexpected answer.
fn failure(
    response: &HttpResponse,
    root: &Map<String, Value>,
    meta: Option<&Map<String, Value>>,
) -> OAuthError {
    let status = response.status;
    let provider = |error: String, description: Option<&Value>| ProviderError {
        status,
        error,
        description: description.and_then(Value::as_str).map(str::to_string),
        retryable: is_retryable_status(status),
    };
    if let Some(error) = root.get("error").and_then(Value::as_str) {
        let provider = provider(error.to_string(), root.get("error_description"));
        // RFC 6749 §5.2: the code or refresh token is invalid, expired or revoked.
        return if error == "invalid_grant" {
            OAuthError::Reauthorize(provider)
        } else {
            OAuthError::TokenRejected(provider)
        };
    }
    if let Some(meta) = meta {
        let error = meta
            .get("type")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| lenient_int(meta.get("code")).map(|code| code.to_string()))
            .unwrap_or_else(|| format!("http_{status}"));
        let provider = provider(error, meta.get("message"));
        // AfterShip's OAuth reference shows only its `meta` envelope (oauth-facts G), so a
        // refused grant most likely arrives as a 400/401 envelope, never as `invalid_grant`:
        // treat it the same way, or a host waiting for `invalid_grant` never re-authorizes.
        return if matches!(status, 400 | 401) {
            OAuthError::Reauthorize(provider)
        } else {
            OAuthError::TokenRejected(provider)
        };
    }
    unexpected(response, "an error answer without an `error` member")
}

/// An answer that cannot be used; a 2xx body is never quoted (it may hold a token).
fn unexpected(response: &HttpResponse, reason: &str) -> OAuthError {
    let status = response.status;
    OAuthError::UnexpectedResponse(Unexpected {
        status,
        reason: reason.to_string(),
        excerpt: if (200..300).contains(&status) {
            String::new()
        } else {
            error_excerpt(response)
        },
        retryable: is_retryable_status(status),
    })
}

/// The token set of a successful answer (`body`: the root object or the envelope's `data`).
fn token_set(
    response: &HttpResponse,
    body: &Map<String, Value>,
    names: &FieldNames<'_>,
    now_unix_ms: u64,
) -> Result<TokenSet, OAuthError> {
    let access_token = match body.get(names.access_token) {
        Some(Value::String(t)) if !t.trim().is_empty() => Secret::new(t.clone()),
        _ => return Err(unexpected(response, "no access_token in the answer")),
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

    /// Issue 24: bodies that passed the old redaction by member name.
    #[test]
    fn mutated_answers_never_echo_a_token() {
        let bodies = [
            format!(r#"{{"access_token":"{SENTINEL}","refresh_toen":"{SENTINEL}"}}"#),
            format!(r#"{{"acess_tkn":"{SENTINEL}","meta":{{"code":500}}}}"#),
            format!(r#"{{"ReFrEsH":"{SENTINEL}","error":7}}"#),
            format!(r#"{{"data":[{{"r":["{SENTINEL}"]}}],"note":"x"}}"#),
            format!("oops refresh={SENTINEL}"),
            format!("oops rfrsh {SENTINEL}"),
        ];
        for status in [400, 401, 429, 500, 503] {
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
    fn meta_code_and_retryable_follow_the_api_rules() {
        // A lenient (string) failure code is a failure, as in `parse-response`.
        assert_eq!(
            answer(
                200,
                r#"{"meta":{"code":"4001","type":"BadRequest"},"access_token":"a"}"#
            )
            .kind(),
            "token_rejected"
        );
        // 3xxx is a success code for every API answer, so it is one here too.
        let ok = HttpResponse {
            status: 200,
            headers: vec![],
            body: br#"{"meta":{"code":3001},"data":{"access_token":"a"}}"#.to_vec(),
        };
        assert!(parse_token_response(&ok, 0).is_ok());
        let retryable = |status, body: &str| match answer(status, body) {
            OAuthError::TokenRejected(e) | OAuthError::Reauthorize(e) => e.retryable,
            OAuthError::UnexpectedResponse(u) => u.retryable,
            other => panic!("{other:?}"),
        };
        assert!(retryable(429, r#"{"error":"slow_down"}"#));
        assert!(retryable(429, "<html>"));
        assert!(retryable(502, r#"{"meta":{"code":502}}"#));
        assert!(!retryable(400, r#"{"error":"invalid_request"}"#));
        assert!(!retryable(404, "<html>"));
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

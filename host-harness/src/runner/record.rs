//! `call --record`: writes the exchange as a new fixture in which every credential is a
//! placeholder. The expected request is rebuilt through the component with the test credentials
//! (so signatures match on replay), the real credentials are scrubbed from the whole text as a
//! last guard, and the fixture must replay before it is written.

use aftership_core::{connector_error_json, SettingsFile, CONNECTION_TEST};
use aftership_core::{AuthMode, HttpResponse, RequestContext, Secret, Settings};
use aftership_fixtures::fixture::{self, Fixture, PLACEHOLDERS};
use serde_json::{json, Map, Value};

use crate::Host;

/// Response headers worth keeping in a recording (the parser looks at these).
const KEPT_HEADERS: &[&str] = &[
    "content-type",
    "retry-after",
    "x-ratelimit-reset",
    "x-ratelimit-limit",
    "x-ratelimit-remaining",
    "ratelimit-reset",
    "ratelimit-limit",
    "ratelimit-remaining",
];

/// The same settings with the harness's test credentials in place of the real ones.
fn test_settings(settings: &Settings) -> Settings {
    let value = |placeholder: &str| {
        PLACEHOLDERS
            .iter()
            .find(|(p, _)| *p == placeholder)
            .map(|(_, v)| v.to_string())
            .unwrap_or_default()
    };
    let secret_placeholder = match settings.auth_mode {
        AuthMode::RsaSignature => "{{RSA_PRIVATE_KEY}}",
        _ => "{{API_SECRET}}",
    };
    Settings {
        api_key: if settings.api_key.is_blank() {
            settings.api_key.clone()
        } else {
            Secret::new(value("{{API_KEY}}"))
        },
        api_secret: settings
            .api_secret
            .as_ref()
            .map(|_| Secret::new(value(secret_placeholder))),
        access_token: settings
            .access_token
            .as_ref()
            .map(|_| Secret::new(value("{{ACCESS_TOKEN}}"))),
        ..settings.clone()
    }
}

/// JSON-escaped form of a string, as it appears inside a JSON string literal.
fn escaped(text: &str) -> String {
    let quoted = serde_json::to_string(text).unwrap_or_default();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or_default()
        .to_string()
}

/// Writes a fixture for the exchange. The expected request is rebuilt through the component
/// with test credentials (so signatures match on replay), every credential becomes its
/// placeholder, and the real credentials are scrubbed from the whole text as a last guard.
#[allow(clippy::too_many_arguments)]
pub fn record(
    host: &Host,
    raw: &SettingsFile,
    settings: &Settings,
    operation: &str,
    input: &str,
    context: &RequestContext,
    response: &HttpResponse,
    path: &str,
) -> Result<(), String> {
    let test = test_settings(settings);
    let (request, parse_operation, parse_input) = if operation == CONNECTION_TEST {
        let check = host
            .connection_test(&test, context)
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("rebuilding with test credentials failed: {e}"))?;
        (check.request, check.operation_id, check.input)
    } else {
        let request = host
            .build_request(&test, operation, input, context)
            .map_err(|e| e.to_string())?
            .map_err(|e| format!("rebuilding with test credentials failed: {e}"))?;
        (request, operation.to_string(), input.to_string())
    };
    let parsed = host
        .parse_response(&test, &parse_operation, &parse_input, response, context)
        .map_err(|e| e.to_string())?;

    let mut headers = Map::new();
    for (name, value) in &request.headers {
        headers.insert(name.to_ascii_lowercase(), Value::String(value.clone()));
    }
    let body = request
        .body
        .as_deref()
        .map(|b| serde_json::from_str(b).unwrap_or_else(|_| Value::String(b.to_string())))
        .unwrap_or(Value::Null);
    let mut response_headers = Map::new();
    for (name, value) in &response.headers {
        let name = name.to_ascii_lowercase();
        if KEPT_HEADERS.contains(&name.as_str()) {
            response_headers.insert(name, Value::String(value.clone()));
        }
    }
    let mut recorded = json!({"status": response.status, "headers": response_headers});
    match serde_json::from_slice::<Value>(&response.body) {
        Ok(value) => recorded["body"] = value,
        Err(_) => {
            recorded["body_text"] = Value::String(String::from_utf8_lossy(&response.body).into())
        }
    }
    let mut settings_json = json!({"name": raw.name, "api_type": raw.api_type});
    let optional = [
        ("environment", raw.environment.clone()),
        ("auth_mode", raw.auth_mode.clone()),
        ("oauth_token_header", raw.oauth_token_header.clone()),
        ("store_id", raw.store_id.clone()),
        ("base_url", raw.base_url.clone()),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            settings_json[key] = Value::String(value);
        }
    }
    if !test.api_key.is_blank() {
        settings_json["api_key"] = Value::String(test.api_key.expose().to_string());
    }
    if let Some(secret) = &test.api_secret {
        settings_json["api_secret"] = Value::String(secret.expose().to_string());
    }
    if let Some(token) = &test.access_token {
        settings_json["access_token"] = Value::String(token.expose().to_string());
    }
    let input_value: Value = serde_json::from_str(input).unwrap_or(Value::Null);
    let mut fixture = json!({
        "description": format!("Recorded live call of {operation}; review and describe what it shows."),
        "source": "live recording with `aftership-harness call --record` (expected request rebuilt with test credentials)",
        "settings": settings_json,
        "operation": operation,
        "input": input_value,
        "now_unix_ms": context.now_unix_ms,
        "expected_request": {
            "method": request.method.as_str(),
            "url": request.url,
            "headers": headers,
            "body": body,
        },
        "response": recorded,
    });
    if let Some(id) = &context.request_id {
        fixture["request_id"] = Value::String(id.clone());
    }
    match &parsed {
        Ok(outcome) => fixture["expected_outcome"] = fixture::outcome_json(outcome),
        Err(error) => fixture["expected_error"] = connector_error_json(error),
    }

    let mut text = serde_json::to_string_pretty(&fixture).map_err(|e| e.to_string())?;
    text.push('\n');
    for (placeholder, value) in PLACEHOLDERS {
        text = text.replace(&escaped(value), placeholder);
    }
    let real = [
        (Some(settings.api_key.expose()), "{{API_KEY}}"),
        (
            settings.api_secret.as_ref().map(Secret::expose),
            "{{API_SECRET}}",
        ),
        (
            settings.access_token.as_ref().map(Secret::expose),
            "{{ACCESS_TOKEN}}",
        ),
    ];
    for (value, placeholder) in real {
        if let Some(value) = value.filter(|v| v.trim().len() >= 4) {
            text = text.replace(&escaped(value), placeholder);
        }
    }

    // Last guard, by the one redaction rule: no secret value of the real settings survives.
    if aftership_core::redact::Redactor::new(settings).contains_secret(&text) {
        return Err("the recording still holds a credential; not writing it".into());
    }

    // The recording must replay as written.
    let parsed_back = Fixture::parse(&text).map_err(|e| format!("recorded fixture: {e}"))?;
    let problems = fixture::run(&parsed_back, &mut host.backend());
    if !problems.is_empty() {
        return Err(format!(
            "the recorded fixture does not replay: {}",
            problems.join("; ")
        ));
    }
    std::fs::write(path, text).map_err(|e| format!("writing {path}: {e}"))
}

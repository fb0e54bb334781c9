//! Corpus cases: raw driver bytes (`"bytes"`, hex) or a structured case written by hand from a
//! past finding (settings in the fixture shape, operation, input, response), replayed through
//! the same oracles as the generated cases.

use aftership_core::{find_operation, HttpResponse, RequestContext};
use aftership_testkit::fixture::FixtureSettings;
use serde_json::Value;

use crate::oracles::{self, Finding};
use crate::{from_hex, run_case, targets};

/// Replays one corpus case; `Err` means the finding is back.
pub fn replay(case: &Value, root: &std::path::Path) -> Result<(), Finding> {
    let target = case["target"].as_str().ok_or("case without target")?;
    if let Some(hex) = case["bytes"].as_str() {
        return run_case(target, &from_hex(hex).ok_or("bad hex")?);
    }
    if target == "oauth" {
        // A token-endpoint answer: no settings or operation.
        return crate::auth_targets::check_token_response(&response(&case["response"]));
    }
    let mut raw = case["settings"].clone();
    // `"@path"` loads a credential from a file of the repository (e.g. a broken test key).
    for key in ["api_secret", "api_key", "access_token"] {
        if let Some(path) = raw[key].as_str().and_then(|v| v.strip_prefix('@')) {
            let text = std::fs::read_to_string(root.join(path)).map_err(|e| e.to_string())?;
            raw[key] = Value::String(text);
        }
    }
    let settings = serde_json::from_value::<FixtureSettings>(raw)
        .map_err(|e| format!("case settings: {e}"))?
        .to_settings()?;
    let ctx = RequestContext {
        now_unix_ms: case["now_unix_ms"].as_u64().unwrap_or(1_783_327_777_000),
        request_id: None,
    };
    let op = || {
        let id = case["operation"].as_str().unwrap_or("");
        find_operation(id).ok_or_else(|| format!("unknown operation {id}"))
    };
    let input = case["input"].to_string();
    match target {
        "build-request" => {
            let paging = Some(case["paging_data"].clone()).filter(|v| !v.is_null());
            targets::check_build(&settings, op()?, &input, &ctx, paging)?;
            // The one redaction rule: nothing the CLI would print holds a secret.
            if let Ok(request) = aftership_core::build_request(&settings, &op()?.id(), &input, &ctx)
            {
                let redactor = aftership_core::redact::Redactor::new(&settings);
                for (name, value) in redactor.headers(&request.headers) {
                    oracles::no_secret(&value, &format!("printed header {name}"))?;
                }
            }
            Ok(())
        }
        "parse-response" => {
            targets::check_parse(&settings, op()?, &input, &response(&case["response"]), &ctx)
        }
        "validate-settings" => targets::check_validate(&settings, &ctx),
        other => Err(format!("no structured cases for {other}")),
    }
}

/// The case's HTTP response (`status`, `headers`, `body` or `body_text`).
fn response(r: &Value) -> HttpResponse {
    HttpResponse {
        status: r["status"].as_u64().unwrap_or(200) as u16,
        headers: r["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| (k.clone(), v.as_str().unwrap_or("").to_string()))
            .collect(),
        body: body_text(r).into_bytes(),
    }
}

/// `body` as JSON, or `body_text`, with `"details_repeat": n` expanding `meta.details` to n items.
fn body_text(response: &Value) -> String {
    if let Some(text) = response["body_text"].as_str() {
        return text.to_string();
    }
    let mut body = response["body"].clone();
    if let Some(n) = response["details_repeat"].as_u64() {
        let item = body["meta"]["details"][0].clone();
        body["meta"]["details"] = Value::Array(vec![item; n as usize]);
    }
    body.to_string()
}

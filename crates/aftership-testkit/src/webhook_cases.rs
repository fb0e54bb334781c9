//! Webhook test cases: `tests/webhooks/<product>/<scenario>.json` (see `tests/webhooks/README.md`).

use serde::Deserialize;
use serde_json::{Map, Value};

use aftership_core::webhook::{
    verified_json, webhook_error_json, VerifiedWebhook, WebhookError, WebhookInput, WebhookProduct,
};
use aftership_core::Secret;

use crate::fixture::diff;

/// One case file.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct WebhookCase {
    /// What the case shows.
    pub description: String,
    /// Where the header, payload shape and algorithm come from.
    pub source: String,
    /// `tracking`, `returns` or `shipping`.
    pub product: String,
    /// The webhook secret (a test value).
    pub secret: String,
    /// Received headers.
    #[serde(default)]
    pub headers: Map<String, Value>,
    /// The raw body, exactly (its UTF-8 bytes are what was signed).
    pub body_text: String,
    /// Host time.
    #[serde(default)]
    pub now_unix_ms: Option<u64>,
    /// Tolerance.
    #[serde(default)]
    pub tolerance_ms: Option<u64>,
    /// Expected result ([`verified_json`] shape).
    #[serde(default)]
    pub expected: Option<Value>,
    /// Expected error ([`webhook_error_json`] shape).
    #[serde(default)]
    pub expected_error: Option<Value>,
}

impl WebhookCase {
    /// The input the case describes.
    pub fn input(&self) -> Result<WebhookInput, String> {
        Ok(WebhookInput {
            product: WebhookProduct::parse(&self.product)
                .ok_or_else(|| format!("unknown product `{}`", self.product))?,
            body: self.body_text.clone().into_bytes(),
            headers: self
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    )
                })
                .collect(),
            secret: Secret::new(self.secret.clone()),
            now_unix_ms: self.now_unix_ms,
            tolerance_ms: self.tolerance_ms,
        })
    }
}

/// Runs a case through `verify` (the core, or the component); returns the mismatches.
pub fn run(
    case: &WebhookCase,
    verify: &mut dyn FnMut(&WebhookInput) -> Result<VerifiedWebhook, WebhookError>,
) -> Vec<String> {
    let input = match case.input() {
        Ok(input) => input,
        Err(e) => return vec![e],
    };
    let mut problems = Vec::new();
    match (verify(&input), &case.expected, &case.expected_error) {
        (Ok(v), Some(expected), None) => {
            diff(expected, &verified_json(&v), "result", &mut problems)
        }
        (Err(e), None, Some(expected)) => {
            diff(expected, &webhook_error_json(&e), "error", &mut problems)
        }
        (_, Some(_), Some(_)) | (_, None, None) => {
            problems.push("give exactly one of expected / expected_error".into())
        }
        (Ok(v), None, _) => problems.push(format!("expected an error, got {}", verified_json(&v))),
        (Err(e), _, None) => {
            problems.push(format!("expected success, got {}", webhook_error_json(&e)))
        }
    }
    problems
}

//! Webhook test cases: `tests/webhooks/<product>/<scenario>.json` (see `tests/webhooks/README.md`).

use serde::Deserialize;
use serde_json::{Map, Value};

use aftership_core::webhook::{
    verified_json, webhook_error_json, VerifiedWebhook, WebhookError, WebhookInput, WebhookProduct,
};
use aftership_core::Secret;

use crate::case::{CallCase, Calls};
use crate::fixture::header_pairs;

/// Webhook cases, `tests/webhooks/<product>/<scenario>.json`, as a case kind.
pub type WebhookCases = Calls<WebhookCase>;

/// One case file.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct WebhookCase {
    /// What the case shows.
    pub description: String,
    /// Where the header, payload shape and algorithm come from.
    pub source: String,
    /// `tracking`, `returns`, `shipping` or `warranty`.
    pub product: String,
    /// The webhook secret (a test value).
    pub secret: String,
    /// Received headers.
    #[serde(default)]
    pub headers: Map<String, Value>,
    /// The raw body, exactly (its UTF-8 bytes are what was signed).
    pub body_text: String,
    /// Host time.
    pub now_unix_ms: Option<u64>,
    /// Tolerance.
    pub tolerance_ms: Option<u64>,
    /// Expected result ([`verified_json`] shape).
    pub expected: Option<Value>,
    /// Expected error ([`webhook_error_json`] shape).
    pub expected_error: Option<Value>,
}

impl WebhookCase {
    /// The input the case describes.
    pub fn input(&self) -> Result<WebhookInput, String> {
        Ok(WebhookInput {
            product: WebhookProduct::parse(&self.product)
                .ok_or_else(|| format!("unknown product `{}`", self.product))?,
            body: self.body_text.clone().into_bytes(),
            headers: header_pairs(&self.headers),
            secret: Secret::new(self.secret.clone()),
            now_unix_ms: self.now_unix_ms,
            tolerance_ms: self.tolerance_ms,
        })
    }
}

/// What verifies a webhook: the core's `verify_webhook`, or the component through a closure
/// (any `FnMut(&WebhookInput) -> Result<VerifiedWebhook, WebhookError>` is one).
pub trait WebhookBackend {
    /// `verify-webhook`.
    fn verify(&mut self, input: &WebhookInput) -> Result<VerifiedWebhook, WebhookError>;
}

impl<F: FnMut(&WebhookInput) -> Result<VerifiedWebhook, WebhookError>> WebhookBackend for F {
    fn verify(&mut self, input: &WebhookInput) -> Result<VerifiedWebhook, WebhookError> {
        self(input)
    }
}

/// The core, called natively.
pub struct NativeWebhook;

impl WebhookBackend for NativeWebhook {
    fn verify(&mut self, input: &WebhookInput) -> Result<VerifiedWebhook, WebhookError> {
        aftership_core::webhook::verify_webhook(input)
    }
}

impl CallCase for WebhookCase {
    const FOLDERS: (&'static str, &'static str) = ("webhooks", "product");
    type Backend<'b> = dyn WebhookBackend + 'b;

    fn call(&self, backend: &mut Self::Backend<'_>) -> Result<Result<Value, Value>, String> {
        let verified = backend.verify(&self.input()?);
        Ok(verified
            .map(|v| verified_json(&v))
            .map_err(|e| webhook_error_json(&e)))
    }
}

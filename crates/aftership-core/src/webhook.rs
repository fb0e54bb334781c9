//! Webhook verification for Tracking, Returns, Shipping and Warranty (reference:
//! auth-webhooks-limits §2, api-core §5.7, beyond-notes "Warranty 2026-07").
//!
//! Every product signs the same way: standard base64 of HMAC-SHA256 keyed with the product's
//! webhook secret over the raw request body. Only the header differs:
//!
//! | Product | Header (first match wins) | Value |
//! |---|---|---|
//! | Tracking | `aftership-hmac-sha256` | base64 |
//! | Returns | `as-signature-hmac-sha256`, then `am-webhook-signature` (organisations created before 2022-10-25) | base64, or `hmac-sha256=<base64>` |
//! | Shipping | `am-webhook-signature` | `hmac-sha256=<base64>` (bare base64 tolerated) |
//! | Warranty | `as-signature-hmac-sha256` | base64 |
//!
//! The check fails closed: an empty secret, a missing header, a signature that does not match
//! (compared in constant time), a body that is not the documented event, or (when the host gives
//! a tolerance) an event older than the tolerance are all errors. The signature covers the exact
//! bytes received, so the host must pass the body before any JSON re-serialisation.
//!
//! Replay: AfterShip signs no timestamp and retries a failed delivery with the same body for up
//! to about 68 hours, so the event time only bounds how old a delivery may be; de-duplicate on
//! [`VerifiedWebhook::event_id`].

use serde_json::Value;

use crate::secret::Secret;
use crate::types::header_value;

mod error;
mod event;
mod signature;
mod time;

pub use error::{webhook_error_json, WebhookError};
pub use event::{
    verified_json, ReturnsEvent, ShippingEvent, TrackingEvent, TrackingEventKind, WarrantyEvent,
    WebhookEvent, WARRANTY_EVENTS,
};
pub use signature::{
    LEGACY_SIGNATURE_HEADER, RETURNS_SIGNATURE_HEADER, TRACKING_SIGNATURE_HEADER,
    TRACKING_VERSION_HEADER,
};
pub use time::parse_rfc3339_ms;

use event::{malformed, returns_event, shipping_event, tracking_event, warranty_event};
use signature::signature_matches;

/// Largest body accepted (AfterShip's Tracking payload carries one tracking with its checkpoints).
pub const MAX_WEBHOOK_BYTES: usize = 16 * 1024 * 1024;

/// The product that sent the webhook (each has its own secret and header).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookProduct {
    /// Tracking webhooks (`tracking_update`, `edd_revise`, `tracking_pending_time`).
    Tracking,
    /// Returns webhooks (`return.*`).
    Returns,
    /// Shipping webhooks (`calculate_rates`, `create_a_label`, `cancel_a_label`, `manifest_a_label`).
    Shipping,
    /// Warranty webhooks (`warranty.*`, [`WARRANTY_EVENTS`]).
    Warranty,
}

impl WebhookProduct {
    /// Lower-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookProduct::Tracking => "tracking",
            WebhookProduct::Returns => "returns",
            WebhookProduct::Shipping => "shipping",
            WebhookProduct::Warranty => "warranty",
        }
    }

    /// Parses the lower-case id.
    pub fn parse(value: &str) -> Option<WebhookProduct> {
        [
            WebhookProduct::Tracking,
            WebhookProduct::Returns,
            WebhookProduct::Shipping,
            WebhookProduct::Warranty,
        ]
        .into_iter()
        .find(|p| p.as_str() == value)
    }

    /// Headers that may carry the signature, in the order they are looked for.
    pub fn signature_headers(self) -> &'static [&'static str] {
        match self {
            WebhookProduct::Tracking => &[TRACKING_SIGNATURE_HEADER],
            WebhookProduct::Returns => &[RETURNS_SIGNATURE_HEADER, LEGACY_SIGNATURE_HEADER],
            WebhookProduct::Shipping => &[LEGACY_SIGNATURE_HEADER],
            // Only the current header: the docs give no legacy one for Warranty.
            WebhookProduct::Warranty => &[RETURNS_SIGNATURE_HEADER],
        }
    }
}

/// What the host received, plus the secret and (optionally) its clock and a tolerance.
#[derive(Clone, Debug)]
pub struct WebhookInput {
    /// Which product's rules apply.
    pub product: WebhookProduct,
    /// The raw body bytes, exactly as received.
    pub body: Vec<u8>,
    /// Request headers (names compared case-insensitively).
    pub headers: Vec<(String, String)>,
    /// The product's webhook secret.
    pub secret: Secret,
    /// Host time, Unix milliseconds; needed when `tolerance_ms` is given.
    pub now_unix_ms: Option<u64>,
    /// Oldest event accepted, in milliseconds before `now_unix_ms`.
    pub tolerance_ms: Option<u64>,
}

/// A webhook whose signature matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedWebhook {
    /// Key to de-duplicate deliveries: Tracking `event_id`, Returns and Warranty `id`, Shipping
    /// `<event_type>:<data.id>` (or `<event_type>:sha256:<hex of body>` when `data.id` is absent).
    pub event_id: String,
    /// The header whose signature matched.
    pub signature_header: String,
    /// The event.
    pub event: WebhookEvent,
}

/// Verifies the signature, then parses the event and applies the tolerance.
pub fn verify_webhook(input: &WebhookInput) -> Result<VerifiedWebhook, WebhookError> {
    if input.tolerance_ms.is_some() && input.now_unix_ms.is_none() {
        return Err(WebhookError::InvalidInput(
            "a tolerance needs the current time (now-unix-ms)".into(),
        ));
    }
    if input.secret.expose().is_empty() || input.secret.is_blank() {
        return Err(WebhookError::EmptySecret);
    }
    let candidates = input.product.signature_headers();
    let Some((header, value)) = candidates
        .iter()
        .find_map(|name| header_value(&input.headers, name).map(|v| (*name, v)))
    else {
        return Err(WebhookError::MissingSignature(
            candidates.iter().map(|h| h.to_string()).collect(),
        ));
    };
    if input.body.len() > MAX_WEBHOOK_BYTES {
        return Err(WebhookError::MalformedBody(format!(
            "larger than {MAX_WEBHOOK_BYTES} bytes"
        )));
    }
    if !signature_matches(input.secret.expose().as_bytes(), &input.body, value) {
        return Err(WebhookError::BadSignature);
    }

    let root = match serde_json::from_slice::<Value>(&input.body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(malformed("the body is not a JSON object")),
        Err(_) => return Err(malformed("the body is not JSON")),
    };
    let (event_id, event, event_ms) = match input.product {
        WebhookProduct::Tracking => tracking_event(&root, &input.headers)?,
        WebhookProduct::Returns => returns_event(&root)?,
        WebhookProduct::Shipping => shipping_event(&root, &input.body)?,
        WebhookProduct::Warranty => warranty_event(&root)?,
    };
    if let (Some(tolerance_ms), Some(now_unix_ms)) = (input.tolerance_ms, input.now_unix_ms) {
        let Some(event_unix_ms) = event_ms else {
            return Err(malformed(
                "the event has no time, so the tolerance cannot be checked",
            ));
        };
        let age = i128::from(now_unix_ms) - i128::from(event_unix_ms);
        if age > i128::from(tolerance_ms) {
            return Err(WebhookError::TooOld {
                event_unix_ms,
                now_unix_ms,
                tolerance_ms,
            });
        }
    }
    Ok(VerifiedWebhook {
        event_id,
        signature_header: header.to_string(),
        event,
    })
}

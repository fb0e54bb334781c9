//! Webhook verification for Tracking, Returns and Shipping (reference: auth-webhooks-limits §2,
//! api-core §5.7).
//!
//! Every product signs the same way: standard base64 of HMAC-SHA256 keyed with the product's
//! webhook secret over the raw request body. Only the header differs:
//!
//! | Product | Header (first match wins) | Value |
//! |---|---|---|
//! | Tracking | `aftership-hmac-sha256` | base64 |
//! | Returns | `as-signature-hmac-sha256`, then `am-webhook-signature` (organisations created before 2022-10-25) | base64, or `hmac-sha256=<base64>` |
//! | Shipping | `am-webhook-signature` | `hmac-sha256=<base64>` (bare base64 tolerated) |
//!
//! The check fails closed: an empty secret, a missing header, a signature that does not match
//! (compared in constant time), a body that is not the documented event, or (when the host gives
//! a tolerance) an event older than the tolerance are all errors. The signature covers the exact
//! bytes received, so the host must pass the body before any JSON re-serialisation.
//!
//! Replay: AfterShip signs no timestamp and retries a failed delivery with the same body for up
//! to about 68 hours, so the event time only bounds how old a delivery may be; de-duplicate on
//! [`VerifiedWebhook::event_id`].

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::secret::Secret;
use crate::types::header_value;

/// Largest body accepted (AfterShip's Tracking payload carries one tracking with its checkpoints).
pub const MAX_WEBHOOK_BYTES: usize = 16 * 1024 * 1024;

/// Tracking's signature header.
pub const TRACKING_SIGNATURE_HEADER: &str = "aftership-hmac-sha256";
/// Returns' signature header (organisations created from 2022-10-25).
pub const RETURNS_SIGNATURE_HEADER: &str = "as-signature-hmac-sha256";
/// Shipping's header, and older Returns organisations' header; value `hmac-sha256=<base64>`.
pub const LEGACY_SIGNATURE_HEADER: &str = "am-webhook-signature";
/// Header naming the Tracking webhook version (unsigned, informational).
pub const TRACKING_VERSION_HEADER: &str = "as-webhook-version";

/// The product that sent the webhook (each has its own secret and header).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookProduct {
    /// Tracking webhooks (`tracking_update`, `edd_revise`, `tracking_pending_time`).
    Tracking,
    /// Returns webhooks (`return.*`).
    Returns,
    /// Shipping webhooks (`calculate_rates`, `create_a_label`, `cancel_a_label`, `manifest_a_label`).
    Shipping,
}

impl WebhookProduct {
    /// Lower-case id.
    pub fn as_str(self) -> &'static str {
        match self {
            WebhookProduct::Tracking => "tracking",
            WebhookProduct::Returns => "returns",
            WebhookProduct::Shipping => "shipping",
        }
    }

    /// Parses the lower-case id.
    pub fn parse(value: &str) -> Option<WebhookProduct> {
        [
            WebhookProduct::Tracking,
            WebhookProduct::Returns,
            WebhookProduct::Shipping,
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

/// A Tracking event name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrackingEventKind {
    /// A status change that matches the merchant's triggers (route on `msg.tag`).
    TrackingUpdate,
    /// The estimated delivery date changed.
    EddRevise,
    /// A tracking stayed pending longer than the merchant's threshold.
    TrackingPendingTime,
    /// A name this version does not know yet (kept, not refused: the signature was good).
    Other(String),
}

impl TrackingEventKind {
    fn from_name(name: &str) -> Self {
        match name {
            "tracking_update" => TrackingEventKind::TrackingUpdate,
            "edd_revise" => TrackingEventKind::EddRevise,
            "tracking_pending_time" => TrackingEventKind::TrackingPendingTime,
            other => TrackingEventKind::Other(other.to_string()),
        }
    }

    /// The wire name.
    pub fn as_str(&self) -> &str {
        match self {
            TrackingEventKind::TrackingUpdate => "tracking_update",
            TrackingEventKind::EddRevise => "edd_revise",
            TrackingEventKind::TrackingPendingTime => "tracking_pending_time",
            TrackingEventKind::Other(name) => name,
        }
    }
}

/// A Tracking webhook body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrackingEvent {
    /// `event`.
    pub event: TrackingEventKind,
    /// `event_id` (UUID), the de-duplication key.
    pub event_id: String,
    /// `is_tracking_first_tag` (false when absent).
    pub is_tracking_first_tag: bool,
    /// `ts`, Unix seconds.
    pub ts: i64,
    /// `msg`: the Tracking object of the webhook's version, as JSON text.
    pub msg: String,
    /// The `as-webhook-version` header (unsigned), when sent.
    pub webhook_version: Option<String>,
}

/// A Returns webhook body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReturnsEvent {
    /// `id` of the delivery, the de-duplication key.
    pub id: String,
    /// `version` (`YYYY-MM`, or `2022-02-22` for legacy events), when given.
    pub version: Option<String>,
    /// `event`, e.g. `return.approved`.
    pub event: String,
    /// `created_at` as sent (RFC 3339).
    pub created_at: String,
    /// `created_at` as Unix milliseconds.
    pub created_at_unix_ms: i64,
    /// `modified` (event-specific changes) as JSON text, when given.
    pub modified: Option<String>,
    /// `data` (the return) as JSON text.
    pub data: String,
}

/// A Shipping webhook body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ShippingEvent {
    /// `event_type`, e.g. `create_a_label`.
    pub event_type: String,
    /// `date_time` as sent, when given.
    pub date_time: Option<String>,
    /// `meta` (the API envelope's meta) as JSON text; `null` when absent.
    pub meta: String,
    /// `meta.code`, when present: check it before trusting `data` (an async call can fail).
    pub meta_code: Option<i64>,
    /// `data` (the same object the API returns) as JSON text.
    pub data: String,
}

/// The typed event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookEvent {
    /// From Tracking.
    Tracking(TrackingEvent),
    /// From Returns.
    Returns(ReturnsEvent),
    /// From Shipping.
    Shipping(ShippingEvent),
}

/// A webhook whose signature matched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VerifiedWebhook {
    /// Key to de-duplicate deliveries: Tracking `event_id`, Returns `id`, Shipping
    /// `<event_type>:<data.id>` (or `<event_type>:sha256:<hex of body>` when `data.id` is absent).
    pub event_id: String,
    /// The header whose signature matched.
    pub signature_header: String,
    /// The event.
    pub event: WebhookEvent,
}

/// Why a webhook was refused. Never contains the secret or the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WebhookError {
    /// No secret was configured: nothing can be verified, so nothing is accepted.
    EmptySecret,
    /// None of the product's signature headers was present (their names are listed).
    MissingSignature(Vec<String>),
    /// The signature did not match the body and secret (or was not base64 of 32 bytes).
    BadSignature,
    /// The verified body is not the documented event.
    MalformedBody(String),
    /// The event is older than the tolerance.
    TooOld {
        /// Event time, Unix milliseconds.
        event_unix_ms: i64,
        /// Host time, Unix milliseconds.
        now_unix_ms: u64,
        /// The tolerance, milliseconds.
        tolerance_ms: u64,
    },
    /// The call itself was wrong (e.g. a tolerance without the current time).
    InvalidInput(String),
}

impl WebhookError {
    /// Snake-case name of the case.
    pub fn kind(&self) -> &'static str {
        match self {
            WebhookError::EmptySecret => "empty_secret",
            WebhookError::MissingSignature(_) => "missing_signature",
            WebhookError::BadSignature => "bad_signature",
            WebhookError::MalformedBody(_) => "malformed_body",
            WebhookError::TooOld { .. } => "too_old",
            WebhookError::InvalidInput(_) => "invalid_input",
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::EmptySecret => {
                f.write_str("no webhook secret is configured; refusing to accept the webhook")
            }
            WebhookError::MissingSignature(headers) => write!(
                f,
                "the webhook carries no signature header (expected {})",
                headers.join(" or ")
            ),
            WebhookError::BadSignature => {
                f.write_str("the webhook signature does not match the body and secret")
            }
            WebhookError::MalformedBody(reason) => write!(f, "malformed webhook body: {reason}"),
            WebhookError::TooOld {
                event_unix_ms,
                now_unix_ms,
                tolerance_ms,
            } => write!(
                f,
                "the event from {event_unix_ms} ms is older than the tolerance of {tolerance_ms} ms at {now_unix_ms} ms"
            ),
            WebhookError::InvalidInput(reason) => write!(f, "invalid call: {reason}"),
        }
    }
}

impl std::error::Error for WebhookError {}

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

/// Constant-time check of `hmac-sha256=<base64>` or bare `<base64>` against the body.
fn signature_matches(secret: &[u8], body: &[u8], header_value: &str) -> bool {
    let value = header_value.trim();
    let value = match value.get(..12) {
        Some(prefix) if prefix.eq_ignore_ascii_case("hmac-sha256=") => value[12..].trim(),
        _ => value,
    };
    let Ok(expected) = base64::engine::general_purpose::STANDARD.decode(value) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    // `verify_slice` compares in constant time and refuses a wrong length.
    mac.verify_slice(&expected).is_ok()
}

fn malformed(reason: &str) -> WebhookError {
    WebhookError::MalformedBody(reason.to_string())
}

fn required_str<'a>(root: &'a Map<String, Value>, name: &str) -> Result<&'a str, WebhookError> {
    match root.get(name) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) => Err(malformed(&format!("`{name}` is empty"))),
        Some(_) => Err(malformed(&format!("`{name}` is not a string"))),
        None => Err(malformed(&format!("`{name}` is missing"))),
    }
}

fn optional_str(root: &Map<String, Value>, name: &str) -> Result<Option<String>, WebhookError> {
    match root.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(malformed(&format!("`{name}` is not a string"))),
    }
}

type Parsed = (String, WebhookEvent, Option<i64>);

fn tracking_event(
    root: &Map<String, Value>,
    headers: &[(String, String)],
) -> Result<Parsed, WebhookError> {
    let event = TrackingEventKind::from_name(required_str(root, "event")?);
    let event_id = required_str(root, "event_id")?.to_string();
    let is_tracking_first_tag = match root.get("is_tracking_first_tag") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(malformed("`is_tracking_first_tag` is not a boolean")),
    };
    let ts = match root.get("ts") {
        Some(Value::Number(n)) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite()).map(|f| f as i64)),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        None => return Err(malformed("`ts` is missing")),
        Some(_) => None,
    }
    .ok_or_else(|| malformed("`ts` is not a Unix time in seconds"))?;
    let msg = match root.get("msg") {
        Some(value @ Value::Object(_)) => value.to_string(),
        Some(_) => return Err(malformed("`msg` is not an object")),
        None => return Err(malformed("`msg` is missing")),
    };
    let event_ms = ts.checked_mul(1000);
    Ok((
        event_id.clone(),
        WebhookEvent::Tracking(TrackingEvent {
            event,
            event_id,
            is_tracking_first_tag,
            ts,
            msg,
            webhook_version: header_value(headers, TRACKING_VERSION_HEADER)
                .map(|v| v.trim().to_string()),
        }),
        event_ms,
    ))
}

fn returns_event(root: &Map<String, Value>) -> Result<Parsed, WebhookError> {
    let id = required_str(root, "id")?.to_string();
    let event = required_str(root, "event")?.to_string();
    let created_at = required_str(root, "created_at")?.to_string();
    let created_at_unix_ms = parse_rfc3339_ms(&created_at)
        .ok_or_else(|| malformed("`created_at` is not an RFC 3339 time"))?;
    let version = optional_str(root, "version")?;
    let modified = match root.get("modified") {
        None | Some(Value::Null) => None,
        Some(value) => Some(value.to_string()),
    };
    let data = match root.get("data") {
        Some(value @ Value::Object(_)) => value.to_string(),
        Some(_) => return Err(malformed("`data` is not an object")),
        None => return Err(malformed("`data` is missing")),
    };
    Ok((
        id.clone(),
        WebhookEvent::Returns(ReturnsEvent {
            id,
            version,
            event,
            created_at,
            created_at_unix_ms,
            modified,
            data,
        }),
        Some(created_at_unix_ms),
    ))
}

fn shipping_event(root: &Map<String, Value>, body: &[u8]) -> Result<Parsed, WebhookError> {
    let event_type = required_str(root, "event_type")?.to_string();
    let date_time = optional_str(root, "date_time")?;
    let event_ms = match date_time.as_deref() {
        None => None,
        Some(text) => Some(
            parse_rfc3339_ms(text)
                .ok_or_else(|| malformed("`date_time` is not an ISO 8601 time"))?,
        ),
    };
    let meta = root.get("meta").cloned().unwrap_or(Value::Null);
    let meta_code = meta.get("code").and_then(Value::as_i64);
    let data = match root.get("data") {
        Some(value @ Value::Object(_)) => value,
        Some(_) => return Err(malformed("`data` is not an object")),
        None => return Err(malformed("`data` is missing")),
    };
    let event_id = match data.get("id") {
        Some(Value::String(id)) if !id.is_empty() => format!("{event_type}:{id}"),
        _ => {
            let digest = Sha256::digest(body);
            let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
            format!("{event_type}:sha256:{hex}")
        }
    };
    Ok((
        event_id,
        WebhookEvent::Shipping(ShippingEvent {
            event_type,
            date_time,
            meta: meta.to_string(),
            meta_code,
            data: data.to_string(),
        }),
        event_ms,
    ))
}

/// The JSON form of a verified webhook (for fixtures and logs; JSON texts are embedded as JSON).
pub fn verified_json(verified: &VerifiedWebhook) -> Value {
    let parse = |text: &str| serde_json::from_str(text).unwrap_or(Value::String(text.to_string()));
    let event = match &verified.event {
        WebhookEvent::Tracking(t) => serde_json::json!({
            "product": "tracking",
            "event": t.event.as_str(),
            "event_id": t.event_id,
            "is_tracking_first_tag": t.is_tracking_first_tag,
            "ts": t.ts,
            "msg": parse(&t.msg),
            "webhook_version": t.webhook_version,
        }),
        WebhookEvent::Returns(r) => serde_json::json!({
            "product": "returns",
            "id": r.id,
            "version": r.version,
            "event": r.event,
            "created_at": r.created_at,
            "created_at_unix_ms": r.created_at_unix_ms,
            "modified": r.modified.as_deref().map(parse),
            "data": parse(&r.data),
        }),
        WebhookEvent::Shipping(s) => serde_json::json!({
            "product": "shipping",
            "event_type": s.event_type,
            "date_time": s.date_time,
            "meta": parse(&s.meta),
            "meta_code": s.meta_code,
            "data": parse(&s.data),
        }),
    };
    serde_json::json!({
        "event_id": verified.event_id,
        "signature_header": verified.signature_header,
        "event": event,
    })
}

/// The JSON form of a webhook error (for fixtures).
pub fn webhook_error_json(error: &WebhookError) -> Value {
    let kind = error.kind();
    match error {
        WebhookError::EmptySecret | WebhookError::BadSignature => serde_json::json!({"kind": kind}),
        WebhookError::MissingSignature(headers) => {
            serde_json::json!({"kind": kind, "expected_headers": headers})
        }
        WebhookError::MalformedBody(reason) | WebhookError::InvalidInput(reason) => {
            serde_json::json!({"kind": kind, "reason": reason})
        }
        WebhookError::TooOld {
            event_unix_ms,
            now_unix_ms,
            tolerance_ms,
        } => serde_json::json!({
            "kind": kind,
            "event_unix_ms": event_unix_ms,
            "now_unix_ms": now_unix_ms,
            "tolerance_ms": tolerance_ms,
        }),
    }
}

/// Parses an RFC 3339 / ISO 8601 date-time with an offset (`2024-07-15T08:23:11.5Z`,
/// `2018-05-11T08:18:04+08:00`, also `+0800` and a space instead of `T`) to Unix milliseconds.
/// A time without an offset is read as UTC (AfterShip documents UTC).
pub fn parse_rfc3339_ms(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = b.get(range)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        std::str::from_utf8(part).ok()?.parse().ok()
    };
    if b.len() < 19 || b[4] != b'-' || b[7] != b'-' || b[13] != b':' || b[16] != b':' {
        return None;
    }
    if !matches!(b[10], b'T' | b't' | b' ') {
        return None;
    }
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    let mut i = 19;
    let mut millis = 0i64;
    if b.get(i) == Some(&b'.') {
        let start = i + 1;
        let mut end = start;
        while b.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
        if end == start {
            return None;
        }
        let digits = &b[start..end.min(start + 3)];
        let mut value = 0i64;
        for d in digits {
            value = value * 10 + i64::from(d - b'0');
        }
        for _ in digits.len()..3 {
            value *= 10;
        }
        millis = value;
        i = end;
    }
    let offset_minutes = match b.get(i) {
        None => 0,
        Some(b'Z' | b'z') if i + 1 == b.len() => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = num(i + 1..i + 3)?;
            let rest = &b[i + 3..];
            let minutes = match rest {
                [] => 0,
                [b':', _, _] => num(i + 4..i + 6)?,
                [_, _] => num(i + 3..i + 5)?,
                _ => return None,
            };
            if hours > 23 || minutes > 59 {
                return None;
            }
            let total = hours * 60 + minutes;
            if *sign == b'-' {
                -total
            } else {
                total
            }
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset_minutes * 60;
    Some(seconds * 1000 + millis)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_forms() {
        assert_eq!(parse_rfc3339_ms("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(
            parse_rfc3339_ms("2026-07-06T08:49:37Z"),
            Some(1_783_327_777_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-07-06T16:49:37.250+08:00"),
            Some(1_783_327_777_250)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-07-06 03:49:37-0500"),
            Some(1_783_327_777_000)
        );
        assert_eq!(
            parse_rfc3339_ms("2026-07-06T08:49:37.123456789Z"),
            Some(1_783_327_777_123)
        );
        assert_eq!(
            parse_rfc3339_ms("2024-02-29T00:00:00Z"),
            Some(1_709_164_800_000)
        );
        for bad in [
            "",
            "2026-07-06",
            "2026-13-06T08:49:37Z",
            "2023-02-29T00:00:00Z",
            "2026-07-06T08:49:37Zjunk",
            "2026-07-06T08:49:37.Z",
            "2026-07-06T08:49:37+8",
            "２０26-07-06T08:49:37Z",
        ] {
            assert_eq!(parse_rfc3339_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn prefix_and_bare_values_verify() {
        let body = br#"{"a":1}"#;
        let sig = crate::auth::hmac_sha256_base64(b"s", body);
        assert!(signature_matches(b"s", body, &sig));
        assert!(signature_matches(b"s", body, &format!("hmac-sha256={sig}")));
        assert!(signature_matches(
            b"s",
            body,
            &format!(" HMAC-SHA256={sig} ")
        ));
        assert!(!signature_matches(b"t", body, &sig));
        assert!(!signature_matches(b"s", body, "not base64!"));
        assert!(!signature_matches(b"s", body, ""));
        assert!(!signature_matches(b"s", body, "hmac-sha256="));
    }
}

//! The typed events of each product and how a verified body is read into one.

use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use super::time::parse_rfc3339_ms;
use super::{VerifiedWebhook, WebhookError, TRACKING_VERSION_HEADER};
use crate::encode::json_text;
use crate::types::header_value;

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

/// The Warranty events AfterShip documents (webhook overview). Another name is kept as sent,
/// not refused: the signature was good.
pub const WARRANTY_EVENTS: &[&str] = &[
    "warranty.created",
    "warranty.approved",
    "warranty.processing",
    "warranty.completed",
    "warranty.canceled",
    "warranty.rejected",
    "warranty.inbound_shipment.provided",
    "warranty.inbound_shipment.updated",
    "warranty.outbound_shipment.provided",
    "warranty.outbound_shipment.updated",
];

/// A Warranty webhook body: `{id, event, version, created_at, data{warranty, warranty_shipment,
/// current_context}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WarrantyEvent {
    /// `id` of the delivery, the de-duplication key.
    pub id: String,
    /// `version`, when given.
    pub version: Option<String>,
    /// `event`, e.g. `warranty.approved` (one of [`WARRANTY_EVENTS`] today).
    pub event: String,
    /// `created_at` as sent (RFC 3339).
    pub created_at: String,
    /// `created_at` as Unix milliseconds.
    pub created_at_unix_ms: i64,
    /// `data` (`warranty` = the claim, plus `warranty_shipment` / `current_context` when
    /// sent) as JSON text.
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
    /// From Warranty.
    Warranty(WarrantyEvent),
}

/// A member that must be a JSON object.
fn required_object<'a>(
    root: &'a Map<String, Value>,
    name: &str,
) -> Result<&'a Value, WebhookError> {
    match root.get(name) {
        Some(value @ Value::Object(_)) => Ok(value),
        Some(_) => Err(malformed(&format!("`{name}` is not an object"))),
        None => Err(malformed(&format!("`{name}` is missing"))),
    }
}

pub(super) fn malformed(reason: &str) -> WebhookError {
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

pub(super) fn tracking_event(
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
    let msg = json_text(required_object(root, "msg")?);
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

/// The members Returns and Warranty deliveries share: `id`, `event`, `created_at` (RFC 3339)
/// and an optional `version`.
struct Head {
    id: String,
    event: String,
    created_at: String,
    created_at_unix_ms: i64,
    version: Option<String>,
}

fn head(root: &Map<String, Value>) -> Result<Head, WebhookError> {
    // Checked in this order, so a delivery missing several members names the first.
    let id = required_str(root, "id")?.to_string();
    let event = required_str(root, "event")?.to_string();
    let created_at = required_str(root, "created_at")?.to_string();
    let created_at_unix_ms = parse_rfc3339_ms(&created_at)
        .ok_or_else(|| malformed("`created_at` is not an RFC 3339 time"))?;
    let version = optional_str(root, "version")?;
    Ok(Head {
        id,
        event,
        created_at,
        created_at_unix_ms,
        version,
    })
}

pub(super) fn returns_event(root: &Map<String, Value>) -> Result<Parsed, WebhookError> {
    let Head {
        id,
        event,
        created_at,
        created_at_unix_ms,
        version,
    } = head(root)?;
    let modified = match root.get("modified") {
        None | Some(Value::Null) => None,
        Some(value) => Some(json_text(value)),
    };
    let data = json_text(required_object(root, "data")?);
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

pub(super) fn warranty_event(root: &Map<String, Value>) -> Result<Parsed, WebhookError> {
    let Head {
        id,
        event,
        created_at,
        created_at_unix_ms,
        version,
    } = head(root)?;
    let data = required_object(root, "data")?;
    // `data.warranty` (the claim) is the one member the payload schema requires.
    match data.get("warranty") {
        Some(Value::Object(_)) => {}
        Some(_) => return Err(malformed("`data.warranty` is not an object")),
        None => return Err(malformed("`data.warranty` is missing")),
    }
    Ok((
        id.clone(),
        WebhookEvent::Warranty(WarrantyEvent {
            id,
            version,
            event,
            created_at,
            created_at_unix_ms,
            data: json_text(data),
        }),
        Some(created_at_unix_ms),
    ))
}

pub(super) fn shipping_event(
    root: &Map<String, Value>,
    body: &[u8],
) -> Result<Parsed, WebhookError> {
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
    let data = required_object(root, "data")?;
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
            meta: json_text(&meta),
            meta_code,
            data: json_text(data),
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
        WebhookEvent::Warranty(w) => serde_json::json!({
            "product": "warranty",
            "id": w.id,
            "version": w.version,
            "event": w.event,
            "created_at": w.created_at,
            "created_at_unix_ms": w.created_at_unix_ms,
            "data": parse(&w.data),
        }),
    };
    serde_json::json!({
        "event_id": verified.event_id,
        "signature_header": verified.signature_header,
        "event": event,
    })
}

//! The trigger table: which listing each poll trigger walks, how it filters and dedupes, and
//! which webhook events each instant trigger receives. Data only; the logic is in `super`.

use crate::webhook::WebhookProduct;

/// How long before the watermark a poll looks again, by default: records changed in the same
/// second as the newest one seen, or written late by AfterShip, are still found.
pub const DEFAULT_LOOKBACK_MS: i64 = 10 * 60 * 1000;

/// What identifies one emission of a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dedupe {
    /// The record's `id`: each record once ("new record" triggers).
    Id,
    /// `id` plus the cursor field's text: each version of a record once ("updated" triggers).
    IdAndCursor,
}

impl Dedupe {
    /// Manifest spelling: the record members the key is made of.
    pub fn members(self, cursor_field: &str) -> Vec<String> {
        match self {
            Dedupe::Id => vec!["id".to_string()],
            Dedupe::IdAndCursor => vec!["id".to_string(), cursor_field.to_string()],
        }
    }
}

/// A trigger that polls a listing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PollSpec {
    /// The listing operation (`tracking.list_trackings`).
    pub operation: &'static str,
    /// The query parameter that filters on the server (`updated_at_min`), when the listing has one.
    pub filter: Option<&'static str>,
    /// The record member compared with the watermark (RFC 3339 text).
    pub cursor_field: &'static str,
    /// The member of the page's `data` holding the records.
    pub items_path: &'static str,
    /// What identifies one emission.
    pub dedupe: Dedupe,
    /// The page-size parameter and the size asked for.
    pub page_size: (&'static str, u32),
    /// Extra constant input members, as a JSON object text (`{"sort":"-source_updated_at"}`).
    pub extra_input: &'static str,
    /// The listing is sorted newest first on the cursor field: a page whose records are all
    /// older than the floor ends the walk (used only where nothing filters on the server).
    pub newest_first: bool,
    /// How far before the watermark each poll looks again, in milliseconds.
    pub lookback_ms: i64,
}

/// A trigger fed by AfterShip's webhooks (the user pastes the URL in the dashboard).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WebhookSpec {
    /// The product whose webhooks these are (its verifier: [`crate::webhook::verify_webhook`]).
    pub product: WebhookProduct,
    /// The event names delivered.
    pub events: &'static [&'static str],
    /// The payload member(s) that identify one delivery, for dedupe.
    pub dedupe: &'static [&'static str],
}

/// Poll or webhook.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerKind {
    /// Polls a listing with [`super::start`] and [`super::step`].
    Poll(PollSpec),
    /// Receives webhooks.
    Webhook(WebhookSpec),
}

/// One trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TriggerSpec {
    /// `<family>.<event>` (`tracking.tracking_updated`).
    pub id: &'static str,
    /// Short title for a picker.
    pub title: &'static str,
    /// What it emits, in one sentence.
    pub description: &'static str,
    /// How it is fed.
    pub kind: TriggerKind,
}

impl TriggerSpec {
    /// `poll` or `webhook`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            TriggerKind::Poll(_) => "poll",
            TriggerKind::Webhook(_) => "webhook",
        }
    }

    /// The poll description, for poll triggers.
    pub fn poll(&self) -> Option<&PollSpec> {
        match &self.kind {
            TriggerKind::Poll(p) => Some(p),
            TriggerKind::Webhook(_) => None,
        }
    }
}

/// The signature algorithm every AfterShip webhook uses (reference: auth-webhooks-limits §2).
pub const WEBHOOK_ALGORITHM: &str = "base64(HMAC-SHA256(webhook secret, raw body))";

/// What a user does to connect a webhook trigger.
pub const WEBHOOK_SETUP: &str = "AfterShip has no API to subscribe webhooks: paste this trigger's URL in the AfterShip dashboard (the product's webhook settings), copy the webhook secret shown there into the connection, and choose the events to send.";

/// Tracking webhook events.
pub const TRACKING_EVENTS: &[&str] = &["tracking_update", "edd_revise", "tracking_pending_time"];
/// Returns webhook events (2024-07 and later).
pub const RETURNS_EVENTS: &[&str] = &[
    "return.submitted",
    "return.approved",
    "return.rejected",
    "return.resolved",
    "return.expired",
    "return.dropoff.created",
    "return.dropoff.updated",
    "return.dropoff.shipment.updated",
    "return.restock.created",
    "return.shipment.provided",
    "return.shipment.recorded",
    "return.shipment.updated",
    "return.shipments.provided",
    "return.exchange.order.created",
    "return.receiving.created",
];
/// Shipping webhook events (an asynchronous call finished).
pub const SHIPPING_EVENTS: &[&str] = &[
    "calculate_rates",
    "create_a_label",
    "cancel_a_label",
    "manifest_a_label",
];

const fn poll(
    operation: &'static str,
    filter: Option<&'static str>,
    cursor_field: &'static str,
    items_path: &'static str,
    dedupe: Dedupe,
    page_size: (&'static str, u32),
) -> PollSpec {
    PollSpec {
        operation,
        filter,
        cursor_field,
        items_path,
        dedupe,
        page_size,
        extra_input: "{}",
        newest_first: false,
        lookback_ms: DEFAULT_LOOKBACK_MS,
    }
}

/// Every trigger.
pub static TRIGGERS: &[TriggerSpec] = &[
    TriggerSpec {
        id: "tracking.tracking_updated",
        title: "New or updated tracking",
        description: "Each tracking created or changed, once per change (id + updated_at).",
        kind: TriggerKind::Poll(poll(
            "tracking.list_trackings",
            Some("updated_at_min"),
            "updated_at",
            "trackings",
            Dedupe::IdAndCursor,
            ("limit", 200),
        )),
    },
    TriggerSpec {
        id: "tracking.tracking_created",
        title: "New tracking",
        description: "Each tracking created, once (id).",
        kind: TriggerKind::Poll(poll(
            "tracking.list_trackings",
            Some("created_at_min"),
            "created_at",
            "trackings",
            Dedupe::Id,
            ("limit", 200),
        )),
    },
    TriggerSpec {
        id: "shipping.label_created",
        title: "New label",
        description: "Each shipping label created, once (id).",
        kind: TriggerKind::Poll(poll(
            "shipping.list_labels",
            Some("created_at_min"),
            "created_at",
            "labels",
            Dedupe::Id,
            ("limit", 100),
        )),
    },
    TriggerSpec {
        id: "returns.return_created",
        title: "New return",
        description: "Each return created, once (id).",
        kind: TriggerKind::Poll(poll(
            "returns.list_returns",
            Some("created_at_min"),
            "created_at",
            "returns",
            Dedupe::Id,
            ("limit", 50),
        )),
    },
    TriggerSpec {
        id: "commerce.order_updated",
        title: "New or updated order",
        description: "Each order created or changed in the store, once per change (id + source_updated_at). Orders have no time filter: the listing is read newest first and the walk ends at the first page older than the watermark.",
        kind: TriggerKind::Poll(PollSpec {
            extra_input: r#"{"sort":"-source_updated_at"}"#,
            newest_first: true,
            ..poll(
                "commerce.list_orders",
                None,
                "source_updated_at",
                "orders",
                Dedupe::IdAndCursor,
                ("limit", 50),
            )
        }),
    },
    TriggerSpec {
        id: "tracking.webhook",
        title: "Tracking webhook event",
        description: "Each Tracking webhook delivery (tracking_update, edd_revise, tracking_pending_time), once per event_id.",
        kind: TriggerKind::Webhook(WebhookSpec {
            product: WebhookProduct::Tracking,
            events: TRACKING_EVENTS,
            dedupe: &["event_id"],
        }),
    },
    TriggerSpec {
        id: "returns.webhook",
        title: "Returns webhook event",
        description: "Each Returns webhook delivery (return.*), once per delivery id.",
        kind: TriggerKind::Webhook(WebhookSpec {
            product: WebhookProduct::Returns,
            events: RETURNS_EVENTS,
            dedupe: &["id"],
        }),
    },
    TriggerSpec {
        id: "shipping.webhook",
        title: "Shipping webhook event",
        description: "Each Shipping webhook delivery (an asynchronous rate, label, cancel or manifest call finished); Shipping sends no event id, so deliveries are told apart by event_type + data.id.",
        kind: TriggerKind::Webhook(WebhookSpec {
            product: WebhookProduct::Shipping,
            events: SHIPPING_EVENTS,
            dedupe: &["event_type", "data.id"],
        }),
    },
];

/// The trigger with this id.
pub fn find_trigger(id: &str) -> Option<&'static TriggerSpec> {
    TRIGGERS.iter().find(|t| t.id == id)
}

/// The poll trigger (if any) whose listing is `operation` and that filters on the server,
/// preferring an "updated" one; `export --since` uses its filter and cursor.
pub fn time_filter_for(operation: &str) -> Option<&'static PollSpec> {
    let mut polls = TRIGGERS
        .iter()
        .filter_map(TriggerSpec::poll)
        .filter(|p| p.operation == operation && p.filter.is_some());
    let first = polls.next()?;
    Some(
        std::iter::once(first)
            .chain(polls)
            .find(|p| p.dedupe == Dedupe::IdAndCursor)
            .unwrap_or(first),
    )
}

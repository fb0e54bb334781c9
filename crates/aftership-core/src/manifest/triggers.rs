//! `triggers[]` of the manifest: the trigger table ([`crate::trigger::TRIGGERS`]) as data a
//! platform reads, with one sample record each, taken from a recorded case.

use serde_json::{json, Value};

use crate::trigger::{TriggerKind, TriggerSpec, TRIGGERS, WEBHOOK_ALGORITHM, WEBHOOK_SETUP};

/// Recorded cases the samples come from (fixture text, the member of `data` with the records).
fn poll_sample_source(trigger: &str) -> Option<&'static str> {
    Some(match trigger {
        "tracking.tracking_updated" | "tracking.tracking_created" => include_str!(
            "../../../../tests/fixtures/tracking/tracking.list_trackings/ok_last_page.json"
        ),
        "shipping.label_created" => include_str!(
            "../../../../tests/fixtures/shipping/shipping.list_labels/ok_first_page.json"
        ),
        "returns.return_created" => include_str!(
            "../../../../tests/fixtures/returns/returns.list_returns/ok_enum_filters.json"
        ),
        "commerce.order_updated" => {
            include_str!("../../../../tests/fixtures/commerce/commerce.list_orders/ok.json")
        }
        _ => return None,
    })
}

fn webhook_sample_source(product: &str) -> Option<&'static str> {
    Some(match product {
        "tracking" => include_str!("../../../../tests/webhooks/tracking/valid.json"),
        "returns" => include_str!("../../../../tests/webhooks/returns/valid.json"),
        "shipping" => include_str!("../../../../tests/webhooks/shipping/valid.json"),
        _ => return None,
    })
}

/// The first record of the recorded listing answer.
fn poll_sample(trigger: &str, items_path: &str) -> Value {
    poll_sample_source(trigger)
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|case| case["response"]["body"]["data"][items_path].get(0).cloned())
        .unwrap_or(Value::Null)
}

/// The payload of the recorded valid delivery.
fn webhook_sample(product: &str) -> Value {
    webhook_sample_source(product)
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|case| serde_json::from_str(case["body_text"].as_str()?).ok())
        .unwrap_or(Value::Null)
}

/// The schema of one emitted record: the item schema of the listing's output schema at
/// `items_path`, with the listing's `$defs` (so its `$ref`s still resolve).
fn record_schema(title: &str, operation: &str, items_path: &str) -> Value {
    let output = super::metadata::of(operation)
        .get("output_schema")
        .cloned()
        .unwrap_or(Value::Null);
    let defs = output.get("$defs").cloned();
    let resolve = |schema: &Value| -> Value {
        match schema.get("$ref").and_then(Value::as_str) {
            Some(r) => output["$defs"][r.rsplit('/').next().unwrap_or(r)].clone(),
            None => schema.clone(),
        }
    };
    let root = resolve(&output);
    let item = resolve(&root["properties"][items_path]["items"]);
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": format!("{title} (record)"),
    });
    if let (Value::Object(out), Value::Object(item)) = (&mut schema, item) {
        for (k, v) in item {
            if k != "title" {
                out.insert(k, v);
            }
        }
        if let Some(defs) = defs {
            out.insert("$defs".into(), defs);
        }
        out.insert("x-source".into(), output["x-source"].clone());
    }
    schema
}

fn entry(spec: &TriggerSpec) -> Value {
    match spec.kind {
        TriggerKind::Poll(p) => json!({
            "id": spec.id,
            "title": spec.title,
            "description": spec.description,
            "kind": "poll",
            "operation": p.operation,
            "filter_parameter": p.filter,
            "cursor_field": p.cursor_field,
            "dedupe_key": p.dedupe.members(p.cursor_field),
            "page_size": p.page_size.1,
            "page_size_parameter": p.page_size.0,
            "lookback_seconds": p.lookback_ms / 1000,
            "order": if p.newest_first { "newest_first" } else { "unordered" },
            "host_needs": "Store the state text trigger-step returns, together with the records it emitted; call the listing operation (build-request, HTTP, parse-response) for each page input.",
            "record": {"operation": p.operation, "items_path": p.items_path},
            "output_schema": record_schema(spec.title, p.operation, p.items_path),
            "sample": poll_sample(spec.id, p.items_path),
        }),
        TriggerKind::Webhook(w) => json!({
            "id": spec.id,
            "title": spec.title,
            "description": spec.description,
            "kind": "webhook",
            "product": w.product.as_str(),
            "events": w.events,
            "signature_headers": w.product.signature_headers(),
            "signature_algorithm": WEBHOOK_ALGORITHM,
            "verify_export": "verify-webhook",
            "dedupe_key": w.dedupe,
            "setup": WEBHOOK_SETUP,
            "host_needs": "A public HTTPS URL that receives the POST and passes the raw body, the headers and the product's webhook secret to verify-webhook; remember the event ids seen.",
            "payload_schema": super::metadata::webhook_payload(w.product.as_str()),
            "sample": webhook_sample(w.product.as_str()),
        }),
    }
}

/// Every trigger, as the manifest lists them.
pub fn triggers() -> Vec<Value> {
    TRIGGERS.iter().map(entry).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_trigger_has_the_schema_of_what_it_emits() {
        for entry in triggers() {
            let schema = if entry["kind"] == "poll" {
                &entry["output_schema"]
            } else {
                &entry["payload_schema"]
            };
            assert!(
                schema["properties"]
                    .as_object()
                    .is_some_and(|p| p.len() > 2),
                "{}: no record schema",
                entry["id"]
            );
        }
    }

    #[test]
    fn every_trigger_has_a_sample_from_a_recorded_case() {
        for entry in triggers() {
            let sample = &entry["sample"];
            assert!(sample.is_object(), "{}: no sample", entry["id"]);
            if entry["kind"] == "poll" {
                let cursor = entry["cursor_field"].as_str().unwrap();
                assert!(sample["id"].is_string(), "{}", entry["id"]);
                assert!(sample[cursor].is_string(), "{}: no {cursor}", entry["id"]);
            } else {
                let key = entry["dedupe_key"][0].as_str().unwrap();
                assert!(sample.get(key).is_some(), "{}: no {key}", entry["id"]);
            }
        }
    }
}

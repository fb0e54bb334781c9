//! The audit's too-lax groups and prose rules (reference: oas-audit-findings): each case is
//! refused by the connector, naming the field, and by the operation's input schema; the
//! too-strict cases are now accepted by both.

use aftership_core::{build_request, manifest_value, ApiType, ConnectorError, Settings};
use aftership_testkit::helpers::context as ctx;
use serde_json::{json, Value};

fn schema_accepts(op: &str, input: &Value) -> bool {
    let manifest = manifest_value();
    let schema = manifest["operations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == op)
        .map(|o| o["input_schema"].clone())
        .unwrap();
    jsonschema::draft202012::new(&schema)
        .unwrap()
        .is_valid(input)
}

/// Returns the fields the connector names, or an empty list when it accepts the input.
fn connector_refuses(op: &str, input: &Value) -> Vec<String> {
    let api_type = ApiType::parse(op.split('.').next().unwrap()).unwrap();
    let mut settings = Settings::new("n", api_type, "k");
    settings.store_id = Some("store".into());
    match build_request(&settings, op, &input.to_string(), &ctx()) {
        Ok(_) => Vec::new(),
        Err(ConnectorError::InvalidInput(fields)) => fields.into_iter().map(|f| f.field).collect(),
        Err(other) => panic!("{op}: unexpected {other:?}"),
    }
}

fn address() -> Value {
    json!({"contact_name": "A", "street1": "1 Main St", "country": "USA"})
}

fn label_body() -> Value {
    json!({
        "shipment": {
            "ship_from": address(), "ship_to": address(),
            "parcels": [{
                "box_type": "custom",
                "dimension": {"width": 1, "height": 1, "depth": 1, "unit": "cm"},
                "weight": {"unit": "kg", "value": 1},
                "items": [{"description": "x", "quantity": 1, "weight": {"unit": "kg", "value": 1}}]
            }]
        }
    })
}

fn with(mut value: Value, pointer: &str, new: Value) -> Value {
    let (parent, key) = pointer.rsplit_once('/').unwrap();
    let target = value.pointer_mut(parent).unwrap();
    match target {
        Value::Object(map) if new.is_null() => {
            map.remove(key);
        }
        Value::Object(map) => {
            map.insert(key.to_string(), new);
        }
        _ => panic!("{pointer}"),
    }
    value
}

#[test]
fn nested_requirements_are_refused_by_both() {
    let label = json!({"body": label_body()});
    let lbl = "/body/shipment/parcels/0";
    // (operation, JSON pointer into the label input, new value (null: removed), field refused)
    #[rustfmt::skip]
    let label_edits = [
        ("shipping.create_label", format!("{lbl}/dimension/unit"), Value::Null, "body.shipment.parcels[0].dimension.unit"),
        ("shipping.create_label", format!("{lbl}/weight/value"), Value::Null, "body.shipment.parcels[0].weight.value"),
        ("shipping.create_label", format!("{lbl}/items/0/weight/unit"), Value::Null, "body.shipment.parcels[0].items[0].weight.unit"),
        ("shipping.create_label", format!("{lbl}/items/0/dimension"), json!({"width": 1}), "body.shipment.parcels[0].items[0].dimension.depth"),
        ("shipping.create_label", "/body/shipment/return_to".to_string(), json!({"contact_name": "A"}), "body.shipment.return_to.street1"),
        ("shipping.create_label", "/body/shipment/ship_from_display".to_string(), json!({"street1": "x", "country": "USA"}), "body.shipment.ship_from_display.contact_name"),
        ("shipping.create_label", "/body/billing".to_string(), json!({"paid_by": "shipper", "method": {"type": "account"}}), "body.billing.method.account_number"),
        ("shipping.create_label", "/body/customs".to_string(), json!({"purpose": "gift", "billing": {}}), "body.customs.billing.paid_by"),
        ("shipping.create_label", "/body/customs".to_string(), json!({"purpose": "gift", "billing": {"paid_by": "shipper", "method": {"account_number": "1"}}}), "body.customs.billing.method.type"),
        ("shipping.create_label", "/body/customs".to_string(), json!({"purpose": "gift", "broker_address": {"country": "USA"}}), "body.customs.broker_address.street1"),
        ("shipping.create_label", "/body/customs".to_string(), json!({"purpose": "gift", "importer_address": {"street1": "x", "country": "USA"}}), "body.customs.importer_address.contact_name"),
        ("shipping.create_label", format!("{lbl}/weight/unit"), json!("stone"), "body.shipment.parcels[0].weight.unit"),
        ("shipping.calculate_rates", format!("{lbl}/dimension/width"), Value::Null, "body.shipment.parcels[0].dimension.width"),
        ("shipping.calculate_rates", format!("{lbl}/items/0/weight/value"), Value::Null, "body.shipment.parcels[0].items[0].weight.value"),
        ("shipping.calculate_rates", "/body/shipment/return_to".to_string(), json!({}), "body.shipment.return_to.contact_name"),
    ];
    let mut cases: Vec<(&str, Value, &str)> = label_edits
        .into_iter()
        .map(|(op, pointer, value, field)| (op, with(label.clone(), &pointer, value), field))
        .collect();
    cases.extend([
        (
            "shipping.create_pickup",
            json!({"body": {"pickup_start_time": "09:00:00", "pickup_end_time": "17:00:00", "pickup_from": address(), "shipper_account": {"id": "s"}, "pickup_parcels": [{"quantity": 1, "weight": {"unit": "kg"}}]}}),
            "body.pickup_parcels[0].weight.value",
        ),
        (
            "shipping.create_pickup",
            json!({"body": {"pickup_start_time": "09:00:00", "pickup_end_time": "17:00:00", "pickup_from": address(), "shipper_account": {"id": "s"}, "pickup_parcels": [{"quantity": 1, "weight": {"unit": "kg", "value": 1}, "dimension": {"unit": "cm"}}]}}),
            "body.pickup_parcels[0].dimension.depth",
        ),
        (
            "shipping.create_pickup",
            json!({"body": {"pickup_start_time": "09:00:00", "pickup_end_time": "17:00:00", "pickup_from": address()}}),
            "body.label_ids",
        ),
        (
            "shipping.create_pickup",
            json!({"body": {"pickup_start_time": "09:00:00", "pickup_end_time": "17:00:00", "pickup_from": address(), "label_ids": ["l"], "pickup_parcels": []}}),
            "body.pickup_parcels",
        ),
        (
            "shipping.create_pickup",
            json!({"body": {"pickup_start_time": "09:00:00", "pickup_end_time": "17:00:00", "pickup_from": address(), "pickup_parcels": []}}),
            "body.shipper_account",
        ),
        (
            "returns.approve_return_by_id",
            json!({"return_id": "r", "body": {"customize_label_info": {"ship_from": {"city": "X"}}}}),
            "body.customize_label_info.ship_from.contact_name",
        ),
        (
            "returns.approve_return_by_rma_number",
            json!({"rma_number": "r", "body": {"customize_label_info": {"ship_to": {"city": "X", "contact_name": "A", "country_region": "USA", "postal_code": "1", "state": "NY"}}}}),
            "body.customize_label_info.ship_to.street_1",
        ),
        (
            "protection.update_coverage_tracking",
            json!({"body": {"order": {"trackings": [{"slug": "ups", "tracking_number": "1"}]}}}),
            "body.order.trackings[0].ship_date",
        ),
        (
            "commerce.list_fulfillments",
            json!({"order_id": "o", "ids": ["a"]}),
            "ids",
        ),
        (
            "shipping.list_locations",
            json!({"slug": "ups", "country": "USA", "city": "X"}),
            "postal_code",
        ),
        (
            "shipping.list_locations",
            json!({"slug": "fedex", "country": "USA"}),
            "city",
        ),
        (
            "tracking.create_tracking",
            json!({"body": {"tracking_number": "1", "slug": "ups", "slug_group": "fedex-group"}}),
            "body.slug_group",
        ),
        (
            "tracking.create_tracking",
            json!({"body": {"tracking_number": "1", "location_id": "l", "origin_city": "X"}}),
            "body.origin_city",
        ),
        (
            "shipping.update_shipper_account_settings",
            json!({"id": "s", "body": {"electronic_trade_documents_enabled": true, "commercial_invoice_letterhead": "x"}}),
            "body.commercial_invoice_signature",
        ),
    ]);
    for (op, input, field) in &cases {
        let fields = connector_refuses(op, input);
        assert!(
            fields.iter().any(|f| f == field),
            "{op}: expected {field} in {fields:?}\n{input}"
        );
        assert!(!schema_accepts(op, input), "{op}: schema accepts {input}");
    }
    // The same bodies with the part complete are accepted by both.
    for (op, input) in [
        ("shipping.create_label", label.clone()),
        ("shipping.calculate_rates", label.clone()),
        (
            "shipping.list_locations",
            json!({"slug": "ups", "country": "USA", "postal_code": "1"}),
        ),
        (
            "tracking.create_tracking",
            json!({"body": {"tracking_number": "1", "slug": "ups", "origin_city": "X"}}),
        ),
    ] {
        assert_eq!(connector_refuses(op, &input), Vec::<String>::new(), "{op}");
        assert!(schema_accepts(op, &input), "{op}");
    }
}

#[test]
fn too_strict_cases_are_now_accepted() {
    for (op, input) in [
        ("members.list_memberships", json!({"limit": 500})),
        (
            "tracking.list_trackings",
            json!({"return_to_sender": "true,false"}),
        ),
        ("tracking.list_trackings", json!({"return_to_sender": true})),
        (
            "tracking.list_trackings",
            json!({"return_to_sender": [false]}),
        ),
    ] {
        assert_eq!(
            connector_refuses(op, &input),
            Vec::<String>::new(),
            "{op} {input}"
        );
        assert!(schema_accepts(op, &input), "{op} {input}");
    }
    let bad = json!({"return_to_sender": "maybe"});
    assert_eq!(
        connector_refuses("tracking.list_trackings", &bad),
        ["return_to_sender"]
    );
    assert!(!schema_accepts("tracking.list_trackings", &bad));
    let settings = Settings::new("n", ApiType::Tracking, "k");
    let request = build_request(
        &settings,
        "tracking.list_trackings",
        r#"{"return_to_sender":"true, false"}"#,
        &ctx(),
    )
    .unwrap();
    assert!(
        request.url.ends_with("?return_to_sender=true%2Cfalse"),
        "{}",
        request.url
    );
}

//! Warranty API 2026-07 (`/warranty/2026-07`): claims and their state machine, claim shipments,
//! claim items, item tags and warranty registrations.
//!
//! Facts: AfterShip OAS `openapi/_original/aftership-warranty-api-openapi.yml` (the only server is
//! `https://api.aftership.com/warranty/2026-07`, no sandbox) and the Warranty docs (rate limit:
//! 10 requests per second per organization). Auth is the `as-api-key` header; no OAuth scheme.
//! Success envelope `{meta:{code:20000,type:"OK",message}, data}`, also for the 201 of
//! create-claim-shipment.
//!
//! **Errors are an assumption.** The document declares no 4xx/5xx response for any operation.
//! This module follows the Returns 2026-07 error envelope (`apis/returns.rs`; Returns OAS
//! examples such as `components.responses.ApproveReturnError404`: `meta.code` 40400 NotFound,
//! 40900 Conflict, 42200 UnprocessableEntity, 42900 TooManyRequests, `data` null), which the
//! generic mapping already reads (HTTP status first, then a 5-digit `HHHxx` code as `HHH`), so
//! no family code mapping is declared. `docs/warranty-personalization.md` lists this and the
//! other unconfirmed facts; the recorded error cases under `tests/fixtures/warranty/` pin the
//! assumed shape.
//!
//! Claim state machine (operation descriptions): `under_review` → approve → `approved` or
//! reject → `rejected`; `approved` → process → `in_process` → resolve → `completed`; cancel from
//! `approved` or `in_process`; receive and shipments only in `approved` / `in_process`.
//! AfterShip-generated shipment labels are made asynchronously: poll `get_claim_shipment`
//! until `label_generation_result.status` is `created` or `failed`.

use crate::body::{Kind, Rule, Shape};
use crate::catalog::{BodySpec, Family, FamilyRules, OperationSpec, Paging, Param};
use crate::types::Method;

const F: Family = Family::Warranty;

/// No code of its own (Returns-style 5-digit codes, read generically; see the module doc). The
/// connection test lists item tags: an unpaged, read-only call, the cheapest authenticated one.
pub const RULES: FamilyRules = FamilyRules::probing("list_item_tags", "{}");

/// Claim `status` values (Claim.status; the `statuses` filter of GET /claims).
pub const CLAIM_STATUSES: &[&str] = &[
    "under_review",
    "approved",
    "in_process",
    "completed",
    "rejected",
    "canceled",
];
/// Public resolution methods (process-claim `items[].resolution_method`, GET /claims filter).
pub const RESOLUTION_METHODS: &[&str] = &[
    "repair_item",
    "replace_item",
    "send_repair_kit",
    "issue_store_credit",
    "other",
];
/// E-commerce platforms of a store picked from match-resolution.
const PLATFORMS: &[&str] = &["shopify", "bigcommerce", "woocommerce"];

/// PATCH /claims/{claim_id}: at least one member (`minProperties: 1`); a shipping address is
/// sent whole, with its five required members.
const UPDATE_CLAIM: Shape = Shape::required(&[
    "shipping_address.last_name",
    "shipping_address.address_line_1",
    "shipping_address.city",
    "shipping_address.country",
    "shipping_address.postal_code",
])
.fields(&[("note", Kind::Text), ("contact_email", Kind::Text)])
.rules(&[Rule::AtLeastOne(&[
    "note",
    "contact_email",
    "shipping_address",
])]);

/// Approve / resolve / receive: the document requires a body but no member of it.
const NOTIFY_ONLY: Shape = Shape::required(&[]).fields(&[("notify_customer", Kind::Boolean)]);
/// Approve: `notify_customer`, `approval_note`.
const APPROVE: Shape = Shape::required(&[]).fields(&[
    ("notify_customer", Kind::Boolean),
    ("approval_note", Kind::Text),
]);
/// Reject: `reject_reason` required.
const REJECT: Shape = Shape::required(&["reject_reason"]).fields(&[
    ("reject_reason", Kind::Text),
    ("notify_customer", Kind::Boolean),
    ("permanent_reject", Kind::Boolean),
]);
/// Cancel: `cancel_reason` required.
const CANCEL: Shape = Shape::required(&["cancel_reason"]).fields(&[
    ("cancel_reason", Kind::Text),
    ("notify_customer", Kind::Boolean),
]);

/// A store picked from match-resolution.
const STORE: Shape = Shape::required(&["platform", "external_id"]).fields(&[
    ("platform", Kind::Enum(PLATFORMS)),
    ("external_id", Kind::Text),
]);
/// One replacement item selection.
const REPLACEMENT_ITEM: Shape =
    Shape::required(&["external_product_id", "external_variant_id", "quantity"]).fields(&[
        ("external_product_id", Kind::Text),
        ("external_variant_id", Kind::Text),
        ("quantity", Kind::Integer { min: 1 }),
    ]);
/// `replacement_order`: `store` and `items` required.
const REPLACEMENT_ORDER: Shape = Shape::required(&["store", "items"]).fields(&[
    ("store", Kind::Object(&STORE)),
    ("items", Kind::Each(&REPLACEMENT_ITEM)),
]);
/// `store_credit`: `value` (Money) required, `store` optional ("when store selection is required").
const STORE_CREDIT: Shape = Shape::required(&["value"]).fields(&[
    ("store", Kind::Object(&STORE)),
    ("value.amount", Kind::Text),
    ("value.currency", Kind::Text),
]);
/// One claim item to process.
const PROCESS_ITEM: Shape = Shape::required(&["id", "resolution_method"]).fields(&[
    ("id", Kind::Text),
    ("resolution_method", Kind::Enum(RESOLUTION_METHODS)),
    ("replacement_order", Kind::Object(&REPLACEMENT_ORDER)),
    ("store_credit", Kind::Object(&STORE_CREDIT)),
]);
/// Process: `items` required.
const PROCESS: Shape = Shape::required(&["items"]).fields(&[
    ("notify_customer", Kind::Boolean),
    ("items", Kind::Each(&PROCESS_ITEM)),
]);

/// Create a claim shipment: a `oneOf` of an AfterShip-generated label (`label_source`
/// `aftership`, inbound only) and a merchant-provided label (`label_source` `merchant` with
/// `label.url`, `tracking_slug` and `tracking_number`).
const CREATE_SHIPMENT: Shape =
    Shape::required(&["shipment_direction", "label_source", "label.url"])
        .fields(&[
            ("shipment_direction", Kind::Enum(&["inbound", "outbound"])),
            ("label_source", Kind::Enum(&["aftership", "merchant"])),
            ("notify_customer", Kind::Boolean),
            ("tracking_slug", Kind::Text),
            ("tracking_number", Kind::Text),
        ])
        .rules(&[Rule::RequiredWhenOneOf(
            "label_source",
            &["merchant"],
            &["label", "tracking_slug", "tracking_number"],
        )]);

/// Update a claim item: `item_tags` (each with an `id`) or `merchant_image_urls`, not both.
const UPDATE_ITEM: Shape = Shape::required(&["item_tags[].id"])
    .rules(&[Rule::ExactlyOne(&["item_tags", "merchant_image_urls"])]);

/// PATCH a warranty registration: at least one member (`minProperties: 1`); benefit totals are
/// whole numbers (-1 = unlimited).
const UPDATE_REGISTRATION: Shape = Shape::required(&[])
    .fields(&[
        ("plan_name", Kind::Text),
        ("benefits.repair_item.total", Kind::Integer { min: -1 }),
        ("benefits.send_repair_kit.total", Kind::Integer { min: -1 }),
        ("benefits.replace_item.total", Kind::Integer { min: -1 }),
    ])
    .rules(&[Rule::AtLeastOne(&["plan_name", "expired_at", "benefits"])]);

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    OperationSpec::new(
        F,
        "list_claims",
        "List claims",
        Method::Get,
        "/claims",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, GET /claims (list-claims)",
    )
    // page 1-200 and limit 1-50 keep `page * limit <= 10000` (the document's rule): the largest
    // accepted pair is exactly 200 * 50 = 10000, so the bounds are the check.
    .with_query(&[
        Param::text("keyword"),
        Param::list_of("statuses", CLAIM_STATUSES),
        Param::text("claim_created_at_min"),
        Param::text("claim_created_at_max"),
        Param::text("order_created_at_min"),
        Param::text("order_created_at_max"),
        Param::list_of("resolution_methods", RESOLUTION_METHODS),
        Param::list("warranty_page_ids"),
        Param::int("page", 1, 200),
        Param::int("limit", 1, 50),
    ])
    .with_paging(Paging::PageLimit),
    OperationSpec::new(
        F,
        "get_claim",
        "Get a claim",
        Method::Get,
        "/claims/{claim_id}",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, GET /claims/{claim_id} (get-claim)",
    ),
    OperationSpec::new(
        F,
        "update_claim",
        "Update a claim",
        Method::Patch,
        "/claims/{claim_id}",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, PATCH /claims/{claim_id} (patch-claim)",
    )
    .with_body(BodySpec::shape(UPDATE_CLAIM)),
    OperationSpec::new(
        F,
        "approve_claim",
        "Approve a claim",
        Method::Post,
        "/claims/{claim_id}/approve",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /claims/{claim_id}/approve (approve-claim); body required, no member required ({} is sent when none is given)",
    )
    .with_body(BodySpec::shape(APPROVE)),
    OperationSpec::new(
        F,
        "reject_claim",
        "Reject a claim",
        Method::Post,
        "/claims/{claim_id}/reject",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /claims/{claim_id}/reject (reject-claim)",
    )
    .with_body(BodySpec::shape(REJECT)),
    OperationSpec::new(
        F,
        "cancel_claim",
        "Cancel a claim",
        Method::Post,
        "/claims/{claim_id}/cancel",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /claims/{claim_id}/cancel (cancel-claim)",
    )
    .with_body(BodySpec::shape(CANCEL)),
    OperationSpec::new(
        F,
        "resolve_claim",
        "Resolve a claim",
        Method::Post,
        "/claims/{claim_id}/resolve",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /claims/{claim_id}/resolve (resolve-claim); body required, no member required",
    )
    .with_body(BodySpec::shape(NOTIFY_ONLY)),
    OperationSpec::new(
        F,
        "receive_claim",
        "Mark a claim's items as received",
        Method::Post,
        "/claims/{claim_id}/receive",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /claims/{claim_id}/receive (receive-claim); body required, no member required",
    )
    .with_body(BodySpec::shape(NOTIFY_ONLY)),
    OperationSpec::new(
        F,
        "check_claim_resolution_availability",
        "Check claim resolution availability",
        Method::Post,
        "/claims/{claim_id}/match-resolution",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /claims/{claim_id}/match-resolution (check-claim-resolution-availability); no requestBody declared, none sent",
    ),
    OperationSpec::new(
        F,
        "process_claim",
        "Process a claim",
        Method::Post,
        "/claims/{claim_id}/process",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /claims/{claim_id}/process (process-claim)",
    )
    .with_body(BodySpec::shape(PROCESS)),
    OperationSpec::new(
        F,
        "create_claim_shipment",
        "Create a claim shipment",
        Method::Post,
        "/claims/{claim_id}/shipments",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /claims/{claim_id}/shipments (create-claim-shipment); HTTP 201, AfterShip labels made asynchronously",
    )
    .with_body(BodySpec::shape(CREATE_SHIPMENT)),
    OperationSpec::new(
        F,
        "get_claim_shipment",
        "Get a claim shipment",
        Method::Get,
        "/claims/{claim_id}/shipments/{shipment_id}",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, GET /claims/{claim_id}/shipments/{shipment_id} (get-claim-shipment)",
    ),
    OperationSpec::new(
        F,
        "update_claim_item",
        "Update a claim item (tags or images)",
        Method::Patch,
        "/claims/{claim_id}/items/{item_id}",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, PATCH /claims/{claim_id}/items/{item_id} (update-claim-item)",
    )
    .with_body(BodySpec::shape(UPDATE_ITEM)),
    OperationSpec::new(
        F,
        "list_item_tags",
        "List item tags",
        Method::Get,
        "/item-tags",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, GET /item-tags (list-item-tags)",
    ),
    OperationSpec::new(
        F,
        "get_order_warranty_registrations",
        "Get an order's warranty registrations",
        Method::Get,
        "/orders/warranty-registrations",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, GET /orders/warranty-registrations (get-order-warranty-registrations)",
    )
    .with_query(&[
        Param::text("order_number").req(),
        Param::text("customer_email").req(),
    ]),
    OperationSpec::new(
        F,
        "update_warranty_registration",
        "Update a warranty registration",
        Method::Patch,
        "/warranty-registrations/{warranty_registration_id}",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, PATCH /warranty-registrations/{warranty_registration_id} (patch-warranty-registration)",
    )
    .with_body(BodySpec::shape(UPDATE_REGISTRATION)),
    OperationSpec::new(
        F,
        "invalidate_warranty_registration",
        "Invalidate a warranty registration",
        Method::Post,
        "/warranty-registrations/{warranty_registration_id}/invalidate",
        "AfterShip OAS openapi/_original/aftership-warranty-api-openapi.yml, POST /warranty-registrations/{warranty_registration_id}/invalidate (invalidate-warranty-registration)",
    )
    .with_body(BodySpec::shape(Shape::required(&["reason"]).fields(&[("reason", Kind::Text)]))),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_operation_is_here_once() {
        let names = [
            "list_claims",
            "get_claim",
            "update_claim",
            "approve_claim",
            "reject_claim",
            "cancel_claim",
            "resolve_claim",
            "receive_claim",
            "check_claim_resolution_availability",
            "process_claim",
            "create_claim_shipment",
            "get_claim_shipment",
            "update_claim_item",
            "list_item_tags",
            "get_order_warranty_registrations",
            "update_warranty_registration",
            "invalidate_warranty_registration",
        ];
        assert_eq!(OPERATIONS.len(), names.len());
        for name in names {
            assert_eq!(
                OPERATIONS.iter().filter(|op| op.name == name).count(),
                1,
                "{name}"
            );
        }
        assert!(OPERATIONS.iter().all(|op| op.family == F));
    }

    #[test]
    fn claim_ids_shared_with_protection_are_told_apart_by_family() {
        use crate::{build_request, ApiType, ConnectorError, RequestContext, Settings};
        let ctx = RequestContext {
            now_unix_ms: 0,
            request_id: None,
        };
        let warranty = Settings::new("w", ApiType::Warranty, "k");
        let protection = Settings::new("p", ApiType::Protection, "k");
        let w = build_request(&warranty, "warranty.list_claims", "{}", &ctx).unwrap();
        let p = build_request(&protection, "protection.list_claims", "{}", &ctx).unwrap();
        assert_eq!(w.url, "https://api.aftership.com/warranty/2026-07/claims");
        assert_eq!(p.url, "https://api.aftership.com/admin/2022-01/claims");
        for (settings, other) in [
            (&warranty, "protection.list_claims"),
            (&protection, "warranty.get_claim"),
        ] {
            let refused = build_request(settings, other, r#"{"id":"1","claim_id":"1"}"#, &ctx);
            assert!(
                matches!(refused, Err(ConnectorError::UnknownOperation(_))),
                "{other}: {refused:?}"
            );
        }
    }

    #[test]
    fn the_page_bounds_keep_page_times_limit_within_ten_thousand() {
        let list = OPERATIONS
            .iter()
            .find(|op| op.name == "list_claims")
            .unwrap();
        let max = |name: &str| match list.query.iter().find(|q| q.name == name).unwrap().kind {
            crate::catalog::ParamKind::Integer { max, .. } => max,
            other => panic!("{name} is {other:?}"),
        };
        assert_eq!(max("page") * max("limit"), 10_000);
    }
}

//! Returns API 2026-07 (`/returns/2026-07`): returns, their approval workflow, received/removed
//! items, shipments, return items, QR-code dropoffs, the returns-page deep link and item tags.
//!
//! Facts: AfterShip OAS `aftership-returns-api-openapi.yml`, `aftership-return-items-api-openapi.yml`,
//! `aftership-return-dropoffs-api-openapi.yml`, `aftership-returns-page-api-openapi.yml` and
//! `aftership-item-tags-api-openapi.yml` (the Returns twin, path server `returns/2026-07`).
//! Every action on a return exists by return id (`/returns/{return_id}/…`) and by RMA number
//! (`/returns/rma/{rma_number}/…`); drops exist by RMA number only. Success codes are 5-digit
//! (`20000` OK, `20100` Created, `20200` Accepted); the only listing (`GET /returns`) pages by
//! `page`/`limit` with `data.pagination.has_next_page`.

use crate::body::{Kind, Shape};
use crate::catalog::{BodySpec, Family, FamilyRules, OperationSpec, Paging, Param};
use crate::types::Method;

const F: Family = Family::Returns;

/// No code of its own; the connection test lists item tags, the cheapest authenticated read.
pub const RULES: FamilyRules = FamilyRules::probing("list_item_tags", "{}");

const OAS: &str = "AfterShip OAS aftership-returns-api-openapi.yml";
const OAS_ITEMS: &str = "AfterShip OAS aftership-return-items-api-openapi.yml";
const OAS_DROPOFFS: &str = "AfterShip OAS aftership-return-dropoffs-api-openapi.yml";
const OAS_PAGE: &str = "AfterShip OAS aftership-returns-page-api-openapi.yml";
const OAS_TAGS: &str = "AfterShip OAS aftership-item-tags-api-openapi.yml (Returns server)";

/// A label address in `customize_label_info` (approve): all six members are required.
const LABEL_ADDRESS: Shape = Shape::required(&[
    "city",
    "contact_name",
    "country_region",
    "postal_code",
    "state",
    "street_1",
]);
/// Approve body: a given `customize_label_info.ship_from` / `ship_to` is a full label address.
const APPROVE: Shape = Shape::required(&[]).fields(&[
    (
        "customize_label_info.ship_from",
        Kind::Object(&LABEL_ADDRESS),
    ),
    ("customize_label_info.ship_to", Kind::Object(&LABEL_ADDRESS)),
]);

/// `approval_status` values (Return.approval_status).
const APPROVAL_STATUSES: &[&str] = &["submitted", "approved", "done", "rejected", "expired"];
/// `outcome` values (Return.outcomes items).
const OUTCOMES: &[&str] = &["exchange", "refund", "upsell", "store_credit"];
/// `return_method` values of the GET /returns filter.
const RETURN_METHODS: &[&str] = &[
    "happy_returns",
    "retail_reworks",
    "retailer_label",
    "carrier_pickup",
    "customer_courier",
    "in_store",
    "green_return",
    "carrier_dropoff",
];

/// CreateReturn request body: `order`, `return_items` and `refund_destination` are required;
/// `return_method` is optional but needs `type` when given.
const CREATE_RETURN_REQUIRED: &[&str] = &[
    "order",
    "order.external_id",
    "order.store",
    "order.store.platform",
    "order.store.external_id",
    "return_items",
    "return_items[].external_order_item_id",
    "return_items[].intended_return_quantity",
    "return_items[].return_reason",
    "return_items[].resolution",
    "refund_destination",
    "return_method.type",
];
/// RejectReturn request body.
const REJECT_REQUIRED: &[&str] = &["reject_reason"];
/// ReceiveItems request body (a grading, when given, needs `grade` and `quantity`).
const RECEIVE_ITEMS_REQUIRED: &[&str] = &[
    "items",
    "items[].external_id",
    "items[].quantity",
    "items[].gradings[].grade",
    "items[].gradings[].quantity",
];
/// AttachShipments request body.
const ATTACH_SHIPMENTS_REQUIRED: &[&str] = &[
    "shipments",
    "shipments[].tracking_number",
    "shipments[].slug",
    "shipments[].label",
    "shipments[].label.url",
];
/// RemoveItems request body.
const REMOVE_ITEMS_REQUIRED: &[&str] = &[
    "items",
    "items[].external_id",
    "items[].quantity",
    "edit_reason",
    "notify_customer",
];

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    OperationSpec::new(
        F,
        "list_returns",
        "List returns",
        Method::Get,
        "/returns",
        OAS,
    )
    .with_query(&[
        Param::text("created_at_min"),
        Param::text("created_at_max"),
        Param::one_of("approval_status", APPROVAL_STATUSES),
        Param::text("customer_email"),
        Param::one_of("outcome", OUTCOMES),
        Param::one_of("return_method", RETURN_METHODS),
        Param::text("order_name"),
        Param::int("page", 1, 200),
        Param::int("limit", 1, 50),
    ])
    .with_paging(Paging::PageLimit),
    OperationSpec::new(
        F,
        "create_return",
        "Create a return (refund resolution)",
        Method::Post,
        "/returns",
        OAS,
    )
    .with_body(BodySpec::json(CREATE_RETURN_REQUIRED)),
    OperationSpec::new(
        F,
        "get_return_by_id",
        "Get a return by return ID",
        Method::Get,
        "/returns/{return_id}",
        OAS,
    ),
    OperationSpec::new(
        F,
        "get_return_by_rma_number",
        "Get a return by RMA number",
        Method::Get,
        "/returns/rma/{rma_number}",
        OAS,
    ),
    OperationSpec::new(
        F,
        "approve_return_by_id",
        "Approve a return by return ID",
        Method::Post,
        "/returns/{return_id}/approve",
        OAS,
    )
    .with_body(BodySpec::shape(APPROVE)),
    OperationSpec::new(
        F,
        "approve_return_by_rma_number",
        "Approve a return by RMA number",
        Method::Post,
        "/returns/rma/{rma_number}/approve",
        OAS,
    )
    .with_body(BodySpec::shape(APPROVE)),
    OperationSpec::new(
        F,
        "resolve_return_by_id",
        "Resolve a return by return ID",
        Method::Post,
        "/returns/{return_id}/resolve",
        OAS,
    )
    .with_body(BodySpec::json(&[])),
    OperationSpec::new(
        F,
        "resolve_return_by_rma_number",
        "Resolve a return by RMA number",
        Method::Post,
        "/returns/rma/{rma_number}/resolve",
        OAS,
    )
    .with_body(BodySpec::json(&[])),
    OperationSpec::new(
        F,
        "reject_return_by_id",
        "Reject a return by return ID",
        Method::Post,
        "/returns/{return_id}/reject",
        OAS,
    )
    .with_body(BodySpec::json(REJECT_REQUIRED)),
    OperationSpec::new(
        F,
        "reject_return_by_rma_number",
        "Reject a return by RMA number",
        Method::Post,
        "/returns/rma/{rma_number}/reject",
        OAS,
    )
    .with_body(BodySpec::json(REJECT_REQUIRED)),
    OperationSpec::new(
        F,
        "receive_return_items_by_id",
        "Record received items by return ID",
        Method::Post,
        "/returns/{return_id}/receive-items",
        OAS,
    )
    .with_body(BodySpec::json(RECEIVE_ITEMS_REQUIRED)),
    OperationSpec::new(
        F,
        "receive_return_items_by_rma_number",
        "Record received items by RMA number",
        Method::Post,
        "/returns/rma/{rma_number}/receive-items",
        OAS,
    )
    .with_body(BodySpec::json(RECEIVE_ITEMS_REQUIRED)),
    OperationSpec::new(
        F,
        "attach_return_shipments_by_id",
        "Attach a return shipment by return ID",
        Method::Post,
        "/returns/{return_id}/attach-shipments",
        OAS,
    )
    .with_body(BodySpec::json(ATTACH_SHIPMENTS_REQUIRED)),
    OperationSpec::new(
        F,
        "attach_return_shipments_by_rma_number",
        "Attach a return shipment by RMA number",
        Method::Post,
        "/returns/rma/{rma_number}/attach-shipments",
        OAS,
    )
    .with_body(BodySpec::json(ATTACH_SHIPMENTS_REQUIRED)),
    OperationSpec::new(
        F,
        "remove_return_items_by_id",
        "Remove items from a return by return ID",
        Method::Post,
        "/returns/{return_id}/remove-items",
        OAS,
    )
    .with_body(BodySpec::json(REMOVE_ITEMS_REQUIRED)),
    OperationSpec::new(
        F,
        "remove_return_items_by_rma_number",
        "Remove items from a return by RMA number",
        Method::Post,
        "/returns/rma/{rma_number}/remove-items",
        OAS,
    )
    .with_body(BodySpec::json(REMOVE_ITEMS_REQUIRED)),
    OperationSpec::new(
        F,
        "update_return_item_by_id",
        "Update a return item (tags or images) by return ID",
        Method::Patch,
        "/returns/{return_id}/items/{item_id}",
        OAS_ITEMS,
    )
    .with_body(BodySpec::json(&[])),
    OperationSpec::new(
        F,
        "update_return_item_by_rma_number",
        "Update a return item (tags or images) by RMA number",
        Method::Patch,
        "/returns/rma/{rma_number}/items/{item_id}",
        OAS_ITEMS,
    )
    .with_body(BodySpec::json(&[])),
    OperationSpec::new(
        F,
        "create_dropoff_drop_by_rma_number",
        "Record items dropped off at a QR-code dropoff",
        Method::Post,
        "/returns/rma/{rma_number}/dropoffs/{dropoff_id}/drops",
        OAS_DROPOFFS,
    )
    .with_body(BodySpec::json(&[])),
    OperationSpec::new(
        F,
        "create_returns_page_deep_link",
        "Create a returns page deep link",
        Method::Post,
        "/returns/link",
        OAS_PAGE,
    )
    .with_body(BodySpec::json(&["order_number"])),
    OperationSpec::new(
        F,
        "list_item_tags",
        "List item tags",
        Method::Get,
        "/item-tags",
        OAS_TAGS,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_operation_is_here() {
        let names = [
            "list_returns",
            "create_return",
            "get_return_by_id",
            "get_return_by_rma_number",
            "approve_return_by_id",
            "approve_return_by_rma_number",
            "resolve_return_by_id",
            "resolve_return_by_rma_number",
            "reject_return_by_id",
            "reject_return_by_rma_number",
            "receive_return_items_by_id",
            "receive_return_items_by_rma_number",
            "attach_return_shipments_by_id",
            "attach_return_shipments_by_rma_number",
            "remove_return_items_by_id",
            "remove_return_items_by_rma_number",
            "update_return_item_by_id",
            "update_return_item_by_rma_number",
            "create_dropoff_drop_by_rma_number",
            "create_returns_page_deep_link",
            "list_item_tags",
        ];
        assert_eq!(OPERATIONS.len(), names.len());
        for name in names {
            assert!(
                OPERATIONS.iter().any(|op| op.name == name),
                "missing {name}"
            );
        }
        assert!(OPERATIONS.iter().all(|op| op.family == F));
    }
}

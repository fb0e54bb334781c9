//! Protection API (`/admin/2022-01`, also on the sandbox host): coverages (shipping insurance for
//! orders), premium calculation and claims.
//!
//! Facts: AfterShip OAS `openapi/_original/aftership-protection-api-openapi.yml` and the
//! Protection request-errors page. Envelope `{meta:{code,type,message,errors}, data}` with 5-digit
//! codes (`20000`, `20100`, `40000`, `40400`, `40900`, `42200`, `50000`; 401 stays 3-digit).
//! Listings page by `page` (at most 1000) and `limit` (at most 20) with
//! `data.pagination {page, limit, total}`. `update-tracking` and `void` pick the coverage by
//! the query `id` (coverage id) or `source_id` (the order's id).

use crate::body::{Kind, Rule, Shape};
use crate::catalog::{BodySpec, Family, FamilyRules, OperationSpec, Paging, Param};
use crate::types::Method;

const F: Family = Family::Protection;

/// No code of its own; the connection test lists one coverage, the cheapest authenticated read.
pub const RULES: FamilyRules = FamilyRules::probing("list_coverages", r#"{"limit":1}"#);

/// Create-coverage body: `order` with the fields Coverage creation requires; items follow
/// Order_item.v1, addresses Address.v1, amounts Amount.v1, trackings Tracking.v1 (whose
/// `ship_date` the operation's own example sends inside each tracking).
const CREATE_COVERAGE_REQUIRED: &[&str] = &[
    "order",
    "order.source_id",
    "order.items",
    "order.items[].source_id",
    "order.items[].title",
    "order.items[].quantity",
    "order.items[].unit_insured_amount",
    "order.items[].unit_insured_amount.amount",
    "order.items[].unit_insured_amount.currency",
    "order.shipping_address",
    "order.shipping_address.street_1",
    "order.shipping_address.postal_code",
    "order.shipping_address.city",
    "order.shipping_address.state",
    "order.shipping_address.state.name",
    "order.shipping_address.country_region",
    "order.shipping_address.country_region.code",
    "order.shipping_address.first_name",
    "order.shipping_address.last_name",
    "order.sender_address",
    "order.sender_address.street_1",
    "order.sender_address.postal_code",
    "order.sender_address.city",
    "order.sender_address.state",
    "order.sender_address.state.name",
    "order.sender_address.country_region",
    "order.sender_address.country_region.code",
    "order.sender_address.first_name",
    "order.sender_address.last_name",
    "order.sender_address.email",
    "order.order_date",
    "order.subtotal",
    "order.subtotal.amount",
    "order.subtotal.currency",
    "order.shipping_total.amount",
    "order.shipping_total.currency",
    "order.trackings[].slug",
    "order.trackings[].tracking_number",
    "order.trackings[].ship_date",
];
/// Create-coverage body: the required members above, and (request body description) a
/// shipping address with a phone or an e-mail.
const CREATE_COVERAGE: Shape = Shape::required(CREATE_COVERAGE_REQUIRED).fields(&[(
    "order.shipping_address",
    Kind::Object(&Shape::required(&[]).rules(&[Rule::AtLeastOne(&["phone", "email"])])),
)]);
/// Update-tracking body: `order.trackings`, each with `slug`, `tracking_number` and `ship_date`
/// (Tracking.v1 requires it; the schema is a stronger source than the operation's example,
/// which sends `ship_date` beside the trackings).
const UPDATE_TRACKING_REQUIRED: &[&str] = &[
    "order",
    "order.trackings",
    "order.trackings[].slug",
    "order.trackings[].tracking_number",
    "order.trackings[].ship_date",
];
/// Calculate-premium body: `subtotal` (Amount.v1); `shipping_total` is optional.
const CALCULATE_REQUIRED: &[&str] = &[
    "subtotal",
    "subtotal.amount",
    "subtotal.currency",
    "shipping_total.amount",
    "shipping_total.currency",
];

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    OperationSpec::new(
        F,
        "list_coverages",
        "List coverages",
        Method::Get,
        "/coverages",
        "AfterShip OAS _original/aftership-protection-api-openapi.yml, GET /coverages (get-coverages)",
    )
    .with_query(&[
        Param::text("source_id"),
        Param::int("page", 1, 1000),
        Param::int("limit", 1, 20),
    ])
    .with_paging(Paging::PageLimit),
    OperationSpec::new(
        F,
        "create_coverage",
        "Create a coverage",
        Method::Post,
        "/coverages",
        "AfterShip OAS _original/aftership-protection-api-openapi.yml, POST /coverages (post-coverage)",
    )
    .with_body(BodySpec::shape(CREATE_COVERAGE)),
    OperationSpec::new(
        F,
        "get_coverage",
        "Get a coverage",
        Method::Get,
        "/coverages/{id}",
        "AfterShip OAS _original/aftership-protection-api-openapi.yml, GET /coverages/{id} (get-coverage-id)",
    ),
    OperationSpec::new(
        F,
        "update_coverage_tracking",
        "Update a coverage's trackings",
        Method::Post,
        "/coverages/update-tracking",
        "AfterShip OAS _original/aftership-protection-api-openapi.yml, POST /coverages/update-tracking (post-coverage-id-update-tracking); select by id or source_id",
    )
    .with_query(&[Param::text("id"), Param::text("source_id")])
    .with_body(BodySpec::json(UPDATE_TRACKING_REQUIRED)),
    OperationSpec::new(
        F,
        "void_coverage",
        "Void a coverage",
        Method::Post,
        "/coverages/void",
        "AfterShip OAS _original/aftership-protection-api-openapi.yml, POST /coverages/void (post-coverage-void); select by id or source_id, no request body",
    )
    .with_query(&[Param::text("id"), Param::text("source_id")]),
    OperationSpec::new(
        F,
        "calculate_premium",
        "Calculate the premium",
        Method::Post,
        "/coverages/calculate",
        "AfterShip OAS _original/aftership-protection-api-openapi.yml, POST /coverages/calculate (post-coverage-calculate)",
    )
    .with_body(BodySpec::json(CALCULATE_REQUIRED)),
    OperationSpec::new(
        F,
        "list_claims",
        "List claims",
        Method::Get,
        "/claims",
        "AfterShip OAS _original/aftership-protection-api-openapi.yml, GET /claims (get-claims)",
    )
    .with_query(&[
        Param::text("coverage_id"),
        Param::int("page", 1, 1000),
        Param::int("limit", 1, 20),
    ])
    .with_paging(Paging::PageLimit),
    OperationSpec::new(
        F,
        "get_claim",
        "Get a claim",
        Method::Get,
        "/claims/{id}",
        "AfterShip OAS _original/aftership-protection-api-openapi.yml, GET /claims/{id} (get-claim-id)",
    ),
];

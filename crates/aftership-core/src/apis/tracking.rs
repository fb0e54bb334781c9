//! Tracking API 2026-07 (`/tracking/2026-07`): trackings, couriers, courier connections, AI EDD.
//! Facts: AfterShip OAS `aftership-tracking-api-openapi.yml`, `aftership-courier-api-openapi.yml`,
//! `aftership-courier-connection-api-openapi.yml`, `aftership-estimated-delivery-date-api-openapi.yml`.
//! Bodies are top-level JSON (no `{"tracking": …}` wrapper); listings page by cursor.

use crate::catalog::{BodySpec, Family, OperationSpec, Paging, Param};
use crate::types::Method;

const F: Family = Family::Tracking;
const OAS: &str = "AfterShip OAS aftership-tracking-api-openapi.yml";

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    OperationSpec::new(
        F,
        "list_trackings",
        "List trackings",
        Method::Get,
        "/trackings",
        OAS,
    )
    .with_query(&[
        Param::text("cursor"),
        Param::int("limit", 1, 200),
        Param::text("keyword"),
        Param::list("tracking_numbers"),
        Param::list("slug"),
        Param::int("transit_time", 1, 365),
        Param::list("origin"),
        Param::list("destination"),
        Param::list("tag"),
        Param::text("created_at_min"),
        Param::text("created_at_max"),
        Param::text("updated_at_min"),
        Param::text("updated_at_max"),
        Param::list("fields"),
        Param::boolean("return_to_sender"),
        Param::list("courier_destination_country_region"),
        Param::list("shipment_tags"),
        Param::text("order_id"),
    ])
    .with_paging(Paging::Cursor)
    .with_rate_limit(6),
    OperationSpec::new(
        F,
        "create_tracking",
        "Create a tracking",
        Method::Post,
        "/trackings",
        OAS,
    )
    .with_body(BodySpec::json(&[
        "tracking_number",
        "last_mile.tracking_number",
        "last_mile.slug",
    ]))
    .with_rate_limit(20),
    OperationSpec::new(
        F,
        "get_tracking_by_id",
        "Get a tracking by ID",
        Method::Get,
        "/trackings/{id}",
        OAS,
    )
    .with_query(&[Param::list("fields"), Param::text("lang")])
    .with_rate_limit(5),
];

//! Tracking API 2026-07 (`/tracking/2026-07`): trackings, couriers, courier connections, AI EDD.
//! Facts: AfterShip OAS `aftership-tracking-api-openapi.yml`, `aftership-courier-api-openapi.yml`,
//! `aftership-courier-connection-api-openapi.yml`, `aftership-estimated-delivery-date-api-openapi.yml`.
//! Bodies are top-level JSON (no `{"tracking": …}` wrapper); listings page by cursor.
//!
//! Rate limits are per endpoint (requests per second, AfterShip's Tracking rate-limit page):
//! POST /trackings 20, GET /trackings 6, the other tracking routes 5, GET /couriers 5,
//! POST /couriers/detect 3, every courier-connection route 5, predict 5, predict-batch 20.
//!
//! The OAS declares `Content-Type: application/json` as a required header on every tracking,
//! courier and courier-connection operation, GET and DELETE included; the connector sends it on
//! every request of every family (the SignString's content type stays empty without a body).

use crate::body::{Rule, Shape};
use crate::catalog::{params, BodySpec, Family, FamilyRules, OperationSpec, Paging, Param};
use crate::types::Method;

const F: Family = Family::Tracking;

/// No code of its own; the connection test lists couriers, the cheapest authenticated read.
pub const RULES: FamilyRules = FamilyRules::probing("list_couriers", "{}");

const OAS: &str = "AfterShip OAS aftership-tracking-api-openapi.yml";
const COURIER_OAS: &str = "AfterShip OAS aftership-courier-api-openapi.yml";
const CONNECTION_OAS: &str = "AfterShip OAS aftership-courier-connection-api-openapi.yml";
const EDD_OAS: &str = "AfterShip OAS aftership-estimated-delivery-date-api-openapi.yml";

/// The nine delivery statuses (`Tag.v1`); legacy v4 uses the same set.
const TAGS: &[&str] = &[
    "Pending",
    "InfoReceived",
    "InTransit",
    "OutForDelivery",
    "AttemptFail",
    "Delivered",
    "AvailableForPickup",
    "Exception",
    "Expired",
];

/// Create-tracking body; the OAS prose rules: `slug_group` "cannot be used with slug at the same
/// time", and `location_id` is not sent together with origin address fields.
const CREATE_TRACKING: Shape = Shape::required(&[
    "tracking_number",
    "last_mile.tracking_number",
    "last_mile.slug",
])
.rules(&[
    Rule::AtMostOne(&["slug", "slug_group"]),
    Rule::Excludes(
        "location_id",
        &[
            "origin_country_region",
            "origin_state",
            "origin_city",
            "origin_postal_code",
            "origin_raw_location",
        ],
    ),
]);

/// `fields` and `lang` of the single-tracking reads.
const TRACKING_READ_QUERY: &[Param] = &[Param::list("fields"), Param::text("lang")];

/// Required members of one AI EDD request object (`Estimated_delivery_date_Request`): `slug`,
/// both addresses and their `country_region`; `weight` needs `unit` and `value`,
/// `estimated_pickup` needs `order_time` when present.
const EDD_REQUIRED: &[&str] = &[
    "slug",
    "origin_address",
    "origin_address.country_region",
    "destination_address",
    "destination_address.country_region",
    "weight.unit",
    "weight.value",
    "estimated_pickup.order_time",
];

/// The same rules applied to each item of `estimated_delivery_dates` (1 to 5 items).
const EDD_BATCH_REQUIRED: &[&str] = &[
    "estimated_delivery_dates",
    "estimated_delivery_dates[].slug",
    "estimated_delivery_dates[].origin_address",
    "estimated_delivery_dates[].origin_address.country_region",
    "estimated_delivery_dates[].destination_address",
    "estimated_delivery_dates[].destination_address.country_region",
    "estimated_delivery_dates[].weight.unit",
    "estimated_delivery_dates[].weight.value",
    "estimated_delivery_dates[].estimated_pickup.order_time",
];

/// GET /trackings search members both Tracking versions take first (after the page member).
pub(crate) const LIST_SEARCH: &[Param] = &[
    Param::int("limit", 1, 200),
    Param::text("keyword"),
    Param::list("tracking_numbers"),
    Param::list("slug"),
];

/// GET /trackings filters both Tracking versions take after the transit-time filter.
pub(crate) const LIST_FILTERS: &[Param] = &[
    Param::list("origin"),
    Param::list("destination"),
    Param::one_of("tag", TAGS),
    Param::text("created_at_min"),
    Param::text("created_at_max"),
    Param::text("updated_at_min"),
    Param::text("updated_at_max"),
    Param::list("fields"),
];

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    // ---- Trackings -------------------------------------------------------------------------
    OperationSpec::new(
        F,
        "list_trackings",
        "List trackings",
        Method::Get,
        "/trackings",
        OAS,
    )
    .with_query(params![
        &[Param::text("cursor")],
        LIST_SEARCH,
        // Integer days with no documented upper bound (OAS get-trackings `transit_time`).
        &[Param::int("transit_time", 0, i32::MAX as i64)],
        LIST_FILTERS,
        &[
            Param::bool_list("return_to_sender"),
            Param::list("courier_destination_country_region"),
            Param::list("shipment_tags"),
            Param::list("order_id"),
        ],
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
    .with_body(BodySpec::shape(CREATE_TRACKING))
    .with_rate_limit(20),
    OperationSpec::new(
        F,
        "get_tracking_by_id",
        "Get a tracking by ID",
        Method::Get,
        "/trackings/{id}",
        OAS,
    )
    .with_query(TRACKING_READ_QUERY)
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "update_tracking_by_id",
        "Update a tracking by ID",
        Method::Put,
        "/trackings/{id}",
        OAS,
    )
    // Nothing is required; `last_mile` (when not null, which clears it) needs both members.
    .with_body(BodySpec::json(&[
        "last_mile.tracking_number",
        "last_mile.slug",
    ]))
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "delete_tracking_by_id",
        "Delete a tracking by ID",
        Method::Delete,
        "/trackings/{id}",
        OAS,
    )
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "retrack_tracking_by_id",
        "Retrack an expired tracking by ID",
        Method::Post,
        "/trackings/{id}/retrack",
        OAS,
    )
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "mark_tracking_completed_by_id",
        "Mark a tracking as completed by ID",
        Method::Post,
        "/trackings/{id}/mark-as-completed",
        OAS,
    )
    // `reason`: DELIVERED, LOST or RETURNED_TO_SENDER (AfterShip checks the value).
    .with_body(BodySpec::json(&["reason"]))
    .with_rate_limit(5),
    // ---- Couriers --------------------------------------------------------------------------
    OperationSpec::new(
        F,
        "list_couriers",
        "List couriers",
        Method::Get,
        "/couriers",
        COURIER_OAS,
    )
    .with_query(&[Param::boolean("active"), Param::list("slug")])
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "detect_courier",
        "Detect the courier of a tracking number",
        Method::Post,
        "/couriers/detect",
        COURIER_OAS,
    )
    .with_body(BodySpec::json(&["tracking_number"]))
    .with_rate_limit(3),
    // ---- Courier connections ---------------------------------------------------------------
    OperationSpec::new(
        F,
        "list_courier_connections",
        "List courier connections",
        Method::Get,
        "/courier-connections",
        CONNECTION_OAS,
    )
    .with_query(&[
        Param::text("courier_slug"),
        Param::text("cursor"),
        Param::int("limit", 1, 200),
    ])
    .with_paging(Paging::Cursor)
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "create_courier_connection",
        "Create a courier connection",
        Method::Post,
        "/courier-connections",
        CONNECTION_OAS,
    )
    .with_body(BodySpec::json(&["courier_slug", "credentials"]))
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "get_courier_connection_by_id",
        "Get a courier connection by ID",
        Method::Get,
        "/courier-connections/{id}",
        CONNECTION_OAS,
    )
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "update_courier_connection_by_id",
        "Update a courier connection's credentials",
        Method::Patch,
        "/courier-connections/{id}",
        CONNECTION_OAS,
    )
    .with_body(BodySpec::json(&["credentials"]))
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "delete_courier_connection_by_id",
        "Delete a courier connection by ID",
        Method::Delete,
        "/courier-connections/{id}",
        CONNECTION_OAS,
    )
    .with_rate_limit(5),
    // ---- AI estimated delivery date --------------------------------------------------------
    OperationSpec::new(
        F,
        "predict_estimated_delivery_date",
        "Predict an estimated delivery date",
        Method::Post,
        "/estimated-delivery-date/predict",
        EDD_OAS,
    )
    .with_body(BodySpec::json(EDD_REQUIRED))
    .with_rate_limit(5),
    OperationSpec::new(
        F,
        "predict_estimated_delivery_date_batch",
        "Predict estimated delivery dates in a batch",
        Method::Post,
        "/estimated-delivery-date/predict-batch",
        EDD_OAS,
    )
    .with_body(BodySpec::json(EDD_BATCH_REQUIRED))
    .with_rate_limit(20),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_operation_is_present() {
        let names: Vec<&str> = OPERATIONS.iter().map(|op| op.name).collect();
        assert_eq!(names.len(), 16);
        for op in OPERATIONS {
            assert_eq!(op.family, Family::Tracking);
            assert!(op.rate_limit.is_some(), "{} has no rate limit", op.name);
        }
    }
}

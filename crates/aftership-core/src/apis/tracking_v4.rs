//! Legacy Tracking API v4 (`/v4`), kept for accounts and keys that only have legacy access.
//!
//! How a connection selects it: there is no extra setting. A connection whose API type is
//! Tracking is offered two operation families, `tracking.*` (2026-07) and `tracking_v4.*`
//! (this one); choosing an operation id from this family sends the request to
//! `https://api.aftership.com/v4/…` with the key in the legacy `aftership-api-key` header.
//! AfterShip limits v4 to 10 requests per second per organisation (the family default, no
//! per-endpoint limits).
//!
//! Facts: api-core §2 (from AfterShip's legacy SDK `aftership-sdk-nodejs` v4 and the
//! migration guide) and the 2019 v4 skeleton republished as `api-evangelist-tracking-v4.json`.
//! Differences from 2026-07:
//! - POST/PUT trackings and POST couriers/detect wrap the body in `{"tracking": …}`, notification
//!   add/remove in `{"notification": …}`; the input's `body` is the inner object and required
//!   fields are checked there. mark-as-completed sends `{"reason": …}` unwrapped.
//! - GET /trackings pages by `page`/`limit`; the answer carries `data.page`, `data.limit` and
//!   `data.count` (matched trackings, at most 10,000).
//! - A tracking is addressed by `{slug}/{tracking_number}` or by `{id}`. The slug/number routes
//!   accept the courier's additional fields (`tracking_postal_code`, `tracking_ship_date`, …) as
//!   query parameters, to tell apart trackings that share a number.

// v4 lists with the same filters (the nine delivery statuses among them) and search members as
// the versioned API.
use super::tracking::{LIST_FILTERS, LIST_SEARCH};
use crate::catalog::{params, BodySpec, Family, FamilyRules, OperationSpec, Paging, Param};
use crate::types::Method;

const F: Family = Family::TrackingV4;

/// No rule of its own; a Tracking connection is tested through Tracking 2026-07.
pub const RULES: FamilyRules = FamilyRules::GENERIC;

const CORE: &str = "api-core.md §2 (legacy Tracking v4; aftership-sdk-nodejs v4)";
const SKELETON: &str = "api-evangelist-tracking-v4.json (2019 v4 skeleton); api-core.md §2";

/// The courier's additional fields, accepted as query parameters on slug/number routes.
const ADDITIONAL_FIELDS: &[Param] = &[
    Param::text("tracking_account_number"),
    Param::text("tracking_destination_country"),
    Param::text("tracking_key"),
    Param::text("tracking_origin_country"),
    Param::text("tracking_postal_code"),
    Param::text("tracking_ship_date"),
    Param::text("tracking_state"),
];

/// `fields` and `lang` (reads by id).
const READ_BY_ID: &[Param] = &[Param::list("fields"), Param::text("lang")];

/// `fields`, `lang` and the additional fields (reads by slug/number).
const READ_BY_SLUG: &[Param] = params![READ_BY_ID, ADDITIONAL_FIELDS];

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    // ---- Trackings -------------------------------------------------------------------------
    OperationSpec::new(
        F,
        "create_tracking",
        "Create a tracking (v4)",
        Method::Post,
        "/trackings",
        SKELETON,
    )
    .with_body(BodySpec::wrapped("tracking", &["tracking_number"])),
    OperationSpec::new(
        F,
        "list_trackings",
        "List trackings (v4)",
        Method::Get,
        "/trackings",
        SKELETON,
    )
    .with_query(params![
        &[Param::int("page", 1, 10_000)],
        LIST_SEARCH,
        // Integer days (the v4 name of `transit_time`); no documented upper bound.
        &[Param::int("delivery_time", 0, i32::MAX as i64)],
        LIST_FILTERS,
        &[
            Param::text("lang"),
            Param::text("last_updated_at"),
            Param::boolean("return_to_sender"),
            Param::list("courier_destination_country_iso3"),
        ],
    ])
    .with_paging(Paging::PageLimit),
    OperationSpec::new(
        F,
        "get_tracking_by_slug_tracking_number",
        "Get a tracking by slug and number (v4)",
        Method::Get,
        "/trackings/{slug}/{tracking_number}",
        CORE,
    )
    .with_query(READ_BY_SLUG),
    OperationSpec::new(
        F,
        "get_tracking_by_id",
        "Get a tracking by ID (v4)",
        Method::Get,
        "/trackings/{id}",
        CORE,
    )
    .with_query(READ_BY_ID),
    OperationSpec::new(
        F,
        "update_tracking_by_slug_tracking_number",
        "Update a tracking by slug and number (v4)",
        Method::Put,
        "/trackings/{slug}/{tracking_number}",
        SKELETON,
    )
    .with_query(ADDITIONAL_FIELDS)
    .with_body(BodySpec::wrapped("tracking", &[])),
    OperationSpec::new(
        F,
        "update_tracking_by_id",
        "Update a tracking by ID (v4)",
        Method::Put,
        "/trackings/{id}",
        CORE,
    )
    .with_body(BodySpec::wrapped("tracking", &[])),
    OperationSpec::new(
        F,
        "delete_tracking_by_slug_tracking_number",
        "Delete a tracking by slug and number (v4)",
        Method::Delete,
        "/trackings/{slug}/{tracking_number}",
        SKELETON,
    )
    .with_query(ADDITIONAL_FIELDS),
    OperationSpec::new(
        F,
        "delete_tracking_by_id",
        "Delete a tracking by ID (v4)",
        Method::Delete,
        "/trackings/{id}",
        CORE,
    ),
    OperationSpec::new(
        F,
        "retrack_tracking_by_slug_tracking_number",
        "Retrack an expired tracking by slug and number (v4)",
        Method::Post,
        "/trackings/{slug}/{tracking_number}/retrack",
        SKELETON,
    )
    .with_query(ADDITIONAL_FIELDS),
    OperationSpec::new(
        F,
        "retrack_tracking_by_id",
        "Retrack an expired tracking by ID (v4)",
        Method::Post,
        "/trackings/{id}/retrack",
        CORE,
    ),
    OperationSpec::new(
        F,
        "mark_tracking_completed_by_slug_tracking_number",
        "Mark a tracking as completed by slug and number (v4)",
        Method::Post,
        "/trackings/{slug}/{tracking_number}/mark-as-completed",
        CORE,
    )
    .with_query(ADDITIONAL_FIELDS)
    .with_body(BodySpec::json(&["reason"])),
    OperationSpec::new(
        F,
        "mark_tracking_completed_by_id",
        "Mark a tracking as completed by ID (v4)",
        Method::Post,
        "/trackings/{id}/mark-as-completed",
        CORE,
    )
    .with_body(BodySpec::json(&["reason"])),
    // ---- Last checkpoint -------------------------------------------------------------------
    OperationSpec::new(
        F,
        "get_last_checkpoint_by_slug_tracking_number",
        "Get the last checkpoint by slug and number (v4)",
        Method::Get,
        "/last_checkpoint/{slug}/{tracking_number}",
        SKELETON,
    )
    .with_query(READ_BY_SLUG),
    OperationSpec::new(
        F,
        "get_last_checkpoint_by_id",
        "Get the last checkpoint by tracking ID (v4)",
        Method::Get,
        "/last_checkpoint/{id}",
        CORE,
    )
    .with_query(READ_BY_ID),
    // ---- Notifications ---------------------------------------------------------------------
    OperationSpec::new(
        F,
        "get_notification_by_slug_tracking_number",
        "Get notification recipients by slug and number (v4)",
        Method::Get,
        "/notifications/{slug}/{tracking_number}",
        SKELETON,
    )
    .with_query(ADDITIONAL_FIELDS),
    OperationSpec::new(
        F,
        "get_notification_by_id",
        "Get notification recipients by tracking ID (v4)",
        Method::Get,
        "/notifications/{id}",
        CORE,
    ),
    OperationSpec::new(
        F,
        "add_notification_by_slug_tracking_number",
        "Add notification recipients by slug and number (v4)",
        Method::Post,
        "/notifications/{slug}/{tracking_number}/add",
        SKELETON,
    )
    .with_query(ADDITIONAL_FIELDS)
    .with_body(BodySpec::wrapped("notification", &[])),
    OperationSpec::new(
        F,
        "add_notification_by_id",
        "Add notification recipients by tracking ID (v4)",
        Method::Post,
        "/notifications/{id}/add",
        CORE,
    )
    .with_body(BodySpec::wrapped("notification", &[])),
    OperationSpec::new(
        F,
        "remove_notification_by_slug_tracking_number",
        "Remove notification recipients by slug and number (v4)",
        Method::Post,
        "/notifications/{slug}/{tracking_number}/remove",
        SKELETON,
    )
    .with_query(ADDITIONAL_FIELDS)
    .with_body(BodySpec::wrapped("notification", &[])),
    OperationSpec::new(
        F,
        "remove_notification_by_id",
        "Remove notification recipients by tracking ID (v4)",
        Method::Post,
        "/notifications/{id}/remove",
        CORE,
    )
    .with_body(BodySpec::wrapped("notification", &[])),
    // Only in the 2019 skeleton; not confirmed by api-core or the legacy SDK.
    OperationSpec::new(
        F,
        "delete_notification_by_id",
        "Delete notification recipients by tracking ID (v4, unconfirmed)",
        Method::Delete,
        "/notifications/{id}",
        "api-evangelist-tracking-v4.json (2019 v4 skeleton) DELETE /notifications/{id}; unconfirmed elsewhere",
    ),
    // ---- Couriers --------------------------------------------------------------------------
    OperationSpec::new(
        F,
        "list_couriers",
        "List the account's couriers (v4)",
        Method::Get,
        "/couriers",
        SKELETON,
    ),
    OperationSpec::new(
        F,
        "list_all_couriers",
        "List all couriers (v4)",
        Method::Get,
        "/couriers/all",
        SKELETON,
    ),
    OperationSpec::new(
        F,
        "detect_courier",
        "Detect the courier of a tracking number (v4)",
        Method::Post,
        "/couriers/detect",
        SKELETON,
    )
    .with_body(BodySpec::wrapped("tracking", &["tracking_number"])),
    // ---- AI estimated delivery date --------------------------------------------------------
    OperationSpec::new(
        F,
        "predict_estimated_delivery_date_batch",
        "Predict estimated delivery dates in a batch (v4, unconfirmed)",
        Method::Post,
        "/estimated-delivery-date/predict-batch",
        "api-core.md §2 (legacy aftership-sdk-nodejs 7.0.5 predict-batch; field names unconfirmed)",
    )
    .with_body(BodySpec::json(&["estimated_delivery_dates"])),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_operation_is_present() {
        assert_eq!(OPERATIONS.len(), 25);
        for op in OPERATIONS {
            assert_eq!(op.family, Family::TrackingV4);
            // Slug/number routes take the additional fields.
            if op.path.contains("{tracking_number}") {
                assert!(
                    op.query.iter().any(|q| q.name == "tracking_postal_code"),
                    "{} lacks the additional fields",
                    op.name
                );
            }
        }
    }
}

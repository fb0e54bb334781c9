//! Shipping API v3, formerly Postmen (`/postmen/v3`): rates, labels, manifests, couriers, label
//! and pickup cancellations, pickups, shipper accounts (generic and FedEx-specific), the address
//! validation beta and carrier drop-off locations.
//!
//! Facts: AfterShip's official export `openapi/_original/aftership-shipping-api-openapi.yml`
//! (servers `https://sandbox-api.aftership.com/postmen/v3` and `https://api.aftership.com/postmen/v3`;
//! the host comes from the settings' environment). Every success is HTTP 200 with
//! `meta.code` 200; errors may also come as HTTP 200 with a 4-digit `meta.code` (see
//! `RULES` below). Listings page by token: `limit` + `next_token` in, `data.next_token` out.
//!
//! Required body fields are those the OAS declares (top-level `required` lists and the
//! `required` lists of the schemas a body refers to: Address.v3 `street1`/`country`/`contact_name`,
//! Shipment.v3 `ship_from`/`ship_to`/`parcels`, Parcel.v3 `box_type`/`dimension`/`items`,
//! Item.v3 `quantity`/`description`, Billing.v3 `paid_by`, Customs.v3 `purpose`, Invoice.v3
//! `date`, Pickup_parcel.v3 `weight`/`quantity`). Nested fields are checked only when their
//! parent is present. Where the OAS declares no `required` list (top-level or inline objects
//! such as `shipper_account`, `label`, `pickup`), nothing is required here: AfterShip answers
//! such requests itself (4104 with `meta.details`), so no documented-valid body is refused.

mod bodies;
mod files;

use bodies::{
    CALCULATE_RATES, CANCEL_LABEL_REQUIRED, CANCEL_PICKUP_REQUIRED, CREATE_FEDEX_REQUIRED,
    CREATE_LABEL, CREATE_MANIFEST_REQUIRED, CREATE_PICKUP, UPDATE_FEDEX_REQUIRED, WITH_ADDRESS,
};

use crate::body::{Rule, Shape};
use crate::catalog::{
    params, BodySpec, CodeStatus, Family, FamilyRules, OperationSpec, Paging, Param,
};
use crate::types::Method;

const F: Family = Family::Shipping;

/// Shipping `meta.code`s answered under HTTP 200 that mean "not found" (AfterShip Shipping
/// "Request Errors"): 4140 shipper account not found, 4153 item does not exist, 4157 rate is
/// not found. Every other 4xxx stays a validation error (4172 a rate limit).
const NOT_FOUND_CODES: &[i64] = &[4140, 4153, 4157];

/// Shipping `meta.code`s that report a failure on AfterShip's or the carrier's side, not in the
/// request (same page): 4100/4101 internal error, 4312 networking error. They are server errors,
/// retryable unless `meta.retryable` says otherwise.
const SERVER_SIDE_CODES: &[i64] = &[4100, 4101, 4312];

/// Shipping 4172: "too many requests", answered under HTTP 200 (same page), retryable.
const RATE_LIMIT_CODES: &[i64] = &[4172];

/// Shipping's own codes (above), the documents of labels and manifests (`files`, see
/// [`files`]) and the connection test, which lists one shipper account.
pub const RULES: FamilyRules = FamilyRules {
    code_statuses: &[
        CodeStatus {
            codes: NOT_FOUND_CODES,
            status: 404,
        },
        CodeStatus {
            codes: SERVER_SIDE_CODES,
            status: 500,
        },
        CodeStatus {
            codes: RATE_LIMIT_CODES,
            status: 429,
        },
    ],
    files: Some(files::shipping_files),
    paged_files: Some(files::paged_files),
    ..FamilyRules::probing("list_shipper_accounts", r#"{"limit":1}"#)
};

/// Page size: typed `string` without bounds in the OAS ("Number of records per page").
const LIMIT: Param = Param::int("limit", 1, i32::MAX as i64);
/// Opaque page token returned as `data.next_token`.
const NEXT_TOKEN: Param = Param::text("next_token");
/// Creation window start (`YYYY-MM-DDTHH:MM:SSZ` or with offset; AfterShip's default: 24 h ago).
const CREATED_AT_MIN: Param = Param::text("created_at_min");
/// Creation window end (default: now).
const CREATED_AT_MAX: Param = Param::text("created_at_max");
/// Filter by shipper account id.
const SHIPPER_ACCOUNT_ID: Param = Param::text("shipper_account_id");

/// A status-filtered listing's query: `status` (one of `statuses`), page size, creation window
/// and page token.
const fn by_status(statuses: &'static [&'static str]) -> [Param; 5] {
    [
        Param::one_of("status", statuses),
        LIMIT,
        CREATED_AT_MIN,
        CREATED_AT_MAX,
        NEXT_TOKEN,
    ]
}

/// Label.v3 `status` values (GET /labels `status`).
const LABEL_STATUSES: &[&str] = &[
    "creating",
    "created",
    "cancelling",
    "cancelled",
    "manifesting",
    "manifested",
    "failed",
];
/// Cancel_label.v3 / Cancel_pickup.v3 `status` values.
const CANCEL_STATUSES: &[&str] = &["cancelling", "cancelled", "failed"];
/// GET /manifests `status` values.
const MANIFEST_STATUSES: &[&str] = &["manifested", "manifesting", "failed"];
/// Rate_record.v3 `status` values (GET /rates `status`).
const RATE_STATUSES: &[&str] = &["calculating", "calculated", "failed"];
/// Pickup.v3 `status` values (GET /pickups `status`).
const PICKUP_STATUSES: &[&str] = &["creating", "created", "failed", "cancelling", "cancelled"];
/// Carriers GET /locations serves (`slug`, required).
const LOCATION_SLUGS: &[&str] = &["ups", "evri", "fedex", "usps", "yodel", "gls"];
/// GET /locations `distance_unit` (default `km`).
const DISTANCE_UNITS: &[&str] = &["km", "mi"];

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    // Labels.
    OperationSpec::new(
        F,
        "list_labels",
        "List labels",
        Method::Get,
        "/labels",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /labels (get-labels)",
    )
    .with_query(&[
        SHIPPER_ACCOUNT_ID,
        Param::one_of("status", LABEL_STATUSES),
        LIMIT,
        CREATED_AT_MIN,
        CREATED_AT_MAX,
        Param::text("s"),
        NEXT_TOKEN,
    ])
    .with_paging(Paging::NextToken),
    OperationSpec::new(
        F,
        "create_label",
        "Create a label",
        Method::Post,
        "/labels",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /labels (post-labels); no top-level required list",
    )
    .with_body(BodySpec::shape(CREATE_LABEL)),
    OperationSpec::new(
        F,
        "get_label",
        "Get a label",
        Method::Get,
        "/labels/{id}",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /labels/{id} (get-label)",
    ),
    // Couriers.
    OperationSpec::new(
        F,
        "list_couriers",
        "List couriers",
        Method::Get,
        "/couriers",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /couriers (get-couriers)",
    ),
    // Cancel labels.
    OperationSpec::new(
        F,
        "list_cancel_labels",
        "List cancelled labels",
        Method::Get,
        "/cancel-labels",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /cancel-labels (get-cancel-labels)",
    )
    .with_query(params![&[SHIPPER_ACCOUNT_ID], &by_status(CANCEL_STATUSES)])
    .with_paging(Paging::NextToken),
    OperationSpec::new(
        F,
        "cancel_label",
        "Cancel a label",
        Method::Post,
        "/cancel-labels",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /cancel-labels (post-cancel-labels)",
    )
    .with_body(BodySpec::json(CANCEL_LABEL_REQUIRED)),
    OperationSpec::new(
        F,
        "get_cancel_label",
        "Get a cancelled label",
        Method::Get,
        "/cancel-labels/{id}",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /cancel-labels/{id} (get-cancel-label)",
    ),
    // Address validations (beta; AfterShip recommends the newer Address API).
    OperationSpec::new(
        F,
        "create_address_validation",
        "Validate an address (beta)",
        Method::Post,
        "/address-validations",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /address-validations (post-address-validations)",
    )
    .with_body(BodySpec::shape(WITH_ADDRESS)),
    // Locations.
    OperationSpec::new(
        F,
        "list_locations",
        "List carrier drop-off locations",
        Method::Get,
        "/locations",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /locations (get-locations)",
    )
    .with_query(&[
        Param::one_of("slug", LOCATION_SLUGS).req(),
        Param::text("street"),
        Param::text("postal_code"),
        Param::text("city"),
        Param::text("state"),
        Param::text("country").req(),
        Param::int("count", 1, 50),
        Param::text("distance"),
        Param::one_of("distance_unit", DISTANCE_UNITS),
        Param::array("filters"),
    ])
    .with_rules(&[
        Rule::AtLeastOne(&["city", "postal_code"]),
        Rule::RequiredWhenOneOf("slug", &["evri", "ups"], &["postal_code"]),
    ]),
    // Manifests.
    OperationSpec::new(
        F,
        "list_manifests",
        "List manifests",
        Method::Get,
        "/manifests",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /manifests (get-manifests)",
    )
    .with_query(params![&[SHIPPER_ACCOUNT_ID], &by_status(MANIFEST_STATUSES)])
    .with_paging(Paging::NextToken),
    OperationSpec::new(
        F,
        "create_manifest",
        "Create a manifest",
        Method::Post,
        "/manifests",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /manifests (post-manifests)",
    )
    .with_body(BodySpec::json(CREATE_MANIFEST_REQUIRED)),
    OperationSpec::new(
        F,
        "get_manifest",
        "Get a manifest",
        Method::Get,
        "/manifests/{id}",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /manifests/{id} (get-manifest)",
    ),
    // Rates.
    OperationSpec::new(
        F,
        "list_rates",
        "List rate calculations",
        Method::Get,
        "/rates",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /rates (get-rates)",
    )
    .with_query(&by_status(RATE_STATUSES))
    .with_paging(Paging::NextToken),
    OperationSpec::new(
        F,
        "calculate_rates",
        "Calculate rates",
        Method::Post,
        "/rates",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /rates (post-rates); no top-level required list",
    )
    .with_body(BodySpec::shape(CALCULATE_RATES)),
    OperationSpec::new(
        F,
        "get_rate",
        "Get a rate calculation",
        Method::Get,
        "/rates/{id}",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /rates/{id} (get-rate)",
    ),
    // Pickups.
    OperationSpec::new(
        F,
        "list_pickups",
        "List pickups",
        Method::Get,
        "/pickups",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /pickups (get-pickups; its empty requestBody is ignored)",
    )
    .with_query(&by_status(PICKUP_STATUSES))
    .with_paging(Paging::NextToken),
    OperationSpec::new(
        F,
        "create_pickup",
        "Schedule a pickup",
        Method::Post,
        "/pickups",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /pickups (post-pickups); FedEx, UPS, DHL Express, Purolator",
    )
    .with_body(BodySpec::shape(CREATE_PICKUP)),
    OperationSpec::new(
        F,
        "get_pickup",
        "Get a pickup",
        Method::Get,
        "/pickups/{id}",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /pickups/{id} (get-pickup)",
    ),
    // Cancel pickups.
    OperationSpec::new(
        F,
        "list_cancel_pickups",
        "List cancelled pickups",
        Method::Get,
        "/cancel-pickups",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /cancel-pickups (get-cancel-pickups)",
    )
    .with_query(&by_status(CANCEL_STATUSES))
    .with_paging(Paging::NextToken),
    OperationSpec::new(
        F,
        "cancel_pickup",
        "Cancel a pickup",
        Method::Post,
        "/cancel-pickups",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /cancel-pickups (post-cancel-pickups)",
    )
    .with_body(BodySpec::json(CANCEL_PICKUP_REQUIRED)),
    OperationSpec::new(
        F,
        "get_cancel_pickup",
        "Get a cancelled pickup",
        Method::Get,
        "/cancel-pickups/{id}",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /cancel-pickups/{id} (get-cancel-pickup)",
    ),
    // Shipper accounts.
    OperationSpec::new(
        F,
        "list_shipper_accounts",
        "List shipper accounts",
        Method::Get,
        "/shipper-accounts",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /shipper-accounts (get-shipper-accounts)",
    )
    .with_query(&[Param::text("slug"), LIMIT, NEXT_TOKEN])
    .with_paging(Paging::NextToken),
    OperationSpec::new(
        F,
        "create_shipper_account",
        "Create a shipper account",
        Method::Post,
        "/shipper-accounts",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /shipper-accounts (post-shipper-accounts); credentials are carrier-specific",
    )
    .with_body(BodySpec::shape(WITH_ADDRESS)),
    OperationSpec::new(
        F,
        "get_shipper_account",
        "Get a shipper account",
        Method::Get,
        "/shipper-accounts/{id}",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, GET /shipper-accounts/{id} (get-shipper-accounts-id)",
    ),
    OperationSpec::new(
        F,
        "delete_shipper_account",
        "Delete a shipper account",
        Method::Delete,
        "/shipper-accounts/{id}",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, DELETE /shipper-accounts/{id} (delete-shipper-accounts-id)",
    ),
    OperationSpec::new(
        F,
        "update_shipper_account_info",
        "Update a shipper account's details",
        Method::Put,
        "/shipper-accounts/{id}/info",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, PUT /shipper-accounts/{id}/info (put-shipper-accounts-id-info)",
    )
    .with_body(BodySpec::shape(WITH_ADDRESS)),
    OperationSpec::new(
        F,
        "update_shipper_account_credentials",
        "Update a shipper account's credentials",
        Method::Patch,
        "/shipper-accounts/{id}/credentials",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, PATCH /shipper-accounts/{id}/credentials (patch-shipper-accounts-id-credentials); carrier-specific fields at the top level",
    )
    .with_body(BodySpec::json(&[])),
    OperationSpec::new(
        F,
        "update_shipper_account_settings",
        "Update a shipper account's settings (FedEx)",
        Method::Patch,
        "/shipper-accounts/{id}/settings",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, PATCH /shipper-accounts/{id}/settings (patch-shipper-accounts-id-settings)",
    )
    .with_body(BodySpec::shape(Shape::required(&[]).rules(&[Rule::RequiredWhenTrue(
        "electronic_trade_documents_enabled",
        &["commercial_invoice_letterhead", "commercial_invoice_signature"],
    )]))),
    // FedEx-specific shipper accounts.
    OperationSpec::new(
        F,
        "create_fedex_shipper_account",
        "Create a FedEx shipper account",
        Method::Post,
        "/couriers/fedex/shipper-accounts",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /couriers/fedex/shipper-accounts (post-v3-couriers-fedex-shipper-accounts); slug fedex or fedex-smartpost",
    )
    .with_body(BodySpec::json(CREATE_FEDEX_REQUIRED)),
    OperationSpec::new(
        F,
        "update_fedex_shipper_account",
        "Update a legacy FedEx shipper account",
        Method::Post,
        "/couriers/fedex/shipper-accounts/{id}/update",
        "AfterShip OAS _original/aftership-shipping-api-openapi.yml, POST /couriers/fedex/shipper-accounts/{id}/update (post-v3-couriers-fedex-shipper-accounts-id-update); credentials and address are locked afterwards",
    )
    .with_body(BodySpec::json(UPDATE_FEDEX_REQUIRED)),
];

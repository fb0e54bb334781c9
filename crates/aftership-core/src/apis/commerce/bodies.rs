//! Commerce 2026-07 request bodies: the reusable parts (Address.v1, Order_item.v1,
//! Product_variant.v1 …) and the body of each operation, with the OAS rules they come from.

use crate::body::{Kind, Rule, Shape};

/// Create-store body: `name` and `currency`.
pub(super) const CREATE_STORE_REQUIRED: &[&str] = &["name", "currency"];
/// Create-location body: `name` and `address` (Address_with_coordinate.v1), with the OAS prose
/// rules: an enabled `order_processing` needs its cut-off time and duration in days; an enabled
/// `pickup_setting` its duration bounds.
pub(super) const CREATE_LOCATION: Shape = Shape::required(&["name", "address"]).fields(&[
    ("address", Kind::Object(&ADDRESS)),
    (
        "order_processing",
        Kind::Object(&Shape::required(&[]).rules(&[Rule::RequiredWhenTrue(
            "enabled",
            &["order_cutoff_time", "order_processing_duration_days"],
        )])),
    ),
    (
        "pickup_setting",
        Kind::Object(&Shape::required(&[]).rules(&[Rule::RequiredWhenTrue(
            "enabled",
            &[
                "order_processing_duration_seconds_min",
                "order_processing_duration_seconds_max",
            ],
        )])),
    ),
]);
/// Update-location body: nothing is required, but a given `address.coordinate` needs both values.
pub(super) const UPDATE_LOCATION_REQUIRED: &[&str] = &[
    "address.coordinate.latitude",
    "address.coordinate.longitude",
];
/// Product_variant.v1: `id`, `sku`, `price` (the create-variant body, and each of a product's
/// `variants`).
pub(super) const VARIANT: Shape = Shape::required(&["id", "sku", "price"]);
/// Create-product body: `image_urls` and `variants`, each a Product_variant.v1.
pub(super) const CREATE_PRODUCT: Shape =
    Shape::required(&["image_urls", "variants"]).fields(&[("variants", Kind::Each(&VARIANT))]);
/// Update-product body: a given `variants` array replaces all variants; each needs its keys.
pub(super) const UPDATE_PRODUCT: Shape =
    Shape::required(&[]).fields(&[("variants", Kind::Each(&VARIANT))]);
/// Order_item.v1: `id`, `quantity`, `product_title` (the create-order-item body, and each of an
/// order's `items`).
pub(super) const ORDER_ITEM: Shape = Shape::required(&["id", "quantity", "product_title"]);
/// Address.v1 (and Address_with_coordinate.v1, which requires the same): `street_1`, `state`,
/// `country_region`.
const ADDRESS: Shape = Shape::required(&["street_1", "state", "country_region"]);
/// Pickup_location.v1 on orders and fulfillments: `location_id`.
const PICKUP_LOCATION: Shape = Shape::required(&["location_id"]);
/// Create-order body; items follow Order_item.v1, addresses Address.v1, the pickup location
/// needs its `location_id`.
pub(super) const CREATE_ORDER: Shape = Shape::required(&[
    "currency",
    "number",
    "status",
    "order_total",
    "items",
    "delivery_method",
])
.fields(&[
    ("items", Kind::Each(&ORDER_ITEM)),
    ("shipping_address", Kind::Object(&ADDRESS)),
    ("billing_address", Kind::Object(&ADDRESS)),
    ("pickup_location", Kind::Object(&PICKUP_LOCATION)),
]);
/// Update-order body: given addresses follow Address.v1.
pub(super) const UPDATE_ORDER: Shape = Shape::required(&[]).fields(&[
    ("shipping_address", Kind::Object(&ADDRESS)),
    ("billing_address", Kind::Object(&ADDRESS)),
]);
/// A fulfillment's line item: `id` and `quantity`.
const LINE_ITEM: Shape = Shape::required(&["id", "quantity"]);
/// A fulfillment's `ship_from_location` (OAS prose rule): either a `location_id` or an
/// `address` (Address.v1), not both.
const SHIP_FROM_LOCATION: Shape = Shape::required(&[])
    .fields(&[("address", Kind::Object(&ADDRESS))])
    .rules(&[Rule::ExactlyOne(&["location_id", "address"])]);
/// Create-fulfillment body: `pickup_location` is mandatory for pickups (OAS prose rule).
pub(super) const CREATE_FULFILLMENT: Shape =
    Shape::required(&["order_id", "delivery_method", "status", "line_items"])
        .fields(&[
            ("line_items", Kind::Each(&LINE_ITEM)),
            ("ship_from_location", Kind::Object(&SHIP_FROM_LOCATION)),
            ("pickup_location", Kind::Object(&PICKUP_LOCATION)),
        ])
        .rules(&[Rule::RequiredWhenOneOf(
            "delivery_method",
            &["pickup"],
            &["pickup_location"],
        )]);
/// Update-fulfillment body: nothing is required, but a given `ship_from_location.address`
/// follows Address.v1 and a given `pickup_location.address` (Pickup_location.v1) follows
/// Address_with_coordinate.v1; both need `street_1`, `state`, `country_region`.
pub(super) const UPDATE_FULFILLMENT: Shape = Shape::required(&[]).fields(&[
    ("ship_from_location.address", Kind::Object(&ADDRESS)),
    ("pickup_location.address", Kind::Object(&ADDRESS)),
]);
/// Update-fulfillment-status body.
pub(super) const UPDATE_FULFILLMENT_STATUS_REQUIRED: &[&str] = &["status", "occurred_at"];

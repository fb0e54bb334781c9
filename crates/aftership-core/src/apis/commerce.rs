//! Commerce API 2026-07 (`/commerce/2026-07`): stores, locations, products and their variants,
//! orders and their items, fulfillments.
//!
//! Facts: AfterShip OAS `openapi/_original/aftership-commerce-api-openapi.yml` (info.version
//! 2026-07) and the Commerce request-errors page. Products, orders and fulfillments need the
//! `as-store-id` header (OAS `components.parameters.as-store-id`, required); stores and locations
//! are organization-level and do not. Envelope `{meta:{code,type,message,errors}, data}` with
//! 5-digit codes (`20000` OK, `20100` Created); listings page by `page`/`limit` with
//! `data.pagination {page, limit, has_next_page}`; array filters are repeated `ids[]=…`.

use crate::body::{Kind, Rule, Shape};
use crate::catalog::{
    BodySpec, Family, FamilyRules, OperationSpec, Paging, Param, Probe, SettingsCode,
};
use crate::types::Method;

const F: Family = Family::Commerce;

/// Commerce's own codes, from the Commerce request-errors page and changelog: HTTP 412 with
/// `meta.code` 41201–41204 (invalid `as-store-id` or `date`, connection not found …) blames the
/// connection's store ID, so it is a settings error on `store-id`. The connection test lists
/// one store (organization-level, needs no store ID).
pub const RULES: FamilyRules = FamilyRules {
    settings_codes: &[SettingsCode {
        status: 412,
        first: 41201,
        last: 41204,
        field: "store-id",
    }],
    probe: Some(Probe {
        operation: "list_stores",
        input: r#"{"limit":1}"#,
    }),
    ..FamilyRules::GENERIC
};

/// `GET /orders` `sort` values.
const ORDER_SORTS: &[&str] = &[
    "-source_created_at",
    "+source_created_at",
    "-source_updated_at",
    "+source_updated_at",
];

/// Create-store body: `name` and `currency`.
const CREATE_STORE_REQUIRED: &[&str] = &["name", "currency"];
/// Create-location body: `name` and `address` (Address_with_coordinate.v1 needs `street_1`,
/// `state`, `country_region`).
const CREATE_LOCATION_REQUIRED: &[&str] = &[
    "name",
    "address",
    "address.street_1",
    "address.state",
    "address.country_region",
];
/// Create-location body with the OAS prose rules: an enabled `order_processing` needs its
/// cut-off time and duration in days; an enabled `pickup_setting` its duration bounds.
const CREATE_LOCATION: Shape = Shape::required(CREATE_LOCATION_REQUIRED).fields(&[
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
const UPDATE_LOCATION_REQUIRED: &[&str] = &[
    "address.coordinate.latitude",
    "address.coordinate.longitude",
];
/// Create-product body: `image_urls` and `variants`, each variant with `id`, `sku`, `price`
/// (Product_variant.v1).
const CREATE_PRODUCT_REQUIRED: &[&str] = &[
    "image_urls",
    "variants",
    "variants[].id",
    "variants[].sku",
    "variants[].price",
];
/// Update-product body: a given `variants` array replaces all variants; each needs its keys.
const UPDATE_PRODUCT_REQUIRED: &[&str] = &["variants[].id", "variants[].sku", "variants[].price"];
/// Create-variant body (Product_variant.v1).
const CREATE_VARIANT_REQUIRED: &[&str] = &["id", "sku", "price"];
/// Create-order body; items follow Order_item.v1, addresses Address.v1, the pickup location
/// needs its `location_id`.
const CREATE_ORDER_REQUIRED: &[&str] = &[
    "currency",
    "number",
    "status",
    "order_total",
    "items",
    "delivery_method",
    "items[].id",
    "items[].quantity",
    "items[].product_title",
    "shipping_address.street_1",
    "shipping_address.state",
    "shipping_address.country_region",
    "billing_address.street_1",
    "billing_address.state",
    "billing_address.country_region",
    "pickup_location.location_id",
];
/// Update-order body: given addresses follow Address.v1.
const UPDATE_ORDER_REQUIRED: &[&str] = &[
    "shipping_address.street_1",
    "shipping_address.state",
    "shipping_address.country_region",
    "billing_address.street_1",
    "billing_address.state",
    "billing_address.country_region",
];
/// Create-order-item body (Order_item.v1).
const CREATE_ORDER_ITEM_REQUIRED: &[&str] = &["id", "quantity", "product_title"];
/// Create-fulfillment body; a given `ship_from_location.address` follows Address.v1.
const CREATE_FULFILLMENT_REQUIRED: &[&str] = &[
    "order_id",
    "delivery_method",
    "status",
    "line_items",
    "line_items[].id",
    "line_items[].quantity",
    "ship_from_location.address.street_1",
    "ship_from_location.address.state",
    "ship_from_location.address.country_region",
    "pickup_location.location_id",
];
/// Create-fulfillment body with the OAS prose rules: `ship_from_location` gives either a
/// `location_id` or an `address`, not both; `pickup_location` is mandatory for pickups.
const CREATE_FULFILLMENT: Shape = Shape::required(CREATE_FULFILLMENT_REQUIRED)
    .fields(&[(
        "ship_from_location",
        Kind::Object(&Shape::required(&[]).rules(&[Rule::ExactlyOne(&["location_id", "address"])])),
    )])
    .rules(&[Rule::RequiredWhenOneOf(
        "delivery_method",
        &["pickup"],
        &["pickup_location"],
    )]);
/// Update-fulfillment body: nothing is required, but a given `ship_from_location.address`
/// follows Address.v1 and a given `pickup_location.address` (Pickup_location.v1) follows
/// Address_with_coordinate.v1; both need `street_1`, `state`, `country_region`.
const UPDATE_FULFILLMENT_REQUIRED: &[&str] = &[
    "ship_from_location.address.street_1",
    "ship_from_location.address.state",
    "ship_from_location.address.country_region",
    "pickup_location.address.street_1",
    "pickup_location.address.state",
    "pickup_location.address.country_region",
];
/// Update-fulfillment-status body.
const UPDATE_FULFILLMENT_STATUS_REQUIRED: &[&str] = &["status", "occurred_at"];

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    // Stores (organization-level: no as-store-id).
    OperationSpec::new(
        F,
        "create_store",
        "Create a store",
        Method::Post,
        "/stores",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /stores (create-store)",
    )
    .with_body(BodySpec::json(CREATE_STORE_REQUIRED)),
    OperationSpec::new(
        F,
        "list_stores",
        "List stores",
        Method::Get,
        "/stores",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /stores (get-stores); page and limit are typed string without bounds there",
    )
    .with_query(&[
        Param::int("page", 1, i32::MAX as i64),
        Param::int("limit", 1, i32::MAX as i64),
        Param::array("ids"),
    ])
    .with_paging(Paging::PageLimit),
    OperationSpec::new(
        F,
        "get_store",
        "Get a store",
        Method::Get,
        "/stores/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /stores/{id} (get-store-by-id)",
    ),
    OperationSpec::new(
        F,
        "update_store",
        "Update a store",
        Method::Patch,
        "/stores/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), PATCH /stores/{id} (update-store-by-id)",
    )
    .with_body(BodySpec::json(&[])),
    // Locations (organization-level: no as-store-id).
    OperationSpec::new(
        F,
        "create_location",
        "Create a location",
        Method::Post,
        "/locations",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /locations (create-location)",
    )
    .with_body(BodySpec::shape(CREATE_LOCATION)),
    OperationSpec::new(
        F,
        "list_locations",
        "List locations",
        Method::Get,
        "/locations",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /locations (get-locations)",
    )
    .with_query(&[
        Param::one_of("source", &["manual", "platform"]),
        Param::int("page", 1, 200),
        Param::int("limit", 1, 50),
    ])
    .with_paging(Paging::PageLimit),
    OperationSpec::new(
        F,
        "get_location",
        "Get a location",
        Method::Get,
        "/locations/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /locations/{id} (get-location-by-id)",
    ),
    OperationSpec::new(
        F,
        "update_location",
        "Update a location",
        Method::Patch,
        "/locations/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), PATCH /locations/{id} (update-location-by-id)",
    )
    .with_body(BodySpec::json(UPDATE_LOCATION_REQUIRED)),
    // Products (as-store-id).
    OperationSpec::new(
        F,
        "create_product",
        "Create a product",
        Method::Post,
        "/products",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /products (create-product)",
    )
    .with_body(BodySpec::json(CREATE_PRODUCT_REQUIRED))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "list_products",
        "List products",
        Method::Get,
        "/products",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /products (get-products)",
    )
    .with_query(&[
        Param::int("page", 1, 200),
        Param::int("limit", 1, 50),
        Param::array("ids"),
        Param::array("slugs"),
        Param::text("search"),
        Param::boolean("published"),
    ])
    .with_paging(Paging::PageLimit)
    .requires_store_id(),
    OperationSpec::new(
        F,
        "get_product",
        "Get a product",
        Method::Get,
        "/products/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /products/{id} (get-product-by-id)",
    )
    .requires_store_id(),
    OperationSpec::new(
        F,
        "update_product",
        "Update a product",
        Method::Patch,
        "/products/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), PATCH /products/{id} (update-product-by-id)",
    )
    .with_body(BodySpec::json(UPDATE_PRODUCT_REQUIRED))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "create_product_variant",
        "Create a product variant",
        Method::Post,
        "/products/{id}/variants",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /products/{id}/variants (create-product-variant)",
    )
    .with_body(BodySpec::json(CREATE_VARIANT_REQUIRED))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "get_product_variant",
        "Get a product variant",
        Method::Get,
        "/products/{id}/variants/{variant_id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /products/{id}/variants/{variant_id} (get-product-variant)",
    )
    .requires_store_id(),
    OperationSpec::new(
        F,
        "update_product_variant",
        "Update a product variant",
        Method::Patch,
        "/products/{id}/variants/{variant_id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), PATCH /products/{id}/variants/{variant_id} (update-product-variant)",
    )
    .with_body(BodySpec::json(&[]))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "delete_product_variant",
        "Delete a product variant",
        Method::Delete,
        "/products/{id}/variants/{variant_id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), DELETE /products/{id}/variants/{variant_id} (delete-product-variant)",
    )
    .requires_store_id(),
    // Orders (as-store-id).
    OperationSpec::new(
        F,
        "create_order",
        "Create an order",
        Method::Post,
        "/orders",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /orders (create-order)",
    )
    .with_body(BodySpec::json(CREATE_ORDER_REQUIRED))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "list_orders",
        "List orders",
        Method::Get,
        "/orders",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /orders (get-orders)",
    )
    .with_query(&[
        Param::array("ids"),
        Param::int("limit", 1, 50),
        Param::int("page", 1, 200),
        Param::one_of("sort", ORDER_SORTS),
    ])
    .with_paging(Paging::PageLimit)
    .requires_store_id(),
    OperationSpec::new(
        F,
        "get_order",
        "Get an order",
        Method::Get,
        "/orders/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /orders/{id} (get-order-by-id)",
    )
    .requires_store_id(),
    OperationSpec::new(
        F,
        "update_order",
        "Update an order",
        Method::Patch,
        "/orders/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), PATCH /orders/{id} (update-order-by-id)",
    )
    .with_body(BodySpec::json(UPDATE_ORDER_REQUIRED))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "create_order_item",
        "Create an order item",
        Method::Post,
        "/orders/{id}/items",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /orders/{id}/items (create-order-item)",
    )
    .with_body(BodySpec::json(CREATE_ORDER_ITEM_REQUIRED))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "get_order_item",
        "Get an order item",
        Method::Get,
        "/orders/{id}/items/{item_id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /orders/{id}/items/{item_id} (get-order-item)",
    )
    .requires_store_id(),
    OperationSpec::new(
        F,
        "update_order_item",
        "Update an order item",
        Method::Patch,
        "/orders/{id}/items/{item_id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), PATCH /orders/{id}/items/{item_id} (update-order-item)",
    )
    .with_body(BodySpec::json(&[]))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "delete_order_item",
        "Delete an order item",
        Method::Delete,
        "/orders/{id}/items/{item_id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), DELETE /orders/{id}/items/{item_id} (delete-order-item)",
    )
    .requires_store_id(),
    // Fulfillments (as-store-id).
    OperationSpec::new(
        F,
        "create_fulfillment",
        "Create a fulfillment",
        Method::Post,
        "/fulfillments",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /fulfillments (create-fulfillment)",
    )
    .with_body(BodySpec::shape(CREATE_FULFILLMENT))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "list_fulfillments",
        "List fulfillments",
        Method::Get,
        "/fulfillments",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /fulfillments (get-fulfillments); give order_id or ids, not both",
    )
    .with_query(&[
        Param::text("order_id"),
        Param::array("ids"),
        Param::int("limit", 1, 50),
        Param::int("page", 1, 200),
    ])
    .with_rules(&[Rule::AtMostOne(&["order_id", "ids"])])
    .with_paging(Paging::PageLimit)
    .requires_store_id(),
    OperationSpec::new(
        F,
        "get_fulfillment",
        "Get a fulfillment",
        Method::Get,
        "/fulfillments/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), GET /fulfillments/{id} (get-fulfillment-by-id)",
    )
    .requires_store_id(),
    OperationSpec::new(
        F,
        "update_fulfillment",
        "Update a fulfillment",
        Method::Patch,
        "/fulfillments/{id}",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), PATCH /fulfillments/{id} (update-fulfillment-by-id)",
    )
    .with_body(BodySpec::json(UPDATE_FULFILLMENT_REQUIRED))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "update_fulfillment_status",
        "Update a fulfillment's status",
        Method::Post,
        "/fulfillments/{id}/update-status",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /fulfillments/{id}/update-status (update-fulfillment-status)",
    )
    .with_body(BodySpec::json(UPDATE_FULFILLMENT_STATUS_REQUIRED))
    .requires_store_id(),
];

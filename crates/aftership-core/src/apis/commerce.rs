//! Commerce API 2026-07 (`/commerce/2026-07`): stores, locations, products and their variants,
//! orders and their items, fulfillments.
//!
//! Facts: AfterShip OAS `openapi/_original/aftership-commerce-api-openapi.yml` (info.version
//! 2026-07) and the Commerce request-errors page. Products, orders and fulfillments need the
//! `as-store-id` header (OAS `components.parameters.as-store-id`, required); stores and locations
//! are organization-level and do not. Envelope `{meta:{code,type,message,errors}, data}` with
//! 5-digit codes (`20000` OK, `20100` Created); listings page by `page`/`limit` with
//! `data.pagination {page, limit, has_next_page}`; array filters are repeated `ids[]=…`.

mod bodies;

use crate::body::Rule;
use crate::catalog::{BodySpec, Family, FamilyRules, OperationSpec, Paging, Param, SettingsCode};
use crate::types::Method;
use bodies::{
    CREATE_FULFILLMENT, CREATE_LOCATION, CREATE_ORDER, CREATE_PRODUCT, CREATE_STORE_REQUIRED,
    ORDER_ITEM, UPDATE_FULFILLMENT, UPDATE_FULFILLMENT_STATUS_REQUIRED, UPDATE_LOCATION_REQUIRED,
    UPDATE_ORDER, UPDATE_PRODUCT, VARIANT,
};

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
    ..FamilyRules::probing("list_stores", r#"{"limit":1}"#)
};

/// `GET /orders` `sort` values.
const ORDER_SORTS: &[&str] = &[
    "-source_created_at",
    "+source_created_at",
    "-source_updated_at",
    "+source_updated_at",
];

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
    .with_body(BodySpec::shape(CREATE_PRODUCT))
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
    .with_body(BodySpec::shape(UPDATE_PRODUCT))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "create_product_variant",
        "Create a product variant",
        Method::Post,
        "/products/{id}/variants",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /products/{id}/variants (create-product-variant)",
    )
    .with_body(BodySpec::shape(VARIANT))
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
    .with_body(BodySpec::shape(CREATE_ORDER))
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
    .with_body(BodySpec::shape(UPDATE_ORDER))
    .requires_store_id(),
    OperationSpec::new(
        F,
        "create_order_item",
        "Create an order item",
        Method::Post,
        "/orders/{id}/items",
        "AfterShip OAS _original/aftership-commerce-api-openapi.yml (2026-07), POST /orders/{id}/items (create-order-item)",
    )
    .with_body(BodySpec::shape(ORDER_ITEM))
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
    .with_body(BodySpec::shape(UPDATE_FULFILLMENT))
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

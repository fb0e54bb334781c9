//! Personalization API 2025-01 (`/personalization/2025-01`): product recommendations, query
//! suggestions, semantic and visual search, and product category/tag prediction.
//!
//! Facts: AfterShip OAS `openapi/_original/aftership-personalization-api-openapi.yml` (the only
//! server is `https://api.aftership.com/personalization/2025-01`, no sandbox; `info.version` says
//! `1.0`) and the Personalization rate-limit page (per account: recommend, suggest and search 50
//! requests per second each, tagging 10). Auth is the `as-api-key` header. Recommend, suggest and
//! search require `as-store-id` (the Commerce store whose products were synced); tagging
//! declares it without `required`, so it is sent when set and not needed.
//!
//! Envelope `Meta.v1` `{code, type, message, errors[{code,path,info}]}`; the examples answer the
//! 3-digit `code: 200`. **Errors are an assumption**: no error response is declared. The `type`
//! enum (`BadRequest`, `Unauthorized`, `Forbidden`, `NotFound`, `UnprocessableEntity`,
//! `TooManyRequests`, `InternalError`) matches the Returns-style answers (`apis/returns.rs`), so
//! the generic mapping (HTTP status first, then a 3- or 5-digit `meta.code`) reads them and no
//! family code mapping is declared; see `docs/warranty-personalization.md`.
//!
//! Only search pages, and it takes `page`/`limit` in the JSON body; the answer's
//! `data.pagination {limit, page, total}` has no `has_next_page`, so the next page exists while
//! `page * limit < total` ([`Paging::BodyPage`]).

use crate::body::{Kind, Rule, Shape};
use crate::catalog::{BodySpec, Family, FamilyRules, OperationSpec, Paging};
use crate::types::Method;

const F: Family = Family::Personalization;

/// No code of its own (see the module doc). Every operation is a POST that computes something,
/// so the connection test sends tagging an empty body (required body fields are not enforced
/// for the probe, and tagging needs no store id): a good key gets a validation answer, a bad
/// one 401, as the Address and Parser probes do.
pub const RULES: FamilyRules = FamilyRules::probing("predict_product_tagging", r#"{"body":{}}"#);

/// Recommendation algorithms (`Recommend_type`).
pub const RECOMMEND_TYPES: &[&str] = &[
    "BEST_SELLERS",
    "BOUGHT_TOGETHER",
    "RANDOM",
    "NEW_ARRIVAL",
    "COMPLEMENTS",
    "SIMILAR",
];
/// Tagging target platforms (`Tagging_platform`).
pub const TAGGING_PLATFORMS: &[&str] = &["TTS", "Walmart", "AfterShip"];

/// A product variant reference (`source_id` required).
const VARIANT: Shape = Shape::required(&["source_id"]).fields(&[("source_id", Kind::Text)]);
/// `Partial_product`: `source_id` required.
const PRODUCT: Shape = Shape::required(&["source_id"]).fields(&[
    ("id", Kind::Text),
    ("source_id", Kind::Text),
    ("variants", Kind::Each(&VARIANT)),
]);
/// Recommend: `type` required; `products` too for the algorithms that start from products
/// (the `products` description).
const RECOMMEND: Shape = Shape::required(&["type"])
    .fields(&[
        ("type", Kind::Enum(RECOMMEND_TYPES)),
        ("session_id", Kind::Text),
        ("limit", Kind::Number),
        ("products", Kind::Each(&PRODUCT)),
    ])
    .rules(&[Rule::RequiredWhenOneOf(
        "type",
        &["BOUGHT_TOGETHER", "COMPLEMENTS", "SIMILAR"],
        &["products"],
    )]);
/// Suggest: `query` required (the document's own example sends `search`; the schema wins).
const SUGGEST: Shape = Shape::required(&["query"]).fields(&[
    ("query", Kind::Text),
    ("session_id", Kind::Text),
    ("limit", Kind::Number),
]);
/// Search: nothing required; a visual search gives `image_url` or `image_base64`, not both.
const SEARCH: Shape = Shape::required(&[])
    .fields(&[
        ("session_id", Kind::Text),
        ("query", Kind::Text),
        ("image_url", Kind::Text),
        ("image_base64", Kind::Text),
        ("sort", Kind::Text),
        ("page", Kind::Integer { min: 1 }),
        ("limit", Kind::Number),
    ])
    .rules(&[Rule::AtMostOne(&["image_url", "image_base64"])]);
/// Tagging: `product` (with `title` and the single object the document spells `varint`, itself
/// with a `title`) and `platform`.
const TAGGING: Shape = Shape::required(&[
    "product",
    "product.title",
    "product.varint",
    "product.varint.title",
    "platform",
])
.fields(&[
    ("product.title", Kind::Text),
    ("product.varint.title", Kind::Text),
    ("platform", Kind::Enum(TAGGING_PLATFORMS)),
]);

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    OperationSpec::new(
        F,
        "recommend_products",
        "Recommend products",
        Method::Post,
        "/discoveries/recommend",
        "AfterShip OAS openapi/_original/aftership-personalization-api-openapi.yml, POST /discoveries/recommend (post-discoveries-recommend)",
    )
    .with_body(BodySpec::shape(RECOMMEND))
    .requires_store_id()
    .with_rate_limit(50),
    OperationSpec::new(
        F,
        "suggest_product_query",
        "Suggest a product search query",
        Method::Post,
        "/discoveries/suggest",
        "AfterShip OAS openapi/_original/aftership-personalization-api-openapi.yml, POST /discoveries/suggest (post-discoveries-suggest)",
    )
    .with_body(BodySpec::shape(SUGGEST))
    .requires_store_id()
    .with_rate_limit(50),
    OperationSpec::new(
        F,
        "search_products",
        "Search products (semantic or visual)",
        Method::Post,
        "/discoveries/search",
        "AfterShip OAS openapi/_original/aftership-personalization-api-openapi.yml, POST /discoveries/search (post-discoveries-search); page 1-1000 and limit in the body",
    )
    .with_body(BodySpec::shape(SEARCH))
    .with_paging(Paging::BodyPage { max: 1000 })
    .requires_store_id()
    .with_rate_limit(50),
    OperationSpec::new(
        F,
        "predict_product_tagging",
        "Predict a product's category and tags",
        Method::Post,
        "/discoveries/tagging",
        "AfterShip OAS openapi/_original/aftership-personalization-api-openapi.yml, POST /discoveries/tagging (post-discoveries-tagging); as-store-id declared, not required",
    )
    .with_body(BodySpec::shape(TAGGING))
    .with_rate_limit(10),
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::StoreIdRule;

    #[test]
    fn every_documented_operation_is_here_with_its_store_rule_and_limit() {
        let expected = [
            ("recommend_products", StoreIdRule::Required, 50),
            ("suggest_product_query", StoreIdRule::Required, 50),
            ("search_products", StoreIdRule::Required, 50),
            ("predict_product_tagging", StoreIdRule::Optional, 10),
        ];
        assert_eq!(OPERATIONS.len(), expected.len());
        for (name, store, limit) in expected {
            let op = OPERATIONS.iter().find(|op| op.name == name).unwrap();
            assert_eq!((op.store_id, op.rate_limit), (store, Some(limit)), "{name}");
            assert_eq!(op.family, F);
        }
    }
}

//! One documented operation: method, path, query, body, paging and store-id rule.

use crate::body::{Rule, Shape};
use crate::types::Method;

use super::{Family, Param};

/// The request body of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BodySpec {
    /// No body is sent.
    None,
    /// A JSON object taken from the input's `body` member; unknown fields pass through.
    Json {
        /// What the object must hold (required members, typed parts, rules).
        shape: Shape,
        /// Envelope key the object is wrapped in (legacy v4 `tracking`, `notification`).
        wrap: Option<&'static str>,
    },
}

impl BodySpec {
    /// A JSON body with these required fields, not wrapped.
    pub const fn json(required: &'static [&'static str]) -> BodySpec {
        BodySpec::shape(Shape::required(required))
    }

    /// A JSON body of this shape, not wrapped.
    pub const fn shape(shape: Shape) -> BodySpec {
        BodySpec::Json { shape, wrap: None }
    }

    /// A JSON body wrapped in `{"<key>": …}`.
    pub const fn wrapped(key: &'static str, required: &'static [&'static str]) -> BodySpec {
        BodySpec::Json {
            shape: Shape::required(required),
            wrap: Some(key),
        }
    }
}

/// How a listing pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Paging {
    /// Not a listing, or a listing without pages.
    None,
    /// `cursor` in, `data.pagination.next_cursor` / `has_next_page` out (Tracking 2026-07).
    Cursor,
    /// `page` in; `data.pagination.has_next_page` (or `total`, or v4's `count`) says whether more exist.
    PageLimit,
    /// `next_token` in and out (Shipping).
    NextToken,
    /// `page` inside the JSON body (`body.page`, at least 1, at most `max`); the next page
    /// exists while `page * limit < data.pagination.total` (Personalization search, which
    /// answers no `has_next_page`).
    BodyPage {
        /// Largest page number the operation accepts.
        max: i64,
    },
}

/// Whether the operation needs `as-store-id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoreIdRule {
    /// Sent when set, not needed.
    Optional,
    /// The settings must carry a store id (Commerce products, orders, fulfillments).
    Required,
}

/// One documented AfterShip operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OperationSpec {
    /// Family (base path, auth header, error style).
    pub family: Family,
    /// Operation name, unique within the family (snake_case, from the reference list).
    pub name: &'static str,
    /// Short title for an operation picker.
    pub title: &'static str,
    /// HTTP method.
    pub method: Method,
    /// Path below the family's base path, `{param}` placeholders are path parameters.
    pub path: &'static str,
    /// Query parameters.
    pub query: &'static [Param],
    /// Body.
    pub body: BodySpec,
    /// Paging scheme.
    pub paging: Paging,
    /// `as-store-id` rule.
    pub store_id: StoreIdRule,
    /// Documented requests per second for this endpoint, if any.
    pub rate_limit: Option<u32>,
    /// Where the facts come from (OpenAPI document and operation). Manifest-only: without the
    /// `manifest` feature the citation is not stored (the component embeds the manifest).
    #[cfg(feature = "manifest")]
    pub source: &'static str,
    /// Conditions between top-level input members (query parameters, `body`).
    pub rules: &'static [Rule],
}

impl OperationSpec {
    /// A GET/DELETE-style operation with no body; extend with the `with_*` builders.
    pub const fn new(
        family: Family,
        name: &'static str,
        title: &'static str,
        method: Method,
        path: &'static str,
        source: &'static str,
    ) -> OperationSpec {
        #[cfg(not(feature = "manifest"))]
        let _ = source;
        OperationSpec {
            family,
            name,
            title,
            method,
            path,
            query: &[],
            body: BodySpec::None,
            paging: Paging::None,
            store_id: StoreIdRule::Optional,
            rate_limit: None,
            #[cfg(feature = "manifest")]
            source,
            rules: &[],
        }
    }

    /// Sets the query parameters.
    pub const fn with_query(self, query: &'static [Param]) -> Self {
        OperationSpec { query, ..self }
    }

    /// Sets the body.
    pub const fn with_body(self, body: BodySpec) -> Self {
        OperationSpec { body, ..self }
    }

    /// Sets the paging scheme.
    pub const fn with_paging(self, paging: Paging) -> Self {
        OperationSpec { paging, ..self }
    }

    /// Sets conditions between top-level input members.
    pub const fn with_rules(self, rules: &'static [Rule]) -> Self {
        OperationSpec { rules, ..self }
    }

    /// Marks `as-store-id` as required.
    pub const fn requires_store_id(self) -> Self {
        OperationSpec {
            store_id: StoreIdRule::Required,
            ..self
        }
    }

    /// Sets the documented per-endpoint rate limit.
    pub const fn with_rate_limit(self, per_second: u32) -> Self {
        OperationSpec {
            rate_limit: Some(per_second),
            ..self
        }
    }

    /// Globally unique id, `<family>.<name>`.
    pub fn id(&self) -> String {
        format!("{}.{}", self.family.id(), self.name)
    }

    /// Path parameter names, in path order.
    pub fn path_params(&self) -> impl Iterator<Item = &'static str> {
        let path: &'static str = self.path;
        path.split('/')
            .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
    }

    /// The rate limit a host should schedule by (per-endpoint, else the family's).
    pub fn effective_rate_limit(&self) -> Option<u32> {
        self.rate_limit.or(self.family.default_rate_limit())
    }
}

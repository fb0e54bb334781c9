//! The operation catalog: one static table per API family, described as data so the request
//! builder, the input validation and the manifest's JSON Schemas all come from one source.

use crate::apis;
use crate::body::{Rule, Shape};
use crate::settings::ApiType;
use crate::types::Method;

/// An API family: one base path, auth header and error style. Tracking has two (2026-07, v4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// Tracking 2026-07.
    Tracking,
    /// Legacy Tracking v4.
    TrackingV4,
    /// Shipping v3.
    Shipping,
    /// Returns 2026-07.
    Returns,
    /// Commerce 2026-07.
    Commerce,
    /// Address 2024-07.
    Address,
    /// Parser admin/2022-01.
    Parser,
    /// Members admin/2022-01.
    Members,
    /// Protection admin/2022-01.
    Protection,
}

impl Family {
    /// Every family, in catalog order.
    pub const ALL: [Family; 9] = [
        Family::Tracking,
        Family::TrackingV4,
        Family::Shipping,
        Family::Returns,
        Family::Commerce,
        Family::Address,
        Family::Parser,
        Family::Members,
        Family::Protection,
    ];

    /// Prefix of operation ids (`<prefix>.<operation>`).
    pub fn id(self) -> &'static str {
        match self {
            Family::Tracking => "tracking",
            Family::TrackingV4 => "tracking_v4",
            Family::Shipping => "shipping",
            Family::Returns => "returns",
            Family::Commerce => "commerce",
            Family::Address => "address",
            Family::Parser => "parser",
            Family::Members => "members",
            Family::Protection => "protection",
        }
    }

    /// The API type whose connections offer this family.
    pub fn api_type(self) -> ApiType {
        match self {
            Family::Tracking | Family::TrackingV4 => ApiType::Tracking,
            Family::Shipping => ApiType::Shipping,
            Family::Returns => ApiType::Returns,
            Family::Commerce => ApiType::Commerce,
            Family::Address => ApiType::Address,
            Family::Parser => ApiType::Parser,
            Family::Members => ApiType::Members,
            Family::Protection => ApiType::Protection,
        }
    }

    /// Path prefix (version included) appended to the host.
    pub fn base_path(self) -> &'static str {
        match self {
            Family::Tracking => "/tracking/2026-07",
            Family::TrackingV4 => "/v4",
            Family::Shipping => "/postmen/v3",
            Family::Returns => "/returns/2026-07",
            Family::Commerce => "/commerce/2026-07",
            Family::Address => "/address/2024-07",
            Family::Parser | Family::Members | Family::Protection => "/admin/2022-01",
        }
    }

    /// API version label.
    pub fn version(self) -> &'static str {
        match self {
            Family::Tracking | Family::Returns | Family::Commerce => "2026-07",
            Family::TrackingV4 => "v4",
            Family::Shipping => "v3",
            Family::Address => "2024-07",
            Family::Parser | Family::Members | Family::Protection => "2022-01",
        }
    }

    /// Header carrying the API key (legacy v4 uses `aftership-api-key`).
    pub fn api_key_header(self) -> &'static str {
        match self {
            Family::TrackingV4 => "aftership-api-key",
            _ => "as-api-key",
        }
    }

    /// The family's operation table.
    pub fn operations(self) -> &'static [OperationSpec] {
        match self {
            Family::Tracking => apis::tracking::OPERATIONS,
            Family::TrackingV4 => apis::tracking_v4::OPERATIONS,
            Family::Shipping => apis::shipping::OPERATIONS,
            Family::Returns => apis::returns::OPERATIONS,
            Family::Commerce => apis::commerce::OPERATIONS,
            Family::Address => apis::address::OPERATIONS,
            Family::Parser => apis::parser::OPERATIONS,
            Family::Members => apis::members::OPERATIONS,
            Family::Protection => apis::protection::OPERATIONS,
        }
    }

    /// Organisation-wide rate limit (requests per second) where AfterShip documents one and
    /// the operation has no limit of its own.
    pub fn default_rate_limit(self) -> Option<u32> {
        match self {
            Family::Tracking | Family::Protection => None,
            _ => Some(10),
        }
    }
}

/// Type of a path or query parameter, which drives validation, encoding and the JSON Schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Free text.
    String,
    /// Whole number within inclusive bounds.
    Integer {
        /// Smallest accepted value.
        min: i64,
        /// Largest accepted value.
        max: i64,
    },
    /// `true` / `false`.
    Boolean,
    /// `true` / `false`, or several sent comma-separated (`true,false`); input is a boolean,
    /// such a string, or an array of booleans.
    BoolList,
    /// One of the listed values.
    Enum(&'static [&'static str]),
    /// Several values sent comma-separated (`a,b`); input is an array or a string.
    CommaList,
    /// Several values sent as repeated `name[]=a&name[]=b`; input is an array.
    RepeatedArray,
}

/// A query parameter of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    /// Name on the wire and in the input.
    pub name: &'static str,
    /// Type.
    pub kind: ParamKind,
    /// Whether the input must carry it.
    pub required: bool,
}

impl Param {
    /// Optional text parameter.
    pub const fn text(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::String,
            required: false,
        }
    }

    /// Optional whole-number parameter within bounds.
    pub const fn int(name: &'static str, min: i64, max: i64) -> Param {
        Param {
            name,
            kind: ParamKind::Integer { min, max },
            required: false,
        }
    }

    /// Optional boolean parameter.
    pub const fn boolean(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::Boolean,
            required: false,
        }
    }

    /// Optional boolean-list parameter (`true`, `false` or `true,false`).
    pub const fn bool_list(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::BoolList,
            required: false,
        }
    }

    /// Optional enumerated parameter.
    pub const fn one_of(name: &'static str, values: &'static [&'static str]) -> Param {
        Param {
            name,
            kind: ParamKind::Enum(values),
            required: false,
        }
    }

    /// Optional comma-separated list.
    pub const fn list(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::CommaList,
            required: false,
        }
    }

    /// Optional repeated `name[]=` array.
    pub const fn array(name: &'static str) -> Param {
        Param {
            name,
            kind: ParamKind::RepeatedArray,
            required: false,
        }
    }

    /// The same parameter, required.
    pub const fn req(self) -> Param {
        Param {
            required: true,
            ..self
        }
    }
}

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

/// Every operation of every family.
pub fn all_operations() -> impl Iterator<Item = &'static OperationSpec> {
    Family::ALL.into_iter().flat_map(|f| f.operations().iter())
}

/// Operations offered to connections of an API type.
pub fn operations_for(api_type: ApiType) -> impl Iterator<Item = &'static OperationSpec> {
    all_operations().filter(move |op| op.family.api_type() == api_type)
}

/// Looks an operation up by its `<family>.<name>` id.
pub fn find_operation(id: &str) -> Option<&'static OperationSpec> {
    let (family, name) = id.split_once('.')?;
    let family = Family::ALL.into_iter().find(|f| f.id() == family)?;
    family.operations().iter().find(|op| op.name == name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn ids_are_unique_and_found() {
        let mut seen = HashSet::new();
        for op in all_operations() {
            assert!(seen.insert(op.id()), "duplicate id {}", op.id());
            assert_eq!(find_operation(&op.id()), Some(op));
        }
    }

    #[test]
    fn paths_are_well_formed() {
        for op in all_operations() {
            assert!(op.path.starts_with('/'), "{}", op.id());
            assert!(!op.path.contains("//"), "{}", op.id());
            let names: Vec<_> = op.path_params().collect();
            let unique: HashSet<_> = names.iter().collect();
            assert_eq!(names.len(), unique.len(), "{}", op.id());
            for q in op.query {
                assert!(
                    !names.contains(&q.name),
                    "{} query {} clashes",
                    op.id(),
                    q.name
                );
                assert_ne!(q.name, "body", "{}", op.id());
            }
            if matches!(op.method, Method::Get | Method::Delete) {
                assert_eq!(op.body, BodySpec::None, "{} sends a body", op.id());
            }
            assert!(!op.title.is_empty() && !op.source.is_empty(), "{}", op.id());
        }
    }
}

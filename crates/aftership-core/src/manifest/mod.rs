//! The connector manifest (`connector.json`): connection form, API types with their hosts, and
//! every operation with its JSON Schema input, all derived from the catalog.

use serde_json::{json, Map, Value};

use strum::VariantArray;

use crate::catalog::{all_operations, Family, OperationSpec, Paging, StoreIdRule};
use crate::connection_schema::{connection_schema, connection_ui_schema};
use crate::error::ErrorKind;
use crate::oauth;
use crate::settings::{connection_fields, ApiType, Environment, FieldSpec};

mod input_schema;
mod metadata;
mod triggers;
mod words;

pub use input_schema::input_schema;
pub use words::humanize;

/// WIT package the component implements.
pub const WIT_PACKAGE: &str = "aftership:connector@0.2.0";

/// The manifest as a JSON value.
pub fn manifest_value() -> Value {
    manifest()
}

/// The manifest as it would be with `metadata` (a generated `metadata.json` document) in place
/// of the embedded one: what the generator derives the packages' types from.
pub fn manifest_value_with_metadata(metadata: &Value) -> Value {
    metadata::with_metadata(metadata, manifest)
}

/// The manifest as pretty-printed JSON text (with a trailing newline).
pub fn manifest_json() -> String {
    let mut text = serde_json::to_string_pretty(&manifest()).expect("manifest is plain JSON");
    text.push('\n');
    text
}

fn manifest() -> Value {
    json!({
        "name": "aftership",
        "title": "AfterShip",
        "version": env!("CARGO_PKG_VERSION"),
        "wit_package": WIT_PACKAGE,
        "description": "Every AfterShip API (Tracking, Shipping, Returns, Commerce, Address, Parser, Members, Protection, Warranty, Personalization) as pure request builders and response parsers; the host performs the HTTP.",
        "connection": connection(),
        "api_types": ApiType::ALL.iter().map(|&t| api_type(t)).collect::<Vec<_>>(),
        "outbound_hosts": {
            "production": [host(Environment::Production)],
            "sandbox": [host(Environment::Sandbox)],
            "oauth": [oauth_host()],
        },
        "error_kinds": ErrorKind::VARIANTS.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        "operations": all_operations().map(operation).collect::<Vec<_>>(),
        "triggers": triggers::triggers(),
    })
}

fn host(env: Environment) -> &'static str {
    env.origin().trim_start_matches("https://")
}

/// Host of the default OAuth endpoints (only needed by hosts that run the OAuth flow).
fn oauth_host() -> &'static str {
    let rest = oauth::DEFAULT_TOKEN_URL.trim_start_matches("https://");
    rest.split('/').next().unwrap_or(rest)
}

/// The connection form: the field list, the same fields as JSON Schema (2020-12) with the
/// conditional fields as `if`/`then`, and a UI schema with the field order and widgets. Both
/// are generated from the field list, the one source.
fn connection() -> Value {
    let fields: Vec<Value> = connection_fields()
        .iter()
        .map(FieldSpec::manifest_entry)
        .collect();
    json!({
        "fields": fields,
        "schema": connection_schema(&fields),
        "ui_schema": connection_ui_schema(&fields),
    })
}

fn api_type(t: ApiType) -> Value {
    let environments: Vec<Environment> = t.environments().collect();
    let families: Vec<Value> = Family::ALL
        .into_iter()
        .filter(|f| f.api_type() == t)
        .map(|f| {
            let base_urls: Map<String, Value> = environments
                .iter()
                .map(|e| {
                    (
                        e.as_str().into(),
                        json!(format!("{}{}", e.origin(), f.base_path())),
                    )
                })
                .collect();
            json!({
                "id": f.id(),
                "version": f.version(),
                "base_urls": base_urls,
                "api_key_header": f.api_key_header(),
                "rate_limit_per_second": f.default_rate_limit(),
                "operations": f.operations().len(),
            })
        })
        .collect();
    json!({
        "id": t.as_str(),
        "label": t.label(),
        "environments": environments.iter().map(|e| e.as_str()).collect::<Vec<_>>(),
        "store_id": t.shows_store_id(),
        "families": families,
    })
}

fn operation(op: &OperationSpec) -> Value {
    let input = input_schema(op);
    let meta = metadata::of(&op.id());
    let meta = &meta;
    json!({
        "id": op.id(),
        "api_type": op.family.api_type().as_str(),
        "family": op.family.id(),
        "version": op.family.version(),
        "title": op.title,
        "method": op.method.as_str(),
        "path": op.path,
        "base_path": op.family.base_path(),
        "paginated": op.paging != Paging::None,
        "pagination": match op.paging {
            Paging::None => Value::Null,
            Paging::Cursor => json!("cursor"),
            Paging::PageLimit => json!("page"),
            Paging::NextToken => json!("next_token"),
            Paging::BodyPage { .. } => json!("body_page"),
        },
        "requires_store_id": op.store_id == StoreIdRule::Required,
        "rate_limit_per_second": op.effective_rate_limit(),
        "source": op.source,
        "input_schema": input,
        "ui_schema": metadata::ui_schema(&input),
        "output_schema": meta.get("output_schema").cloned().unwrap_or(Value::Null),
        "sample_output": meta.get("sample_output").cloned().unwrap_or(Value::Null),
        "hints": meta.get("hints").cloned().unwrap_or(Value::Null),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field<'a>(m: &'a Value, id: &str) -> &'a Value {
        m["connection"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .unwrap_or_else(|| panic!("no field {id}"))
    }

    #[test]
    fn credentials_and_only_credentials_are_secret() {
        let m = manifest();
        let secret: Vec<&str> = m["connection"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["secret"] == true)
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        assert_eq!(
            secret,
            [
                "api-key",
                "api-secret",
                "access-token",
                "oauth-client-secret"
            ]
        );
    }

    #[test]
    fn environment_and_store_id_show_where_they_apply() {
        let m = manifest();
        assert_eq!(
            field(&m, "environment")["visible_when"]["api-type"],
            json!(["shipping", "commerce", "protection"])
        );
        assert_eq!(
            field(&m, "store-id")["visible_when"]["api-type"],
            json!(["shipping", "commerce", "personalization"])
        );
        for t in m["api_types"].as_array().unwrap() {
            let sandbox = t["environments"].as_array().unwrap().len() == 2;
            let id = ApiType::parse(t["id"].as_str().unwrap()).unwrap();
            assert_eq!(sandbox, id.has_sandbox(), "{id:?}");
        }
    }

    #[test]
    fn every_operation_has_an_object_schema_and_a_known_api_type() {
        let m = manifest();
        let ops = m["operations"].as_array().unwrap();
        assert_eq!(ops.len(), all_operations().count());
        for op in ops {
            assert_eq!(op["input_schema"]["type"], "object", "{}", op["id"]);
            assert!(ApiType::parse(op["api_type"].as_str().unwrap()).is_some());
            let schema = &op["input_schema"];
            for required in schema["required"].as_array().unwrap() {
                let name = required.as_str().unwrap();
                assert!(
                    schema["properties"].get(name).is_some(),
                    "{} {name}",
                    op["id"]
                );
            }
        }
    }
}

//! The connector manifest (`connector.json`): connection form, API types with their hosts, and
//! every operation with its JSON Schema input, all derived from the catalog.

use serde_json::{json, Map, Value};

use crate::body::{rules_schema, Node};
use crate::catalog::{
    all_operations, BodySpec, Family, OperationSpec, Paging, ParamKind, StoreIdRule,
};
use crate::connection_schema::{connection_schema, connection_ui_schema};
use crate::oauth;
use crate::settings::{ApiType, Environment};

/// WIT package the component implements.
pub const WIT_PACKAGE: &str = "aftership:connector@0.1.0";

/// The manifest as a JSON value.
pub fn manifest_value() -> Value {
    manifest()
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
        "description": "Every AfterShip API (Tracking, Shipping, Returns, Commerce, Address, Parser, Members, Protection) as pure request builders and response parsers; the host performs the HTTP.",
        "connection": connection(),
        "api_types": ApiType::ALL.iter().map(|&t| api_type(t)).collect::<Vec<_>>(),
        "outbound_hosts": {
            "production": [host(Environment::Production)],
            "sandbox": [host(Environment::Sandbox)],
            "oauth": [oauth_host()],
        },
        "error_kinds": [
            "invalid_settings", "invalid_input", "unknown_operation", "unauthorized", "forbidden",
            "not_found", "conflict", "validation", "rate_limited", "server", "unexpected_response"
        ],
        "operations": all_operations().map(operation).collect::<Vec<_>>(),
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

fn api_types_where(pred: impl Fn(ApiType) -> bool) -> Vec<&'static str> {
    ApiType::ALL
        .into_iter()
        .filter(|&t| pred(t))
        .map(ApiType::as_str)
        .collect()
}

/// The connection form: the field list, the same fields as JSON Schema (2020-12) with the
/// conditional fields as `if`/`then`, and a UI schema with the field order and widgets. Both
/// are generated from the field list, the one source.
fn connection() -> Value {
    let mut form = connection_form();
    let fields = form["fields"].as_array().cloned().unwrap_or_default();
    form["schema"] = connection_schema(&fields);
    form["ui_schema"] = connection_ui_schema(&fields);
    form
}

fn connection_form() -> Value {
    json!({
        "fields": [
            {
                "id": "name", "label": "Name your connection", "type": "text", "required": true,
                "help": "A name that tells this connection apart from others in flows and pickers."
            },
            {
                "id": "api-type", "label": "API type", "type": "select", "required": true,
                "options": ApiType::ALL.iter().map(|t| json!({"value": t.as_str(), "label": t.label()})).collect::<Vec<_>>(),
                "help": "The AfterShip product this connection calls. Each has its own operations."
            },
            {
                "id": "environment", "label": "Environment", "type": "select", "required": true,
                "default": "production",
                "options": [
                    {"value": "production", "label": "Production (api.aftership.com)"},
                    {"value": "sandbox", "label": "Sandbox (sandbox-api.aftership.com)"}
                ],
                "visible_when": {"api-type": api_types_where(ApiType::has_sandbox)},
                "help": "Sandbox calls reach test carriers and are not charged. Sandbox keys differ from production keys."
            },
            {
                "id": "auth-mode", "label": "Authentication", "type": "select", "required": true,
                "default": "api-key",
                "options": [
                    {"value": "api-key", "label": "API key"},
                    {"value": "aes-signature", "label": "API key with AES signature"},
                    {"value": "rsa-signature", "label": "API key with RSA signature"},
                    {"value": "oauth-token", "label": "OAuth access token (public apps)"}
                ],
                "help": "How requests prove who sends them. Signed modes need a key created with the matching signature type."
            },
            {
                "id": "api-key", "label": "API key", "type": "password", "secret": true, "required": true,
                "visible_when": {"auth-mode": ["api-key", "aes-signature", "rsa-signature"]},
                "help": "AfterShip admin > Settings > API keys > Create API key. Stored encrypted; never shown again."
            },
            {
                "id": "api-secret", "label": "API secret", "type": "password", "secret": true, "required": true,
                "multiline": true,
                "visible_when": {"auth-mode": ["aes-signature", "rsa-signature"]},
                "help": "The AES secret of the key, or for RSA the private key as PKCS#8 PEM."
            },
            {
                "id": "access-token", "label": "Access token", "type": "password", "secret": true, "required": true,
                "visible_when": {"auth-mode": ["oauth-token"]},
                "help": "OAuth 2.0 access token of your AfterShip public app."
            },
            {
                "id": "oauth-token-header", "label": "Access token header", "type": "text", "required": false,
                "default": "authorization",
                "visible_when": {"auth-mode": ["oauth-token"]},
                "help": "Header that carries the token. `authorization` sends `Bearer <token>`; any other name sends the bare token."
            },
            {
                "id": "oauth-client-id", "label": "OAuth client ID", "type": "text", "required": true,
                "visible_when": {"auth-mode": ["oauth-token"]},
                "group": "oauth-app",
                "help": "Client ID of your public app (AfterShip Partner Dashboard). Used to obtain and refresh the access token."
            },
            {
                "id": "oauth-client-secret", "label": "OAuth client secret", "type": "password", "secret": true, "required": true,
                "visible_when": {"auth-mode": ["oauth-token"]},
                "group": "oauth-app",
                "help": "Client secret of your public app. Stored encrypted; never shown again."
            },
            {
                "id": "oauth-redirect-uri", "label": "Redirect URL", "type": "text", "required": true,
                "visible_when": {"auth-mode": ["oauth-token"]},
                "group": "oauth-app",
                "help": "The Redirect URL registered for the app; AfterShip sends the merchant back here with the code."
            },
            {
                "id": "oauth-product", "label": "AfterShip product", "type": "text", "required": true,
                "visible_when": {"auth-mode": ["oauth-token"]},
                "group": "oauth-app",
                "help": "AfterShip's `product` for this app, sent with the consent request (AfterShip requires it: docs \"Request Grant\"). AfterShip does not publish its values: use the one the App URL launch request carries. The scope prefixes suggest `aftership` (Tracking) and `postmen` (Shipping), unconfirmed."
            },
            {
                "id": "oauth-scopes", "label": "Scopes", "type": "multiselect", "required": false,
                "options_by_api_type": {
                    "tracking": oauth::scopes_for(ApiType::Tracking),
                    "shipping": oauth::scopes_for(ApiType::Shipping),
                },
                "visible_when": {"auth-mode": ["oauth-token"]},
                "group": "oauth-app",
                "help": "Permissions to request. AfterShip publishes scope lists for Tracking and Shipping."
            },
            {
                "id": "oauth-authorize-url", "label": "Authorization URL", "type": "text", "required": false,
                "default": oauth::DEFAULT_AUTHORIZE_URL,
                "advanced": true,
                "visible_when": {"auth-mode": ["oauth-token"]},
                "group": "oauth-app",
                "help": "Where merchants grant access. The default is our best reading of AfterShip's docs (not confirmed); change it without a new release if AfterShip names another."
            },
            {
                "id": "oauth-token-url", "label": "Token URL", "type": "text", "required": false,
                "default": oauth::DEFAULT_TOKEN_URL,
                "advanced": true,
                "visible_when": {"auth-mode": ["oauth-token"]},
                "group": "oauth-app",
                "help": "Where codes and refresh tokens are exchanged (form POST /oauth/token). Default not confirmed by AfterShip; overridable."
            },
            {
                "id": "store-id", "label": "AS store ID", "type": "text",
                "required_when": {"api-type": ["commerce"]},
                "visible_when": {"api-type": api_types_where(ApiType::shows_store_id)},
                "help": "Sent as as-store-id. Commerce products, orders and fulfillments need it; stores and locations do not."
            },
            {
                "id": "base-url", "label": "Base URL override", "type": "text", "required": false,
                "advanced": true,
                "help": "Scheme and host of a proxy (e.g. https://proxy.example.com). The API path is kept."
            }
        ]
    })
}

fn api_type(t: ApiType) -> Value {
    let families: Vec<Value> = Family::ALL
        .into_iter()
        .filter(|f| f.api_type() == t)
        .map(|f| {
            let mut base_urls = Map::new();
            base_urls.insert(
                "production".into(),
                json!(format!(
                    "{}{}",
                    Environment::Production.origin(),
                    f.base_path()
                )),
            );
            if t.has_sandbox() {
                base_urls.insert(
                    "sandbox".into(),
                    json!(format!(
                        "{}{}",
                        Environment::Sandbox.origin(),
                        f.base_path()
                    )),
                );
            }
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
        "environments": if t.has_sandbox() { json!(["production", "sandbox"]) } else { json!(["production"]) },
        "store_id": t.shows_store_id(),
        "families": families,
    })
}

fn operation(op: &OperationSpec) -> Value {
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
        },
        "requires_store_id": op.store_id == StoreIdRule::Required,
        "rate_limit_per_second": op.effective_rate_limit(),
        "source": op.source,
        "input_schema": input_schema(op),
    })
}

/// JSON Schema (2020-12) of an operation's input, derived from the same table that validates it.
pub fn input_schema(op: &OperationSpec) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for name in op.path_params() {
        properties.insert(
            name.into(),
            json!({"type": "string", "minLength": 1, "description": format!("Path parameter `{name}`.")}),
        );
        required.push(json!(name));
    }
    for param in op.query {
        let mut schema = match param.kind {
            ParamKind::String => json!({"type": "string"}),
            ParamKind::Integer { min, max } => {
                json!({"type": "integer", "minimum": min, "maximum": max})
            }
            ParamKind::Boolean => json!({"type": "boolean"}),
            ParamKind::BoolList => json!({
                "anyOf": [
                    {"type": "boolean"},
                    {"type": "string", "pattern": "^ *(true|false) *(, *(true|false) *)*$"},
                    {"type": "array", "items": {"type": "boolean"}}
                ],
                "description": "true, false, or both comma-separated."
            }),
            ParamKind::Enum(values) => json!({"type": "string", "enum": values}),
            ParamKind::CommaList => {
                json!({"type": ["array", "string"], "items": {"type": "string"}, "description": "Sent comma-separated."})
            }
            ParamKind::RepeatedArray => {
                json!({"type": "array", "items": {"type": "string"}, "description": "Sent as repeated name[]= pairs."})
            }
        };
        if let Value::Object(map) = &mut schema {
            map.entry("description")
                .or_insert_with(|| json!(format!("Query parameter `{}`.", param.name)));
        }
        properties.insert(param.name.into(), schema);
        if param.required {
            required.push(json!(param.name));
        }
    }
    if let BodySpec::Json { shape, wrap } = op.body {
        let tree = Node::from_shape(&shape);
        let mut body = tree.schema();
        let mut description =
            "Request body as AfterShip documents it; unknown fields pass through.".to_string();
        if let Some(key) = wrap {
            description.push_str(&format!(" The connector wraps it in {{\"{key}\": …}}."));
        }
        if let Value::Object(map) = &mut body {
            map.insert("description".into(), json!(description));
            map.insert("additionalProperties".into(), json!(true));
            map.entry("required").or_insert_with(|| json!([]));
        }
        properties.insert("body".into(), body);
        if !tree.top_required().is_empty() {
            required.push(json!("body"));
        }
    }
    let mut schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": op.title,
        "type": "object",
        "additionalProperties": false,
        "properties": properties,
        "required": required,
    });
    if let Value::Object(map) = &mut schema {
        rules_schema(op.rules, map);
    }
    schema
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
            json!(["shipping", "commerce"])
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

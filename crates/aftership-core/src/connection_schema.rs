//! The connection form as standard JSON Schema (2020-12) plus a UI schema, generated from the
//! manifest's field list so that a field added there (with its `visible_when`) reaches the schema
//! by itself. Value rules mirror `settings::validate_settings` (and `OAuthApp::validate` for the
//! OAuth app fields); a test checks both agree over a corpus of settings.

use serde_json::{json, Map, Value};

/// A header value: printable ASCII, no surrounding whitespace (settings.rs `check_header_value`).
const HEADER_VALUE: &str = "^[!-~]([ -~]*[!-~])?$";
/// The same, or blank (an optional value that is ignored when blank).
const HEADER_VALUE_OR_BLANK: &str = "^(\\s*|[!-~]([ -~]*[!-~])?)$";
/// An absolute https URL (or http on a loopback host), printable ASCII without `#` (oauth.rs).
const APP_URL: &str = "^(https://[!-\"$-.0-~][!-\"$-~]*|http://(localhost|127\\.0\\.0\\.1|\\[::1\\])([/:?][!-\"$-~]*)?)$";

/// Value rules per field id: (when shown, when hidden). `None` when hidden means "ignored".
fn value_rules(id: &str) -> (Value, Option<Value>) {
    match id {
        "name" => (json!({"pattern": "\\S", "maxLength": 200}), None),
        "api-key" | "access-token" => (
            json!({"pattern": HEADER_VALUE, "maxLength": 4096}),
            // A key given in OAuth mode is still sent-safe checked when not blank.
            (id == "api-key").then(|| json!({"pattern": HEADER_VALUE_OR_BLANK, "maxLength": 4096})),
        ),
        "api-secret" => (json!({"pattern": "\\S", "maxLength": 16384}), None),
        "oauth-token-header" => (json!({"pattern": "^\\s*[A-Za-z0-9_-]+\\s*$"}), None),
        // Trimmed first; blank means "no store"; at most 128 characters; a header value.
        "store-id" => {
            let rule = json!({"pattern": "^\\s*([!-~]([ -~]{0,126}[!-~])?)?\\s*$"});
            (rule.clone(), Some(rule))
        }
        "base-url" => (
            json!({"pattern": "^\\s*(https?://[A-Za-z0-9.:\\[\\]-]+/*)?\\s*$"}),
            None,
        ),
        "environment" => (json!({}), Some(json!({"const": "production"}))),
        "oauth-client-id" => (json!({"pattern": "^[!-~]{1,512}$"}), None),
        "oauth-client-secret" => (json!({"pattern": "^[!-~]{1,1024}$"}), None),
        "oauth-redirect-uri" => (json!({"pattern": APP_URL, "maxLength": 2048}), None),
        // Trimmed, then a short identifier (oauth `check_product`).
        "oauth-product" => (json!({"pattern": "^\\s*[A-Za-z0-9_.-]{1,64}\\s*$"}), None),
        "oauth-authorize-url" | "oauth-token-url" => (
            json!({"anyOf": [{"pattern": "^\\s*$"}, {"pattern": APP_URL, "maxLength": 2048}]}),
            None,
        ),
        _ => (json!({}), None),
    }
}

/// The schema of one field, from its entry in the field list.
fn field_schema(field: &Value) -> Value {
    let id = field["id"].as_str().unwrap_or_default();
    let mut s = Map::new();
    s.insert("title".into(), field["label"].clone());
    if let Some(help) = field.get("help") {
        s.insert("description".into(), help.clone());
    }
    match field["type"].as_str() {
        Some("select") => {
            s.insert("type".into(), json!("string"));
            let options = field["options"].as_array().cloned().unwrap_or_default();
            s.insert(
                "oneOf".into(),
                options
                    .iter()
                    .map(|o| json!({"const": o["value"], "title": o["label"]}))
                    .collect(),
            );
        }
        Some("multiselect") => {
            let mut values: Vec<Value> = Vec::new();
            if let Some(Value::Object(by_type)) = field.get("options_by_api_type") {
                for list in by_type.values() {
                    for v in list.as_array().into_iter().flatten() {
                        if !values.contains(v) {
                            values.push(v.clone());
                        }
                    }
                }
            }
            s.insert("type".into(), json!("array"));
            s.insert("uniqueItems".into(), json!(true));
            s.insert("items".into(), json!({"type": "string", "enum": values}));
        }
        _ => {
            s.insert("type".into(), json!("string"));
        }
    }
    if let Some(default) = field.get("default") {
        s.insert("default".into(), default.clone());
    }
    if field["secret"] == true {
        s.insert("writeOnly".into(), json!(true));
        s.insert("format".into(), json!("password"));
    }
    if let Value::Object(rules) = value_rules(id).0 {
        s.extend(rules);
    }
    Value::Object(s)
}

/// A `visible_when` condition: the member and the values that show the field.
type Condition = (String, Vec<Value>);

/// The single condition of a field's `visible_when`, if any.
fn condition(field: &Value) -> Option<Condition> {
    let map = field.get("visible_when")?.as_object()?;
    let (key, values) = map.iter().next()?;
    Some((key.clone(), values.as_array()?.clone()))
}

/// JSON Schema of the connection settings, from the manifest's field list.
pub fn connection_schema(fields: &[Value]) -> Value {
    let defaults: Map<String, Value> = fields
        .iter()
        .filter_map(|f| Some((f["id"].as_str()?.to_string(), f.get("default")?.clone())))
        .collect();
    let mut properties = Map::new();
    let mut required = Vec::new();
    // Conditions in first-seen order, each with its fields.
    let mut groups: Vec<(Condition, Vec<&Value>)> = Vec::new();
    for field in fields {
        let id = field["id"].as_str().unwrap_or_default();
        match condition(field) {
            None => {
                properties.insert(id.into(), field_schema(field));
                // A field with a default is filled in by it, so it is never missing.
                if field["required"] == true && field.get("default").is_none() {
                    required.push(json!(id));
                }
            }
            Some(cond) => match groups.iter_mut().find(|(c, _)| *c == cond) {
                Some((_, members)) => members.push(field),
                None => groups.push((cond, vec![field])),
            },
        }
    }
    let mut all_of = Vec::new();
    for ((key, values), members) in groups {
        let mut when = json!({"properties": {&key: {"enum": values}}});
        // An absent key takes its default: it matches only when the default is listed.
        let default_matches = defaults.get(&key).is_some_and(|d| values.contains(d));
        if !default_matches {
            when["required"] = json!([key]);
        }
        let mut then_props = Map::new();
        let mut then_required = Vec::new();
        let mut hidden = Vec::new();
        for field in members {
            let id = field["id"].as_str().unwrap_or_default();
            then_props.insert(id.into(), field_schema(field));
            if field["required"] == true && field.get("default").is_none() {
                then_required.push(json!(id));
            }
            if let Some(rule) = value_rules(id).1 {
                // Written as "not (given and breaking the rule)", so a form does not draw it.
                hidden.push(json!({"required": [id], "properties": {id: {"not": rule}}}));
            }
        }
        let mut branch = json!({"if": when, "then": {"properties": then_props}});
        if !then_required.is_empty() {
            branch["then"]["required"] = json!(then_required);
        }
        if !hidden.is_empty() {
            branch["else"] = json!({"not": {"anyOf": hidden}});
        }
        all_of.push(branch);
    }
    let ids: Vec<Value> = fields.iter().map(|f| f["id"].clone()).collect();
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "AfterShip connection",
        "type": "object",
        "properties": properties,
        "required": required,
        "propertyNames": {"enum": ids},
        "allOf": all_of,
        "x-order": ids,
    })
}

/// A UI schema (react-jsonschema-form spelling) with the field order and widgets.
pub fn connection_ui_schema(fields: &[Value]) -> Value {
    let mut ui = Map::new();
    let mut order: Vec<Value> = fields.iter().map(|f| f["id"].clone()).collect();
    order.push(json!("*"));
    ui.insert("ui:order".into(), Value::Array(order));
    for field in fields {
        let id = field["id"].as_str().unwrap_or_default();
        let mut entry = Map::new();
        if field["multiline"] == true {
            entry.insert("ui:widget".into(), json!("textarea"));
        } else if field["secret"] == true {
            entry.insert("ui:widget".into(), json!("password"));
        } else if field["type"] == "multiselect" {
            entry.insert("ui:widget".into(), json!("checkboxes"));
        }
        if field["advanced"] == true {
            entry.insert("ui:options".into(), json!({"advanced": true}));
        }
        ui.insert(id.into(), Value::Object(entry));
    }
    Value::Object(ui)
}

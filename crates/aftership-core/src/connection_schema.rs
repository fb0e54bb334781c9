//! The connection form as standard JSON Schema (2020-12) plus a UI schema, generated from the
//! manifest's field list so that a field added there (with its `visible_when`) reaches the schema
//! by itself. Each field's value rules (its `schema` in the settings field list) mirror
//! `settings::validate_settings` (and `OAuthApp::validate` for the OAuth app fields); a test
//! checks both agree over a corpus of settings.

use serde_json::{json, Map, Value};

use crate::settings::connection_fields;

/// Value rules of a field id: (when shown, when hidden), from its entry in the field list.
fn value_rules(id: &str) -> (Value, Option<Value>) {
    connection_fields()
        .iter()
        .find(|f| f.id == id)
        .map_or_else(|| (json!({}), None), |f| (f.schema)())
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

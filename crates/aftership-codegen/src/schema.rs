//! Turning the documents' schemas into the manifest's vocabulary: JSON Schema 2020-12 with a
//! `title` on every member, the documented `description`, enums as `oneOf` of `{const, title}`,
//! and a `format` where the document states one in words.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Map, Value};

pub use aftership_core::humanize;

/// Keywords copied from a document's schema as they are.
const COPIED: &[&str] = &[
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "pattern",
    "minItems",
    "maxItems",
    "minProperties",
    "default",
    "const",
];

/// The `format` a description states in words, when the schema declares none.
fn format_from_words(name: &str, description: &str) -> Option<&'static str> {
    let d = description;
    if d.contains("YYYY-MM-DDTHH:mm:ss")
        || d.contains("ISO 8601 date-time")
        || d.contains("RFC 3339")
        || d.contains("ISO 8601 format")
    {
        return Some("date-time");
    }
    if d.contains("YYYY-MM-DD") && !d.contains("YYYY-MM-DDT") && !d.contains("HH:") {
        return Some("date");
    }
    if name == "email" || name.ends_with("_email") {
        return Some("email");
    }
    None
}

/// The JSON type names a schema declares (`type` as a string or a list).
pub fn types_of(schema: &Value) -> BTreeSet<String> {
    const KNOWN: [&str; 7] = [
        "object", "array", "string", "integer", "number", "boolean", "null",
    ];
    let declared: BTreeSet<String> = match schema.get("type") {
        Some(Value::String(t)) => BTreeSet::from([t.clone()]),
        Some(Value::Array(list)) => list
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => BTreeSet::new(),
    };
    // A document's literal "type" ('true' once in the Shipping document) is no JSON type.
    declared
        .into_iter()
        .filter(|t| KNOWN.contains(&t.as_str()))
        .collect()
}

/// `allOf` parts merged, and `oneOf`/`anyOf` alternatives of objects merged into one object
/// whose members are the union (a form shows every member any alternative takes).
fn flatten(schema: &Value) -> Value {
    let Some(map) = schema.as_object() else {
        return schema.clone();
    };
    let mut out = map.clone();
    for key in ["allOf", "oneOf", "anyOf"] {
        let Some(Value::Array(parts)) = out.remove(key) else {
            continue;
        };
        let mut types: BTreeSet<String> = types_of(&Value::Object(out.clone()));
        for part in &parts {
            let part = flatten(part);
            types.extend(types_of(&part));
            if let Some(props) = part.get("properties").and_then(Value::as_object) {
                let target = out
                    .entry("properties")
                    .or_insert_with(|| Value::Object(Map::new()));
                if let Value::Object(target) = target {
                    for (k, v) in props {
                        match target.get_mut(k) {
                            // The same member in two alternatives: it takes either's values.
                            Some(existing) => union_enums(existing, v),
                            None => {
                                target.insert(k.clone(), v.clone());
                            }
                        }
                    }
                }
                types.insert("object".into());
            }
            if key == "allOf" {
                if let Some(Value::Array(req)) = part.get("required") {
                    let target = out.entry("required").or_insert_with(|| json!([]));
                    if let Value::Array(target) = target {
                        for r in req {
                            if !target.contains(r) {
                                target.push(r.clone());
                            }
                        }
                    }
                }
            }
            for k in ["items", "enum", "description", "additionalProperties"] {
                if let Some(v) = part.get(k) {
                    out.entry(k.to_string()).or_insert(v.clone());
                }
            }
            for k in COPIED {
                if let Some(v) = part.get(*k) {
                    out.entry(k.to_string()).or_insert(v.clone());
                }
            }
        }
        if !types.is_empty() {
            out.insert("type".into(), type_value(types));
        }
    }
    Value::Object(out)
}

/// Adds `other`'s enum values to `member`'s (both enumerated).
fn union_enums(member: &mut Value, other: &Value) {
    if let (Some(Value::Array(values)), Some(Value::Array(more))) =
        (member.get_mut("enum"), other.get("enum"))
    {
        for v in more {
            if !values.contains(v) {
                values.push(v.clone());
            }
        }
    }
}

fn type_value(types: BTreeSet<String>) -> Value {
    // A stable order: the non-null types first, as JSON Schema writers usually do.
    let mut list: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
    let order = ["object", "array", "string", "integer", "number", "boolean"];
    list.sort_by_key(|t| order.iter().position(|o| o == t).unwrap_or(order.len()));
    if list.len() == 1 {
        json!(list[0])
    } else {
        json!(list)
    }
}

/// Enum values as `oneOf` of `{const, title}`.
pub fn one_of(values: &[Value]) -> Value {
    Value::Array(
        values
            .iter()
            .map(|v| {
                let title = match v {
                    Value::String(s) => humanize(s),
                    other => other.to_string(),
                };
                json!({"const": v, "title": title})
            })
            .collect(),
    )
}

/// A request-side member in the manifest's vocabulary. `path` is its dotted path below the
/// body (`a.b`, `a[].b`), used to look up its description.
pub fn input_member(
    name: &str,
    schema: &Value,
    descriptions: &BTreeMap<String, String>,
    path: &str,
) -> Value {
    let schema = flatten(schema);
    let mut out = Map::new();
    out.insert("title".into(), json!(humanize(name)));
    let description = descriptions
        .get(path)
        .cloned()
        .or_else(|| {
            schema
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty());
    if let Some(d) = &description {
        out.insert("description".into(), json!(d));
    }
    let mut types = types_of(&schema);
    if schema.get("nullable") == Some(&Value::Bool(true)) {
        types.insert("null".into());
    }
    if types.is_empty() {
        if schema.get("properties").is_some() {
            types.insert("object".into());
        } else if schema.get("items").is_some() {
            types.insert("array".into());
        }
    }
    if !types.is_empty() {
        let nullable = types.contains("null");
        let mut t = type_value(types.clone());
        if nullable {
            t = match t {
                Value::String(s) => json!([s, "null"]),
                Value::Array(mut l) => {
                    l.push(json!("null"));
                    Value::Array(l)
                }
                other => other,
            };
        }
        out.insert("type".into(), t);
    }
    for key in COPIED {
        if let Some(v) = schema.get(*key) {
            out.insert(key.to_string(), v.clone());
        }
    }
    if !out.contains_key("format") && types.contains("string") {
        if let Some(f) = format_from_words(name, description.as_deref().unwrap_or("")) {
            out.insert("format".into(), json!(f));
        }
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let values: Vec<Value> = values.iter().filter(|v| !v.is_null()).cloned().collect();
        if !values.is_empty() {
            out.insert("oneOf".into(), one_of(&values));
        }
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let mut members = Map::new();
        for (child, child_schema) in props {
            let child_path = if path.is_empty() {
                child.clone()
            } else {
                format!("{path}.{child}")
            };
            members.insert(
                child.clone(),
                input_member(child, child_schema, descriptions, &child_path),
            );
        }
        out.insert("properties".into(), Value::Object(members));
    }
    if let Some(Value::Array(req)) = schema.get("required") {
        out.insert("required".into(), Value::Array(req.clone()));
    }
    if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        let item = input_member(name, items, descriptions, &format!("{path}[]"));
        out.insert("items".into(), strip_title(item));
    }
    if let Some(extra) = schema.get("additionalProperties").filter(|a| a.is_object()) {
        let extra = input_member(name, extra, descriptions, &format!("{path}.*"));
        out.insert("additionalProperties".into(), strip_title(extra));
    }
    Value::Object(out)
}

fn strip_title(mut v: Value) -> Value {
    if let Value::Object(m) = &mut v {
        m.remove("title");
    }
    v
}

/// A response schema in the manifest's vocabulary: titles, descriptions, every member nullable,
/// objects open, no `required` (the documents' examples leave out members their schemas
/// require), `#/defs/X` references rewritten to `#/$defs/X`.
pub fn output_member(name: Option<&str>, schema: &Value) -> Value {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let target = r.rsplit('/').next().unwrap_or(r);
        let mut out = Map::new();
        out.insert("$ref".into(), json!(format!("#/$defs/{target}")));
        if let Some(n) = name {
            out.insert("title".into(), json!(humanize(n)));
        }
        if let Some(d) = schema.get("description") {
            out.insert("description".into(), d.clone());
        }
        return Value::Object(out);
    }
    let schema = flatten(schema);
    let mut out = Map::new();
    if let Some(n) = name {
        out.insert("title".into(), json!(humanize(n)));
    }
    if let Some(d) = schema.get("description").and_then(Value::as_str) {
        out.insert("description".into(), json!(d.trim()));
    }
    let mut types = types_of(&schema);
    if types.is_empty() && schema.get("properties").is_some() {
        types.insert("object".into());
    }
    if types.is_empty() && schema.get("items").is_some() {
        types.insert("array".into());
    }
    if !types.is_empty() {
        types.insert("null".into());
        let mut list: Vec<String> = types.into_iter().filter(|t| t != "null").collect();
        let order = ["object", "array", "string", "integer", "number", "boolean"];
        list.sort_by_key(|t| order.iter().position(|o| o == t).unwrap_or(order.len()));
        // An integer member also takes a number (AfterShip's examples write 2.0).
        if list.iter().any(|t| t == "integer") && !list.iter().any(|t| t == "number") {
            list.retain(|t| t != "integer");
            list.push("number".into());
        }
        list.push("null".into());
        out.insert("type".into(), json!(list));
    }
    if let Some(f) = schema.get("format") {
        out.insert("format".into(), f.clone());
    }
    if let Some(Value::Array(values)) = schema.get("enum") {
        let mut values = values.clone();
        if !values.contains(&Value::Null) {
            values.push(Value::Null);
        }
        out.insert("enum".into(), Value::Array(values));
    }
    if let Some(props) = schema.get("properties").and_then(Value::as_object) {
        let members: Map<String, Value> = props
            .iter()
            .map(|(k, v)| (k.clone(), output_member(Some(k), v)))
            .collect();
        out.insert("properties".into(), Value::Object(members));
    }
    if let Some(items) = schema.get("items").filter(|i| i.is_object()) {
        out.insert("items".into(), output_member(None, items));
    }
    if let Some(extra) = schema.get("additionalProperties").filter(|a| a.is_object()) {
        out.insert("additionalProperties".into(), output_member(None, extra));
    }
    Value::Object(out)
}

/// Names of the definitions a schema refers to (`#/$defs/X`), directly.
pub fn refs(schema: &Value, out: &mut BTreeSet<String>) {
    match schema {
        Value::Object(m) => {
            if let Some(r) = m.get("$ref").and_then(Value::as_str) {
                if let Some(name) = r.strip_prefix("#/$defs/") {
                    out.insert(name.to_string());
                }
            }
            m.values().for_each(|v| refs(v, out));
        }
        Value::Array(l) => l.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// A schema inferred from a recorded value (for responses no document describes).
pub fn infer(name: Option<&str>, value: &Value) -> Value {
    let mut out = Map::new();
    if let Some(n) = name {
        out.insert("title".into(), json!(humanize(n)));
    }
    match value {
        Value::Null => {}
        Value::Bool(_) => {
            out.insert("type".into(), json!(["boolean", "null"]));
        }
        Value::Number(_) => {
            out.insert("type".into(), json!(["number", "null"]));
        }
        Value::String(_) => {
            out.insert("type".into(), json!(["string", "null"]));
        }
        Value::Array(items) => {
            out.insert("type".into(), json!(["array", "null"]));
            // Members of every item, so an item without an optional member still shows it.
            let mut merged = Map::new();
            let mut scalar = None;
            for item in items {
                match item {
                    Value::Object(m) => {
                        for (k, v) in m {
                            merged.entry(k.clone()).or_insert(v.clone());
                        }
                    }
                    other => scalar = Some(other.clone()),
                }
            }
            let item = if !merged.is_empty() {
                infer(None, &Value::Object(merged))
            } else {
                infer(None, &scalar.unwrap_or(Value::Null))
            };
            out.insert("items".into(), item);
        }
        Value::Object(m) => {
            out.insert("type".into(), json!(["object", "null"]));
            let props: Map<String, Value> = m
                .iter()
                .map(|(k, v)| (k.clone(), infer(Some(k), v)))
                .collect();
            out.insert("properties".into(), Value::Object(props));
        }
    }
    Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_become_titled_choices_and_formats_come_from_words() {
        let m = input_member(
            "delivery_type",
            &json!({"type": "string", "enum": ["door_to_door", "pickup_at_store"]}),
            &BTreeMap::new(),
            "delivery_type",
        );
        assert_eq!(
            m["oneOf"],
            json!([{"const": "door_to_door", "title": "Door to door"}, {"const": "pickup_at_store", "title": "Pickup at store"}])
        );
        let d = BTreeMap::from([(
            "order_date".to_string(),
            "Order date in YYYY-MM-DDTHH:mm:ssZ format.".to_string(),
        )]);
        let m = input_member("order_date", &json!({"type": "string"}), &d, "order_date");
        assert_eq!(m["format"], "date-time");
        assert_eq!(
            m["description"],
            "Order date in YYYY-MM-DDTHH:mm:ssZ format."
        );
    }

    #[test]
    fn outputs_are_nullable_open_and_refer_to_local_defs() {
        let s = output_member(
            None,
            &json!({"type": "object", "required": ["a"], "additionalProperties": false,
                    "properties": {"a": {"type": "integer"}, "t": {"$ref": "#/defs/Tracking"}}}),
        );
        assert_eq!(s["type"], json!(["object", "null"]));
        assert!(s.get("required").is_none() && s.get("additionalProperties").is_none());
        assert_eq!(s["properties"]["a"]["type"], json!(["number", "null"]));
        assert_eq!(s["properties"]["t"]["$ref"], "#/$defs/Tracking");
    }
}

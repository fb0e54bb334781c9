//! The generated operation metadata (`metadata.json`, written by `crates/aftership-codegen` from
//! AfterShip's documents in `spec/`) merged into the schemas the catalog gives.
//!
//! The catalog's own tree stays the authority on what is required and on the prose rules (it is
//! what validates); the documents add what a builder draws: titles, descriptions, types, formats,
//! bounds, titled choices, examples, visibility tiers and option sources, plus each operation's
//! output schema, sample output and hints. Members the documents have and the catalog does not
//! are added as optional (unknown body members pass through, so this changes no request).

use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use super::words::humanize;

/// The generated file, embedded (manifest builds only).
const METADATA: &str = include_str!("metadata.json");

/// What a schema without a type accepts when the catalog marks it required (any type but null).
const ANY_BUT_NULL: [&str; 5] = ["string", "number", "boolean", "object", "array"];

thread_local! {
    /// Metadata a generator is trying out instead of the embedded file ([`with_metadata`]).
    static TRIAL: std::cell::RefCell<Option<Value>> = const { std::cell::RefCell::new(None) };
}

/// The generated metadata of one operation (`Value::Null` when there is none).
pub fn of(op_id: &str) -> Value {
    let trial = TRIAL.with(|t| {
        t.borrow()
            .as_ref()
            .map(|doc| doc["operations"].get(op_id).cloned().unwrap_or(Value::Null))
    });
    if let Some(meta) = trial {
        return meta;
    }
    embedded()
        .get("operations")
        .and_then(|ops| ops.get(op_id))
        .cloned()
        .unwrap_or(Value::Null)
}

/// The payload schema of a product's webhook deliveries (generated from the recorded valid
/// delivery: AfterShip documents no payload schema).
pub fn webhook_payload(product: &str) -> Value {
    let trial = TRIAL.with(|t| {
        t.borrow()
            .as_ref()
            .map(|doc| doc["webhooks"][product].clone())
    });
    if let Some(schema) = trial {
        return schema;
    }
    embedded()["webhooks"][product].clone()
}

/// The embedded file, parsed once.
fn embedded() -> &'static Value {
    static PARSED: OnceLock<Value> = OnceLock::new();
    PARSED.get_or_init(|| serde_json::from_str(METADATA).unwrap_or(Value::Null))
}

/// Runs `f` with `doc` in place of the embedded metadata on this thread, so the generator can
/// write what the manifest will be before the core is rebuilt with the new file.
pub fn with_metadata<T>(doc: &Value, f: impl FnOnce() -> T) -> T {
    TRIAL.with(|t| *t.borrow_mut() = Some(doc.clone()));
    let out = f();
    TRIAL.with(|t| *t.borrow_mut() = None);
    out
}

/// Adds the documented metadata to an operation's input schema (as the catalog wrote it).
pub fn annotate_input(schema: &mut Value, meta: &Value) {
    let Some(top) = schema.as_object_mut() else {
        return;
    };
    let required: Vec<String> = strings(top.get("required"));
    let important: Vec<String> = strings(meta.get("important"));
    let Some(Value::Object(props)) = top.get_mut("properties") else {
        return;
    };
    for (name, member) in props.iter_mut() {
        let Value::Object(member) = member else {
            continue;
        };
        if name == "body" {
            let doc = meta.get("body");
            let ctx = Context {
                meta,
                important: &important,
            };
            merge(member, doc, "Body", "body", true, &ctx);
            member.insert("x-visibility".into(), json!("important"));
            continue;
        }
        let doc = meta.get("params").and_then(|p| p.get(name));
        param(member, name, doc);
        let is_required = required.contains(name);
        set_visibility(member, is_required || important.contains(name));
        annotate_leaf(member, meta, name);
    }
}

/// The UI schema of an input schema: important members first at every level.
pub fn ui_schema(schema: &Value) -> Value {
    let mut out = Map::new();
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return Value::Object(out);
    };
    let mut order: Vec<&String> = props
        .iter()
        .filter(|(_, m)| m.get("x-visibility") == Some(&json!("important")))
        .map(|(k, _)| k)
        .collect();
    order.extend(
        props
            .iter()
            .filter(|(_, m)| m.get("x-visibility") != Some(&json!("important")))
            .map(|(k, _)| k),
    );
    out.insert("ui:order".into(), json!(order));
    for (name, member) in props {
        if member.get("properties").is_some() {
            out.insert(name.clone(), ui_schema(member));
        } else if let Some(items) = member
            .get("items")
            .filter(|i| i.get("properties").is_some())
        {
            out.insert(name.clone(), json!({"items": ui_schema(items)}));
        }
    }
    Value::Object(out)
}

struct Context<'a> {
    meta: &'a Value,
    important: &'a [String],
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn set_visibility(member: &mut Map<String, Value>, important: bool) {
    member.insert(
        "x-visibility".into(),
        json!(if important { "important" } else { "advanced" }),
    );
}

/// Examples and the option source of the member at `path`.
fn annotate_leaf(member: &mut Map<String, Value>, meta: &Value, path: &str) {
    if let Some(Value::Array(examples)) = meta.get("examples").and_then(|e| e.get(path)) {
        if !examples.is_empty() {
            member.insert("examples".into(), Value::Array(examples.clone()));
        }
    }
    if let Some(source) = meta.get("options").and_then(|o| o.get(path)) {
        member.insert("x-options".into(), source.clone());
    }
}

/// A path or query parameter: the catalog's type stays (it is what the connector accepts:
/// a comma list also takes an array, ...); the document adds words, a default and a format.
fn param(member: &mut Map<String, Value>, name: &str, doc: Option<&Value>) {
    let title = doc
        .and_then(|d| d.get("title"))
        .cloned()
        .unwrap_or_else(|| json!(humanize(name)));
    member.insert("title".into(), title);
    if let Some(doc) = doc {
        if let Some(d) = doc.get("description") {
            member.insert("description".into(), d.clone());
        }
        if let Some(d) = doc.get("default") {
            member.entry("default").or_insert(d.clone());
        }
        let is_text = member.get("type") == Some(&json!("string"));
        if let (true, Some(f)) = (is_text, doc.get("format")) {
            member.entry("format").or_insert(f.clone());
        }
    }
    titled_choices(member, doc);
}

/// `enum` as `oneOf` of `{const, title}` (titles from the document where it has the value).
fn titled_choices(member: &mut Map<String, Value>, doc: Option<&Value>) {
    let values = match member.remove("enum") {
        Some(Value::Array(values)) => values,
        Some(other) => {
            member.insert("enum".into(), other);
            return;
        }
        None => return,
    };
    let doc_choices = doc.and_then(|d| d.get("oneOf")).and_then(Value::as_array);
    let choices: Vec<Value> = values
        .iter()
        .map(|v| {
            let title = match v {
                Value::Null => json!("Not set"),
                _ => doc_choices
                    .and_then(|c| c.iter().find(|c| c.get("const") == Some(v)))
                    .and_then(|c| c.get("title").cloned())
                    .unwrap_or_else(|| json!(humanize(v.as_str().unwrap_or_default()))),
            };
            json!({"const": v, "title": title})
        })
        .collect();
    member.insert("oneOf".into(), Value::Array(choices));
}

/// Whether a schema accepts `null` (the catalog lets optional members be `null`).
fn takes_null(member: &Map<String, Value>) -> bool {
    match member.get("type") {
        Some(Value::Array(types)) => types.iter().any(|t| t == "null"),
        Some(Value::String(t)) => t == "null",
        _ => true,
    }
}

fn with_null(types: &Value) -> Value {
    match types {
        Value::String(t) if t != "null" => json!([t, "null"]),
        Value::Array(list) if !list.iter().any(|t| t == "null") => {
            let mut list = list.clone();
            list.push(json!("null"));
            Value::Array(list)
        }
        other => other.clone(),
    }
}

/// Merges the documented member `doc` into the catalog's member `ours` (at input `path`).
/// `optional` says whether the parent may leave it out.
fn merge(
    ours: &mut Map<String, Value>,
    doc: Option<&Value>,
    name: &str,
    path: &str,
    optional: bool,
    ctx: &Context,
) {
    let doc_map = doc.and_then(Value::as_object);
    if path != "body" {
        let title = doc_map
            .and_then(|d| d.get("title"))
            .cloned()
            .unwrap_or_else(|| json!(humanize(name)));
        ours.insert("title".into(), title);
    }
    if let Some(doc) = doc_map {
        if path == "body" {
            // The catalog's own words on the body (pass-through, wrapping) come first.
            if let Some(d) = doc.get("description") {
                if let Some(Value::String(own)) = ours.get_mut("description") {
                    own.push(' ');
                    own.push_str(d.as_str().unwrap_or_default());
                }
            }
        } else if let Some(d) = doc.get("description") {
            ours.insert("description".into(), d.clone());
        }
        // The documented type where the catalog leaves it open.
        let open = match ours.get("type") {
            None => true,
            Some(Value::Array(list)) => {
                list.len() >= ANY_BUT_NULL.len()
                    && ANY_BUT_NULL.iter().all(|t| list.iter().any(|l| l == t))
            }
            _ => false,
        };
        if let (true, Some(t)) = (open, doc.get("type")) {
            let t = if optional { with_null(t) } else { t.clone() };
            ours.insert("type".into(), t);
        }
        for key in [
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
            "minProperties",
            "default",
        ] {
            if let Some(v) = doc.get(key) {
                ours.entry(key.to_string()).or_insert(v.clone());
            }
        }
        let text = match ours.get("type") {
            Some(Value::String(t)) => t == "string",
            Some(Value::Array(l)) => l.iter().any(|t| t == "string"),
            _ => false,
        };
        if text {
            for key in ["format", "pattern"] {
                if let Some(v) = doc.get(key) {
                    ours.entry(key.to_string()).or_insert(v.clone());
                }
            }
        }
        if !ours.contains_key("enum") && !ours.contains_key("oneOf") {
            if let Some(Value::Array(choices)) = doc.get("oneOf") {
                let mut choices = choices.clone();
                if optional && takes_null(ours) {
                    choices.push(json!({"const": null, "title": "Not set"}));
                }
                ours.insert("oneOf".into(), Value::Array(choices));
            }
        }
        if let Some(extra) = doc.get("additionalProperties").filter(|a| a.is_object()) {
            if !matches!(ours.get("additionalProperties"), Some(Value::Object(_))) {
                ours.insert("additionalProperties".into(), extra.clone());
            }
        }
    }
    titled_choices(ours, doc);
    annotate_leaf(ours, ctx.meta, path);

    // Members: the documented order first, then the catalog's own.
    let doc_props = doc_map
        .and_then(|d| d.get("properties"))
        .and_then(Value::as_object);
    let own_props = match ours.remove("properties") {
        Some(Value::Object(p)) => p,
        _ => Map::new(),
    };
    if doc_props.is_some() || !own_props.is_empty() {
        let required = strings(ours.get("required"));
        let mut merged = Map::new();
        let names: Vec<String> = doc_props
            .into_iter()
            .flat_map(|p| p.keys().cloned())
            .chain(own_props.keys().cloned())
            .collect();
        let mut own_props = own_props;
        for child in names {
            if merged.contains_key(&child) {
                continue;
            }
            let child_required = required.contains(&child);
            let mut member = match own_props.remove(&child) {
                Some(Value::Object(m)) => m,
                _ => Map::new(),
            };
            let child_path = format!("{path}.{child}");
            let child_doc = doc_props.and_then(|p| p.get(&child));
            merge(
                &mut member,
                child_doc,
                &child,
                &child_path,
                !child_required,
                ctx,
            );
            let important = child_required || ctx.important.iter().any(|i| i == &child_path);
            set_visibility(&mut member, important);
            merged.insert(child, Value::Object(member));
        }
        if !merged.is_empty() {
            ours.insert("properties".into(), Value::Object(merged));
            let object_type = ours.get("type").is_none();
            if object_type {
                let t = if optional {
                    json!(["object", "null"])
                } else {
                    json!("object")
                };
                ours.insert("type".into(), t);
            }
        }
    }

    // Array items.
    let doc_items = doc_map.and_then(|d| d.get("items"));
    let is_array = match ours.get("type") {
        Some(Value::String(t)) => t == "array",
        Some(Value::Array(l)) => l.iter().any(|t| t == "array"),
        _ => false,
    };
    if is_array || ours.contains_key("items") {
        let mut items = match ours.remove("items") {
            Some(Value::Object(m)) => m,
            _ => Map::new(),
        };
        if doc_items.is_some() || !items.is_empty() {
            merge(
                &mut items,
                doc_items,
                name,
                &format!("{path}[]"),
                false,
                ctx,
            );
            items.remove("title");
            items.remove("examples");
            ours.insert("items".into(), Value::Object(items));
        }
    }
}

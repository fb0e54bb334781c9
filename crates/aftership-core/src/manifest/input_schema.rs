//! The JSON Schema (2020-12) of each operation's input, from the catalog table that validates it.

use serde_json::{json, Map, Value};

use crate::body::{rules_schema, Node};
use crate::catalog::{BodySpec, OperationSpec, ParamKind};

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
            ParamKind::EnumList(values) => json!({
                "type": ["array", "string"],
                "items": {"type": "string", "enum": values},
                "description": format!("Sent comma-separated; each one of {}.", values.join(", "))
            }),
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
    super::metadata::annotate_input(&mut schema, &super::metadata::of(&op.id()));
    schema
}

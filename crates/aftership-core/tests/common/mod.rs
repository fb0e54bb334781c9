//! Helpers shared by integration tests: an input every operation accepts.
#![allow(dead_code)]

use aftership_core::{BodySpec, OperationSpec, ParamKind};
use serde_json::{json, Map, Value};

/// Sets `path` (`a.b`, `a[].b`) in `value` to a placeholder so required-field checks pass.
fn fill(value: &mut Value, path: &str) {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let (name, each) = match head.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (head, false),
    };
    let map = value.as_object_mut().expect("object");
    match (rest, each) {
        (None, false) => {
            map.entry(name).or_insert(json!("x1"));
        }
        (None, true) => {
            map.entry(name).or_insert(json!(["x1"]));
        }
        (Some(rest), false) => {
            let child = map.entry(name).or_insert(json!({}));
            if !child.is_object() {
                *child = json!({});
            }
            fill(child, rest)
        }
        (Some(rest), true) => {
            let items = map.entry(name).or_insert(json!([{}]));
            if !items.is_array() {
                *items = json!([{}]);
            }
            for item in items.as_array_mut().expect("array") {
                fill(item, rest);
            }
        }
    }
}

/// An input that builds: every path parameter `x1`, required body fields filled.
pub fn valid_input(op: &OperationSpec) -> Map<String, Value> {
    let mut input = Map::new();
    for name in op.path_params() {
        input.insert(name.to_string(), json!("x1"));
    }
    for param in op.query.iter().filter(|q| q.required) {
        let value = match param.kind {
            ParamKind::Enum(values) => json!(values[0]),
            ParamKind::Integer { min, .. } => json!(min),
            ParamKind::Boolean => json!(true),
            _ => json!("x1"),
        };
        input.insert(param.name.to_string(), value);
    }
    if let BodySpec::Json { required, .. } = op.body {
        let mut body = json!({});
        for path in required {
            fill(&mut body, path);
        }
        input.insert("body".into(), body);
    }
    input
}

//! Helpers shared by integration tests: an input every operation accepts.
#![allow(dead_code)]

use std::path::Path;

use aftership_core::{build_request, BodySpec, OperationSpec, ParamKind, RequestContext, Settings};
use aftership_testkit::fixture::{discover, Fixture};
use aftership_testkit::inputs::fill_required;
use serde_json::{json, Map, Value};

/// Path and query parameters as `valid_input` sets them, and the required body fields filled with
/// placeholders (enough for a body without typed parts or rules).
fn placeholder_input(op: &OperationSpec) -> Map<String, Value> {
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
    if let BodySpec::Json { shape, .. } = op.body {
        let mut body = json!({});
        for path in shape.required {
            fill_required(&mut body, path);
        }
        input.insert("body".into(), body);
    }
    input
}

/// An input that builds: every path parameter `x1`, required query parameters set, and a body
/// the operation accepts. Inputs with typed nested parts or rules between members cannot be made
/// of placeholders, so those take a recorded fixture's input (path parameters still `x1`).
pub fn valid_input(op: &OperationSpec) -> Map<String, Value> {
    let input = placeholder_input(op);
    if validate(op, &input).is_ok() {
        return input;
    }
    fixture_inputs(op)
        .into_iter()
        .map(|mut recorded| {
            for name in op.path_params() {
                recorded.insert(name.to_string(), json!("x1"));
            }
            recorded
        })
        .find(|recorded| validate(op, recorded).is_ok())
        .unwrap_or(input)
}

/// Whether the operation's own input checks accept `input` (settings-independent).
fn validate(op: &OperationSpec, input: &Map<String, Value>) -> Result<(), String> {
    let mut settings = Settings::new("common", op.family.api_type(), "key-123");
    settings.store_id = Some("store-1".into());
    build_request(
        &settings,
        &op.id(),
        &Value::Object(input.clone()).to_string(),
        &RequestContext {
            now_unix_ms: 1_783_327_777_000,
            request_id: None,
        },
    )
    .map(drop)
    .map_err(|e| e.to_string())
}

/// The inputs of the recorded fixtures of `op`.
fn fixture_inputs(op: &OperationSpec) -> Vec<Map<String, Value>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let id = op.id();
    discover(&root)
        .into_iter()
        .filter_map(|path| Fixture::parse(&std::fs::read_to_string(path).ok()?).ok())
        .filter(|fixture| fixture.operation == id)
        .filter_map(|fixture| fixture.input.as_object().cloned())
        .collect()
}

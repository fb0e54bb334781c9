//! The validated path, query and body of a request, taken from the input's members.

use serde_json::{Map, Value};

use super::query::query_values;
use crate::body::{check_rule, Node};
use crate::catalog::{BodySpec, OperationSpec};
use crate::encode::{encode_path_segment, encode_query};
use crate::error::{ConnectorError, FieldError};

/// Whether required body fields are enforced (always, except for the connection probe).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum RequiredFields {
    /// Required body fields are checked.
    Check,
    /// They are not (the connection probe).
    Skip,
}

/// Path, query and body of a request, validated.
pub(super) struct RequestParts {
    /// The path below the family's base path, segments encoded.
    pub(super) path: String,
    /// The encoded query string, without `?`.
    pub(super) query: String,
    /// The JSON body, wrapped if the operation says so.
    pub(super) body: Option<String>,
}

impl RequestParts {
    pub(super) fn from_input(
        op: &OperationSpec,
        input: &mut Map<String, Value>,
        required_fields: RequiredFields,
    ) -> Result<RequestParts, ConnectorError> {
        let mut errors = Vec::new();
        let path_params: Vec<&str> = op.path_params().collect();
        let has_body = !matches!(op.body, BodySpec::None);
        for key in input.keys() {
            let known = path_params.contains(&key.as_str())
                || op.query.iter().any(|q| q.name == key)
                || (has_body && key == "body");
            if !known {
                errors.push(FieldError::new(
                    key.clone(),
                    format!("not an input of {}; expected {}", op.id(), expected(op)),
                ));
            }
        }

        let mut path = String::with_capacity(op.path.len() + 32);
        for segment in op.path.split('/').skip(1) {
            path.push('/');
            match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => match path_value(input.get(name)) {
                    Ok(value) => path.push_str(&encode_path_segment(&value)),
                    Err(message) => errors.push(FieldError::new(name, message)),
                },
                None => path.push_str(segment),
            }
        }

        let mut pairs = Vec::new();
        for param in op.query {
            match input.get(param.name) {
                None | Some(Value::Null) => {
                    if param.required {
                        errors.push(FieldError::new(param.name, "required"));
                    }
                }
                Some(Value::String(s)) if param.required && s.trim().is_empty() => {
                    errors.push(FieldError::new(param.name, "must not be empty"));
                }
                Some(value) => {
                    if let Err(message) = query_values(param, value, &mut pairs) {
                        errors.push(FieldError::new(param.name, message));
                    }
                }
            }
        }

        let present = |name: &str| input.get(name).is_some_and(|v| !v.is_null());
        for rule in op.rules {
            check_rule(rule, &present, input, "", &mut errors);
        }

        let body = match op.body {
            BodySpec::None => None,
            BodySpec::Json { shape, wrap } => {
                let body = match input.remove("body") {
                    None | Some(Value::Null) => Value::Object(Map::new()),
                    Some(value @ Value::Object(_)) => value,
                    Some(_) => {
                        errors.push(FieldError::new("body", "must be a JSON object"));
                        Value::Object(Map::new())
                    }
                };
                if required_fields == RequiredFields::Check {
                    Node::from_shape(&shape).validate(&body, "body", &mut errors);
                }
                let body = match wrap {
                    Some(key) => {
                        let mut outer = Map::new();
                        outer.insert(key.to_string(), body);
                        Value::Object(outer)
                    }
                    None => body,
                };
                Some(crate::encode::json_text(&body))
            }
        };

        if errors.is_empty() {
            Ok(RequestParts {
                path,
                query: encode_query(&mut pairs),
                body,
            })
        } else {
            Err(ConnectorError::InvalidInput(errors))
        }
    }
}

fn expected(op: &OperationSpec) -> String {
    let mut names: Vec<&str> = op.path_params().collect();
    names.extend(op.query.iter().map(|q| q.name));
    if !matches!(op.body, BodySpec::None) {
        names.push("body");
    }
    if names.is_empty() {
        "no members".to_string()
    } else {
        names.join(", ")
    }
}

fn path_value(value: Option<&Value>) -> Result<String, &'static str> {
    match value {
        None | Some(Value::Null) => Err("required"),
        Some(Value::String(s)) if s.trim().is_empty() => Err("must not be empty"),
        Some(Value::String(s)) if is_dot_segment(s) => Err(
            "must not be `.` or `..` (or a percent-encoded form of them): a URL parser would \
             resolve it as a relative path step and re-target the request",
        ),
        Some(Value::String(s)) => Ok(s.clone()),
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        Some(_) => Err("must be a string"),
    }
}

/// Whether a path value is, or percent-decodes (any number of times) to, `.` or `..`.
///
/// WHATWG URL parsing (every `fetch`, hence every jco host) resolves `.`, `..`, `%2e`, `.%2E`,
/// `%2e%2e` … as path steps, so such a segment would re-target the request (`DELETE
/// /trackings/{slug}/{number}` with slug `.` deletes by id). The connector escapes `%` itself,
/// so today only the bare dots would reach the wire as dots, but a server or proxy that decodes
/// once more would see the others; they are all refused.
pub(crate) fn is_dot_segment(value: &str) -> bool {
    let mut current = value.to_string();
    // Each decoding round shortens the text, so this ends; the bound only caps the work.
    for _ in 0..8 {
        if current == "." || current == ".." {
            return true;
        }
        if current.len() > 12 || !current.contains('%') {
            return false;
        }
        let decoded = crate::encode::percent_decode(&current);
        if decoded == current {
            return false;
        }
        current = decoded;
    }
    false
}

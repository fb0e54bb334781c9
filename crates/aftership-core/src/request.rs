//! Builds the exact HTTP request for an operation from settings and a JSON input.
//!
//! Input shape: one JSON object whose members are the path parameters, the query parameters and,
//! for operations with a body, `body` (the JSON object AfterShip documents, unwrapped: legacy
//! envelopes such as `{"tracking": …}` are added here). Unknown members are refused, so a typo
//! never silently drops a filter; unknown fields *inside* `body` pass through untouched.

use serde_json::{Map, Value};

use crate::auth;
use crate::body::{check_rule, Node};
use crate::catalog::{
    find_operation, BodySpec, Family, OperationSpec, Param, ParamKind, StoreIdRule,
};
use crate::encode::{encode_path_segment, encode_query};
use crate::error::{ConnectorError, FieldError};
use crate::settings::{check_settings, ApiType, RsaKeyCheck, Settings};
use crate::types::{HttpRequest, RequestContext};

/// Inputs longer than this (32 MiB) are refused before parsing (AfterShip's largest bodies,
/// Parser e-mails with attachments, stay below 27 MB). The wasmtime harness's default memory cap
/// is sized from it (`aftership_harness::Limits::DEFAULT`); change both together.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// The request a connection test sends and the operation whose parser reads its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConnectionCheck {
    /// Operation id to pass to `parse_response`.
    pub operation_id: String,
    /// Input to pass to `parse_response`.
    pub input: String,
    /// The request to send.
    pub request: HttpRequest,
}

/// The connection test of an API type: the one family of that type that declares a probe
/// (`apis/<family>.rs`, `RULES.probe`), as an operation id and its input.
fn connection_probe(api_type: ApiType) -> Option<(String, &'static str)> {
    Family::ALL.into_iter().find_map(|family| {
        let probe = family
            .rules()
            .probe
            .filter(|_| family.api_type() == api_type)?;
        Some((format!("{}.{}", family.id(), probe.operation), probe.input))
    })
}

/// Builds the connection test request for the settings' API type.
pub fn connection_test(
    settings: &Settings,
    context: &RequestContext,
) -> Result<ConnectionCheck, ConnectorError> {
    let (operation_id, input) = connection_probe(settings.api_type).ok_or_else(|| {
        ConnectorError::UnknownOperation(format!(
            "no connection test is declared for the {} API",
            settings.api_type.label()
        ))
    })?;
    // Some probes (Address, Parser) send an empty body on purpose, so the documented required
    // body fields are not enforced here (a good key gets a validation answer).
    let request = build(
        settings,
        &operation_id,
        input,
        context,
        RequiredFields::Skip,
    )?;
    Ok(ConnectionCheck {
        operation_id,
        input: input.to_string(),
        request,
    })
}

/// Looks the operation up and checks it belongs to the settings' API type.
pub(crate) fn resolve_operation(
    settings: &Settings,
    operation_id: &str,
) -> Result<&'static OperationSpec, ConnectorError> {
    match find_operation(operation_id) {
        Some(op) if op.family.api_type() == settings.api_type => Ok(op),
        Some(op) => Err(ConnectorError::UnknownOperation(format!(
            "{operation_id} belongs to the {} API, but this connection is for {}",
            op.family.api_type().label(),
            settings.api_type.label()
        ))),
        None => Err(ConnectorError::UnknownOperation(format!(
            "{operation_id} is not an operation of the {} API",
            settings.api_type.label()
        ))),
    }
}

/// Parses the input text into its object (an empty input is `{}`).
pub(crate) fn parse_input(input: &str) -> Result<Map<String, Value>, ConnectorError> {
    if input.len() > MAX_INPUT_BYTES {
        return Err(ConnectorError::input(
            "input",
            format!(
                "{} bytes, larger than the {} MiB input cap ({MAX_INPUT_BYTES} bytes)",
                input.len(),
                MAX_INPUT_BYTES >> 20
            ),
        ));
    }
    if input.trim().is_empty() {
        return Ok(Map::new());
    }
    match serde_json::from_str::<Value>(input) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(ConnectorError::input("input", "must be a JSON object")),
        Err(e) => Err(ConnectorError::input(
            "input",
            format!("not valid JSON ({e})"),
        )),
    }
}

/// Whether required body fields are enforced (always, except for the connection probe).
#[derive(Clone, Copy, PartialEq, Eq)]
enum RequiredFields {
    Check,
    Skip,
}

/// Builds the HTTP request for `operation_id` with `input` (JSON text).
pub fn build_request(
    settings: &Settings,
    operation_id: &str,
    input: &str,
    context: &RequestContext,
) -> Result<HttpRequest, ConnectorError> {
    build(
        settings,
        operation_id,
        input,
        context,
        RequiredFields::Check,
    )
}

fn build(
    settings: &Settings,
    operation_id: &str,
    input: &str,
    context: &RequestContext,
    required_fields: RequiredFields,
) -> Result<HttpRequest, ConnectorError> {
    let errors = check_settings(settings, RsaKeyCheck::LeaveToSigner);
    if !errors.is_empty() {
        return Err(ConnectorError::InvalidSettings(errors));
    }
    let op = resolve_operation(settings, operation_id)?;
    if op.store_id == StoreIdRule::Required && settings.store_id().is_none() {
        return Err(ConnectorError::settings(
            "store-id",
            format!(
                "{} needs the AfterShip store ID (sent as as-store-id)",
                op.id()
            ),
        ));
    }
    if let Some(id) = &context.request_id {
        if id.bytes().any(|b| b.is_ascii_control() || !b.is_ascii()) || id.len() > 256 {
            return Err(ConnectorError::input(
                "context.request-id",
                "must be printable ASCII, at most 256 characters",
            ));
        }
    }
    let mut input = parse_input(input)?;
    let parts = RequestParts::from_input(op, &mut input, required_fields)?;

    let mut path = String::from(op.family.base_path());
    path.push_str(&parts.path);
    let mut resource = path.clone();
    if !parts.query.is_empty() {
        resource.push('?');
        resource.push_str(&parts.query);
    }
    let url = format!("{}{}", settings.origin(), resource);

    // AfterShip's Tracking and Shipping OpenAPI documents declare `Content-Type:
    // application/json` as a required header on every operation, GET and DELETE included, so it
    // is always sent. The SignString still uses an empty content type when there is no body.
    let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
    if let Some(store_id) = settings.store_id() {
        headers.push(("as-store-id".to_string(), store_id.to_string()));
    }
    if let Some(id) = &context.request_id {
        headers.push(("request-id".to_string(), id.clone()));
    }
    auth::apply(
        settings,
        op.family,
        op.method,
        &resource,
        parts.body.as_deref(),
        &mut headers,
        context,
    )?;
    Ok(HttpRequest {
        method: op.method,
        url,
        headers,
        body: parts.body,
    })
}

/// Path, query and body of a request, validated.
struct RequestParts {
    path: String,
    query: String,
    body: Option<String>,
}

impl RequestParts {
    fn from_input(
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
                Some(body.to_string())
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

/// Appends the wire pairs for one query parameter.
fn query_values(
    param: &Param,
    value: &Value,
    pairs: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let name = param.name.to_string();
    match param.kind {
        ParamKind::String => match value {
            Value::String(s) => pairs.push((name, s.clone())),
            Value::Number(n) => pairs.push((name, n.to_string())),
            _ => return Err("must be a string".into()),
        },
        ParamKind::Integer { min, max } => {
            let n = match value {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse::<i64>().ok(),
                _ => None,
            }
            .ok_or_else(|| "must be a whole number".to_string())?;
            if n < min || n > max {
                return Err(format!("must be between {min} and {max}"));
            }
            pairs.push((name, n.to_string()));
        }
        ParamKind::Boolean => {
            let b = match value {
                Value::Bool(b) => *b,
                Value::String(s) if s == "true" => true,
                Value::String(s) if s == "false" => false,
                _ => return Err("must be true or false".into()),
            };
            pairs.push((name, b.to_string()));
        }
        ParamKind::BoolList => {
            let items: Vec<&str> = match value {
                Value::Bool(b) => vec![if *b { "true" } else { "false" }],
                Value::String(s) => s.split(',').map(str::trim).collect(),
                Value::Array(items) => items
                    .iter()
                    .map(|v| match v {
                        Value::Bool(true) => "true",
                        Value::Bool(false) => "false",
                        _ => "",
                    })
                    .collect(),
                _ => vec![""],
            };
            if items.iter().any(|s| *s != "true" && *s != "false") {
                return Err("must be true, false, or both comma-separated".into());
            }
            if !items.is_empty() {
                pairs.push((name, items.join(",")));
            }
        }
        ParamKind::Enum(values) => match value {
            Value::String(s) if values.contains(&s.as_str()) => pairs.push((name, s.clone())),
            _ => return Err(format!("must be one of {}", values.join(", "))),
        },
        ParamKind::CommaList => {
            let items = string_items(value)?;
            if items.iter().any(|s| s.contains(',')) {
                return Err("items must not contain commas".into());
            }
            // An empty list is no filter (as an empty repeated array sends no pair).
            if !items.is_empty() {
                pairs.push((name, items.join(",")));
            }
        }
        ParamKind::RepeatedArray => {
            let key = format!("{name}[]");
            for item in string_items(value)? {
                pairs.push((key.clone(), item));
            }
        }
    }
    Ok(())
}

fn string_items(value: &Value) -> Result<Vec<String>, String> {
    match value {
        Value::String(s) => Ok(s
            .split(',')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()),
        Value::Array(items) => items
            .iter()
            .map(|item| match item {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err("items must be strings".to_string()),
            })
            .collect(),
        _ => Err("must be an array of strings".into()),
    }
}

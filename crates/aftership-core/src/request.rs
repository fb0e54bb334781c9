//! Builds the exact HTTP request for an operation from settings and a JSON input.
//!
//! Input shape: one JSON object whose members are the path parameters, the query parameters and,
//! for operations with a body, `body` (the JSON object AfterShip documents, unwrapped: legacy
//! envelopes such as `{"tracking": …}` are added here). Unknown members are refused, so a typo
//! never silently drops a filter; unknown fields *inside* `body` pass through untouched.

use serde_json::{Map, Value};

use crate::auth;
use crate::catalog::{find_operation, Family, OperationSpec, StoreIdRule};
use crate::error::ConnectorError;
use crate::settings::{check_settings, ApiType, RsaKeyCheck, Settings};
use crate::types::{HttpRequest, RequestContext};

mod parts;
mod query;

use parts::{RequestParts, RequiredFields};

/// Inputs longer than this (32 MiB) are refused before parsing (AfterShip's largest bodies,
/// Parser e-mails with attachments, stay below 27 MB). The wasmtime harness's default memory cap
/// is sized from it (`aftership_harness::Limits::DEFAULT`); change both together.
pub const MAX_INPUT_BYTES: usize = 32 * 1024 * 1024;

/// The operation name under which the connection test is recorded and run (fixtures, the CLI's
/// `call connection_test`, `check`).
pub const CONNECTION_TEST: &str = "connection_test";

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

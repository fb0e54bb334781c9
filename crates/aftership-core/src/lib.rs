//! Pure, deterministic request builders and response parsers for every AfterShip API.
//!
//! This crate performs no I/O and reads no clock: the host hands in connection settings, an
//! operation id, a JSON input and the current time, and gets back the exact HTTP request to send;
//! it then hands in the HTTP response and gets back the envelope's data (plus the next page's
//! input) or a typed [`ConnectorError`] that says what to do next.
//!
//! The guest crate wraps this API in the WIT contract; everything else lives here so it can be
//! tested natively.

mod apis;
pub mod auth;
pub mod body;
mod catalog;
#[cfg(feature = "manifest")]
mod connection_schema;
mod details;
mod encode;
mod error;
mod error_json;
#[cfg(feature = "manifest")]
mod manifest;
pub mod oauth;
pub mod redact;
mod request;
mod response;
pub mod retry;
mod secret;
mod sets;
mod settings;
pub mod trigger;
mod types;
pub mod webhook;

pub use catalog::{
    all_operations, find_operation, operations_for, BodySpec, Family, OperationSpec, Paging, Param,
    ParamKind, StoreIdRule,
};
/// Days since 1970-01-01 to a civil (year, month, day); the core reads no clock, so hosts that
/// print dates from the time they pass in can use the same calendar.
pub use encode::civil_from_days;
pub use error::{ApiError, ConnectorError, ErrorKind, FieldError, RateLimit, Unexpected};
pub use error_json::connector_error_json;
#[cfg(feature = "manifest")]
pub use manifest::{
    humanize, input_schema, manifest_json, manifest_value, manifest_value_with_metadata,
    WIT_PACKAGE,
};
pub use request::{
    build_request, connection_test, ConnectionCheck, CONNECTION_TEST, MAX_INPUT_BYTES,
};
pub use response::{parse_response, parse_response_owned, MAX_RETRY_AFTER_MS};
pub use secret::Secret;
pub use settings::{validate_settings, ApiType, AuthMode, Environment, Settings, SettingsFile};
pub use types::{DocumentFile, HttpRequest, HttpResponse, Method, Outcome, RequestContext};

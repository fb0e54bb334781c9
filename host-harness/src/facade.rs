//! The typed export facade: each export of the `api` interface as a method of [`Host`], with
//! `aftership_core`'s types on both sides (the `oauth-*` exports are in `oauth_facade`).

use aftership_core::{trigger, webhook};
use aftership_core::{
    ApiType, ConnectionCheck, ConnectorError, FieldError, HttpRequest, HttpResponse, Method,
    Outcome, RequestContext, Settings,
};

use crate::convert::{lend, operation_from_wit, to_wit, Convert};
use crate::{wit, Host, HostError};

/// One operation of the catalog, as the component reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operation {
    /// `<family>.<operation>`, e.g. `tracking.get_tracking_by_id`.
    pub id: String,
    /// API type whose connections offer it.
    pub api_type: ApiType,
    /// Short title.
    pub title: String,
    /// HTTP method.
    pub method: Method,
    /// Path relative to the API base, with `{param}` placeholders.
    pub path: String,
    /// JSON Schema of the input, as JSON text.
    pub input_schema: String,
    /// Whether outcomes can carry a next page.
    pub paginated: bool,
}

/// The settings and context every connection export takes, as WIT records.
fn connection(
    settings: &Settings,
    context: &RequestContext,
) -> (wit::ConnectionSettings, wit::RequestContext) {
    (to_wit(settings), to_wit(context))
}

impl Host {
    /// `manifest`: the text `connector.json` holds.
    pub fn manifest(&self) -> Result<String, HostError> {
        self.call("manifest", |c, store| {
            c.aftership_connector_api().call_manifest(store)
        })
    }

    /// `operations`: the catalog of one API type.
    pub fn operations(&self, api_type: ApiType) -> Result<Vec<Operation>, HostError> {
        let list = self.call("operations", |c, store| {
            c.aftership_connector_api()
                .call_operations(store, api_type.convert())
        })?;
        Ok(list.into_iter().map(operation_from_wit).collect())
    }

    /// `validate-settings`: every bad field at once (empty when the settings are usable).
    pub fn validate_settings(&self, settings: &Settings) -> Result<Vec<FieldError>, HostError> {
        let settings: wit::ConnectionSettings = to_wit(settings);
        let result = self.call("validate-settings", |c, store| {
            c.aftership_connector_api()
                .call_validate_settings(store, &settings)
        })?;
        Ok(match result {
            Ok(()) => Vec::new(),
            Err(errors) => errors.convert(),
        })
    }

    /// `connection-test`: the cheapest authenticated request for the settings' API type.
    pub fn connection_test(
        &self,
        settings: &Settings,
        context: &RequestContext,
    ) -> Result<Result<ConnectionCheck, ConnectorError>, HostError> {
        let (settings, context) = connection(settings, context);
        self.export("connection-test", |c, store| {
            c.aftership_connector_api()
                .call_connection_test(store, &settings, &context)
        })
    }

    /// `build-request`: the HTTP request for an operation and its JSON input.
    pub fn build_request(
        &self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        context: &RequestContext,
    ) -> Result<Result<HttpRequest, ConnectorError>, HostError> {
        let (settings, context) = connection(settings, context);
        self.export("build-request", |c, store| {
            c.aftership_connector_api().call_build_request(
                store,
                &settings,
                operation_id,
                input,
                &context,
            )
        })
    }

    /// `parse-response`: the data (and next page) or a typed error.
    pub fn parse_response(
        &self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        response: &HttpResponse,
        context: &RequestContext,
    ) -> Result<Result<Outcome, ConnectorError>, HostError> {
        let (settings, context) = connection(settings, context);
        let response = lend(response);
        self.export("parse-response", |c, store| {
            c.aftership_connector_api().call_parse_response(
                store,
                &settings,
                operation_id,
                input,
                &response,
                &context,
            )
        })
    }

    /// `verify-webhook`.
    pub fn verify_webhook(
        &self,
        input: &webhook::WebhookInput,
    ) -> Result<Result<webhook::VerifiedWebhook, webhook::WebhookError>, HostError> {
        let delivery: wit::WebhookDelivery = to_wit(input);
        self.export("verify-webhook", |c, store| {
            c.aftership_connector_api()
                .call_verify_webhook(store, &delivery)
        })
    }

    /// `trigger-start`: the first listing call of a poll (see `aftership_core::trigger::start`).
    pub fn trigger_start(
        &self,
        trigger_id: &str,
        state: Option<&str>,
        since: Option<&str>,
        now_unix_ms: i64,
    ) -> Result<Result<trigger::Start, TriggerFailure>, HostError> {
        let result: Result<trigger::Start, trigger::TriggerError> =
            self.export("trigger-start", |c, store| {
                c.aftership_connector_api().call_trigger_start(
                    store,
                    trigger_id,
                    state,
                    since,
                    now_unix_ms,
                )
            })?;
        Ok(result.map_err(TriggerFailure::from))
    }

    /// `trigger-step`: one page of a poll read (see `aftership_core::trigger::step`).
    pub fn trigger_step(
        &self,
        trigger_id: &str,
        state: &str,
        data: &str,
        next_page: Option<&str>,
    ) -> Result<Result<trigger::Step, TriggerFailure>, HostError> {
        let result: Result<trigger::Step, trigger::TriggerError> =
            self.export("trigger-step", |c, store| {
                c.aftership_connector_api()
                    .call_trigger_step(store, trigger_id, state, data, next_page)
            })?;
        Ok(result.map_err(TriggerFailure::from))
    }
}

/// A refused trigger call: the typed error with its kind and message at hand.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerFailure {
    /// Snake-case kind (`state_version`, `invalid_since`, ...).
    pub kind: String,
    /// What went wrong, naming the argument.
    pub message: String,
    /// The error itself.
    pub error: trigger::TriggerError,
}

impl From<trigger::TriggerError> for TriggerFailure {
    fn from(error: trigger::TriggerError) -> Self {
        Self {
            kind: error.kind().to_string(),
            message: error.to_string(),
            error,
        }
    }
}

//! Export implementations (wasm32 only): each export converts its WIT arguments to the core's
//! types, calls the core, and converts the answer back. The conversions are the shared table of
//! `aftership-wit-convert`, expanded here against wit-bindgen's types.
#![allow(missing_docs)]
// wit-bindgen's generated C-ABI exports (`export_name`, `unsafe extern fn`) are unsafe code.
#![allow(unsafe_code)]
// The generated C-ABI shims take one argument per flattened WIT value.
#![allow(clippy::too_many_arguments)]

use aftership_core as core;

wit_bindgen::generate!({ world: "connector", path: "../../wit" });

use aftership_core::{oauth, webhook};
use aftership_wit_convert::Convert;
use exports::aftership::connector::api::Guest;
use exports::aftership::connector::types as wit;

aftership_wit_convert::conversions!(wit);

mod embedded;

struct Connector;

export!(Connector);

impl Guest for Connector {
    fn manifest() -> String {
        embedded::manifest()
    }

    fn operations(api_type: wit::ApiType) -> Vec<wit::OperationInfo> {
        let schemas = embedded::operation_schemas();
        core::operations_for(api_type.convert())
            .map(|op| wit::OperationInfo {
                input_schema: embedded::schema_of(&schemas, &op.id()),
                id: op.id(),
                api_type: op.family.api_type().convert(),
                title: op.title.to_string(),
                method: op.method.convert(),
                path: op.path.to_string(),
                paginated: op.paging != core::Paging::None,
            })
            .collect()
    }

    fn validate_settings(settings: wit::ConnectionSettings) -> Result<(), Vec<wit::FieldError>> {
        let errors = core::validate_settings(&settings.convert());
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors.convert())
        }
    }

    fn connection_test(
        settings: wit::ConnectionSettings,
        context: wit::RequestContext,
    ) -> Result<wit::ConnectionCheck, wit::ConnectorError> {
        core::connection_test(&settings.convert(), &context.convert()).convert()
    }

    fn build_request(
        settings: wit::ConnectionSettings,
        operation_id: String,
        input: String,
        context: wit::RequestContext,
    ) -> Result<wit::HttpRequest, wit::ConnectorError> {
        core::build_request(
            &settings.convert(),
            &operation_id,
            &input,
            &context.convert(),
        )
        .convert()
    }

    fn parse_response(
        settings: wit::ConnectionSettings,
        operation_id: String,
        input: String,
        response: wit::HttpResponse,
        context: wit::RequestContext,
    ) -> Result<wit::Outcome, wit::ConnectorError> {
        core::parse_response_owned(
            &settings.convert(),
            &operation_id,
            &input,
            response.convert(),
            &context.convert(),
        )
        .convert()
    }

    /// The body as text (see the WIT docs): same bytes, same result as `parse-response`.
    fn parse_response_text(
        settings: wit::ConnectionSettings,
        operation_id: String,
        input: String,
        status: u16,
        headers: Vec<(String, String)>,
        body: String,
        context: wit::RequestContext,
    ) -> Result<wit::Outcome, wit::ConnectorError> {
        let response = wit::HttpResponse {
            status,
            headers,
            body: body.into_bytes(),
        };
        Self::parse_response(settings, operation_id, input, response, context)
    }

    fn oauth_scopes(api_type: wit::ApiType) -> Vec<String> {
        oauth::scopes_for(api_type.convert())
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn oauth_authorization_url(
        app: wit::OauthApp,
        request: wit::AuthorizationRequest,
    ) -> Result<String, wit::OauthError> {
        oauth::authorization_url(
            &app.convert(),
            &request.scopes,
            &request.state,
            Some(&request.product),
        )
        .map_err(Convert::convert)
    }

    fn oauth_verify_launch(
        app: wit::OauthApp,
        query: String,
        context: wit::RequestContext,
        tolerance_ms: Option<u64>,
        policy: wit::HmacPolicy,
    ) -> Result<wit::LaunchRequest, wit::OauthError> {
        oauth::verify_launch(
            &app.convert(),
            &query,
            context.now_unix_ms,
            tolerance_ms,
            policy.convert(),
        )
        .convert()
    }

    fn oauth_verify_redirect(
        app: wit::OauthApp,
        query: String,
        expected_state: String,
        policy: wit::HmacPolicy,
    ) -> Result<wit::OauthRedirect, wit::OauthError> {
        oauth::verify_redirect(&app.convert(), &query, &expected_state, policy.convert()).convert()
    }

    fn oauth_token_request(
        app: wit::OauthApp,
        grant: wit::TokenGrant,
    ) -> Result<wit::HttpRequest, wit::OauthError> {
        oauth::token_request(&app.convert(), &grant.convert()).convert()
    }

    fn oauth_parse_token_response(
        response: wit::HttpResponse,
        context: wit::RequestContext,
    ) -> Result<wit::TokenSet, wit::OauthError> {
        oauth::parse_token_response(&response.convert(), context.now_unix_ms).convert()
    }

    fn oauth_parse_token_response_with(
        response: wit::HttpResponse,
        context: wit::RequestContext,
        fields: wit::TokenFields,
    ) -> Result<wit::TokenSet, wit::OauthError> {
        oauth::parse_token_response_with(
            &response.convert(),
            context.now_unix_ms,
            &fields.convert(),
        )
        .convert()
    }

    fn verify_webhook(
        delivery: wit::WebhookDelivery,
    ) -> Result<wit::VerifiedWebhook, wit::WebhookError> {
        webhook::verify_webhook(&delivery.convert()).convert()
    }

    fn trigger_start(
        trigger_id: String,
        state: Option<String>,
        since: Option<String>,
        now_unix_ms: i64,
    ) -> Result<wit::PollStart, wit::TriggerError> {
        aftership_core::trigger::start(&trigger_id, state.as_deref(), since.as_deref(), now_unix_ms)
            .convert()
    }

    fn trigger_step(
        trigger_id: String,
        state: String,
        data: String,
        next_page: Option<String>,
    ) -> Result<wit::PollStep, wit::TriggerError> {
        aftership_core::trigger::step(&trigger_id, &state, &data, next_page.as_deref()).convert()
    }
}

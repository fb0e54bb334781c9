//! Export implementations (wasm32 only).
#![allow(missing_docs)]
// wit-bindgen's generated C-ABI exports (`export_name`, `unsafe extern fn`) are unsafe code.
#![allow(unsafe_code)]
// The generated C-ABI shims take one argument per flattened WIT value.
#![allow(clippy::too_many_arguments)]

use aftership_core as core;

wit_bindgen::generate!({ world: "connector", path: "../../wit" });

use aftership_core::{oauth, webhook};
use exports::aftership::connector::api::Guest;
use exports::aftership::connector::types as wit;

mod embedded;
mod oauth_glue;

struct Connector;

export!(Connector);

fn api_type_from(t: wit::ApiType) -> core::ApiType {
    match t {
        wit::ApiType::Returns => core::ApiType::Returns,
        wit::ApiType::Shipping => core::ApiType::Shipping,
        wit::ApiType::Tracking => core::ApiType::Tracking,
        wit::ApiType::Address => core::ApiType::Address,
        wit::ApiType::Parser => core::ApiType::Parser,
        wit::ApiType::Members => core::ApiType::Members,
        wit::ApiType::Commerce => core::ApiType::Commerce,
        wit::ApiType::Protection => core::ApiType::Protection,
    }
}

fn api_type_to(t: core::ApiType) -> wit::ApiType {
    match t {
        core::ApiType::Returns => wit::ApiType::Returns,
        core::ApiType::Shipping => wit::ApiType::Shipping,
        core::ApiType::Tracking => wit::ApiType::Tracking,
        core::ApiType::Address => wit::ApiType::Address,
        core::ApiType::Parser => wit::ApiType::Parser,
        core::ApiType::Members => wit::ApiType::Members,
        core::ApiType::Commerce => wit::ApiType::Commerce,
        core::ApiType::Protection => wit::ApiType::Protection,
    }
}

fn settings_from(s: wit::ConnectionSettings) -> core::Settings {
    core::Settings {
        name: s.name,
        api_type: api_type_from(s.api_type),
        environment: match s.environment {
            wit::Environment::Production => core::Environment::Production,
            wit::Environment::Sandbox => core::Environment::Sandbox,
        },
        auth_mode: match s.auth_mode {
            wit::AuthMode::ApiKey => core::AuthMode::ApiKey,
            wit::AuthMode::AesSignature => core::AuthMode::AesSignature,
            wit::AuthMode::RsaSignature => core::AuthMode::RsaSignature,
            wit::AuthMode::OauthToken => core::AuthMode::OauthToken,
        },
        api_key: core::Secret::new(s.api_key),
        api_secret: s.api_secret.map(core::Secret::new),
        access_token: s.access_token.map(core::Secret::new),
        oauth_token_header: s.oauth_token_header,
        store_id: s.store_id,
        base_url: s.base_url,
    }
}

fn context_from(c: wit::RequestContext) -> core::RequestContext {
    core::RequestContext {
        now_unix_ms: c.now_unix_ms,
        request_id: c.request_id,
    }
}

fn method_to(m: core::Method) -> wit::HttpMethod {
    match m {
        core::Method::Get => wit::HttpMethod::Get,
        core::Method::Post => wit::HttpMethod::Post,
        core::Method::Put => wit::HttpMethod::Put,
        core::Method::Patch => wit::HttpMethod::Patch,
        core::Method::Delete => wit::HttpMethod::Delete,
    }
}

fn request_to(r: core::HttpRequest) -> wit::HttpRequest {
    wit::HttpRequest {
        method: method_to(r.method),
        url: r.url,
        headers: r.headers,
        body: r.body,
    }
}

fn field_errors_to(errors: Vec<core::FieldError>) -> Vec<wit::FieldError> {
    errors
        .into_iter()
        .map(|e| wit::FieldError {
            field: e.field,
            message: e.message,
        })
        .collect()
}

fn api_error_to(e: core::ApiError) -> wit::ApiError {
    wit::ApiError {
        status: e.status,
        code: e.code,
        error_type: e.error_type,
        message: e.message,
        details: field_errors_to(e.details),
        retryable: e.retryable,
        data: e.data,
    }
}

fn error_to(e: core::ConnectorError) -> wit::ConnectorError {
    use core::ConnectorError as E;
    match e {
        E::InvalidSettings(f) => wit::ConnectorError::InvalidSettings(field_errors_to(f)),
        E::InvalidInput(f) => wit::ConnectorError::InvalidInput(field_errors_to(f)),
        E::UnknownOperation(id) => wit::ConnectorError::UnknownOperation(id),
        E::Unauthorized(a) => wit::ConnectorError::Unauthorized(api_error_to(a)),
        E::Forbidden(a) => wit::ConnectorError::Forbidden(api_error_to(a)),
        E::NotFound(a) => wit::ConnectorError::NotFound(api_error_to(a)),
        E::Conflict(a) => wit::ConnectorError::Conflict(api_error_to(a)),
        E::Validation(a) => wit::ConnectorError::Validation(api_error_to(a)),
        E::RateLimited(r) => wit::ConnectorError::RateLimited(wit::RateLimit {
            retry_after_ms: r.retry_after_ms,
            error: api_error_to(r.error),
        }),
        E::Server(a) => wit::ConnectorError::Server(api_error_to(a)),
        E::UnexpectedResponse(u) => wit::ConnectorError::UnexpectedResponse(wit::Unexpected {
            status: u.status,
            reason: u.reason,
            excerpt: u.excerpt,
            retryable: u.retryable,
        }),
    }
}

fn webhook_event_to(e: webhook::WebhookEvent) -> wit::WebhookEvent {
    match e {
        webhook::WebhookEvent::Tracking(t) => wit::WebhookEvent::Tracking(wit::TrackingEvent {
            event: match t.event {
                webhook::TrackingEventKind::TrackingUpdate => {
                    wit::TrackingEventKind::TrackingUpdate
                }
                webhook::TrackingEventKind::EddRevise => wit::TrackingEventKind::EddRevise,
                webhook::TrackingEventKind::TrackingPendingTime => {
                    wit::TrackingEventKind::TrackingPendingTime
                }
                webhook::TrackingEventKind::Other(name) => wit::TrackingEventKind::Other(name),
            },
            event_id: t.event_id,
            is_tracking_first_tag: t.is_tracking_first_tag,
            ts: t.ts,
            msg: t.msg,
            webhook_version: t.webhook_version,
        }),
        webhook::WebhookEvent::Returns(r) => wit::WebhookEvent::Returns(wit::ReturnsEvent {
            id: r.id,
            version: r.version,
            event: r.event,
            created_at: r.created_at,
            created_at_unix_ms: r.created_at_unix_ms,
            modified: r.modified,
            data: r.data,
        }),
        webhook::WebhookEvent::Shipping(s) => wit::WebhookEvent::Shipping(wit::ShippingEvent {
            event_type: s.event_type,
            date_time: s.date_time,
            meta: s.meta,
            meta_code: s.meta_code,
            data: s.data,
        }),
    }
}

fn webhook_error_to(e: webhook::WebhookError) -> wit::WebhookError {
    use webhook::WebhookError as E;
    match e {
        E::EmptySecret => wit::WebhookError::EmptySecret,
        E::MissingSignature(headers) => wit::WebhookError::MissingSignature(headers),
        E::BadSignature => wit::WebhookError::BadSignature,
        E::MalformedBody(reason) => wit::WebhookError::MalformedBody(reason),
        E::TooOld {
            event_unix_ms,
            now_unix_ms,
            tolerance_ms,
        } => wit::WebhookError::TooOld(wit::WebhookAge {
            event_unix_ms,
            now_unix_ms,
            tolerance_ms,
        }),
        E::InvalidInput(reason) => wit::WebhookError::InvalidInput(reason),
    }
}

impl Guest for Connector {
    fn manifest() -> String {
        embedded::manifest()
    }

    fn operations(api_type: wit::ApiType) -> Vec<wit::OperationInfo> {
        let schemas = embedded::operation_schemas();
        core::operations_for(api_type_from(api_type))
            .map(|op| wit::OperationInfo {
                input_schema: embedded::schema_of(&schemas, &op.id()),
                id: op.id(),
                api_type: api_type_to(op.family.api_type()),
                title: op.title.to_string(),
                method: method_to(op.method),
                path: op.path.to_string(),
                paginated: op.paging != core::Paging::None,
            })
            .collect()
    }

    fn validate_settings(settings: wit::ConnectionSettings) -> Result<(), Vec<wit::FieldError>> {
        let errors = core::validate_settings(&settings_from(settings));
        if errors.is_empty() {
            Ok(())
        } else {
            Err(field_errors_to(errors))
        }
    }

    fn connection_test(
        settings: wit::ConnectionSettings,
        context: wit::RequestContext,
    ) -> Result<wit::ConnectionCheck, wit::ConnectorError> {
        core::connection_test(&settings_from(settings), &context_from(context))
            .map(|c| wit::ConnectionCheck {
                operation_id: c.operation_id,
                input: c.input,
                request: request_to(c.request),
            })
            .map_err(error_to)
    }

    fn build_request(
        settings: wit::ConnectionSettings,
        operation_id: String,
        input: String,
        context: wit::RequestContext,
    ) -> Result<wit::HttpRequest, wit::ConnectorError> {
        core::build_request(
            &settings_from(settings),
            &operation_id,
            &input,
            &context_from(context),
        )
        .map(request_to)
        .map_err(error_to)
    }

    fn parse_response(
        settings: wit::ConnectionSettings,
        operation_id: String,
        input: String,
        response: wit::HttpResponse,
        context: wit::RequestContext,
    ) -> Result<wit::Outcome, wit::ConnectorError> {
        let response = core::HttpResponse {
            status: response.status,
            headers: response.headers,
            body: response.body,
        };
        core::parse_response_owned(
            &settings_from(settings),
            &operation_id,
            &input,
            response,
            &context_from(context),
        )
        .map(|o| wit::Outcome {
            data: o.data,
            next_page: o.next_page,
            files: o
                .files
                .into_iter()
                .map(|f| wit::DocumentFile {
                    owner_id: f.owner_id,
                    kind: f.kind,
                    file_type: f.file_type,
                    paper_size: f.paper_size,
                    url: f.url,
                    content_base64: f.content_base64,
                })
                .collect(),
        })
        .map_err(error_to)
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
        oauth::scopes_for(api_type_from(api_type))
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    fn oauth_authorization_url(
        app: wit::OauthApp,
        request: wit::AuthorizationRequest,
    ) -> Result<String, wit::OauthError> {
        oauth_glue::authorization_url(app, request)
    }

    fn oauth_verify_launch(
        app: wit::OauthApp,
        query: String,
        context: wit::RequestContext,
        tolerance_ms: Option<u64>,
        policy: wit::HmacPolicy,
    ) -> Result<wit::LaunchRequest, wit::OauthError> {
        oauth_glue::verify_launch(app, query, context, tolerance_ms, policy)
    }

    fn oauth_verify_redirect(
        app: wit::OauthApp,
        query: String,
        expected_state: String,
        policy: wit::HmacPolicy,
    ) -> Result<wit::OauthRedirect, wit::OauthError> {
        oauth_glue::verify_redirect(app, query, expected_state, policy)
    }

    fn oauth_token_request(
        app: wit::OauthApp,
        grant: wit::TokenGrant,
    ) -> Result<wit::HttpRequest, wit::OauthError> {
        oauth_glue::token_request(app, grant)
    }

    fn oauth_parse_token_response(
        response: wit::HttpResponse,
        context: wit::RequestContext,
    ) -> Result<wit::TokenSet, wit::OauthError> {
        oauth_glue::parse_token_response(response, context)
    }

    fn oauth_parse_token_response_with(
        response: wit::HttpResponse,
        context: wit::RequestContext,
        fields: wit::TokenFields,
    ) -> Result<wit::TokenSet, wit::OauthError> {
        oauth_glue::parse_token_response_with(response, context, fields)
    }

    fn verify_webhook(
        delivery: wit::WebhookDelivery,
    ) -> Result<wit::VerifiedWebhook, wit::WebhookError> {
        let input = webhook::WebhookInput {
            product: match delivery.product {
                wit::WebhookProduct::Tracking => webhook::WebhookProduct::Tracking,
                wit::WebhookProduct::Returns => webhook::WebhookProduct::Returns,
                wit::WebhookProduct::Shipping => webhook::WebhookProduct::Shipping,
            },
            body: delivery.body,
            headers: delivery.headers,
            secret: core::Secret::new(delivery.secret),
            now_unix_ms: delivery.now_unix_ms,
            tolerance_ms: delivery.tolerance_ms,
        };
        webhook::verify_webhook(&input)
            .map(|v| wit::VerifiedWebhook {
                event_id: v.event_id,
                signature_header: v.signature_header,
                event: webhook_event_to(v.event),
            })
            .map_err(webhook_error_to)
    }
}

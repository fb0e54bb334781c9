//! Export implementations (wasm32 only).
#![allow(missing_docs)]

use aftership_core as core;

wit_bindgen::generate!({ world: "connector", path: "../../wit" });

use aftership::connector::types as wit;

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

impl Guest for Connector {
    fn manifest() -> String {
        core::manifest_json()
    }

    fn operations(api_type: wit::ApiType) -> Vec<wit::OperationInfo> {
        core::operations_for(api_type_from(api_type))
            .map(|op| wit::OperationInfo {
                id: op.id(),
                api_type: api_type_to(op.family.api_type()),
                title: op.title.to_string(),
                method: method_to(op.method),
                path: op.path.to_string(),
                input_schema: core::input_schema(op).to_string(),
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
        core::parse_response(
            &settings_from(settings),
            &operation_id,
            &input,
            &response,
            &context_from(context),
        )
        .map(|o| wit::Outcome {
            data: o.data,
            next_page: o.next_page,
        })
        .map_err(error_to)
    }
}

//! Conversions between the WIT records and `aftership_core`'s types.

use aftership_core::webhook;
use aftership_core::{
    ApiError, ApiType, AuthMode, ConnectorError, Environment, FieldError, HttpRequest, Method,
    RateLimit, RequestContext, Settings, Unexpected,
};

use crate::facade::Operation;
use crate::wit;

pub(crate) fn api_type_to_wit(t: ApiType) -> wit::ApiType {
    match t {
        ApiType::Returns => wit::ApiType::Returns,
        ApiType::Shipping => wit::ApiType::Shipping,
        ApiType::Tracking => wit::ApiType::Tracking,
        ApiType::Address => wit::ApiType::Address,
        ApiType::Parser => wit::ApiType::Parser,
        ApiType::Members => wit::ApiType::Members,
        ApiType::Commerce => wit::ApiType::Commerce,
        ApiType::Protection => wit::ApiType::Protection,
    }
}

pub(crate) fn api_type_from_wit(t: wit::ApiType) -> ApiType {
    match t {
        wit::ApiType::Returns => ApiType::Returns,
        wit::ApiType::Shipping => ApiType::Shipping,
        wit::ApiType::Tracking => ApiType::Tracking,
        wit::ApiType::Address => ApiType::Address,
        wit::ApiType::Parser => ApiType::Parser,
        wit::ApiType::Members => ApiType::Members,
        wit::ApiType::Commerce => ApiType::Commerce,
        wit::ApiType::Protection => ApiType::Protection,
    }
}

pub(crate) fn method_from_wit(m: wit::HttpMethod) -> Method {
    match m {
        wit::HttpMethod::Get => Method::Get,
        wit::HttpMethod::Post => Method::Post,
        wit::HttpMethod::Put => Method::Put,
        wit::HttpMethod::Patch => Method::Patch,
        wit::HttpMethod::Delete => Method::Delete,
    }
}

pub(crate) fn settings_to_wit(s: &Settings) -> wit::ConnectionSettings {
    wit::ConnectionSettings {
        name: s.name.clone(),
        api_type: api_type_to_wit(s.api_type),
        environment: match s.environment {
            Environment::Production => wit::Environment::Production,
            Environment::Sandbox => wit::Environment::Sandbox,
        },
        auth_mode: match s.auth_mode {
            AuthMode::ApiKey => wit::AuthMode::ApiKey,
            AuthMode::AesSignature => wit::AuthMode::AesSignature,
            AuthMode::RsaSignature => wit::AuthMode::RsaSignature,
            AuthMode::OauthToken => wit::AuthMode::OauthToken,
        },
        api_key: s.api_key.expose().to_string(),
        api_secret: s.api_secret.as_ref().map(|v| v.expose().to_string()),
        access_token: s.access_token.as_ref().map(|v| v.expose().to_string()),
        oauth_token_header: s.oauth_token_header.clone(),
        store_id: s.store_id.clone(),
        base_url: s.base_url.clone(),
    }
}

pub(crate) fn context_to_wit(c: &RequestContext) -> wit::RequestContext {
    wit::RequestContext {
        now_unix_ms: c.now_unix_ms,
        request_id: c.request_id.clone(),
    }
}

pub(crate) fn request_from_wit(r: wit::HttpRequest) -> HttpRequest {
    HttpRequest {
        method: method_from_wit(r.method),
        url: r.url,
        headers: r.headers,
        body: r.body,
    }
}

pub(crate) fn operation_from_wit(op: wit::OperationInfo) -> Operation {
    Operation {
        id: op.id,
        api_type: api_type_from_wit(op.api_type),
        title: op.title,
        method: method_from_wit(op.method),
        path: op.path,
        input_schema: op.input_schema,
        paginated: op.paginated,
    }
}

pub(crate) fn field_errors_from_wit(errors: Vec<wit::FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|e| FieldError {
            field: e.field,
            message: e.message,
        })
        .collect()
}

pub(crate) fn api_error_from_wit(e: wit::ApiError) -> ApiError {
    ApiError {
        status: e.status,
        code: e.code,
        error_type: e.error_type,
        message: e.message,
        details: field_errors_from_wit(e.details),
        retryable: e.retryable,
        data: e.data,
    }
}

pub(crate) fn error_from_wit(e: wit::ConnectorError) -> ConnectorError {
    use wit::ConnectorError as W;
    match e {
        W::InvalidSettings(f) => ConnectorError::InvalidSettings(field_errors_from_wit(f)),
        W::InvalidInput(f) => ConnectorError::InvalidInput(field_errors_from_wit(f)),
        W::UnknownOperation(id) => ConnectorError::UnknownOperation(id),
        W::Unauthorized(a) => ConnectorError::Unauthorized(api_error_from_wit(a)),
        W::Forbidden(a) => ConnectorError::Forbidden(api_error_from_wit(a)),
        W::NotFound(a) => ConnectorError::NotFound(api_error_from_wit(a)),
        W::Conflict(a) => ConnectorError::Conflict(api_error_from_wit(a)),
        W::Validation(a) => ConnectorError::Validation(api_error_from_wit(a)),
        W::RateLimited(r) => ConnectorError::RateLimited(RateLimit {
            retry_after_ms: r.retry_after_ms,
            error: api_error_from_wit(r.error),
        }),
        W::Server(a) => ConnectorError::Server(api_error_from_wit(a)),
        W::UnexpectedResponse(u) => ConnectorError::UnexpectedResponse(Unexpected {
            status: u.status,
            reason: u.reason,
            excerpt: u.excerpt,
            retryable: u.retryable,
        }),
    }
}

pub(crate) fn webhook_event_from_wit(e: wit::WebhookEvent) -> webhook::WebhookEvent {
    match e {
        wit::WebhookEvent::Tracking(t) => webhook::WebhookEvent::Tracking(webhook::TrackingEvent {
            event: match t.event {
                wit::TrackingEventKind::TrackingUpdate => {
                    webhook::TrackingEventKind::TrackingUpdate
                }
                wit::TrackingEventKind::EddRevise => webhook::TrackingEventKind::EddRevise,
                wit::TrackingEventKind::TrackingPendingTime => {
                    webhook::TrackingEventKind::TrackingPendingTime
                }
                wit::TrackingEventKind::Other(name) => webhook::TrackingEventKind::Other(name),
            },
            event_id: t.event_id,
            is_tracking_first_tag: t.is_tracking_first_tag,
            ts: t.ts,
            msg: t.msg,
            webhook_version: t.webhook_version,
        }),
        wit::WebhookEvent::Returns(r) => webhook::WebhookEvent::Returns(webhook::ReturnsEvent {
            id: r.id,
            version: r.version,
            event: r.event,
            created_at: r.created_at,
            created_at_unix_ms: r.created_at_unix_ms,
            modified: r.modified,
            data: r.data,
        }),
        wit::WebhookEvent::Shipping(s) => webhook::WebhookEvent::Shipping(webhook::ShippingEvent {
            event_type: s.event_type,
            date_time: s.date_time,
            meta: s.meta,
            meta_code: s.meta_code,
            data: s.data,
        }),
    }
}

pub(crate) fn webhook_error_from_wit(e: wit::WebhookError) -> webhook::WebhookError {
    use webhook::WebhookError as E;
    use wit::WebhookError as W;
    match e {
        W::EmptySecret => E::EmptySecret,
        W::MissingSignature(headers) => E::MissingSignature(headers),
        W::BadSignature => E::BadSignature,
        W::MalformedBody(reason) => E::MalformedBody(reason),
        W::TooOld(age) => E::TooOld {
            event_unix_ms: age.event_unix_ms,
            now_unix_ms: age.now_unix_ms,
            tolerance_ms: age.tolerance_ms,
        },
        W::InvalidInput(reason) => E::InvalidInput(reason),
    }
}

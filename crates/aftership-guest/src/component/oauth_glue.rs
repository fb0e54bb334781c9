//! The `oauth-*` exports: WIT records to and from the core's `oauth` module.

use aftership_core as core;
use aftership_core::oauth;

use super::{field_errors_to, request_to, wit};

pub(super) fn authorization_url(
    app: wit::OauthApp,
    request: wit::AuthorizationRequest,
) -> Result<String, wit::OauthError> {
    oauth::authorization_url(
        &app_from(app),
        &request.scopes,
        &request.state,
        Some(&request.product),
    )
    .map_err(oauth_error_to)
}

pub(super) fn verify_launch(
    app: wit::OauthApp,
    query: String,
    context: wit::RequestContext,
    tolerance_ms: Option<u64>,
    policy: wit::HmacPolicy,
) -> Result<wit::LaunchRequest, wit::OauthError> {
    oauth::verify_launch(
        &app_from(app),
        &query,
        context.now_unix_ms,
        tolerance_ms,
        hmac_policy_from(policy),
    )
    .map(|l| wit::LaunchRequest {
        product: l.product,
        timestamp_unix_ms: l.timestamp_unix_ms,
        hmac: hmac_status_to(l.hmac),
        params: l.params,
    })
    .map_err(oauth_error_to)
}

pub(super) fn verify_redirect(
    app: wit::OauthApp,
    query: String,
    expected_state: String,
    policy: wit::HmacPolicy,
) -> Result<wit::OauthRedirect, wit::OauthError> {
    oauth::verify_redirect(
        &app_from(app),
        &query,
        &expected_state,
        hmac_policy_from(policy),
    )
    .map(|r| wit::OauthRedirect {
        code: r.code.expose().to_string(),
        state: r.state,
        hmac: hmac_status_to(r.hmac),
        params: r.params,
    })
    .map_err(oauth_error_to)
}

pub(super) fn token_request(
    app: wit::OauthApp,
    grant: wit::TokenGrant,
) -> Result<wit::HttpRequest, wit::OauthError> {
    let grant = match grant {
        wit::TokenGrant::AuthorizationCode(code) => {
            oauth::TokenGrant::AuthorizationCode(core::Secret::new(code))
        }
        wit::TokenGrant::RefreshToken(token) => {
            oauth::TokenGrant::RefreshToken(core::Secret::new(token))
        }
    };
    oauth::token_request(&app_from(app), &grant)
        .map(request_to)
        .map_err(oauth_error_to)
}

pub(super) fn parse_token_response(
    response: wit::HttpResponse,
    context: wit::RequestContext,
) -> Result<wit::TokenSet, wit::OauthError> {
    let response = core::HttpResponse {
        status: response.status,
        headers: response.headers,
        body: response.body,
    };
    oauth::parse_token_response(&response, context.now_unix_ms)
        .map(token_set_to)
        .map_err(oauth_error_to)
}

pub(super) fn parse_token_response_with(
    response: wit::HttpResponse,
    context: wit::RequestContext,
    fields: wit::TokenFields,
) -> Result<wit::TokenSet, wit::OauthError> {
    let response = core::HttpResponse {
        status: response.status,
        headers: response.headers,
        body: response.body,
    };
    let fields = oauth::TokenFields {
        access_token: fields.access_token,
        refresh_token: fields.refresh_token,
        expires_in: fields.expires_in,
        token_type: fields.token_type,
        scope: fields.scope,
    };
    oauth::parse_token_response_with(&response, context.now_unix_ms, &fields)
        .map(token_set_to)
        .map_err(oauth_error_to)
}

fn app_from(a: wit::OauthApp) -> oauth::OAuthApp {
    oauth::OAuthApp {
        client_id: a.client_id,
        client_secret: core::Secret::new(a.client_secret),
        redirect_uri: a.redirect_uri,
        authorize_url: a.authorize_url,
        token_url: a.token_url,
    }
}

pub(super) fn provider_error_to(e: oauth::ProviderError) -> wit::ProviderError {
    wit::ProviderError {
        status: e.status,
        error_code: e.error,
        description: e.description,
        retryable: e.retryable,
    }
}

pub(super) fn oauth_error_to(e: oauth::OAuthError) -> wit::OauthError {
    use oauth::OAuthError as E;
    match e {
        E::InvalidApp(f) => wit::OauthError::InvalidApp(field_errors_to(f)),
        E::InvalidInput(f) => wit::OauthError::InvalidInput(field_errors_to(f)),
        E::StateMismatch => wit::OauthError::StateMismatch,
        E::MissingParameter(name) => wit::OauthError::MissingParameter(name),
        E::BadHmac => wit::OauthError::BadHmac,
        E::MissingHmac => wit::OauthError::MissingHmac,
        E::AccessDenied(p) => wit::OauthError::AccessDenied(provider_error_to(p)),
        E::Reauthorize(p) => wit::OauthError::Reauthorize(provider_error_to(p)),
        E::TokenRejected(p) => wit::OauthError::TokenRejected(provider_error_to(p)),
        E::StaleRequest {
            timestamp_unix_ms,
            now_unix_ms,
            tolerance_ms,
        } => wit::OauthError::StaleRequest(wit::LaunchAge {
            timestamp_unix_ms,
            now_unix_ms,
            tolerance_ms,
        }),
        E::UnexpectedResponse(u) => wit::OauthError::UnexpectedResponse(wit::Unexpected {
            status: u.status,
            reason: u.reason,
            excerpt: u.excerpt,
            retryable: u.retryable,
        }),
        other => wit::OauthError::UnexpectedResponse(super::unknown_case(&other)),
    }
}

pub(super) fn token_set_to(t: oauth::TokenSet) -> wit::TokenSet {
    wit::TokenSet {
        access_token: t.access_token.expose().to_string(),
        refresh_token: t.refresh_token.map(|r| r.expose().to_string()),
        token_type: t.token_type,
        scope: t.scope,
        expires_in: t.expires_in,
        expires_at_unix_ms: t.expires_at_unix_ms,
    }
}

pub(super) fn hmac_policy_from(policy: wit::HmacPolicy) -> oauth::HmacPolicy {
    match policy {
        wit::HmacPolicy::Report => oauth::HmacPolicy::Report,
        wit::HmacPolicy::Require => oauth::HmacPolicy::Require,
        wit::HmacPolicy::IfPresent => oauth::HmacPolicy::IfPresent,
        wit::HmacPolicy::Skip => oauth::HmacPolicy::Skip,
    }
}

pub(super) fn hmac_status_to(status: oauth::HmacStatus) -> wit::HmacStatus {
    match status {
        oauth::HmacStatus::Verified => wit::HmacStatus::Verified,
        oauth::HmacStatus::Mismatch => wit::HmacStatus::Mismatch,
        oauth::HmacStatus::Missing => wit::HmacStatus::Missing,
        oauth::HmacStatus::Unchecked => wit::HmacStatus::Unchecked,
    }
}

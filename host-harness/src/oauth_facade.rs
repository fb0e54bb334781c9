//! The OAuth facade: the `oauth-*` exports called through the component, with the core's types
//! on both sides, and [`ComponentOAuth`], which replays `tests/oauth` cases through them.

use aftership_core::oauth;
use aftership_core::{ApiType, HttpRequest, HttpResponse, Unexpected};

use crate::convert::{api_type_to_wit, field_errors_from_wit, request_from_wit};
use crate::{wit, Host, HostError};

impl Host {
    /// `oauth-scopes`: the scopes AfterShip documents for an API type.
    pub fn oauth_scopes(&self, api_type: ApiType) -> Result<Vec<String>, HostError> {
        self.call("oauth-scopes", |c, store| {
            c.aftership_connector_api()
                .call_oauth_scopes(store, api_type_to_wit(api_type))
        })
    }

    /// `oauth-authorization-url`.
    pub fn oauth_authorization_url(
        &self,
        app: &oauth::OAuthApp,
        scopes: &[String],
        state: &str,
        product: Option<&str>,
    ) -> Result<Result<String, oauth::OAuthError>, HostError> {
        let app = oauth_app_to_wit(app);
        let request = wit::AuthorizationRequest {
            scopes: scopes.to_vec(),
            state: state.to_string(),
            product: product.unwrap_or_default().to_string(),
        };
        let result = self.call("oauth-authorization-url", |c, store| {
            c.aftership_connector_api()
                .call_oauth_authorization_url(store, &app, &request)
        })?;
        Ok(result.map_err(oauth_error_from_wit))
    }

    /// `oauth-verify-redirect`.
    pub fn oauth_verify_redirect(
        &self,
        app: &oauth::OAuthApp,
        query: &str,
        expected_state: &str,
        policy: oauth::HmacPolicy,
    ) -> Result<Result<oauth::OAuthRedirect, oauth::OAuthError>, HostError> {
        let app = oauth_app_to_wit(app);
        let policy = hmac_policy_to_wit(policy);
        let result = self.call("oauth-verify-redirect", |c, store| {
            c.aftership_connector_api().call_oauth_verify_redirect(
                store,
                &app,
                query,
                expected_state,
                policy,
            )
        })?;
        Ok(result
            .map(|r| oauth::OAuthRedirect {
                code: aftership_core::Secret::new(r.code),
                state: r.state,
                hmac: hmac_status_from_wit(r.hmac),
                params: r.params,
            })
            .map_err(oauth_error_from_wit))
    }

    /// `oauth-verify-launch`: checks the App URL launch request at the host time `now_unix_ms`.
    pub fn oauth_verify_launch(
        &self,
        app: &oauth::OAuthApp,
        query: &str,
        now_unix_ms: u64,
        tolerance_ms: Option<u64>,
        policy: oauth::HmacPolicy,
    ) -> Result<Result<oauth::LaunchRequest, oauth::OAuthError>, HostError> {
        let app = oauth_app_to_wit(app);
        let context = wit::RequestContext {
            now_unix_ms,
            request_id: None,
        };
        let result = self.call("oauth-verify-launch", |c, store| {
            c.aftership_connector_api().call_oauth_verify_launch(
                store,
                &app,
                query,
                &context,
                tolerance_ms,
                hmac_policy_to_wit(policy),
            )
        })?;
        Ok(result
            .map(|l| oauth::LaunchRequest {
                product: l.product,
                timestamp_unix_ms: l.timestamp_unix_ms,
                hmac: hmac_status_from_wit(l.hmac),
                params: l.params,
            })
            .map_err(oauth_error_from_wit))
    }

    /// `oauth-token-request`.
    pub fn oauth_token_request(
        &self,
        app: &oauth::OAuthApp,
        grant: &oauth::TokenGrant,
    ) -> Result<Result<HttpRequest, oauth::OAuthError>, HostError> {
        let app = oauth_app_to_wit(app);
        let grant = match grant {
            oauth::TokenGrant::AuthorizationCode(code) => {
                wit::TokenGrant::AuthorizationCode(code.expose().to_string())
            }
            oauth::TokenGrant::RefreshToken(token) => {
                wit::TokenGrant::RefreshToken(token.expose().to_string())
            }
        };
        let result = self.call("oauth-token-request", |c, store| {
            c.aftership_connector_api()
                .call_oauth_token_request(store, &app, &grant)
        })?;
        Ok(result.map(request_from_wit).map_err(oauth_error_from_wit))
    }

    /// `oauth-parse-token-response`.
    pub fn oauth_parse_token_response(
        &self,
        response: &HttpResponse,
        now_unix_ms: u64,
    ) -> Result<Result<oauth::TokenSet, oauth::OAuthError>, HostError> {
        let response = wit::HttpResponse {
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.clone(),
        };
        let context = wit::RequestContext {
            now_unix_ms,
            request_id: None,
        };
        let result = self.call("oauth-parse-token-response", |c, store| {
            c.aftership_connector_api()
                .call_oauth_parse_token_response(store, &response, &context)
        })?;
        Ok(result.map(token_set_from_wit).map_err(oauth_error_from_wit))
    }

    /// `oauth-parse-token-response-with`: the same, reading the members `fields` names.
    pub fn oauth_parse_token_response_with(
        &self,
        response: &HttpResponse,
        now_unix_ms: u64,
        fields: &oauth::TokenFields,
    ) -> Result<Result<oauth::TokenSet, oauth::OAuthError>, HostError> {
        let response = wit::HttpResponse {
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.clone(),
        };
        let context = wit::RequestContext {
            now_unix_ms,
            request_id: None,
        };
        let fields = wit::TokenFields {
            access_token: fields.access_token.clone(),
            refresh_token: fields.refresh_token.clone(),
            expires_in: fields.expires_in.clone(),
            token_type: fields.token_type.clone(),
            scope: fields.scope.clone(),
        };
        let result = self.call("oauth-parse-token-response-with", |c, store| {
            c.aftership_connector_api()
                .call_oauth_parse_token_response_with(store, &response, &context, &fields)
        })?;
        Ok(result.map(token_set_from_wit).map_err(oauth_error_from_wit))
    }
}

fn oauth_app_to_wit(app: &oauth::OAuthApp) -> wit::OauthApp {
    wit::OauthApp {
        client_id: app.client_id.clone(),
        client_secret: app.client_secret.expose().to_string(),
        redirect_uri: app.redirect_uri.clone(),
        authorize_url: app.authorize_url.clone(),
        token_url: app.token_url.clone(),
    }
}

fn token_set_from_wit(t: wit::TokenSet) -> oauth::TokenSet {
    oauth::TokenSet {
        access_token: aftership_core::Secret::new(t.access_token),
        refresh_token: t.refresh_token.map(aftership_core::Secret::new),
        token_type: t.token_type,
        scope: t.scope,
        expires_in: t.expires_in,
        expires_at_unix_ms: t.expires_at_unix_ms,
    }
}

fn hmac_policy_to_wit(policy: oauth::HmacPolicy) -> wit::HmacPolicy {
    match policy {
        oauth::HmacPolicy::Report => wit::HmacPolicy::Report,
        oauth::HmacPolicy::Require => wit::HmacPolicy::Require,
        oauth::HmacPolicy::IfPresent => wit::HmacPolicy::IfPresent,
        oauth::HmacPolicy::Skip => wit::HmacPolicy::Skip,
    }
}

fn hmac_status_from_wit(status: wit::HmacStatus) -> oauth::HmacStatus {
    match status {
        wit::HmacStatus::Verified => oauth::HmacStatus::Verified,
        wit::HmacStatus::Mismatch => oauth::HmacStatus::Mismatch,
        wit::HmacStatus::Missing => oauth::HmacStatus::Missing,
        wit::HmacStatus::Unchecked => oauth::HmacStatus::Unchecked,
    }
}

fn provider_error_from_wit(e: wit::ProviderError) -> oauth::ProviderError {
    oauth::ProviderError {
        status: e.status,
        error: e.error_code,
        description: e.description,
        retryable: e.retryable,
    }
}

fn oauth_error_from_wit(e: wit::OauthError) -> oauth::OAuthError {
    use oauth::OAuthError as E;
    use wit::OauthError as W;
    match e {
        W::InvalidApp(f) => E::InvalidApp(field_errors_from_wit(f)),
        W::InvalidInput(f) => E::InvalidInput(field_errors_from_wit(f)),
        W::StateMismatch => E::StateMismatch,
        W::MissingParameter(name) => E::MissingParameter(name),
        W::BadHmac => E::BadHmac,
        W::MissingHmac => E::MissingHmac,
        W::AccessDenied(p) => E::AccessDenied(provider_error_from_wit(p)),
        W::Reauthorize(p) => E::Reauthorize(provider_error_from_wit(p)),
        W::TokenRejected(p) => E::TokenRejected(provider_error_from_wit(p)),
        W::StaleRequest(age) => E::StaleRequest {
            timestamp_unix_ms: age.timestamp_unix_ms,
            now_unix_ms: age.now_unix_ms,
            tolerance_ms: age.tolerance_ms,
        },
        W::UnexpectedResponse(u) => E::UnexpectedResponse(Unexpected {
            status: u.status,
            reason: u.reason,
            excerpt: u.excerpt,
            retryable: u.retryable,
        }),
    }
}

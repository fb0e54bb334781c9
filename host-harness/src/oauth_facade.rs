//! The OAuth facade: the `oauth-*` exports called through the component, with the core's types
//! on both sides (the test adapter in `tests/common/component_oauth.rs` replays `tests/oauth` cases through them).

use aftership_core::oauth;
use aftership_core::{ApiType, HttpRequest, HttpResponse};

use crate::convert::{lend, to_wit, Convert};
use crate::{wit, Host, HostError};

/// The context of an OAuth call: the host's clock only.
fn clock(now_unix_ms: u64) -> wit::RequestContext {
    wit::RequestContext {
        now_unix_ms,
        request_id: None,
    }
}

impl Host {
    /// `oauth-scopes`: the scopes AfterShip documents for an API type.
    pub fn oauth_scopes(&self, api_type: ApiType) -> Result<Vec<String>, HostError> {
        self.call("oauth-scopes", |c, store| {
            c.aftership_connector_api()
                .call_oauth_scopes(store, api_type.convert())
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
        let app: wit::OauthApp = to_wit(app);
        let request = wit::AuthorizationRequest {
            scopes: scopes.to_vec(),
            state: state.to_string(),
            product: product.unwrap_or_default().to_string(),
        };
        let result = self.call("oauth-authorization-url", |c, store| {
            c.aftership_connector_api()
                .call_oauth_authorization_url(store, &app, &request)
        })?;
        Ok(result.map_err(Convert::convert))
    }

    /// `oauth-verify-redirect`.
    pub fn oauth_verify_redirect(
        &self,
        app: &oauth::OAuthApp,
        query: &str,
        expected_state: &str,
        policy: oauth::HmacPolicy,
    ) -> Result<Result<oauth::OAuthRedirect, oauth::OAuthError>, HostError> {
        let app: wit::OauthApp = to_wit(app);
        self.export("oauth-verify-redirect", |c, store| {
            c.aftership_connector_api().call_oauth_verify_redirect(
                store,
                &app,
                query,
                expected_state,
                policy.convert(),
            )
        })
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
        let app: wit::OauthApp = to_wit(app);
        let context = clock(now_unix_ms);
        self.export("oauth-verify-launch", |c, store| {
            c.aftership_connector_api().call_oauth_verify_launch(
                store,
                &app,
                query,
                &context,
                tolerance_ms,
                policy.convert(),
            )
        })
    }

    /// `oauth-token-request`.
    pub fn oauth_token_request(
        &self,
        app: &oauth::OAuthApp,
        grant: &oauth::TokenGrant,
    ) -> Result<Result<HttpRequest, oauth::OAuthError>, HostError> {
        let app: wit::OauthApp = to_wit(app);
        let grant: wit::TokenGrant = to_wit(grant);
        self.export("oauth-token-request", |c, store| {
            c.aftership_connector_api()
                .call_oauth_token_request(store, &app, &grant)
        })
    }

    /// `oauth-parse-token-response`.
    pub fn oauth_parse_token_response(
        &self,
        response: &HttpResponse,
        now_unix_ms: u64,
    ) -> Result<Result<oauth::TokenSet, oauth::OAuthError>, HostError> {
        let response = lend(response);
        let context = clock(now_unix_ms);
        self.export("oauth-parse-token-response", |c, store| {
            c.aftership_connector_api()
                .call_oauth_parse_token_response(store, &response, &context)
        })
    }

    /// `oauth-parse-token-response-with`: the same, reading the members `fields` names.
    pub fn oauth_parse_token_response_with(
        &self,
        response: &HttpResponse,
        now_unix_ms: u64,
        fields: &oauth::TokenFields,
    ) -> Result<Result<oauth::TokenSet, oauth::OAuthError>, HostError> {
        let response = lend(response);
        let context = clock(now_unix_ms);
        let fields: wit::TokenFields = to_wit(fields);
        self.export("oauth-parse-token-response-with", |c, store| {
            c.aftership_connector_api()
                .call_oauth_parse_token_response_with(store, &response, &context, &fields)
        })
    }
}

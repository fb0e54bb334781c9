//! The testkit's [`OAuthBackend`] over the harness's [`Host`]: OAuth cases replayed through the
//! real component (test-only, so it lives with the suites, not in the harness).

use aftership_core::oauth;
use aftership_core::HttpResponse;
use aftership_harness::{host_unexpected, Host, HostError};
use aftership_testkit::oauth_cases::OAuthBackend;

/// An [`OAuthBackend`] that runs OAuth cases through `host`.
pub fn oauth_backend(host: &Host) -> ComponentOAuth<'_> {
    ComponentOAuth { host }
}

/// Runs OAuth cases through the component; a [`HostError`] becomes `unexpected_response` with
/// status 0 (no case expects that, so it fails visibly).
pub struct ComponentOAuth<'a> {
    host: &'a Host,
}

fn oauth_host_failure(error: HostError) -> oauth::OAuthError {
    oauth::OAuthError::UnexpectedResponse(host_unexpected(error))
}

impl OAuthBackend for ComponentOAuth<'_> {
    fn authorization_url(
        &mut self,
        app: &oauth::OAuthApp,
        scopes: &[String],
        state: &str,
        product: Option<&str>,
    ) -> Result<String, oauth::OAuthError> {
        self.host
            .oauth_authorization_url(app, scopes, state, product)
            .unwrap_or_else(|e| Err(oauth_host_failure(e)))
    }

    fn verify_redirect(
        &mut self,
        app: &oauth::OAuthApp,
        query: &str,
        expected_state: &str,
        policy: oauth::HmacPolicy,
    ) -> Result<oauth::OAuthRedirect, oauth::OAuthError> {
        self.host
            .oauth_verify_redirect(app, query, expected_state, policy)
            .unwrap_or_else(|e| Err(oauth_host_failure(e)))
    }

    fn token_request(
        &mut self,
        app: &oauth::OAuthApp,
        grant: &oauth::TokenGrant,
    ) -> Result<aftership_core::HttpRequest, oauth::OAuthError> {
        self.host
            .oauth_token_request(app, grant)
            .unwrap_or_else(|e| Err(oauth_host_failure(e)))
    }

    fn verify_launch(
        &mut self,
        app: &oauth::OAuthApp,
        query: &str,
        now_unix_ms: u64,
        tolerance_ms: Option<u64>,
        policy: oauth::HmacPolicy,
    ) -> Result<oauth::LaunchRequest, oauth::OAuthError> {
        self.host
            .oauth_verify_launch(app, query, now_unix_ms, tolerance_ms, policy)
            .unwrap_or_else(|e| Err(oauth_host_failure(e)))
    }

    fn parse_token_response(
        &mut self,
        response: &HttpResponse,
        now_unix_ms: u64,
        fields: &oauth::TokenFields,
    ) -> Result<oauth::TokenSet, oauth::OAuthError> {
        let result = if *fields == oauth::TokenFields::default() {
            self.host.oauth_parse_token_response(response, now_unix_ms)
        } else {
            self.host
                .oauth_parse_token_response_with(response, now_unix_ms, fields)
        };
        result.unwrap_or_else(|e| Err(oauth_host_failure(e)))
    }
}

//! Test adapters: the testkit's [`Backend`] and [`OAuthBackend`] implemented over a [`Host`], so
//! the same case runners replay recorded cases natively and through the real component (the
//! case harness, `replay`, `call --record`). They live apart from the host proper so that the
//! host's own modules carry no test machinery.

use aftership_core::oauth;
use aftership_core::{
    ConnectionCheck, ConnectorError, HttpRequest, HttpResponse, Outcome, Unexpected,
};
use aftership_testkit::fixture::{Backend, Call};
use aftership_testkit::oauth_cases::OAuthBackend;

use crate::{Host, HostError};

impl Host {
    /// A [`Backend`] that runs fixtures through this host.
    pub fn backend(&self) -> ComponentBackend<'_> {
        ComponentBackend { host: self }
    }

    /// An [`OAuthBackend`] that runs OAuth cases through this host.
    pub fn oauth_backend(&self) -> ComponentOAuth<'_> {
        ComponentOAuth { host: self }
    }
}

/// Runs fixtures through the component. A [`HostError`] (trap, deadline, out of memory) has no
/// [`ConnectorError`] case, so it is reported as `unexpected_response` with status 0 and the
/// host's message as the reason; a fixture never expects that, so the case fails visibly.
pub struct ComponentBackend<'a> {
    host: &'a Host,
}

/// A host failure as the `unexpected` record both error types carry (status 0, the message).
fn host_unexpected(error: HostError) -> Unexpected {
    Unexpected {
        status: 0,
        reason: format!("host: {error}"),
        excerpt: String::new(),
        retryable: false,
    }
}

fn host_failure(error: HostError) -> ConnectorError {
    ConnectorError::UnexpectedResponse(host_unexpected(error))
}

impl Backend for ComponentBackend<'_> {
    fn build_request(&mut self, c: Call<'_>) -> Result<HttpRequest, ConnectorError> {
        let host = self.host;
        let built = host.build_request(c.settings, c.operation_id, c.input, c.context);
        built.unwrap_or_else(|e| Err(host_failure(e)))
    }

    fn parse_response(&mut self, c: Call<'_>, r: &HttpResponse) -> Result<Outcome, ConnectorError> {
        let host = self.host;
        let parsed = host.parse_response(c.settings, c.operation_id, c.input, r, c.context);
        parsed.unwrap_or_else(|e| Err(host_failure(e)))
    }

    fn connection_test(&mut self, c: Call<'_>) -> Result<ConnectionCheck, ConnectorError> {
        let checked = self.host.connection_test(c.settings, c.context);
        checked.unwrap_or_else(|e| Err(host_failure(e)))
    }
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
    ) -> Result<HttpRequest, oauth::OAuthError> {
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

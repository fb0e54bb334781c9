//! The fixture runner's [`Backend`] implemented over a [`Host`], so the same case runner replays
//! recorded fixtures natively and through the real component (`replay`, `call --record`, the
//! case suite). It lives apart from the host proper so that the host's own modules carry no
//! fixture machinery. (The OAuth case adapter is test-only: `tests/common/component_oauth.rs`.)

use aftership_core::{
    ConnectionCheck, ConnectorError, HttpRequest, HttpResponse, Outcome, Unexpected,
};
use aftership_fixtures::fixture::{Backend, Call};

use crate::{Host, HostError};

impl Host {
    /// A [`Backend`] that runs fixtures through this host.
    pub fn backend(&self) -> ComponentBackend<'_> {
        ComponentBackend { host: self }
    }
}

/// Runs fixtures through the component. A [`HostError`] (trap, deadline, out of memory) has no
/// [`ConnectorError`] case, so it is reported as `unexpected_response` with status 0 and the
/// host's message as the reason; a fixture never expects that, so the case fails visibly.
pub struct ComponentBackend<'a> {
    host: &'a Host,
}

/// A host failure as an `unexpected` record (status 0, the message); the OAuth test adapter
/// reports host failures the same way.
pub fn host_unexpected(error: HostError) -> Unexpected {
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

//! Sends the requests the component builds. Blocking `ureq` 3 agent with rustls: connect and total
//! timeouts, gzip, the proxy from the environment (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, …), no
//! redirect followed (AfterShip answers directly; a redirect would be returned as is and parsed
//! as an unexpected response), every status returned as a response rather than an error.

use std::io::{self, Read};
use std::time::Duration;

use aftership_core::{HttpRequest, HttpResponse, Method};
use ureq::http;

use super::resolve::CachingResolver;

/// Largest response body read (AfterShip listings stay far below this).
pub const MAX_BODY: u64 = 32 << 20;

/// Timeouts of the HTTP client.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct HttpConfig {
    /// TCP connect plus TLS handshake.
    pub connect_timeout: Duration,
    /// The whole exchange, until the last body byte.
    pub total_timeout: Duration,
}

impl Default for HttpConfig {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(60),
        }
    }
}

/// A transport failure: no HTTP answer came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TransportError {
    /// What happened (never contains request headers).
    pub message: String,
    /// False when the request provably never left this machine (DNS, connect, TLS handshake):
    /// only then may a create or change be sent again without the user's consent.
    pub maybe_sent: bool,
}

impl std::fmt::Display for TransportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if !self.maybe_sent {
            f.write_str(" (the request was not sent)")?;
        }
        Ok(())
    }
}

/// The HTTP client shared by every call of a run (it keeps connections alive).
#[derive(Clone, Debug)]
pub struct HttpClient {
    agent: ureq::Agent,
}

impl HttpClient {
    /// A client with these timeouts.
    pub fn new(config: HttpConfig) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(config.connect_timeout))
            .timeout_global(Some(config.total_timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .proxy(ureq::Proxy::try_from_env())
            .user_agent(concat!("aftership-harness/", env!("CARGO_PKG_VERSION")))
            .build();
        // ureq's own connector; the resolver keeps answers (see `resolve.rs`).
        let connector = ureq::unversioned::transport::DefaultConnector::default();
        Self {
            agent: ureq::Agent::with_parts(config, connector, CachingResolver::default()),
        }
    }

    /// Sends `request` and returns whatever status came back.
    pub fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut builder = http::Request::builder()
            .method(method(request.method))
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let result = match &request.body {
            Some(body) => builder
                .body(body.as_bytes())
                .map_err(not_sent)
                .and_then(|r| self.agent.run(r).map_err(transport)),
            None => builder
                .body(())
                .map_err(not_sent)
                .and_then(|r| self.agent.run(r).map_err(transport)),
        };
        let response = result?;
        let status = response.status().as_u16();
        let headers: Vec<(String, String)> = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_string(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        response
            .into_body()
            .into_reader()
            .take(MAX_BODY)
            .read_to_end(&mut body)
            .map_err(|e| TransportError {
                message: format!("reading the response body: {e}"),
                maybe_sent: true,
            })?;
        Ok(HttpResponse {
            status,
            headers,
            body,
        })
    }
}

fn method(method: Method) -> http::Method {
    match method {
        Method::Get => http::Method::GET,
        Method::Post => http::Method::POST,
        Method::Put => http::Method::PUT,
        Method::Patch => http::Method::PATCH,
        Method::Delete => http::Method::DELETE,
    }
}

fn not_sent(error: http::Error) -> TransportError {
    TransportError {
        message: format!("invalid request: {error}"),
        maybe_sent: false,
    }
}

/// Classifies a ureq error: only failures before the request went out are `maybe_sent: false`.
fn transport(error: ureq::Error) -> TransportError {
    use ureq::Timeout;
    let maybe_sent = match &error {
        ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BadUri(_)
        | ureq::Error::Http(_)
        | ureq::Error::InvalidProxyUrl
        | ureq::Error::Tls(_)
        | ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => false,
        ureq::Error::Io(e) => !matches!(
            e.kind(),
            io::ErrorKind::ConnectionRefused
                | io::ErrorKind::AddrNotAvailable
                | io::ErrorKind::NetworkUnreachable
                | io::ErrorKind::HostUnreachable
        ),
        _ => true,
    };
    TransportError {
        message: format!("HTTP transport error: {error}"),
        maybe_sent,
    }
}

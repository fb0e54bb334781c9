//! The reference runner: drives the component against the real AfterShip API.
//!
//! The component is pure: it builds a request and parses the answer. Everything else a platform
//! must get right lives here and is what this module shows: sending over HTTP ([`http`]), pacing
//! per API key and rate-limit family ([`pacing`]), retrying by the rules of [`retry`], following
//! `next-page` to the end ([`export`]), running one call per input line in order ([`bulk`], with
//! its crash journal in [`journal`]), polling a trigger exactly once per record ([`watch`]),
//! recording fixtures ([`record`]) and printing with every credential masked ([`output`]).

pub mod bulk;
pub mod catalog;
pub mod export;
pub mod http;
pub mod input;
pub mod journal;
pub mod output;
pub mod pacing;
pub mod record;
pub mod resolve;
pub mod retry;
pub mod state;
pub mod watch;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aftership_core::CONNECTION_TEST;
use aftership_core::{ConnectorError, HttpRequest, HttpResponse, Outcome, RequestContext};
use aftership_core::{Secret, Settings};
use serde_json::{json, Value};

use crate::Host;
use catalog::Catalog;
use http::{HttpClient, HttpConfig, TransportError};
use pacing::{BucketKey, Pacer};
use retry::{Failure, Jitter, Retry, RetryPolicy};

/// How a run behaves.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RunnerConfig {
    /// HTTP timeouts.
    pub http: HttpConfig,
    /// Retry limits.
    pub retry: RetryPolicy,
    /// Pace requests by the manifest's rate limits (off only for tests and benchmarks).
    pub pacing: bool,
    /// Requests per second to use instead of the manifest's limit.
    pub rate_limit: Option<f64>,
}

impl Default for RunnerConfig {
    fn default() -> Self {
        Self {
            http: HttpConfig::default(),
            retry: RetryPolicy::default(),
            pacing: true,
            rate_limit: None,
        }
    }
}

/// Why a call produced no outcome.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    /// The component refused to build the request or parsed an error answer.
    Connector(ConnectorError),
    /// No HTTP answer.
    Transport(TransportError),
    /// The component trapped or could not be run.
    Host(String),
    /// Stopped (Ctrl-C) before the request was sent.
    Interrupted,
}

impl CallError {
    /// Snake-case kind, as in bulk result lines and summaries.
    pub fn kind(&self) -> &'static str {
        match self {
            CallError::Connector(e) => e.kind(),
            CallError::Transport(_) => "transport",
            CallError::Host(_) => "host",
            CallError::Interrupted => "interrupted",
        }
    }

    /// The error as a JSON object (`kind` plus the typed fields).
    pub fn to_json(&self) -> Value {
        match self {
            CallError::Connector(e) => aftership_core::connector_error_json(e),
            CallError::Transport(t) => {
                json!({"kind": "transport", "message": t.message, "maybe_sent": t.maybe_sent})
            }
            CallError::Host(message) => json!({"kind": "host", "message": message}),
            CallError::Interrupted => json!({"kind": "interrupted", "message": "not sent"}),
        }
    }
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Connector(e) => e.fmt(f),
            CallError::Transport(t) => t.fmt(f),
            CallError::Host(m) => write!(f, "component failure: {m}"),
            CallError::Interrupted => f.write_str("interrupted before sending"),
        }
    }
}

/// One call with its retries.
#[derive(Clone, Debug)]
pub struct Exchange {
    /// The parsed outcome or the last error.
    pub result: Result<Outcome, CallError>,
    /// Requests sent (0 when the request could not be built).
    pub attempts: u32,
    /// The last request built.
    pub request: Option<HttpRequest>,
    /// The last answer received.
    pub response: Option<HttpResponse>,
    /// Context of the last attempt (for recording).
    pub context: RequestContext,
}

impl Exchange {
    /// Requests sent again after a failure.
    pub fn retries(&self) -> u32 {
        self.attempts.saturating_sub(1)
    }
}

/// Milliseconds since the Unix epoch.
pub fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

/// Requests per second used when the manifest gives none (Protection: AfterShip documents no
/// limit; its sibling APIs allow 10 per second).
pub const DEFAULT_RATE_LIMIT: f64 = 10.0;

/// A connection (settings) plus everything needed to call AfterShip with it. Shared by the
/// worker threads of a run.
#[derive(Debug)]
pub struct Runner {
    host: Host,
    settings: Settings,
    client: HttpClient,
    pacer: Pacer,
    config: RunnerConfig,
    catalog: Catalog,
    stop: Arc<AtomicBool>,
    credential: String,
}

impl Runner {
    /// A runner for `settings`; `stop` is raised by Ctrl-C.
    pub fn new(
        host: Host,
        settings: Settings,
        config: RunnerConfig,
        stop: Arc<AtomicBool>,
    ) -> Result<Self, String> {
        let manifest = host.manifest().map_err(|e| e.to_string())?;
        let catalog = Catalog::from_manifest(&manifest)?;
        let credential = [Some(&settings.api_key), settings.access_token.as_ref()]
            .into_iter()
            .flatten()
            .map(Secret::expose)
            .collect::<Vec<_>>()
            .join("\n");
        Ok(Self {
            client: HttpClient::new(config.http),
            pacer: Pacer::new(config.pacing),
            host,
            settings,
            config,
            catalog,
            stop,
            credential,
        })
    }

    /// The connection settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The component host.
    pub fn host(&self) -> &Host {
        &self.host
    }

    /// Whether creates and changes may be sent again after an ambiguous failure.
    pub fn retry_unsafe(&self) -> bool {
        self.config.retry.retry_unsafe
    }

    /// The catalog read from the component's manifest.
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }

    /// Stops the run: no new record or page starts, no retry begins.
    pub fn stop_now(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }

    /// The flag Ctrl-C raises.
    pub fn stop_flag(&self) -> &AtomicBool {
        &self.stop
    }

    /// Whether Ctrl-C was pressed.
    pub fn stopped(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }

    /// Builds the request of `operation` (or of the connection test) and says how to parse it.
    fn build(
        &self,
        operation: &str,
        input: &str,
        context: &RequestContext,
    ) -> Result<(HttpRequest, String, String), CallError> {
        if operation == CONNECTION_TEST {
            let check = self
                .host
                .connection_test(&self.settings, context)
                .map_err(|e| CallError::Host(e.to_string()))?
                .map_err(CallError::Connector)?;
            return Ok((check.request, check.operation_id, check.input));
        }
        let request = self
            .host
            .build_request(&self.settings, operation, input, context)
            .map_err(|e| CallError::Host(e.to_string()))?
            .map_err(CallError::Connector)?;
        Ok((request, operation.to_string(), input.to_string()))
    }

    /// Builds, paces, sends and parses one call, retrying by the rules of [`retry`]. The first
    /// attempt always goes out once started; retries stop when Ctrl-C was pressed (the last error
    /// is the result), so a call that may have reached AfterShip always reports what it got.
    pub fn call(
        &self,
        operation: &str,
        input: &str,
        request_id: Option<&str>,
        rng: &mut Jitter,
    ) -> Exchange {
        let start = Instant::now();
        let policy = self.config.retry;
        let mut exchange = Exchange {
            result: Err(CallError::Interrupted),
            attempts: 0,
            request: None,
            response: None,
            context: RequestContext::default(),
        };
        loop {
            exchange.context = RequestContext {
                now_unix_ms: now_unix_ms(),
                request_id: request_id.map(str::to_string),
            };
            let (request, parse_operation, parse_input) =
                match self.build(operation, input, &exchange.context) {
                    Ok(built) => built,
                    Err(error) => {
                        exchange.result = Err(error);
                        return exchange;
                    }
                };
            let (bucket, per_second) = self.catalog.bucket(&parse_operation);
            let per_second = self
                .config
                .rate_limit
                .or(per_second)
                .unwrap_or(DEFAULT_RATE_LIMIT);
            let key = BucketKey::new(&self.credential, &bucket);
            if !self
                .pacer
                .acquire(&key, per_second, &self.stop, exchange.attempts > 0)
            {
                return exchange;
            }
            let method = request.method;
            exchange.attempts += 1;
            let sent = self.client.send(&request);
            exchange.request = Some(request);
            let decision = match sent {
                Ok(response) => {
                    let context = RequestContext {
                        now_unix_ms: now_unix_ms(),
                        ..exchange.context.clone()
                    };
                    self.pacer.observe(&key, &response, context.now_unix_ms);
                    let parsed = self
                        .host
                        .parse_response(
                            &self.settings,
                            &parse_operation,
                            &parse_input,
                            &response,
                            &context,
                        )
                        .map_err(|e| CallError::Host(e.to_string()))
                        .and_then(|r| r.map_err(CallError::Connector));
                    exchange.response = Some(response);
                    match parsed {
                        Ok(outcome) => {
                            exchange.result = Ok(outcome);
                            return exchange;
                        }
                        Err(CallError::Connector(error)) => {
                            if let ConnectorError::RateLimited(limit) = &error {
                                let wait =
                                    Duration::from_millis(limit.retry_after_ms.unwrap_or(1000));
                                self.pacer.pause(&key, Instant::now() + wait);
                            }
                            let decision = policy.decide(method, Failure::Connector(&error));
                            exchange.result = Err(CallError::Connector(error));
                            decision
                        }
                        Err(other) => {
                            exchange.result = Err(other);
                            return exchange;
                        }
                    }
                }
                Err(transport) => {
                    let decision = policy.decide(method, Failure::Transport(&transport));
                    exchange.result = Err(CallError::Transport(transport));
                    decision
                }
            };
            let Some(retry) = decision else {
                return exchange;
            };
            if exchange.attempts >= policy.max_attempts || self.stopped() {
                return exchange;
            }
            let wait = match retry {
                Retry::After(wait) => wait,
                Retry::Backoff => policy.backoff(exchange.attempts, rng),
            };
            if start.elapsed() + wait > policy.max_elapsed {
                return exchange;
            }
            if !pacing::sleep_until(Instant::now() + wait, &self.stop, true) {
                return exchange;
            }
        }
    }
}

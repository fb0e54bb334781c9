//! The WASI glue (wasm32 only): the `incoming-handler` export, and [`Env`] / [`Sink`] over
//! `wasi:config`, `wasi:clocks`, `wasi:random`, `wasi:io` and `wasi:http`. No logic lives here
//! beyond moving bytes and mapping the engine's error codes.
#![allow(missing_docs)]
// wit-bindgen's generated C-ABI exports (`export_name`, `unsafe extern fn`) are unsafe code.
#![allow(unsafe_code)]

wit_bindgen::generate!({ world: "service", path: "wit", generate_all });

use std::cell::RefCell;

use aftership_core::{HttpRequest, HttpResponse};
use exports::wasi::http::incoming_handler::Guest;
use wasi::clocks::{monotonic_clock, wall_clock};
use wasi::http::outgoing_handler;
use wasi::http::types::{
    ErrorCode, Fields, IncomingBody, IncomingRequest, Method, OutgoingBody, OutgoingRequest,
    OutgoingResponse, RequestOptions, ResponseOutparam, Scheme,
};
use wasi::io::poll;
use wasi::io::streams::{InputStream, OutputStream, StreamError};

use crate::config::{Config, StoreError};
use crate::service::{self, Env, Incoming, SendError, Sink};

/// Largest AfterShip answer read (far above any documented page; a label PDF in base64 included).
const MAX_RESPONSE_BYTES: usize = 64 << 20;
/// Bytes read or written per stream call.
const CHUNK: u64 = 64 << 10;
/// The largest piece `blocking-write-and-flush` accepts.
const WRITE_CHUNK: usize = 4096;

thread_local! {
    /// This instance's settings, read at its first request.
    static CONFIG: RefCell<Option<Config>> = const { RefCell::new(None) };
}

struct Service;

export!(Service);

impl Guest for Service {
    fn handle(request: IncomingRequest, response_out: ResponseOutparam) {
        let mut sink = WasiSink::new(response_out);
        let method = method_name(&request.method());
        let path_with_query = request.path_with_query().unwrap_or_else(|| "/".to_string());
        let headers = request
            .headers()
            .entries()
            .into_iter()
            .map(|(name, value)| (name, String::from_utf8_lossy(&value).into_owned()))
            .collect();
        let body = match read_request_body(request) {
            Ok(body) => body,
            Err(status) => {
                sink.start(status, "application/json");
                let kind = if status == 413 {
                    "too_large"
                } else {
                    "bad_request"
                };
                let body = serde_json::json!({"error": {"kind": kind, "message": "the request body could not be read whole"}});
                sink.write(body.to_string().as_bytes());
                return sink.finish();
            }
        };
        let incoming = Incoming {
            method,
            path_with_query,
            headers,
            body,
        };
        CONFIG.with(|config| {
            let mut config = config.borrow_mut();
            service::handle(&incoming, &mut config, &mut WasiEnv, &mut sink);
        });
        sink.finish();
    }
}

fn method_name(method: &Method) -> String {
    match method {
        Method::Get => "GET".into(),
        Method::Head => "HEAD".into(),
        Method::Post => "POST".into(),
        Method::Put => "PUT".into(),
        Method::Delete => "DELETE".into(),
        Method::Connect => "CONNECT".into(),
        Method::Options => "OPTIONS".into(),
        Method::Trace => "TRACE".into(),
        Method::Patch => "PATCH".into(),
        Method::Other(other) => other.to_ascii_uppercase(),
    }
}

/// The whole request body, at most [`service::MAX_BODY_BYTES`] (413 beyond, 400 when unreadable).
fn read_request_body(request: IncomingRequest) -> Result<Vec<u8>, u16> {
    let body = request.consume().map_err(|()| 400u16)?;
    let stream = body.stream().map_err(|()| 400u16)?;
    let mut bytes = Vec::new();
    let result = loop {
        match stream.blocking_read(CHUNK) {
            Ok(chunk) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > service::MAX_BODY_BYTES {
                    break Err(413);
                }
            }
            Err(StreamError::Closed) => break Ok(bytes),
            Err(StreamError::LastOperationFailed(_)) => break Err(400),
        }
    };
    drop(stream);
    drop(IncomingBody::finish(body));
    result
}

/// The answer: status and headers at `start`, then the body through the output stream.
struct WasiSink {
    outparam: Option<ResponseOutparam>,
    body: Option<(OutgoingBody, OutputStream)>,
}

impl WasiSink {
    fn new(outparam: ResponseOutparam) -> Self {
        Self {
            outparam: Some(outparam),
            body: None,
        }
    }

    /// Ends the body (or answers 500 when nothing was started).
    fn finish(mut self) {
        if self.outparam.is_some() {
            self.start(500, "application/json");
        }
        if let Some((body, stream)) = self.body.take() {
            drop(stream);
            // The client may have gone away; nothing is left to tell it.
            let _ = OutgoingBody::finish(body, None);
        }
    }
}

impl Sink for WasiSink {
    fn start(&mut self, status: u16, content_type: &str) {
        let Some(outparam) = self.outparam.take() else {
            return;
        };
        let headers = Fields::new();
        let _ = headers.append("content-type", content_type.as_bytes());
        let _ = headers.append("cache-control", b"no-store");
        if status == 401 {
            let _ = headers.append("www-authenticate", b"Bearer");
        }
        let response = OutgoingResponse::new(headers);
        let _ = response.set_status_code(status);
        let body = response.body();
        ResponseOutparam::set(outparam, Ok(response));
        if let Ok(body) = body {
            if let Ok(stream) = body.write() {
                self.body = Some((body, stream));
            }
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        let Some((_, stream)) = &self.body else {
            return;
        };
        for piece in bytes.chunks(WRITE_CHUNK) {
            if stream.blocking_write_and_flush(piece).is_err() {
                return;
            }
        }
    }
}

/// [`Env`] over the WASI imports.
struct WasiEnv;

impl Env for WasiEnv {
    fn config(&mut self, key: &str) -> Result<Option<String>, StoreError> {
        wasi::config::store::get(key).map_err(|_| StoreError)
    }

    fn now_unix_ms(&mut self) -> u64 {
        let now = wall_clock::now();
        now.seconds
            .saturating_mul(1000)
            .saturating_add(u64::from(now.nanoseconds / 1_000_000))
    }

    fn monotonic_ms(&mut self) -> u64 {
        monotonic_clock::now() / 1_000_000
    }

    fn sleep_ms(&mut self, ms: u64) {
        monotonic_clock::subscribe_duration(ms.saturating_mul(1_000_000)).block();
    }

    fn random_u64(&mut self) -> u64 {
        wasi::random::random::get_random_u64()
    }

    fn send(&mut self, request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, SendError> {
        send(request, timeout_ms)
    }
}

fn not_sent(message: impl Into<String>) -> SendError {
    SendError::Transport {
        message: message.into(),
        maybe_sent: false,
    }
}

/// Scheme, authority and path-with-query of an absolute `http(s)` URL the core built.
fn split_url(url: &str) -> Option<(Scheme, &str, &str)> {
    let (scheme, rest) = if let Some(rest) = url.strip_prefix("https://") {
        (Scheme::Https, rest)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (Scheme::Http, rest)
    } else {
        return None;
    };
    let cut = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(cut);
    Some((scheme, authority, if path.is_empty() { "/" } else { path }))
}

/// Sends one request and reads the whole answer before the deadline.
fn send(request: &HttpRequest, timeout_ms: u64) -> Result<HttpResponse, SendError> {
    let deadline = monotonic_clock::now().saturating_add(timeout_ms.saturating_mul(1_000_000));
    let (scheme, authority, path) =
        split_url(&request.url).ok_or_else(|| not_sent("the request URL is not http(s)"))?;
    let headers = Fields::new();
    for (name, value) in &request.headers {
        // The name only: a header's value may be a credential.
        headers
            .append(name, value.as_bytes())
            .map_err(|_| not_sent(format!("the engine refused the `{name}` header")))?;
    }
    let outgoing = OutgoingRequest::new(headers);
    let method = match request.method.as_str() {
        "GET" => Method::Get,
        "POST" => Method::Post,
        "PUT" => Method::Put,
        "PATCH" => Method::Patch,
        "DELETE" => Method::Delete,
        other => Method::Other(other.to_string()),
    };
    let refused = |what: &str| not_sent(format!("the engine refused the request {what}"));
    outgoing
        .set_method(&method)
        .map_err(|()| refused("method"))?;
    outgoing
        .set_scheme(Some(&scheme))
        .map_err(|()| refused("scheme"))?;
    outgoing
        .set_authority(Some(authority))
        .map_err(|()| refused("host"))?;
    outgoing
        .set_path_with_query(Some(path))
        .map_err(|()| refused("path"))?;
    let body = outgoing.body().map_err(|()| refused("body"))?;
    // Engines that do not support a timeout refuse to set it; the deadline below still holds.
    let options = RequestOptions::new();
    let ns = Some(timeout_ms.saturating_mul(1_000_000));
    let _ = options.set_connect_timeout(ns);
    let _ = options.set_first_byte_timeout(ns);
    let _ = options.set_between_bytes_timeout(ns);
    let future =
        outgoing_handler::handle(outgoing, Some(options)).map_err(|code| transport(&code))?;
    if let Some(text) = &request.body {
        let stream = body.write().map_err(|()| refused("body"))?;
        for piece in text.as_bytes().chunks(WRITE_CHUNK) {
            stream
                .blocking_write_and_flush(piece)
                .map_err(|_| SendError::Transport {
                    message: "the request body could not be sent".into(),
                    maybe_sent: true,
                })?;
        }
        drop(stream);
    }
    OutgoingBody::finish(body, None).map_err(|code| transport(&code))?;
    let timer = monotonic_clock::subscribe_instant(deadline);
    let ready = future.subscribe();
    poll::poll(&[&ready, &timer]);
    drop(ready);
    let response = match future.get() {
        Some(Ok(Ok(response))) => response,
        Some(Ok(Err(code))) => return Err(transport(&code)),
        Some(Err(())) | None => return Err(SendError::Timeout),
    };
    let status = response.status();
    let headers = response
        .headers()
        .entries()
        .into_iter()
        .map(|(name, value)| (name, String::from_utf8_lossy(&value).into_owned()))
        .collect();
    let incoming = response.consume().map_err(|()| SendError::Transport {
        message: "the answer's body could not be read".into(),
        maybe_sent: true,
    })?;
    let stream = incoming.stream().map_err(|()| SendError::Transport {
        message: "the answer's body could not be read".into(),
        maybe_sent: true,
    })?;
    let body = read_until(&stream, &timer);
    drop(stream);
    drop(IncomingBody::finish(incoming));
    Ok(HttpResponse {
        status,
        headers,
        body: body?,
    })
}

/// Reads `stream` to its end, or fails when `timer` fires first.
fn read_until(stream: &InputStream, timer: &poll::Pollable) -> Result<Vec<u8>, SendError> {
    let mut bytes = Vec::new();
    loop {
        let ready = stream.subscribe();
        poll::poll(&[&ready, timer]);
        drop(ready);
        match stream.read(CHUNK) {
            Ok(chunk) if chunk.is_empty() && timer.ready() => return Err(SendError::Timeout),
            Ok(chunk) => {
                bytes.extend_from_slice(&chunk);
                if bytes.len() > MAX_RESPONSE_BYTES {
                    return Err(SendError::Transport {
                        message: "the answer is too large".into(),
                        maybe_sent: true,
                    });
                }
            }
            Err(StreamError::Closed) => return Ok(bytes),
            Err(StreamError::LastOperationFailed(_)) => {
                return Err(SendError::Transport {
                    message: "the connection failed while reading the answer".into(),
                    maybe_sent: true,
                })
            }
        }
    }
}

/// An engine error code as a transport failure (its case name only: some cases carry the
/// engine's own text). Failures before anything could be sent are marked so, which allows
/// retrying creates after them.
fn transport(code: &ErrorCode) -> SendError {
    let maybe_sent = !matches!(
        code,
        ErrorCode::DnsTimeout
            | ErrorCode::DnsError(_)
            | ErrorCode::DestinationNotFound
            | ErrorCode::DestinationUnavailable
            | ErrorCode::DestinationIpProhibited
            | ErrorCode::DestinationIpUnroutable
            | ErrorCode::ConnectionRefused
            | ErrorCode::ConnectionTimeout
            | ErrorCode::TlsProtocolError
            | ErrorCode::TlsCertificateError
            | ErrorCode::HttpRequestDenied
    );
    if matches!(
        code,
        ErrorCode::ConnectionReadTimeout | ErrorCode::ConnectionWriteTimeout
    ) {
        return SendError::Timeout;
    }
    let debug = format!("{code:?}");
    let case = debug.split(['(', ' ', '{']).next().unwrap_or("Unknown");
    SendError::Transport {
        message: format!("no answer from AfterShip ({case})"),
        maybe_sent,
    }
}

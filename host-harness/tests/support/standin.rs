//! A local AfterShip stand-in for the runner's tests and benchmark.
//!
//! Hand-written on `std::net` (a thread per connection, HTTP/1.1 keep-alive, `content-length`
//! bodies only): no dependency to compile, and full control over the bytes on the wire, which
//! the faults need (a body cut short, a connection closed without an answer) and which server
//! frameworks deliberately make hard. Listens on `127.0.0.1:0`; every loop is bounded by a read
//! timeout or the stop flag.
//!
//! It checks the API key header, answers from the recorded fixtures (first 2xx fixture with the
//! same method and path), pages three listings across several pages, one per paging scheme, keeps
//! the trackings created, logs every request with its arrival time, and injects faults chosen by
//! a test-supplied rule.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{json, Value};

/// One request as received.
#[derive(Clone, Debug)]
pub struct Seen {
    /// Arrival time.
    pub at: Instant,
    /// Order of arrival, from 0.
    pub seq: usize,
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: String,
}

/// Spelling of the wait on a 429.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reset {
    /// `retry-after: 1` (seconds).
    RetryAfter,
    /// Tracking: `x-ratelimit-reset` (Unix seconds) with limit and remaining.
    XRateLimit,
    /// Shipping's mixed case `RateLimit-Reset` (Unix seconds).
    RateLimit,
    /// No header at all.
    Nothing,
}

/// What to do instead of the normal answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 429 with the given reset spelling; nothing is processed.
    RateLimited(Reset),
    /// An HTML error page with this status; nothing is processed.
    Html(u16),
    /// The request is processed (a create happens), then a 502 HTML gateway page.
    ProcessedThenHtml(u16),
    /// An AfterShip JSON error with this status; nothing is processed.
    Json(u16),
    /// No answer for this long, then the connection is closed.
    Hang(Duration),
    /// The normal answer, sent after this delay.
    Delay(Duration),
    /// The normal answer with only half of its body, then the connection is closed.
    Truncated,
    /// The connection is closed without an answer.
    Reset,
}

/// Decides the fault (if any) for a request.
pub type FaultRule = Box<dyn Fn(&Seen) -> Option<Fault> + Send + Sync>;

struct Recorded {
    method: String,
    path: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

struct Shared {
    api_key: String,
    pages: usize,
    per_page: usize,
    fixtures: Vec<Recorded>,
    rule: Mutex<FaultRule>,
    log: Mutex<Vec<Seen>>,
    creates: Mutex<HashMap<String, u32>>,
    /// Trackings that change (`set_tracking`); when any, GET /trackings serves these.
    trackings: Mutex<Vec<Value>>,
    /// Serve every tracking whatever `updated_at_min` / `created_at_min` say.
    ignore_time_filter: AtomicBool,
    seq: AtomicUsize,
    stop: AtomicBool,
}

/// A running stand-in; stops when dropped.
pub struct StandIn {
    pub addr: SocketAddr,
    shared: Arc<Shared>,
    accept: Option<JoinHandle<()>>,
}

/// Items of every listing page: `<scheme>-<n>` ids.
pub fn item_id(scheme: &str, n: usize) -> String {
    format!("{scheme}-{n:04}")
}

impl StandIn {
    /// Starts a stand-in accepting `api_key`, with listings of `pages` pages of `per_page` items.
    pub fn start(api_key: &str, pages: usize, per_page: usize) -> StandIn {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let shared = Arc::new(Shared {
            api_key: api_key.to_string(),
            pages,
            per_page,
            fixtures: load_fixtures(),
            rule: Mutex::new(Box::new(|_| None)),
            log: Mutex::new(Vec::new()),
            creates: Mutex::new(HashMap::new()),
            trackings: Mutex::new(Vec::new()),
            ignore_time_filter: AtomicBool::new(false),
            seq: AtomicUsize::new(0),
            stop: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        let accept = std::thread::spawn(move || {
            for stream in listener.incoming() {
                if accept_shared.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let shared = Arc::clone(&accept_shared);
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        StandIn {
            addr,
            shared,
            accept: Some(accept),
        }
    }

    /// `http://127.0.0.1:<port>`, for a settings file's `base_url`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Replaces the fault rule.
    pub fn faults(&self, rule: impl Fn(&Seen) -> Option<Fault> + Send + Sync + 'static) {
        *self.shared.rule.lock().unwrap() = Box::new(rule);
    }

    /// Every request so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.shared.log.lock().unwrap().clone()
    }

    /// Trackings created, by tracking number, with how many times each was created.
    pub fn creates(&self) -> HashMap<String, u32> {
        self.shared.creates.lock().unwrap().clone()
    }

    /// Creates or changes the tracking `id` (its `updated_at`; `created_at` is kept from its
    /// first version). From the first call on, GET /trackings serves these trackings, filtered
    /// by `updated_at_min` / `created_at_min`, in an order that is neither by time nor by id,
    /// at most `per_page` per page.
    pub fn set_tracking(&self, id: &str, updated_at: &str) {
        let mut trackings = self.shared.trackings.lock().unwrap();
        match trackings.iter_mut().find(|t| t["id"] == id) {
            Some(t) => t["updated_at"] = json!(updated_at),
            None => trackings.push(json!({
                "id": id, "tracking_number": format!("TN-{id}"), "slug": "dhl",
                "created_at": updated_at, "updated_at": updated_at,
            })),
        }
    }

    /// The trackings served, as (id, updated_at).
    pub fn trackings(&self) -> Vec<(String, String)> {
        self.shared
            .trackings
            .lock()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["id"].as_str().unwrap().to_string(),
                    t["updated_at"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }

    /// Makes GET /trackings ignore its time filters (as reported of the real API since 2025-04).
    pub fn ignore_time_filter(&self, ignore: bool) {
        self.shared
            .ignore_time_filter
            .store(ignore, Ordering::SeqCst);
    }

    /// Most requests that arrived within any `window`.
    pub fn max_in_window(&self, window: Duration) -> usize {
        let mut times: Vec<Instant> = self.seen().iter().map(|s| s.at).collect();
        times.sort();
        let mut best = 0;
        let mut start = 0;
        for end in 0..times.len() {
            while times[end] - times[start] >= window {
                start += 1;
            }
            best = best.max(end - start + 1);
        }
        best
    }
}

impl Drop for StandIn {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop.
        let _ = TcpStream::connect(self.addr);
        if let Some(handle) = self.accept.take() {
            let _ = handle.join();
        }
    }
}

fn load_fixtures() -> Vec<Recorded> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures");
    let mut files = aftership_testkit::fixture::discover(&root);
    // "ok…" scenarios first, so they win over other 2xx ones for the same route.
    files.sort_by_key(|p| {
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        (!name.starts_with("ok"), p.clone())
    });
    let mut recorded = Vec::new();
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            continue;
        };
        let Ok(fixture) = serde_json::from_str::<Value>(&text) else {
            continue;
        };
        let request = &fixture["expected_request"];
        let response = &fixture["response"];
        let (Some(method), Some(url), Some(status)) = (
            request["method"].as_str(),
            request["url"].as_str(),
            response["status"].as_u64(),
        ) else {
            continue;
        };
        if !(200..300).contains(&status) {
            continue;
        }
        let after_scheme = url.split_once("://").map(|(_, rest)| rest).unwrap_or(url);
        let path = after_scheme
            .find('/')
            .map(|i| &after_scheme[i..])
            .unwrap_or("/");
        let path = path.split('?').next().unwrap_or(path).to_string();
        let headers = response["headers"]
            .as_object()
            .map(|h| {
                h.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        let body = match (&response["body"], response["body_text"].as_str()) {
            (Value::Null, Some(text)) => text.to_string(),
            (body, _) => body.to_string(),
        };
        recorded.push(Recorded {
            method: method.to_string(),
            path,
            status: status as u16,
            headers,
            body,
        });
    }
    recorded
}

struct Request {
    method: String,
    path: String,
    query: String,
    headers: Vec<(String, String)>,
    body: String,
}

fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    if reader.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    for _ in 0..200 {
        let mut header = String::new();
        if reader.read_line(&mut header).ok()? == 0 {
            return None;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (target, String::new()),
    };
    Some(Request {
        method,
        path,
        query,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
    })
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Answer {
    fn json(status: u16, body: Value) -> Answer {
        Answer {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string(),
        }
    }

    fn html(status: u16) -> Answer {
        Answer {
            status,
            headers: vec![("content-type".into(), "text/html".into())],
            body: format!("<html><body><h1>{status} Bad Gateway</h1></body></html>"),
        }
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    // Bounded: a connection serves at most this many requests.
    for _ in 0..100_000 {
        if shared.stop.load(Ordering::SeqCst) {
            return;
        }
        let Some(request) = read_request(&mut reader) else {
            return;
        };
        let seen = Seen {
            at: Instant::now(),
            seq: shared.seq.fetch_add(1, Ordering::SeqCst),
            method: request.method.clone(),
            path: request.path.clone(),
            query: request.query.clone(),
            body: request.body.clone(),
        };
        shared.log.lock().unwrap().push(seen.clone());
        let fault = (shared.rule.lock().unwrap())(&seen);
        let answer = match fault {
            Some(Fault::RateLimited(reset)) => rate_limited(reset),
            Some(Fault::Html(status)) => Answer::html(status),
            Some(Fault::Json(status)) => Answer::json(
                status,
                json!({"meta": {"code": status, "type": "Forbidden", "message": "Injected failure."}, "data": {}}),
            ),
            Some(Fault::ProcessedThenHtml(status)) => {
                let _ = answer(shared, &request);
                Answer::html(status)
            }
            Some(Fault::Hang(wait)) => {
                std::thread::sleep(wait);
                return;
            }
            Some(Fault::Reset) => return,
            Some(Fault::Delay(wait)) => {
                std::thread::sleep(wait);
                answer(shared, &request)
            }
            Some(Fault::Truncated) => {
                let full = answer(shared, &request);
                let half = full.body.len() / 2;
                let _ = write_answer(&mut writer, &full, Some(half));
                return;
            }
            None => answer(shared, &request),
        };
        if write_answer(&mut writer, &answer, None).is_err() {
            return;
        }
    }
}

fn write_answer(
    writer: &mut TcpStream,
    answer: &Answer,
    cut: Option<usize>,
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {} X\r\n", answer.status);
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("content-length: {}\r\n\r\n", answer.body.len()));
    let body = &answer.body.as_bytes()[..cut.unwrap_or(answer.body.len())];
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body);
    writer.write_all(&bytes)?;
    writer.flush()
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn rate_limited(reset: Reset) -> Answer {
    let mut answer = Answer::json(
        429,
        json!({"meta": {"code": 429, "type": "TooManyRequests", "message": "Rate limit exceeded."}, "data": {}}),
    );
    let next_second = (unix_now() + 1).to_string();
    match reset {
        Reset::RetryAfter => answer.headers.push(("retry-after".into(), "1".into())),
        Reset::XRateLimit => {
            answer
                .headers
                .push(("x-ratelimit-reset".into(), next_second));
            answer
                .headers
                .push(("x-ratelimit-limit".into(), "10".into()));
            answer
                .headers
                .push(("x-ratelimit-remaining".into(), "0".into()));
        }
        Reset::RateLimit => {
            answer.headers.push(("RateLimit-Reset".into(), next_second));
            answer.headers.push(("RateLimit-Limit".into(), "10".into()));
        }
        Reset::Nothing => {}
    }
    answer
}

fn query_value<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn answer(shared: &Shared, request: &Request) -> Answer {
    let key = request
        .headers
        .iter()
        .find(|(n, _)| n == "as-api-key" || n == "aftership-api-key")
        .map(|(_, v)| v.as_str());
    if key != Some(shared.api_key.as_str()) {
        return Answer::json(
            401,
            json!({"meta": {"code": 401, "type": "Unauthorized", "message": "The API key is invalid."}, "data": {}}),
        );
    }
    let (method, path) = (request.method.as_str(), request.path.as_str());
    let page_of = |prefix: char, name: &str| -> usize {
        query_value(&request.query, name)
            .and_then(|v| v.trim_start_matches(prefix).parse().ok())
            .unwrap_or(1)
    };
    match (method, path) {
        ("GET", "/tracking/2026-07/trackings") if !shared.trackings.lock().unwrap().is_empty() => {
            changing_trackings(shared, &request.query)
        }
        ("GET", "/tracking/2026-07/trackings") => {
            let k = page_of('c', "cursor");
            let more = k < shared.pages;
            Answer::json(
                200,
                json!({"meta": {"code": 200}, "data": {
                    "pagination": {"total": shared.pages * shared.per_page,
                        "next_cursor": if more { format!("c{}", k + 1) } else { String::new() },
                        "has_next_page": more},
                    "trackings": page_items(shared, "cursor", k),
                }}),
            )
        }
        ("GET", "/returns/2026-07/returns") => {
            let k = page_of('p', "page");
            Answer::json(
                200,
                json!({"meta": {"code": 20000, "type": "OK", "message": "OK"}, "data": {
                    "returns": page_items(shared, "page", k),
                    "pagination": {"total": shared.pages * shared.per_page, "page": k,
                        "limit": shared.per_page, "has_next_page": k < shared.pages},
                }}),
            )
        }
        ("GET", "/postmen/v3/labels") => {
            let k = page_of('t', "next_token");
            let next = if k < shared.pages {
                Value::String(format!("t{}", k + 1))
            } else {
                Value::Null
            };
            Answer::json(
                200,
                json!({"meta": {"code": 200, "message": "OK", "details": []}, "data": {
                    "next_token": next, "limit": shared.per_page,
                    "labels": page_items(shared, "next_token", k),
                }}),
            )
        }
        ("POST", "/tracking/2026-07/trackings") => {
            let body: Value = serde_json::from_str(&request.body).unwrap_or(Value::Null);
            let number = body["tracking_number"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let count = {
                let mut creates = shared.creates.lock().unwrap();
                let count = creates.entry(number.clone()).or_default();
                *count += 1;
                *count
            };
            if count > 1 {
                return Answer::json(
                    400,
                    json!({"meta": {"code": 4003, "type": "BadRequest", "message": "Tracking already exists."}, "data": {}}),
                );
            }
            Answer::json(
                201,
                json!({"meta": {"code": 201}, "data": {"id": format!("id-{number}"), "tracking_number": number, "slug": body["slug"]}}),
            )
        }
        _ => match shared
            .fixtures
            .iter()
            .find(|f| f.method == method && f.path == path)
        {
            Some(f) => Answer {
                status: f.status,
                headers: f.headers.clone(),
                body: f.body.clone(),
            },
            None => Answer::json(
                404,
                json!({"meta": {"code": 404, "type": "NotFound", "message": "No such route in the stand-in."}, "data": {}}),
            ),
        },
    }
}

fn page_items(shared: &Shared, scheme: &str, k: usize) -> Vec<Value> {
    if k == 0 || k > shared.pages {
        return Vec::new();
    }
    (0..shared.per_page)
        .map(|i| json!({"id": item_id(scheme, (k - 1) * shared.per_page + i + 1), "page": k}))
        .collect()
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b'+', _) => {
                out.push(b' ');
                i += 1;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A scrambled but stable order: neither by time nor by id.
fn scramble(id: &str) -> u64 {
    id.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// GET /trackings over the changing trackings: time filters (unless ignored), cursor paging.
fn changing_trackings(shared: &Shared, query: &str) -> Answer {
    let time = |name: &str| {
        query_value(query, name)
            .map(percent_decode)
            .and_then(|v| aftership_core::webhook::parse_rfc3339_ms(&v))
    };
    let ignore = shared.ignore_time_filter.load(Ordering::SeqCst);
    let (updated_min, created_min) = (time("updated_at_min"), time("created_at_min"));
    let at = |t: &Value, member: &str| {
        aftership_core::webhook::parse_rfc3339_ms(t[member].as_str().unwrap_or_default())
            .unwrap_or(0)
    };
    let mut list: Vec<Value> = shared
        .trackings
        .lock()
        .unwrap()
        .iter()
        .filter(|t| ignore || updated_min.is_none_or(|min| at(t, "updated_at") >= min))
        .filter(|t| ignore || created_min.is_none_or(|min| at(t, "created_at") >= min))
        .cloned()
        .collect();
    list.sort_by_key(|t| scramble(t["id"].as_str().unwrap_or_default()));
    let limit = query_value(query, "limit")
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(shared.per_page)
        .clamp(1, shared.per_page);
    let k = query_value(query, "cursor")
        .and_then(|v| v.trim_start_matches('c').parse::<usize>().ok())
        .unwrap_or(1)
        .max(1);
    let page: Vec<Value> = list
        .iter()
        .skip((k - 1) * limit)
        .take(limit)
        .cloned()
        .collect();
    let more = k * limit < list.len();
    Answer::json(
        200,
        json!({"meta": {"code": 200}, "data": {
            "pagination": {"total": list.len(),
                "next_cursor": if more { format!("c{}", k + 1) } else { String::new() },
                "has_next_page": more},
            "trackings": page,
        }}),
    )
}

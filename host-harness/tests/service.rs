//! The WASI-HTTP service component (`crates/aftership-service`) under the engine of
//! `wasmtime serve` (`support/service_host.rs`: the `wasmtime-wasi-http` host of the pinned
//! wasmtime, a fresh instance per request), calling the local AfterShip stand-in
//! (`support/standin.rs`) on 127.0.0.1.

mod support;

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::service_host::{request, service, Answer};
use support::standin::{item_id, Fault, Reset, StandIn};

const KEY: &str = "standin-key-7f3a";
const TOKEN: &str = "svc-token-0123456789abcdef";
const PAGES: usize = 3;
const PER_PAGE: usize = 4;

/// The settings of a tracking connection to the stand-in, plus the service keys.
fn vars(standin: &StandIn) -> Vec<(String, String)> {
    [
        ("api_type", "tracking"),
        ("api_key", KEY),
        ("base_url", &standin.base_url()),
        ("service_token", TOKEN),
        ("timeout_ms", "5000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn with(mut vars: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    vars.retain(|(k, _)| k != key);
    vars.push((key.to_string(), value.to_string()));
    vars
}

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

fn post(vars: &[(String, String)], path: &str, body: &Value) -> Answer {
    request(
        vars,
        "POST",
        path,
        &[
            ("authorization", &bearer()),
            ("content-type", "application/json"),
        ],
        &body.to_string(),
    )
}

fn assert_no_secret(answers: &[&Answer]) {
    for answer in answers {
        let seen = answer.everything();
        for secret in [KEY, TOKEN, "whsec-"] {
            assert!(!seen.contains(secret), "`{secret}` in an answer:\n{seen}");
        }
    }
}

#[test]
fn the_component_imports_only_http_io_clocks_random_and_config() {
    let svc = service();
    let ty = svc.component.component_type();
    let imports: Vec<String> = ty
        .imports(&svc.engine)
        .map(|(n, _)| n.to_string())
        .collect();
    let allowed = [
        "wasi:http/",
        "wasi:io/",
        "wasi:clocks/",
        "wasi:random/",
        "wasi:config/store@",
    ];
    for name in &imports {
        assert!(
            allowed.iter().any(|prefix| name.starts_with(prefix)),
            "unexpected import {name} (all: {imports:?})"
        );
    }
    for needed in ["wasi:http/outgoing-handler@", "wasi:config/store@"] {
        assert!(
            imports.iter().any(|n| n.starts_with(needed)),
            "{needed} missing from {imports:?}"
        );
    }
    let exports: Vec<String> = ty
        .exports(&svc.engine)
        .map(|(n, _)| n.to_string())
        .collect();
    assert_eq!(exports, ["wasi:http/incoming-handler@0.2.12"]);
}

#[test]
fn health_is_open_and_every_other_route_needs_the_token() {
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    let vars = vars(&standin);
    let health = request(&vars, "GET", "/v1/health", &[], "");
    assert_eq!(health.status, 200, "{}", health.text());
    let call = json!({"operation": "tracking.list_trackings", "input": {}}).to_string();
    let wrong = format!("Bearer {TOKEN}x");
    let cases: [(&str, &str, Option<&str>); 5] = [
        ("GET", "/v1/manifest", None),
        ("POST", "/v1/call", None),
        ("POST", "/v1/call", Some(wrong.as_str())),
        ("POST", "/v1/call", Some(TOKEN)),
        ("POST", "/v1/export", Some("Basic abc")),
    ];
    for (method, path, auth) in cases {
        let headers: Vec<(&str, &str)> = auth.map(|a| ("authorization", a)).into_iter().collect();
        let answer = request(&vars, method, path, &headers, &call);
        assert_eq!(
            answer.status,
            401,
            "{method} {path} {auth:?}: {}",
            answer.text()
        );
        assert_eq!(answer.json()["error"]["kind"], "unauthorized");
        assert_eq!(answer.header("www-authenticate"), Some("Bearer"));
        assert_no_secret(&[&answer]);
    }
    assert!(
        standin.seen().is_empty(),
        "a refused request reached AfterShip"
    );
    let manifest = request(
        &vars,
        "GET",
        "/v1/manifest",
        &[("authorization", &bearer())],
        "",
    );
    assert_eq!(manifest.status, 200);
    let manifest = manifest.json();
    assert_eq!(manifest["name"], "aftership");
    assert!(manifest["operations"]
        .as_array()
        .is_some_and(|ops| ops.len() > 50));
}

#[test]
fn a_call_answers_with_the_data_and_the_next_page() {
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    let answer = post(
        &vars(&standin),
        "/v1/call",
        &json!({"operation": "tracking.list_trackings", "input": {}}),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    let body = answer.json();
    let ids: Vec<&str> = body["data"]["trackings"]
        .as_array()
        .expect("trackings")
        .iter()
        .map(|t| t["id"].as_str().unwrap_or_default())
        .collect();
    let expected: Vec<String> = (1..=PER_PAGE).map(|n| item_id("cursor", n)).collect();
    assert_eq!(ids, expected);
    assert!(body["next_page"].is_object(), "{body}");
    assert_eq!(body["files"], json!([]));
    let seen = standin.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].path, "/tracking/2026-07/trackings");
    assert_no_secret(&[&answer]);
}

#[test]
fn an_export_streams_every_item_once_through_a_429_and_a_502() {
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    standin.faults(|seen| match seen.seq {
        1 => Some(Fault::RateLimited(Reset::RetryAfter)),
        3 => Some(Fault::Html(502)),
        _ => None,
    });
    let started = Instant::now();
    let answer = post(
        &vars(&standin),
        "/v1/export",
        &json!({"operation": "tracking.list_trackings"}),
    );
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("content-type"), Some("application/x-ndjson"));
    let ids: Vec<String> = answer
        .text()
        .lines()
        .map(|line| {
            let item: Value = serde_json::from_str(line).expect("one JSON item per line");
            item["id"].as_str().expect("an item id").to_string()
        })
        .collect();
    let expected: Vec<String> = (1..=PAGES * PER_PAGE)
        .map(|n| item_id("cursor", n))
        .collect();
    assert_eq!(ids, expected);
    // Three pages, plus the 429 and the 502 sent again.
    assert_eq!(standin.seen().len(), PAGES + 2);
    // The 429 asked for one second; the service waited at least that long.
    assert!(started.elapsed() >= Duration::from_secs(1));
    assert_no_secret(&[&answer]);
}

#[test]
fn a_create_is_not_sent_again_after_a_502() {
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    standin.faults(|seen| (seen.method == "POST").then_some(Fault::ProcessedThenHtml(502)));
    let answer = post(
        &vars(&standin),
        "/v1/call",
        &json!({"operation": "tracking.create_tracking", "input": {"body": {"tracking_number": "1Z999AA10123456784", "slug": "ups"}}}),
    );
    assert_eq!(answer.status, 502, "{}", answer.text());
    assert_eq!(answer.json()["error"]["kind"], "unexpected_response");
    assert_eq!(standin.seen().len(), 1, "the create was sent again");
}

#[test]
fn bad_input_is_a_400_naming_the_field() {
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    let vars = vars(&standin);
    let missing = post(
        &vars,
        "/v1/call",
        &json!({"operation": "tracking.get_tracking_by_id", "input": {}}),
    );
    assert_eq!(missing.status, 400, "{}", missing.text());
    let error = &missing.json()["error"];
    assert_eq!(error["kind"], "invalid_input");
    assert!(error["fields"][0]["field"]
        .as_str()
        .is_some_and(|f| !f.is_empty()));
    let not_json = request(
        &vars,
        "POST",
        "/v1/call",
        &[("authorization", &bearer())],
        "operation=x",
    );
    assert_eq!(not_json.status, 400);
    assert_eq!(not_json.json()["error"]["fields"][0]["field"], "body");
    let unknown = post(&vars, "/v1/export", &json!({"operation": "tracking.nope"}));
    assert_eq!(unknown.status, 400);
    assert_eq!(unknown.json()["error"]["kind"], "unknown_operation");
    assert!(standin.seen().is_empty(), "bad input reached AfterShip");
}

#[test]
fn bad_settings_answer_500_naming_the_key_never_its_value() {
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    let vars = with(vars(&standin), "api_type", "trackingz-not-a-type");
    let vars = with(vars, "base_url", "ftp://leaky.example/secret-path");
    let answer = post(
        &vars,
        "/v1/call",
        &json!({"operation": "tracking.list_trackings"}),
    );
    assert_eq!(answer.status, 500, "{}", answer.text());
    let error = &answer.json()["error"];
    assert_eq!(error["kind"], "invalid_settings");
    let fields: Vec<&str> = error["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|f| f["field"].as_str())
        .collect();
    assert!(fields.contains(&"api_type"), "{fields:?}");
    for value in ["trackingz-not-a-type", "leaky.example", "secret-path"] {
        assert!(
            !answer.text().contains(value),
            "{value} leaked: {}",
            answer.text()
        );
    }
    let no_token = with(vars, "service_token", "");
    let answer = request(&no_token, "GET", "/v1/manifest", &[], "");
    assert_eq!(answer.status, 500);
    assert!(answer.text().contains("service_token"), "{}", answer.text());
}

#[test]
fn afterships_refusal_keeps_its_status_and_never_shows_the_key() {
    let standin = StandIn::start("another-key", PAGES, PER_PAGE);
    let answer = post(
        &vars(&standin),
        "/v1/call",
        &json!({"operation": "tracking.list_trackings"}),
    );
    assert_eq!(answer.status, 401, "{}", answer.text());
    assert_eq!(answer.json()["error"]["kind"], "unauthorized");
    assert_no_secret(&[&answer]);
}

#[test]
fn a_hung_answer_is_cut_off_by_the_timeout() {
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    standin.faults(|_| Some(Fault::Hang(Duration::from_secs(4))));
    let vars = with(vars(&standin), "timeout_ms", "300");
    let started = Instant::now();
    // A create: not sent again after a timeout (it may have gone through).
    let answer = post(
        &vars,
        "/v1/call",
        &json!({"operation": "tracking.create_tracking", "input": {"body": {"tracking_number": "1Z999AA10123456784", "slug": "ups"}}}),
    );
    assert_eq!(answer.status, 504, "{}", answer.text());
    assert_eq!(answer.json()["error"]["kind"], "timeout");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(standin.seen().len(), 1);
}

/// A recorded webhook case (`tests/webhooks/<product>/<scenario>.json`).
fn webhook_case(path: &str) -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/webhooks/").to_string() + path;
    serde_json::from_str(&std::fs::read_to_string(&path).expect("case file")).expect("case JSON")
}

fn deliver(case: &Value, secret: &str, standin: &StandIn) -> Answer {
    let vars = with(vars(standin), "webhook_secret", secret);
    let auth = bearer();
    let mut headers: Vec<(&str, &str)> = case["headers"]
        .as_object()
        .expect("headers")
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str().expect("header text")))
        .collect();
    headers.push(("authorization", &auth));
    request(
        &vars,
        "POST",
        &format!(
            "/v1/webhooks/{}",
            case["product"].as_str().expect("product")
        ),
        &headers,
        case["body_text"].as_str().expect("body_text"),
    )
}

#[test]
fn a_signed_webhook_is_verified_and_a_tampered_one_refused() {
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    let valid = webhook_case("tracking/valid.json");
    let secret = valid["secret"].as_str().expect("secret");
    let answer = deliver(&valid, secret, &standin);
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.json()["event_id"],
        valid["expected"]["event_id"],
        "{}",
        answer.text()
    );
    let tampered = webhook_case("tracking/tampered_body.json");
    let answer = deliver(
        &tampered,
        tampered["secret"].as_str().unwrap_or(secret),
        &standin,
    );
    assert_eq!(answer.status, 401, "{}", answer.text());
    assert_eq!(answer.json()["error"]["kind"], "bad_signature");
    assert!(!answer.text().contains(secret));
    let unknown = deliver(
        &json!({"product": "nope", "headers": {}, "body_text": "{}"}),
        secret,
        &standin,
    );
    assert_eq!(unknown.status, 404);
    assert!(standin.seen().is_empty());
}

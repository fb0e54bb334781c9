//! The runner's own cost: `bulk` through the component (build, parse, bookkeeping, ordered
//! output) against the local AfterShip stand-in with pacing off, next to the same number of
//! requests sent by a plain HTTP client without the component (requests prebuilt, answers read
//! and dropped). One run, printed as requests per second and the component's share of the time
//! (target: under 10 %). Then the same loopback export (one listing of many pages) through the
//! runner and through the WASI-HTTP service component (under the `wasmtime serve` engine, one
//! `/v1/export` request), printed per page. Not a timed test: the numbers are printed, never
//! asserted.

#[path = "../tests/support/service_host.rs"]
mod service_host;
#[path = "../tests/support/standin.rs"]
mod standin;

use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aftership_core::{RequestContext, Settings};
use aftership_harness::runner::http::{HttpClient, HttpConfig};
use aftership_harness::runner::output::{LineSink, Masker};
use aftership_harness::runner::{bulk, export};
use aftership_harness::runner::{Runner, RunnerConfig};
use aftership_harness::Host;
use indicatif::ProgressBar;
use serde_json::json;

const KEY: &str = "bench-key-0000";
const REQUESTS: usize = 2000;
const WARM_UP: usize = 100;
const OPERATION: &str = "tracking.create_tracking";

fn input(prefix: &str, i: usize) -> String {
    json!({"body": {"tracking_number": format!("{prefix}{i}"), "slug": "dhl", "title": "bench"}})
        .to_string()
}

/// Bulk through the component: returns the elapsed time for `n` lines.
fn component(runner: &Runner, prefix: &str, n: usize, out: &std::path::Path) -> Duration {
    let text: String = (0..n).map(|i| input(prefix, i) + "\n").collect();
    let records = bulk::read_jsonl(&text);
    let mut sink = LineSink::file(Masker::none(), out, None).expect("output file");
    let started = Instant::now();
    let summary = bulk::run(
        runner,
        OPERATION,
        "bench",
        &records,
        0,
        1,
        &mut sink,
        None,
        &bulk::Journal::none(),
        &ProgressBar::hidden(),
    )
    .expect("bulk runs");
    let elapsed = started.elapsed();
    assert_eq!(summary.ok as usize, n, "{}", summary.text());
    elapsed
}

/// The same requests from a plain client: built beforehand, sent one by one, answers read.
fn plain(host: &Host, settings: &Settings, prefix: &str, n: usize) -> Duration {
    let client = HttpClient::new(HttpConfig::default());
    let context = RequestContext {
        now_unix_ms: 1_800_000_000_000,
        request_id: None,
    };
    let requests: Vec<_> = (0..n)
        .map(|i| {
            host.build_request(settings, OPERATION, &input(prefix, i), &context)
                .expect("no trap")
                .expect("builds")
        })
        .collect();
    let started = Instant::now();
    for request in &requests {
        let response = client.send(request).expect("answer");
        assert_eq!(response.status, 201);
    }
    started.elapsed()
}

/// Time of `n` component calls of each kind, to show where the share goes.
fn breakdown(host: &Host, settings: &Settings, n: usize) -> (Duration, Duration) {
    let context = RequestContext {
        now_unix_ms: 1_800_000_000_000,
        request_id: None,
    };
    let inputs: Vec<String> = (0..n).map(|i| input("X", i)).collect();
    let started = Instant::now();
    for input in &inputs {
        let built = host.build_request(settings, OPERATION, input, &context);
        assert!(matches!(built, Ok(Ok(_))));
    }
    let build = started.elapsed();
    let response = aftership_core::HttpResponse {
        status: 201,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"meta":{"code":201},"data":{"id":"id-X1","tracking_number":"X1","slug":"dhl"}}"#
            .to_vec(),
    };
    let started = Instant::now();
    for input in &inputs {
        let parsed = host.parse_response(settings, OPERATION, input, &response, &context);
        assert!(matches!(parsed, Ok(Ok(_))));
    }
    (build, started.elapsed())
}

/// Pages of the export comparison (one item each, so the time is per request, not per item).
const EXPORT_PAGES: usize = 400;

/// The same export through the runner and through the service: elapsed times.
fn exports(host: &Host) -> (Duration, Duration) {
    let operation = "tracking.list_trackings";
    let standin = standin::StandIn::start(KEY, EXPORT_PAGES, 1);
    let mut settings = Settings::new("bench", aftership_core::ApiType::Tracking, KEY);
    settings.base_url = Some(standin.base_url());
    let config = RunnerConfig {
        pacing: false,
        ..RunnerConfig::default()
    };
    let runner = Runner::new(
        host.clone(),
        settings,
        config,
        Arc::new(AtomicBool::new(false)),
    )
    .expect("runner");
    let out = std::env::temp_dir().join(format!("as-bench-export-{}.jsonl", std::process::id()));
    let run_runner = || {
        let mut sink = LineSink::file(Masker::none(), &out, None).expect("output file");
        let start = export::start(operation, "{}", None).expect("start");
        let started = Instant::now();
        let summary = export::run(
            &runner,
            operation,
            start,
            &mut sink,
            None,
            &ProgressBar::hidden(),
        )
        .expect("export runs");
        assert_eq!(summary.items as usize, EXPORT_PAGES);
        started.elapsed()
    };
    let vars: Vec<(String, String)> = [
        ("api_type", "tracking"),
        ("api_key", KEY),
        ("base_url", &standin.base_url()),
        ("service_token", "bench-service-token-0123456789"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let run_service = || {
        let started = Instant::now();
        let answer = service_host::request(
            &vars,
            "POST",
            "/v1/export",
            &[("authorization", "Bearer bench-service-token-0123456789")],
            &json!({"operation": operation}).to_string(),
        );
        let elapsed = started.elapsed();
        assert_eq!(answer.status, 200, "{}", answer.text());
        assert_eq!(answer.text().lines().count(), EXPORT_PAGES);
        elapsed
    };
    // Warm up both (compiled code, connections), then measure.
    run_runner();
    run_service();
    let through_runner = run_runner();
    let through_service = run_service();
    let _ = std::fs::remove_file(&out);
    (through_runner, through_service)
}

fn main() {
    let standin = standin::StandIn::start(KEY, 1, 1);
    let mut settings = Settings::new("bench", aftership_core::ApiType::Tracking, KEY);
    settings.base_url = Some(standin.base_url());
    let host = Host::new().expect("component loads");
    let config = RunnerConfig {
        pacing: false,
        ..RunnerConfig::default()
    };
    let runner = Runner::new(
        host.clone(),
        settings.clone(),
        config,
        Arc::new(AtomicBool::new(false)),
    )
    .expect("runner");
    let out = std::env::temp_dir().join(format!("as-bench-runner-{}.jsonl", std::process::id()));

    // Warm up both paths (connections, caches).
    component(&runner, "WC", WARM_UP, &out);
    plain(&host, &settings, "WP", WARM_UP);

    let with = component(&runner, "C", REQUESTS, &out);
    let without = plain(&host, &settings, "P", REQUESTS);
    let (build, parse) = breakdown(&host, &settings, REQUESTS);
    let calls = {
        let mut rng = aftership_harness::runner::retry::Jitter::new(1);
        let inputs: Vec<String> = (0..REQUESTS).map(|i| input("R", i)).collect();
        let started = Instant::now();
        for input in &inputs {
            let exchange = runner.call(OPERATION, input, None, &mut rng);
            assert!(exchange.result.is_ok());
        }
        started.elapsed()
    };
    let _ = std::fs::remove_file(&out);

    let rate = |d: Duration| REQUESTS as f64 / d.as_secs_f64();
    let share = 1.0 - without.as_secs_f64() / with.as_secs_f64();
    println!(
        "runner bulk ({REQUESTS} creates, 1 worker, pacing off, loopback stand-in):\n  \
         through the component: {:>8.0} requests/s ({:.1} µs each)\n  \
         plain client:          {:>8.0} requests/s ({:.1} µs each)\n  \
         component's share of the time: {:.1} % (target < 10 %)",
        rate(with),
        with.as_secs_f64() * 1e6 / REQUESTS as f64,
        rate(without),
        without.as_secs_f64() * 1e6 / REQUESTS as f64,
        share * 100.0
    );
    let each = |d: Duration| d.as_secs_f64() * 1e6 / REQUESTS as f64;
    println!(
        "  where it goes, per request (separate loops, same run): build-request {:.1} µs and \
         parse-response {:.1} µs (component calls, fresh instance each); Runner::call alone \
         {:.1} µs (HTTP included); bulk bookkeeping (threads, ordering, output) {:.1} µs",
        each(build),
        each(parse),
        each(calls),
        each(with) - each(calls)
    );
    let (through_runner, through_service) = exports(&host);
    let page = |d: Duration| d.as_secs_f64() * 1e6 / EXPORT_PAGES as f64;
    println!(
        "export of {EXPORT_PAGES} pages (loopback stand-in, pacing off):\n  \
         runner:  {:.1} µs per page\n  \
         service: {:.1} µs per page (wasmtime-wasi-http engine, one /v1/export request, \
         instantiation included)\n  \
         service overhead against the runner: {:+.1} µs per page",
        page(through_runner),
        page(through_service),
        page(through_service) - page(through_runner)
    );
}

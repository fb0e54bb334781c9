//! The runner end to end: the real CLI binary, through the real component, against the local
//! AfterShip stand-in (`support/standin.rs`) on 127.0.0.1.

mod support;

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use serde_json::{json, Value};
use support::standin::{item_id, Fault, Reset, StandIn};
use support::temp_dir::TempDir;

const KEY: &str = "standin-key-7f3a";

/// The suite's scratch folder, with the settings files the CLI reads.
struct Dir(TempDir);

impl Dir {
    fn new(name: &str) -> Dir {
        Dir(TempDir::new("runner", name))
    }

    fn file(&self, name: &str) -> PathBuf {
        self.0.path(name)
    }

    fn settings(&self, api_type: &str, key: &str, standin: &StandIn) -> String {
        self.settings_with(
            json!({"api_type": api_type, "api_key": key, "base_url": standin.base_url()}),
        )
    }

    fn settings_with(&self, settings: Value) -> String {
        self.0
            .write_json(&format!("settings-{}.json", rand_suffix()), &settings)
    }
}

fn rand_suffix() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    N.fetch_add(1, Ordering::SeqCst)
}

fn cli<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aftership-harness"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the CLI runs")
}

/// Starts the CLI with stderr captured, to be interrupted (see [`interrupt_when`]).
fn spawn(args: &[String]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_aftership-harness"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// `bulk` of `tracking.create_tracking` from `input` to `output`, then `rest`.
fn bulk_creates(settings: &str, input: &Path, output: &Path, rest: &[&str]) -> Vec<String> {
    let (input, output) = (input.to_string_lossy(), output.to_string_lossy());
    let files = ["--input", &input, "--output", &output];
    let mut args = command("bulk", settings, "tracking.create_tracking", &files);
    args.extend(rest.iter().map(|a| a.to_string()));
    args
}

/// `<command> --settings <settings> --operation <operation>`, then `rest`.
fn command(command: &str, settings: &str, operation: &str, rest: &[&str]) -> Vec<String> {
    let head = [command, "--settings", settings, "--operation", operation];
    head.iter().chain(rest).map(|a| a.to_string()).collect()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line: {l}: {e}")))
        .collect()
}

/// (operation, api type, scheme name used in the stand-in's item ids)
const SCHEMES: [(&str, &str, &str); 3] = [
    ("tracking.list_trackings", "tracking", "cursor"),
    ("returns.list_returns", "returns", "page"),
    ("shipping.list_labels", "shipping", "next_token"),
];

const PAGES: usize = 5;
const PER_PAGE: usize = 3;

fn all_items(scheme: &str) -> Vec<String> {
    (1..=PAGES * PER_PAGE).map(|n| item_id(scheme, n)).collect()
}

fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|v| v["id"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn export_returns_every_item_once_for_each_paging_scheme_despite_faults() {
    let dir = Dir::new("export");
    for (operation, api_type, scheme) in SCHEMES {
        let standin = StandIn::start(KEY, PAGES, PER_PAGE);
        // Every page is hit by one kind of fault on its first try (502 page, body cut short,
        // connection closed, 429 without a wait, no answer within the timeout); GETs are retried.
        standin.faults(|seen| match seen.seq {
            0 => Some(Fault::Html(502)),
            2 => Some(Fault::Truncated),
            4 => Some(Fault::Reset),
            6 => Some(Fault::RateLimited(Reset::Nothing)),
            8 => Some(Fault::Hang(Duration::from_millis(900))),
            _ => None,
        });
        let settings = dir.settings(api_type, KEY, &standin);
        let output = dir.file(&format!("{scheme}.jsonl"));
        let out = output.to_string_lossy();
        let run = cli(&command(
            "export",
            &settings,
            operation,
            &["--output", &out, "--timeout", "0.4", "--no-pacing"],
        ));
        let stderr = text(&run.stderr);
        assert_eq!(run.status.code(), Some(0), "{operation}: {stderr}");
        assert_eq!(
            ids(&lines(&output)),
            all_items(scheme),
            "{operation}: {stderr}"
        );
        assert_eq!(
            standin.seen().len(),
            PAGES + 5,
            "{operation}: one retry per fault"
        );
        assert!(stderr.contains("5 pages, 15 items, 5 retries"), "{stderr}");
    }
}

#[test]
fn an_export_stopped_after_page_two_resumes_without_gaps_or_duplicates() {
    let dir = Dir::new("resume");
    for (operation, api_type, scheme) in SCHEMES {
        let standin = StandIn::start(KEY, PAGES, PER_PAGE);
        // The third page fails for good the first time (403 is not retried).
        standin.faults(|seen| (seen.seq == 2).then_some(Fault::Json(403)));
        let settings = dir.settings(api_type, KEY, &standin);
        let output = dir.file(&format!("{scheme}.jsonl"));
        let state = dir.file(&format!("{scheme}.state"));
        let (out, st) = (output.to_string_lossy(), state.to_string_lossy());
        let args = command(
            "export",
            &settings,
            operation,
            &["--output", &out, "--resume", &st],
        );
        let first = cli(&args);
        assert_eq!(first.status.code(), Some(1), "{}", text(&first.stderr));
        assert!(
            text(&first.stderr).contains("--resume"),
            "{}",
            text(&first.stderr)
        );
        assert_eq!(ids(&lines(&output)), all_items(scheme)[..2 * PER_PAGE]);
        let saved: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
        assert_eq!(saved["pages"], 2);
        // A stray partial line after the saved length is cut on resume.
        std::fs::OpenOptions::new()
            .append(true)
            .open(&output)
            .and_then(|mut f| std::io::Write::write_all(&mut f, b"{\"id\":\"half"))
            .unwrap();
        let second = cli(&args);
        assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
        assert_eq!(ids(&lines(&output)), all_items(scheme), "{operation}");
        // Page 3 was asked twice (failure, resume), pages 1-2 once.
        assert_eq!(standin.seen().len(), PAGES + 1);
        // Done: a third run does nothing.
        let third = cli(&args);
        assert_eq!(third.status.code(), Some(0));
        assert!(text(&third.stderr).contains("already complete"));
        assert_eq!(standin.seen().len(), PAGES + 1);
    }
}

#[test]
fn ctrl_c_during_an_export_saves_the_state_and_a_resume_completes_it() {
    let dir = Dir::new("sigint");
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    standin.faults(|seen| (seen.seq == 2).then_some(Fault::Delay(Duration::from_millis(800))));
    let settings = dir.settings("tracking", KEY, &standin);
    let output = dir.file("items.jsonl");
    let state = dir.file("items.state");
    let (out, st) = (output.to_string_lossy(), state.to_string_lossy());
    let args = command(
        "export",
        &settings,
        "tracking.list_trackings",
        &["--output", &out, "--resume", &st, "--no-pacing"],
    );
    let child = spawn(&args);
    interrupt_when(&standin, 3, child.id());
    let done = child.wait_with_output().unwrap();
    let stderr = text(&done.stderr);
    assert_eq!(done.status.code(), Some(130), "{stderr}");
    assert!(stderr.contains("interrupted"), "{stderr}");
    // The page in flight finished and was written; nothing after it was asked.
    assert_eq!(ids(&lines(&output)), all_items("cursor")[..3 * PER_PAGE]);
    assert_eq!(standin.seen().len(), 3);
    let resumed = cli(&args);
    assert_eq!(resumed.status.code(), Some(0), "{}", text(&resumed.stderr));
    assert_eq!(ids(&lines(&output)), all_items("cursor"));
}

#[test]
fn bulk_of_500_creates_keeps_order_never_duplicates_and_holds_the_rate() {
    const LINES: usize = 500;
    const RATE: f64 = 200.0;
    let dir = Dir::new("bulk");
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    standin.faults(|seen| {
        if seen.method != "POST" {
            return None;
        }
        match seen.seq {
            40 => Some(Fault::RateLimited(Reset::RetryAfter)),
            140 => Some(Fault::RateLimited(Reset::XRateLimit)),
            240 => Some(Fault::RateLimited(Reset::RateLimit)),
            340 => Some(Fault::RateLimited(Reset::Nothing)),
            // Processed by AfterShip, then a gateway error: must not be sent again.
            77 | 277 => Some(Fault::ProcessedThenHtml(502)),
            // Refused before processing: still not retried for a create (we cannot know).
            177 => Some(Fault::Html(500)),
            _ => None,
        }
    });
    let settings = dir.settings("tracking", KEY, &standin);
    let input = dir.file("in.jsonl");
    let mut text_in = String::new();
    for i in 1..=LINES {
        if i == 250 {
            text_in.push_str("{\"body\": {\"tracking_number\": \"TN250\"\n"); // malformed
        } else {
            text_in.push_str(&format!(
                "{}\n",
                json!({"body": {"tracking_number": format!("TN{i}"), "slug": "dhl"}})
            ));
        }
    }
    std::fs::write(&input, text_in).unwrap();
    let output = dir.file("out.jsonl");
    let rate = RATE.to_string();
    let run = cli(&bulk_creates(
        &settings,
        &input,
        &output,
        &["--concurrency", "8", "--rate-limit", &rate],
    ));
    let stderr = text(&run.stderr);
    // Some lines failed (the 5xx and the malformed line): exit 1, every line still reported.
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    let results = lines(&output);
    assert_eq!(results.len(), LINES, "{stderr}");
    let mut failed: HashMap<String, Vec<u64>> = HashMap::new();
    for (i, result) in results.iter().enumerate() {
        assert_eq!(result["line"], i + 1, "in input order");
        match (&result["ok"], &result["error"]) {
            (Value::Object(ok), Value::Null) => {
                assert_eq!(ok["tracking_number"], format!("TN{}", i + 1))
            }
            (Value::Null, Value::Object(error)) => failed
                .entry(error["kind"].as_str().unwrap().to_string())
                .or_default()
                .push(i as u64 + 1),
            other => panic!("line {}: {other:?}", i + 1),
        }
    }
    assert_eq!(failed["invalid_input"], [250]);
    assert_eq!(failed["unexpected_response"].len(), 3, "{failed:?}");
    assert_eq!(failed.len(), 2, "{failed:?}");
    let malformed = &results[249]["error"]["fields"][0];
    assert_eq!(malformed["field"], "line 250");
    // No tracking was created twice; every line created exactly one except the malformed line
    // and the one refused with a 500 before processing.
    let creates = standin.creates();
    assert!(creates.values().all(|&n| n == 1), "duplicate creates");
    assert_eq!(creates.len(), LINES - 2);
    assert!(!creates.contains_key("TN250"));
    // 499 creates + 4 answered 429 + 1 refused with 500 = every POST the stand-in saw.
    assert_eq!(standin.seen().len(), LINES - 1 + 4);
    // Pacing: never more than the limit in any one-second window (tolerance: 10 % + 5 for
    // scheduling delays between taking a slot and the request arriving).
    let busiest = standin.max_in_window(Duration::from_secs(1));
    assert!(
        busiest as f64 <= RATE * 1.1 + 5.0,
        "{busiest} requests in one second, limit {RATE}"
    );
    assert!(
        stderr.contains("500 lines: 496 ok, 4 failed (invalid_input: 1, unexpected_response: 3), 4 retried (4 retries)"),
        "{stderr}"
    );
}

#[test]
fn bulk_resumes_where_it_stopped_and_reads_csv_with_dotted_columns() {
    let dir = Dir::new("bulkcsv");
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    standin.faults(|seen| (seen.seq == 1).then_some(Fault::Delay(Duration::from_millis(800))));
    let settings = dir.settings("tracking", KEY, &standin);
    let input = dir.file("in.csv");
    std::fs::write(
        &input,
        "body.tracking_number,body.slug,colour\nA1,dhl,\nA2,ups,\nA3,dhl,red\n\"A4\",dhl,\n",
    )
    .unwrap();
    let output = dir.file("out.jsonl");
    let state = dir.file("bulk.state");
    let args = bulk_creates(
        &settings,
        &input,
        &output,
        &["--resume", &state.to_string_lossy(), "--concurrency", "1"],
    );
    // Ctrl-C while line 3's create (the second request) is in flight.
    let child = spawn(&args);
    interrupt_when(&standin, 2, child.id());
    let stopped = child.wait_with_output().unwrap();
    assert_eq!(
        stopped.status.code(),
        Some(130),
        "{}",
        text(&stopped.stderr)
    );
    // The create in flight finished and its result was written; nothing else was sent.
    let results = lines(&output);
    assert_eq!(results.len(), 2, "{results:?}");
    assert_eq!(standin.seen().len(), 2);
    let resumed = cli(&args);
    assert_eq!(resumed.status.code(), Some(1), "{}", text(&resumed.stderr));
    assert!(text(&resumed.stderr).contains("resuming after 2 lines"));
    let results = lines(&output);
    assert_eq!(results.len(), 4);
    assert_eq!(results[0]["line"], 2);
    assert_eq!(results[0]["ok"]["tracking_number"], "A1");
    assert_eq!(results[1]["ok"]["slug"], "ups");
    assert_eq!(results[2]["line"], 4);
    assert_eq!(results[2]["error"]["kind"], "invalid_input");
    assert_eq!(results[2]["error"]["fields"][0]["field"], "colour");
    assert_eq!(results[3]["ok"]["tracking_number"], "A4");
    let creates = standin.creates();
    assert_eq!(creates.len(), 3);
    assert!(creates.values().all(|&n| n == 1), "{creates:?}");
    // Everything is done: another resumed run sends nothing and keeps the four lines.
    let again = cli(&args);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(standin.seen().len(), 3);
    assert_eq!(lines(&output).len(), 4);
}

/// Sends Ctrl-C (SIGINT) to `pid` once the stand-in has seen `requests` requests (bounded wait).
fn interrupt_when(standin: &StandIn, requests: usize, pid: u32) {
    for _ in 0..250 {
        if standin.seen().len() >= requests {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        standin.seen().len() >= requests,
        "request {requests} never came"
    );
    // The shell's builtin `kill`: present wherever `sh` is, unlike a `kill` binary.
    let kill = Command::new("sh")
        .args(["-c", &format!("kill -INT {pid}")])
        .status()
        .unwrap();
    assert!(kill.success());
}

#[test]
fn check_says_the_key_is_wrong_and_hints_at_sandbox_keys() {
    let dir = Dir::new("check");
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    let good = cli(&[
        "check",
        "--settings",
        &dir.settings("tracking", KEY, &standin),
    ]);
    assert_eq!(good.status.code(), Some(0), "{}", text(&good.stderr));
    assert!(
        text(&good.stdout).contains("connection OK"),
        "{}",
        text(&good.stdout)
    );

    let wrong = cli(&[
        "check",
        "--settings",
        &dir.settings("tracking", "not-the-key", &standin),
    ]);
    let shown = text(&wrong.stdout);
    assert_eq!(wrong.status.code(), Some(1), "{shown}");
    assert!(
        shown.contains("connection FAILED: the API key is wrong"),
        "{shown}"
    );
    assert!(
        !shown.contains("sandbox"),
        "Tracking has no sandbox: {shown}"
    );
    assert!(
        !shown.contains("not-the-key"),
        "the key is never printed: {shown}"
    );

    // Shipping: sandbox keys differ from production keys, and a refusal says so.
    let shipping = cli(&[
        "check",
        "--settings",
        &dir.settings("shipping", "sandbox-key-1", &standin),
    ]);
    let shown = text(&shipping.stdout);
    assert_eq!(shipping.status.code(), Some(1), "{shown}");
    assert!(shown.contains("the API key is wrong"), "{shown}");
    assert!(shown.contains("if this is a sandbox key"), "{shown}");
}

#[test]
fn call_retries_a_read_and_records_a_fixture_with_placeholders() {
    let dir = Dir::new("call");
    let standin = StandIn::start(KEY, PAGES, PER_PAGE);
    standin.faults(|seen| (seen.seq == 0).then_some(Fault::RateLimited(Reset::Nothing)));
    let settings = dir.settings("tracking", KEY, &standin);
    let record = dir.file("recorded.json");
    let run = cli(&command(
        "call",
        &settings,
        "tracking.list_couriers",
        &["--record", &record.to_string_lossy()],
    ));
    let stdout = text(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}{}", text(&run.stderr));
    assert!(stdout.contains("after 2 attempts"), "{stdout}");
    assert!(stdout.contains("as-api-key: ***"), "{stdout}");
    assert!(!stdout.contains(KEY), "{stdout}");
    let fixture = std::fs::read_to_string(&record).unwrap();
    assert!(fixture.contains("{{API_KEY}}"), "{fixture}");
    assert!(!fixture.contains(KEY), "{fixture}");
}

#[test]
fn bad_settings_name_the_field_and_a_closed_pipe_ends_quietly() {
    let dir = Dir::new("bad");
    let settings = dir.settings_with(json!({"api_type": "tracking", "api_kye": "x"}));
    let run = cli(&["check", "--settings", &settings]);
    assert_eq!(run.status.code(), Some(2));
    assert!(
        text(&run.stderr).contains("unknown field `api_kye`"),
        "{}",
        text(&run.stderr)
    );
    let settings = dir.settings_with(json!({"api_type": "tracking", "api_key": 5}));
    let run = cli(&["check", "--settings", &settings]);
    assert!(
        text(&run.stderr).contains("field `api_key` must be a string"),
        "{}",
        text(&run.stderr)
    );

    // `operations shipping | head -1`: the reader goes away after one line.
    let mut child = Command::new(env!("CARGO_BIN_EXE_aftership-harness"))
        .args(["operations", "shipping"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    std::io::Read::read_exact(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let done = child.wait_with_output().unwrap();
    let stderr = text(&done.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(done.status.code(), Some(0), "{stderr}");
}

//! Triggers and crash safety end to end: the real CLI binary (`watch`, `bulk --resume`) through
//! the real component, against the local stand-in with trackings that change, with and without
//! a server that ignores its time filter, and killed with SIGKILL at random points.

mod support;

use std::collections::{BTreeSet, HashMap};
use std::ffi::OsStr;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::standin::{Fault, StandIn};
use support::temp_dir::TempDir;

const KEY: &str = "standin-key-trig";
const BASE: i64 = 1_772_359_200_000; // 2026-03-01T10:00:00Z

/// The suite's scratch folder, with the settings files the CLI reads.
struct Dir(TempDir);

impl Dir {
    fn new(name: &str) -> Dir {
        Dir(TempDir::new("trig", name))
    }

    fn file(&self, name: &str) -> String {
        self.0.path(name).to_string_lossy().into_owned()
    }

    fn settings(&self, api_type: &str, standin: &StandIn) -> String {
        let settings =
            json!({"api_type": api_type, "api_key": KEY, "base_url": standin.base_url()});
        self.0
            .write_json(&format!("settings-{api_type}.json"), &settings)
    }
}

fn cli<S: AsRef<OsStr>>(args: &[S]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aftership-harness"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the CLI runs")
}

/// Runs the CLI and kills it with SIGKILL after `after` (if it is still running by then).
fn run_and_kill(args: &[String], after: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aftership-harness"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + after;
    while Instant::now() < deadline {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = child.try_wait().unwrap().is_none();
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    killed
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn lines(path: &str) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_default()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line: {l}: {e}")))
        .collect()
}

/// RFC 3339 text `seconds` after [`BASE`].
fn at(seconds: i64) -> String {
    aftership_core::trigger::filter_time(BASE + seconds * 1000).replace("+00:00", "Z")
}

/// (id, updated_at) of each emitted line.
fn keys(path: &str) -> Vec<(String, String)> {
    lines(path)
        .iter()
        .map(|v| {
            (
                v["id"].as_str().unwrap().to_string(),
                v["updated_at"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn watch_args(settings: &str, state: &str, output: &str) -> Vec<String> {
    [
        "watch",
        "--settings",
        settings,
        "--trigger",
        "tracking.tracking_updated",
        "--state",
        state,
        "--output",
        output,
        "--since",
        "2026-03-01T00:00:00Z",
        "--once",
        "--no-pacing",
        "--max-attempts",
        "1",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A small xorshift generator: random kill times, printed seed for a rerun.
struct Rng(u64);

impl Rng {
    fn new() -> Rng {
        let seed = std::env::var("TRIGGER_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("TRIGGER_TEST_SEED={seed}");
        Rng(seed)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

fn watch_once_emits_everything_then_exactly_the_changes_then_nothing(ignore_filter: bool) {
    let dir = Dir::new(if ignore_filter { "ignore" } else { "honour" });
    let standin = StandIn::start(KEY, 1, 4);
    standin.ignore_time_filter(ignore_filter);
    for i in 0..10 {
        standin.set_tracking(&format!("t{i:02}"), &at(i * 10));
    }
    let settings = dir.settings("tracking", &standin);
    let (state, output) = (dir.file("state.json"), dir.file("out.jsonl"));
    let args = watch_args(&settings, &state, &output);

    let first = cli(&args);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    let all: BTreeSet<(String, String)> = standin.trackings().into_iter().collect();
    assert_eq!(keys(&output).into_iter().collect::<BTreeSet<_>>(), all);
    assert_eq!(keys(&output).len(), 10);

    // t03 changes to the same second as the newest seen (t09), t05 changes later, two are added
    // (one also in that same second).
    standin.set_tracking("t03", &at(90));
    standin.set_tracking("t05", &at(200));
    standin.set_tracking("t10", &at(95));
    standin.set_tracking("t11", &at(90));
    let before = standin.seen().len();
    let second = cli(&args);
    assert_eq!(second.status.code(), Some(0), "{}", text(&second.stderr));
    let new: BTreeSet<(String, String)> = keys(&output)[10..].iter().cloned().collect();
    let expected: BTreeSet<(String, String)> = [
        ("t03", at(90)),
        ("t05", at(200)),
        ("t10", at(95)),
        ("t11", at(90)),
    ]
    .into_iter()
    .map(|(id, at)| (id.to_string(), at))
    .collect();
    assert_eq!(new, expected);
    assert_eq!(keys(&output).len(), 14);
    // The poll asked the server for changes since the newest seen minus the lookback.
    let asked = &standin.seen()[before];
    assert!(
        asked
            .query
            .contains("updated_at_min=2026-03-01T09%3A51%3A30%2B00%3A00"),
        "{}",
        asked.query
    );

    let third = cli(&args);
    assert_eq!(third.status.code(), Some(0), "{}", text(&third.stderr));
    assert_eq!(keys(&output).len(), 14, "nothing changed: nothing emitted");
}

#[test]
fn watch_once_emits_every_change_once_with_a_server_that_honours_its_filter() {
    watch_once_emits_everything_then_exactly_the_changes_then_nothing(false);
}

#[test]
fn watch_once_emits_every_change_once_with_a_server_that_ignores_its_filter() {
    watch_once_emits_everything_then_exactly_the_changes_then_nothing(true);
}

#[test]
fn watch_killed_at_random_points_loses_and_repeats_nothing() {
    let dir = Dir::new("watchkill");
    let standin = StandIn::start(KEY, 1, 3);
    standin.faults(|_| Some(Fault::Delay(Duration::from_millis(15))));
    for i in 0..12 {
        standin.set_tracking(&format!("w{i:02}"), &at(i * 7));
    }
    let settings = dir.settings("tracking", &standin);
    let (state, output) = (dir.file("state.json"), dir.file("out.jsonl"));
    let args = watch_args(&settings, &state, &output);
    let mut rng = Rng::new();
    let mut expected: BTreeSet<(String, String)> = BTreeSet::new();
    let mut kills = 0;
    let mut newest = 11 * 7;
    let mut added = 12;
    let mut window = Duration::from_millis(150);
    for round in 0..6 {
        if round > 0 {
            // Changes: one to the newest second seen, two later, two new records.
            let pick = |rng: &mut Rng| format!("w{:02}", rng.below(added));
            standin.set_tracking(&pick(&mut rng), &at(newest));
            for _ in 0..2 {
                newest += 1 + rng.below(3) as i64;
                standin.set_tracking(&pick(&mut rng), &at(newest));
            }
            for _ in 0..2 {
                standin.set_tracking(&format!("w{added:02}"), &at(newest));
                added += 1;
            }
        }
        standin.ignore_time_filter(round % 2 == 1);
        expected.extend(standin.trackings());
        let mut killed_here = 0;
        for _ in 0..10 {
            if killed_here == 4 {
                break;
            }
            let after = Duration::from_millis(rng.below(window.as_millis() as u64));
            if run_and_kill(&args, after) {
                killed_here += 1;
            }
        }
        kills += killed_here;
        let began = Instant::now();
        let done = cli(&args);
        assert_eq!(done.status.code(), Some(0), "{}", text(&done.stderr));
        // Next kills land within the time a whole run takes (startup included).
        window = began.elapsed().mul_f64(0.9).max(Duration::from_millis(20));
        let emitted = keys(&output);
        let unique: BTreeSet<(String, String)> = emitted.iter().cloned().collect();
        assert_eq!(unique.len(), emitted.len(), "a record was emitted twice");
        assert_eq!(unique, expected, "round {round}");
    }
    assert!(kills >= 20, "only {kills} runs were killed while running");
}

fn creates_input(dir: &Dir, n: usize) -> String {
    let input = dir.file("in.jsonl");
    let text: String = (1..=n)
        .map(|i| {
            format!(
                "{}\n",
                json!({"body": {"tracking_number": format!("K{i}"), "slug": "dhl"}})
            )
        })
        .collect();
    std::fs::write(&input, text).unwrap();
    input
}

fn bulk_args(
    settings: &str,
    operation: &str,
    input: &str,
    output: &str,
    state: &str,
) -> Vec<String> {
    [
        "bulk",
        "--settings",
        settings,
        "--operation",
        operation,
        "--input",
        input,
        "--output",
        output,
        "--resume",
        state,
        "--concurrency",
        "4",
        "--no-pacing",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn bulk_killed_at_random_points_creates_each_line_once_and_reports_each_once() {
    const LINES: usize = 120;
    let dir = Dir::new("bulkkill");
    let standin = StandIn::start(KEY, 1, 3);
    standin
        .faults(|seen| (seen.method == "POST").then_some(Fault::Delay(Duration::from_millis(12))));
    let settings = dir.settings("tracking", &standin);
    let input = creates_input(&dir, LINES);
    let (output, state) = (dir.file("out.jsonl"), dir.file("state.json"));
    let args = bulk_args(
        &settings,
        "tracking.create_tracking",
        &input,
        &output,
        &state,
    );
    let mut rng = Rng::new();
    let mut kills = 0;
    for _ in 0..40 {
        if kills >= 22 {
            break;
        }
        let after = Duration::from_millis(20 + rng.below(120));
        if run_and_kill(&args, after) {
            kills += 1;
        }
    }
    assert!(kills >= 20, "only {kills} runs were killed while running");
    let last = cli(&args);
    assert_eq!(last.status.code(), Some(0), "{}", text(&last.stderr));
    let results = lines(&output);
    assert_eq!(results.len(), LINES);
    // Every line created exactly one tracking (the stand-in answers 4003 to a second create);
    // a line is sent again only when a kill came between its sending and the journalling of
    // its answer (at most the calls in flight at each kill), and then says it existed.
    let creates: HashMap<String, u32> = standin.creates();
    assert_eq!(creates.len(), LINES);
    for (i, result) in results.iter().enumerate() {
        assert_eq!(result["line"], i + 1, "in input order, each once");
        assert_eq!(
            result["error"],
            Value::Null,
            "a line reported failed: {result}"
        );
        assert_eq!(result["unknown"], Value::Null, "{result}");
        let sends = creates[&format!("K{}", i + 1)];
        if result["existed"] == true {
            assert!(sends > 1, "{result}");
        } else {
            assert_eq!(sends, 1, "line {} was created, then sent again", i + 1);
            assert_eq!(result["ok"]["tracking_number"], format!("K{}", i + 1));
        }
    }
    let resent: u32 = creates.values().map(|n| n - 1).sum();
    assert!(
        resent as usize <= kills * 4,
        "{resent} resends for {kills} kills"
    );
}

#[test]
fn bulk_does_not_resend_a_change_whose_outcome_is_unknown_unless_told() {
    let dir = Dir::new("unknown");
    let standin = StandIn::start(KEY, 1, 3);
    let settings = dir.settings("tracking", &standin);
    let input = dir.file("in.jsonl");
    let line = json!({"id": "0b02015fc7fd4f3c8d5490cece4d124d", "body": {"title": "New Title"}});
    std::fs::write(&input, format!("{line}\n{line}\n")).unwrap();
    let operation = "tracking.update_tracking_by_id";
    for retry_unsafe in [false, true] {
        let (output, state) = (
            dir.file(&format!("o{retry_unsafe}")),
            dir.file(&format!("s{retry_unsafe}")),
        );
        // As a run killed after sending line 1 leaves it: the intent, no outcome.
        let header = json!({"kind": "bulk-journal", "operation": operation, "input": input});
        std::fs::write(
            format!("{state}.journal"),
            format!("{header}\n{{\"i\":0,\"sent\":true}}\n"),
        )
        .unwrap();
        let before = standin.seen().len();
        let mut args = bulk_args(&settings, operation, &input, &output, &state);
        if retry_unsafe {
            args.push("--retry-unsafe".into());
        }
        let run = cli(&args);
        let results = lines(&output);
        assert_eq!(results.len(), 2);
        assert!(results[1]["ok"].is_object(), "{:?}", results[1]);
        if retry_unsafe {
            assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
            assert!(results[0]["ok"].is_object(), "{:?}", results[0]);
            assert_eq!(standin.seen().len() - before, 2);
        } else {
            assert_eq!(run.status.code(), Some(1));
            assert_eq!(results[0]["line"], 1);
            assert!(results[0]["unknown"]["message"]
                .as_str()
                .unwrap()
                .contains("--retry-unsafe"));
            assert_eq!(
                standin.seen().len() - before,
                1,
                "line 1 was not sent again"
            );
            assert!(
                text(&run.stderr).contains("1 unknown"),
                "{}",
                text(&run.stderr)
            );
        }
    }
}

#[test]
fn export_since_sets_the_filter_and_checks_it_again() {
    let dir = Dir::new("since");
    let standin = StandIn::start(KEY, 1, 4);
    standin.ignore_time_filter(true);
    for i in 0..6 {
        standin.set_tracking(&format!("e{i}"), &at(i * 60));
    }
    let settings = dir.settings("tracking", &standin);
    let output = dir.file("out.jsonl");
    let run = cli(&[
        "export",
        "--settings",
        &settings,
        "--operation",
        "tracking.list_trackings",
        "--since",
        &at(150),
        "--output",
        &output,
        "--no-pacing",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    let ids: BTreeSet<String> = keys(&output).into_iter().map(|(id, _)| id).collect();
    assert_eq!(
        ids,
        ["e3", "e4", "e5"].map(String::from).into_iter().collect()
    );
    assert!(standin.seen()[0]
        .query
        .contains("updated_at_min=2026-03-01T10%3A02%3A30"));
    let refused = cli(&[
        "export",
        "--settings",
        &settings,
        "--operation",
        "tracking.list_couriers",
        "--since",
        &at(0),
        "--no-pacing",
    ]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("has no time filter"));
}

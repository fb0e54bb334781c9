//! The runner against the official Node Tracking SDK: one loopback export of a cursor-paged
//! listing (1,000 pages of 20 trackings), first through the runner's `export` (component, HTTP,
//! pacing, JSON Lines output), then through `@aftership/tracking-sdk`'s `getTrackings` with the
//! same lines written (`benches/sdk/export.mjs`). The stand-in server runs in its own process
//! (this benchmark started again with `--standin`), so each side's CPU time is its own.
//! Figures are CPU time per page of each process (user + system, every thread), measured on the
//! last of two passes; printed, never asserted.

#[path = "../../tests/support/standin.rs"]
mod standin;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::{Duration, Instant};

use aftership_core::{ApiType, Settings};
use aftership_harness::runner::export;
use aftership_harness::runner::output::{LineSink, Masker};
use aftership_harness::runner::{Runner, RunnerConfig};
use aftership_harness::Host;
use indicatif::ProgressBar;

const KEY: &str = "bench-key-0000";
/// Pages of the exported listing.
pub const PAGES: usize = 1000;
/// Trackings per page.
pub const PER_PAGE: usize = 20;
const OPERATION: &str = "tracking.list_trackings";

/// `--standin PAGES PER_PAGE`: serves the stand-in, prints its base URL, exits when stdin closes.
pub fn serve(pages: usize, per_page: usize) {
    let standin = standin::StandIn::start(KEY, pages, per_page);
    println!("{}", standin.base_url());
    let mut line = String::new();
    while std::io::stdin().read_line(&mut line).is_ok_and(|n| n > 0) {
        line.clear();
    }
}

/// CPU time of this process so far (user + system, every thread; `CLOCK_PROCESS_CPUTIME_ID`).
fn process_cpu() -> Duration {
    #[allow(unsafe_code)]
    // SAFETY: `clock_gettime` only writes the `timespec` it is given.
    let ts = unsafe {
        let mut ts: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts);
        ts
    };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// One side's export: pages, items, CPU and wall time.
pub struct Side {
    /// Pages fetched.
    pub pages: u64,
    /// Items written.
    pub items: u64,
    /// CPU time of the measured pass.
    pub cpu: Duration,
    /// Wall time of the measured pass.
    pub wall: Duration,
}

impl Side {
    fn cpu_per_page_us(&self) -> f64 {
        self.cpu.as_secs_f64() * 1e6 / self.pages.max(1) as f64
    }

    fn pages_per_second(&self) -> f64 {
        self.pages as f64 / self.wall.as_secs_f64()
    }
}

struct StandInProcess {
    child: Child,
    base_url: String,
}

impl StandInProcess {
    fn start() -> StandInProcess {
        let mut child = Command::new(std::env::current_exe().expect("bench path"))
            .args(["--standin", &PAGES.to_string(), &PER_PAGE.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("stand-in process starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut line)
            .expect("stand-in prints its address");
        StandInProcess {
            child,
            base_url: line.trim().to_string(),
        }
    }
}

impl Drop for StandInProcess {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// The runner's export, as `aftership-harness export tracking.list_trackings --output FILE
/// [--resume STATE]` runs it (pacing on, at a rate high enough never to wait), measured on the
/// second pass.
fn runner_side(host: &Host, base_url: &str, out: &Path, state: Option<&Path>) -> Side {
    let mut settings = Settings::new("bench", ApiType::Tracking, KEY);
    settings.base_url = Some(base_url.to_string());
    let config = RunnerConfig {
        rate_limit: Some(1e9),
        ..RunnerConfig::default()
    };
    let runner = Runner::new(
        host.clone(),
        settings.clone(),
        config,
        Arc::new(AtomicBool::new(false)),
    )
    .expect("runner");
    let input = format!(r#"{{"limit":{PER_PAGE}}}"#);
    let mut measured = None;
    for _ in 0..2 {
        if let Some(state) = state {
            let _ = std::fs::remove_file(state);
        }
        let start = export::start(OPERATION, &input, state).expect("fresh start");
        let mut sink =
            LineSink::file(Masker::for_settings(&settings), out, Some(0)).expect("output file");
        let (cpu, wall) = (process_cpu(), Instant::now());
        let summary = export::run(
            &runner,
            OPERATION,
            start,
            &mut sink,
            state,
            &ProgressBar::hidden(),
        )
        .expect("export runs");
        assert!(summary.stopped.is_none(), "export stopped: {summary:?}");
        measured = Some(Side {
            pages: summary.pages,
            items: summary.items,
            cpu: process_cpu() - cpu,
            wall: wall.elapsed(),
        });
    }
    measured.expect("two passes")
}

fn sdk_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/sdk")
}

/// The SDK's export (`benches/sdk/export.mjs`), or why it could not run.
fn sdk_side(base_url: &str, out: &Path) -> Result<(Side, String), String> {
    let dir = sdk_dir();
    if !dir.join("node_modules/@aftership/tracking-sdk").is_dir() {
        return Err("skipped: install the SDK first (scripts/stage-bench-sdk.sh)".into());
    }
    let output = Command::new("nice")
        .args(["-n", "0", "node", "export.mjs", base_url, KEY])
        .arg(out)
        .arg("2")
        .current_dir(&dir)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("node could not run: {e}"))?;
    if !output.status.success() {
        return Err(format!("export.mjs failed: {}", output.status));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    let json: serde_json::Value = serde_json::from_str(text.trim())
        .map_err(|e| format!("export.mjs printed {text:?}: {e}"))?;
    let number = |name: &str| json[name].as_f64().ok_or(format!("export.mjs: no {name}"));
    let side = Side {
        pages: number("pages")? as u64,
        items: number("items")? as u64,
        cpu: Duration::from_secs_f64(number("cpu_us")? / 1e6),
        wall: Duration::from_secs_f64(number("wall_ms")? / 1e3),
    };
    let versions = format!(
        "@aftership/tracking-sdk {} on node {}",
        json["sdk"].as_str().unwrap_or("?"),
        json["node"].as_str().unwrap_or("?")
    );
    Ok((side, versions))
}

/// Runs both exports and returns the printed comparison (also printed as it goes).
pub fn compare(host: &Host) -> String {
    let standin = StandInProcess::start();
    let out = std::env::temp_dir().join(format!("as-bench-export-{}.jsonl", std::process::id()));
    let state = out.with_extension("state.json");
    let runner = runner_side(host, &standin.base_url, &out, None);
    let resumable = runner_side(host, &standin.base_url, &out, Some(&state));
    let sdk = sdk_side(&standin.base_url, &out);
    drop(standin);
    let _ = std::fs::remove_file(&out);
    let _ = std::fs::remove_file(&state);
    let mut text = format!(
        "loopback export of tracking.list_trackings: {PAGES} pages of {PER_PAGE} trackings, \
         cursor paging, stand-in server in its own process; CPU time of the exporting process \
         (user + system), second of two passes\n"
    );
    let line = |name: &str, side: &Side| {
        format!(
            "{name:<34} {:>5} pages {:>6} items   CPU {:>7.1} µs/page   {:>7.0} pages/s\n",
            side.pages,
            side.items,
            side.cpu_per_page_us(),
            side.pages_per_second()
        )
    };
    text.push_str(&line("runner (export, pacing on)", &runner));
    text.push_str(&line("runner (same, --resume STATE)", &resumable));
    match sdk {
        Ok((sdk, versions)) => {
            text.push_str(&line("official SDK (getTrackings)", &sdk));
            text.push_str(&format!(
                "runner CPU per page / SDK CPU per page: {:.2} ({:.2} with --resume; target ≤ 0.33); \
                 pages per second, runner / SDK: {:.2}x; SDK: {versions}\n",
                runner.cpu_per_page_us() / sdk.cpu_per_page_us(),
                resumable.cpu_per_page_us() / sdk.cpu_per_page_us(),
                runner.pages_per_second() / sdk.pages_per_second()
            ));
        }
        Err(why) => text.push_str(&format!("official SDK: {why}\n")),
    }
    print!("{text}");
    text
}

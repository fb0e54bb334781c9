//! `watch`: polls a trigger and writes each new or updated record as one JSON line, each exactly
//! once across runs and crashes.
//!
//! The trigger logic is the component's (`trigger-start`, `trigger-step`); this loop only sends
//! the requests and stores things. After every page, the emitted lines are written and synced,
//! then the state file is replaced atomically with the trigger state *and* the output length. A
//! run that starts cuts the output back to the recorded length, so the output and the trigger
//! state always move together: a record whose line reached the file before a crash but whose
//! state did not is cut and emitted again once, never twice, never skipped.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{json, Value};

use super::output::LineSink;
use super::retry::Jitter;
use super::{now_unix_ms, pacing, state, CallError, Runner};

/// What `watch` was asked to do.
#[derive(Clone, Debug, PartialEq)]
pub struct WatchOptions {
    /// The trigger id.
    pub trigger: String,
    /// Where to start when there is no state yet (RFC 3339).
    pub since: Option<String>,
    /// Poll once and return.
    pub once: bool,
    /// Time between polls.
    pub interval: Duration,
}

/// Where a watch starts: the stored trigger state and output length.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Saved {
    /// The trigger state (JSON text), when a poll ran before.
    pub trigger_state: Option<String>,
    /// The output length recorded with it.
    pub output_len: Option<u64>,
}

/// Why a watch stopped.
#[derive(Clone, Debug, PartialEq)]
pub enum WatchStop {
    /// Ctrl-C.
    Interrupted,
    /// A call failed after its retries.
    Failed(CallError),
    /// The trigger refused the state, `since` or a page (kind and message).
    Trigger(String, String),
}

/// What a watch did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WatchSummary {
    /// Polls finished.
    pub polls: u64,
    /// Pages read.
    pub pages: u64,
    /// Records written.
    pub records: u64,
    /// Why it stopped early, if it did.
    pub stopped: Option<WatchStop>,
    /// Time of this run.
    pub elapsed: Duration,
}

/// Reads the state file of a watch of `trigger`.
pub fn load(path: &Path, trigger: &str) -> Result<Saved, String> {
    let Some(saved) = state::load(path)? else {
        return Ok(Saved::default());
    };
    if saved["kind"] != "watch" || saved["trigger"] != trigger {
        return Err(format!(
            "state file `{}` belongs to another run ({} {}); use a new file",
            path.display(),
            saved["kind"],
            saved["trigger"]
        ));
    }
    Ok(Saved {
        trigger_state: match &saved["state"] {
            Value::Null => None,
            other => Some(other.to_string()),
        },
        output_len: saved["output_len"].as_u64(),
    })
}

fn save(
    path: &Path,
    trigger: &str,
    trigger_state: &str,
    output_len: Option<u64>,
) -> std::io::Result<()> {
    let trigger_state: Value = serde_json::from_str(trigger_state)
        .map_err(|e| std::io::Error::other(format!("trigger state is not JSON: {e}")))?;
    state::save(
        path,
        &json!({"kind": "watch", "trigger": trigger, "state": trigger_state, "output_len": output_len}),
    )
}

/// Polls until `--once` is done, Ctrl-C, or a failure. `saved` comes from [`load`]; the sink
/// must already be cut back to `saved.output_len`.
pub fn run(
    runner: &Runner,
    options: &WatchOptions,
    saved: Saved,
    sink: &mut LineSink,
    state_path: &Path,
) -> std::io::Result<WatchSummary> {
    let began = Instant::now();
    let mut rng = Jitter::new(3);
    let mut summary = WatchSummary::default();
    let mut trigger_state = saved.trigger_state;
    let trigger = options.trigger.as_str();
    let host = runner.host();
    'polls: loop {
        let now = i64::try_from(now_unix_ms()).unwrap_or(i64::MAX);
        let started = match host.trigger_start(
            trigger,
            trigger_state.as_deref(),
            options.since.as_deref(),
            now,
        ) {
            Ok(Ok(started)) => started,
            Ok(Err(error)) => {
                summary.stopped = Some(WatchStop::Trigger(error.kind, error.message));
                break;
            }
            Err(e) => {
                summary.stopped = Some(WatchStop::Failed(CallError::Host(e.to_string())));
                break;
            }
        };
        let mut current = started.state;
        let mut input = started.input;
        loop {
            if runner.stopped() {
                summary.stopped = Some(WatchStop::Interrupted);
                break 'polls;
            }
            let exchange = runner.call(&started.operation, &input, None, &mut rng);
            let outcome = match exchange.result {
                Ok(outcome) => outcome,
                Err(CallError::Interrupted) => {
                    summary.stopped = Some(WatchStop::Interrupted);
                    break 'polls;
                }
                Err(error) => {
                    summary.stopped = Some(WatchStop::Failed(error));
                    break 'polls;
                }
            };
            let step = match host.trigger_step(
                trigger,
                &current,
                &outcome.data,
                outcome.next_page.as_deref(),
            ) {
                Ok(Ok(step)) => step,
                Ok(Err(error)) => {
                    summary.stopped = Some(WatchStop::Trigger(error.kind, error.message));
                    break 'polls;
                }
                Err(e) => {
                    summary.stopped = Some(WatchStop::Failed(CallError::Host(e.to_string())));
                    break 'polls;
                }
            };
            for record in &step.records {
                sink.push(record);
            }
            sink.flush()?;
            sink.sync()?;
            let len = sink.file_len()?;
            save(state_path, trigger, &step.state, len)?;
            summary.pages += 1;
            summary.records += step.records.len() as u64;
            current = step.state;
            trigger_state = Some(current.clone());
            match step.next_input {
                Some(next) => input = next,
                None => break,
            }
        }
        summary.polls += 1;
        if options.once {
            break;
        }
        if !pacing::sleep_until(Instant::now() + options.interval, runner.stop_flag(), true) {
            summary.stopped = Some(WatchStop::Interrupted);
            break;
        }
    }
    summary.elapsed = began.elapsed();
    Ok(summary)
}

//! `bulk`: one call per input record, exactly one result line per record, in input order.
//!
//! Records come from [`super::input`]. A record that cannot become an input (bad JSON, a column
//! that maps to no input member) gets its `invalid_input` result line like any other failure,
//! and the run goes on. Workers take records in order; the writer emits results
//! in order as soon as the prefix before them is complete, flushes whole lines and saves the
//! resume state (count of lines written, output length) atomically.
//!
//! Crash safety: with a state file, every line's intent is journalled ([`super::journal`])
//! before its request is sent and its result as soon as it is known. A resumed run reuses
//! every known result without sending again. A line sent with no known result is sent again
//! only when the operation has a natural key with a documented "already exists" answer
//! ([`NATURAL_KEYS`]: a second Tracking create answers `meta.code` 4003 and creates nothing), and
//! that answer is then reported as success (`"existed": true`); any other such line is reported
//! as `{"line": n, "unknown": ...}` and counted, and is sent again only with `--retry-unsafe`.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use serde_json::json;

use aftership_core::ConnectorError;

use super::export::{compact, data_json};
use super::output::LineSink;
use super::retry::Jitter;
use super::{state, CallError, Runner};

/// Operations whose repeat is harmless and recognisable: sending one again after a crash
/// creates nothing new, and AfterShip answers with this `meta.code` ("Tracking already exists.",
/// natural key tracking number + courier slug).
pub const NATURAL_KEYS: &[(&str, i64)] = &[
    ("tracking.create_tracking", 4003),
    ("tracking_v4.create_tracking", 4003),
];

/// The "already exists" `meta.code` of `operation`, when it has a natural key.
pub fn already_exists_code(operation: &str) -> Option<i64> {
    NATURAL_KEYS
        .iter()
        .find(|(op, _)| *op == operation)
        .map(|(_, code)| *code)
}

pub use super::input::{read_csv, read_jsonl, Record};
pub use super::journal::Journal;

/// What a bulk run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct BulkSummary {
    /// Result lines written in this run.
    pub lines: u64,
    /// Lines with an `ok` result.
    pub ok: u64,
    /// Failed lines per error kind.
    pub failed: BTreeMap<String, u64>,
    /// Lines that needed more than one request.
    pub retried_lines: u64,
    /// Requests sent again, in total.
    pub retries: u64,
    /// Lines written by earlier runs (resume).
    pub skipped: u64,
    /// Lines sent again after a crash that AfterShip answered "already exists" (counted in `ok`).
    pub existed: u64,
    /// Lines sent by a crashed run whose outcome is unknown and that were not sent again.
    pub unknown: u64,
    /// Lines whose result an earlier (crashed) run had received: reported, not sent again.
    pub reused: u64,
    /// Time of this run.
    pub elapsed: Duration,
    /// Stopped by Ctrl-C (or a closed output) before the last record.
    pub interrupted: bool,
}

impl BulkSummary {
    /// Failed lines in total.
    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum()
    }

    /// The summary as one line of text.
    pub fn text(&self) -> String {
        let failed: Vec<String> = self
            .failed
            .iter()
            .map(|(k, n)| format!("{k}: {n}"))
            .collect();
        let secs = self.elapsed.as_secs_f64();
        let rate = if secs > 0.0 {
            self.lines as f64 / secs
        } else {
            0.0
        };
        format!(
            "{} lines: {} ok, {} failed{}, {} retried ({} retries), {:.2} s, {:.1} lines/s{}{}{}{}",
            self.lines,
            self.ok,
            self.failed_total(),
            if failed.is_empty() {
                String::new()
            } else {
                format!(" ({})", failed.join(", "))
            },
            self.retried_lines,
            self.retries,
            secs,
            rate,
            if self.skipped > 0 {
                format!(", {} lines done by an earlier run", self.skipped)
            } else {
                String::new()
            },
            if self.reused + self.existed > 0 {
                format!(
                    ", {} results recovered from the journal, {} already existed",
                    self.reused, self.existed
                )
            } else {
                String::new()
            },
            if self.unknown > 0 {
                format!(
                    ", {} unknown (sent before a crash, no answer known; check them, or resume with --retry-unsafe)",
                    self.unknown
                )
            } else {
                String::new()
            },
            if self.interrupted {
                ", interrupted"
            } else {
                ""
            },
        )
    }
}

/// Where a bulk run starts: lines already written and the output length after them.
pub fn start(
    operation: &str,
    input_path: &str,
    state_path: Option<&Path>,
) -> Result<(u64, Option<u64>), String> {
    let Some(path) = state_path else {
        return Ok((0, None));
    };
    let Some(saved) = state::load(path)? else {
        return Ok((0, None));
    };
    if saved["kind"] != "bulk" || saved["operation"] != operation || saved["input"] != input_path {
        return Err(format!(
            "state file `{}` belongs to another run ({} {} {}); use a new file",
            path.display(),
            saved["kind"],
            saved["operation"],
            saved["input"]
        ));
    }
    Ok((
        saved["done"].as_u64().unwrap_or(0),
        saved["output_len"].as_u64(),
    ))
}

struct Done {
    index: usize,
    line: String,
    /// `ok`, `existed`, `unknown` or an error kind.
    status: String,
    retries: u32,
    reused: bool,
}

/// Runs `records[skip..]` with `concurrency` workers, writing one result line per record.
#[allow(clippy::too_many_arguments)]
pub fn run(
    runner: &Runner,
    operation: &str,
    input_path: &str,
    records: &[Record],
    skip: u64,
    concurrency: usize,
    sink: &mut LineSink,
    state_path: Option<&Path>,
    journal: &Journal,
    progress: &ProgressBar,
) -> std::io::Result<BulkSummary> {
    let retry_unsafe = runner.retry_unsafe();
    let began = Instant::now();
    let skip = (skip as usize).min(records.len());
    let mut summary = BulkSummary {
        skipped: skip as u64,
        ..BulkSummary::default()
    };
    let next = AtomicUsize::new(skip);
    let concurrency = concurrency.max(1);
    let (tx, rx) = mpsc::sync_channel::<Done>(concurrency * 4);
    let mut write_error = None;
    std::thread::scope(|scope| {
        // One worker: calls run inline here, which spares a thread hand-off per line.
        let rx = if concurrency > 1 {
            for worker in 0..concurrency {
                let tx = tx.clone();
                let next = &next;
                scope.spawn(move || {
                    let mut rng = Jitter::new(worker as u64 + 1);
                    loop {
                        if runner.stopped() {
                            break;
                        }
                        let index = next.fetch_add(1, Ordering::SeqCst);
                        let Some(record) = records.get(index) else {
                            break;
                        };
                        let done = process(
                            runner,
                            operation,
                            record,
                            index,
                            journal,
                            retry_unsafe,
                            &mut rng,
                        );
                        if tx.send(done).is_err() {
                            break;
                        }
                    }
                });
            }
            Some(rx)
        } else {
            None
        };
        drop(tx);
        let mut inline_rng = Jitter::new(0);
        let mut receive = || -> Option<Done> {
            match &rx {
                Some(rx) => rx.recv().ok(),
                None => {
                    if runner.stopped() {
                        return None;
                    }
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let record = records.get(index)?;
                    Some(process(
                        runner,
                        operation,
                        record,
                        index,
                        journal,
                        retry_unsafe,
                        &mut inline_rng,
                    ))
                }
            }
        };
        let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
        let mut written = skip;
        let mut last_save = Instant::now();
        while let Some(first) = receive() {
            pending.insert(first.index, first);
            // Take whatever else is ready, then write the complete prefix in one flush.
            if let Some(rx) = &rx {
                while let Ok(more) = rx.try_recv() {
                    pending.insert(more.index, more);
                }
            }
            if write_error.is_some() {
                continue;
            }
            let before = written;
            while let Some(done) = pending.remove(&written) {
                sink.push(&done.line);
                summary.lines += 1;
                match done.status.as_str() {
                    "ok" => summary.ok += 1,
                    "existed" => {
                        summary.ok += 1;
                        summary.existed += 1;
                    }
                    "unknown" => summary.unknown += 1,
                    kind => *summary.failed.entry(kind.to_string()).or_default() += 1,
                }
                if done.reused {
                    summary.reused += 1;
                }
                if done.retries > 0 {
                    summary.retried_lines += 1;
                    summary.retries += u64::from(done.retries);
                }
                written += 1;
            }
            if written == before {
                continue;
            }
            let result = sink.flush().and_then(|()| {
                progress.inc((written - before) as u64);
                if last_save.elapsed() >= Duration::from_millis(200) || written == records.len() {
                    last_save = Instant::now();
                    save(state_path, operation, input_path, written, sink)
                } else {
                    Ok(())
                }
            });
            if let Err(e) = result {
                // Closed pipe or full disk: stop taking records, let the workers finish.
                runner.stop_now();
                write_error = Some(e);
            }
        }
        if write_error.is_none() {
            if let Err(e) = save(state_path, operation, input_path, written, sink) {
                write_error = Some(e);
            }
        }
        summary.interrupted = written < records.len();
    });
    summary.elapsed = began.elapsed();
    match write_error {
        Some(e) => Err(e),
        None => Ok(summary),
    }
}

fn save(
    state_path: Option<&Path>,
    operation: &str,
    input_path: &str,
    done: usize,
    sink: &mut LineSink,
) -> std::io::Result<()> {
    let Some(path) = state_path else {
        return Ok(());
    };
    sink.sync()?;
    let len = sink.file_len()?;
    state::save(
        path,
        &json!({
            "kind": "bulk",
            "operation": operation,
            "input": input_path,
            "done": done,
            "output_len": len,
        }),
    )
}

#[allow(clippy::too_many_arguments)]
fn process(
    runner: &Runner,
    operation: &str,
    record: &Record,
    index: usize,
    journal: &Journal,
    retry_unsafe: bool,
    rng: &mut Jitter,
) -> Done {
    let done = |line: String, status: &str, retries: u32, reused: bool| Done {
        index,
        line,
        status: status.to_string(),
        retries,
        reused,
    };
    let earlier = journal.earlier(index);
    if let Some((line, status)) = earlier.and_then(|e| e.outcome.as_ref()) {
        return done(line.clone(), status, 0, true);
    }
    let input = match &record.input {
        Err(error) => {
            let error = CallError::Connector(error.clone());
            let line = json!({"line": record.line, "error": error.to_json()}).to_string();
            return done(line, error.kind(), 0, false);
        }
        Ok(input) => input,
    };
    // Sent by a crashed run, answer unknown: repeat only what a repeat cannot duplicate.
    let unknown = earlier.is_some_and(|e| e.sent);
    let exists_code = already_exists_code(operation);
    if unknown && exists_code.is_none() && !retry_unsafe {
        let line = json!({"line": record.line, "unknown": {
            "message": "sent by an interrupted run; whether AfterShip received it is unknown, so it was not sent again (check it, or resume with --retry-unsafe)"
        }})
        .to_string();
        return match journal.outcome(index, &line, "unknown") {
            Ok(()) => done(line, "unknown", 0, false),
            Err(e) => journal_failed(record, index, &e),
        };
    }
    if let Err(e) = journal.intent(index) {
        return journal_failed(record, index, &e);
    }
    let exchange = runner.call(operation, input, None, rng);
    let retries = exchange.retries();
    let (line, status) = match exchange.result {
        Ok(outcome) => (ok_line(record.line, &outcome.data), "ok".to_string()),
        Err(CallError::Connector(error))
            if unknown && exists_code.is_some() && meta_code(&error) == exists_code =>
        {
            let line = json!({"line": record.line, "ok": null, "existed": true,
                "message": error.to_string()});
            (line.to_string(), "existed".to_string())
        }
        Err(error) => (
            json!({"line": record.line, "error": error.to_json()}).to_string(),
            error.kind().to_string(),
        ),
    };
    // A result that could not be journalled is still reported; at worst a crash right now
    // leaves this line "unknown" for the next run, which is the safe side.
    let _ = journal.outcome(index, &line, &status);
    done(line, &status, retries, false)
}

/// The line when the journal cannot be written: nothing is sent without its intent on disk.
fn journal_failed(record: &Record, index: usize, error: &std::io::Error) -> Done {
    let error = CallError::Host(format!("cannot write the bulk journal: {error}"));
    Done {
        index,
        line: json!({"line": record.line, "error": error.to_json()}).to_string(),
        status: error.kind().to_string(),
        retries: 0,
        reused: false,
    }
}

/// The `meta.code` of an AfterShip error answer.
fn meta_code(error: &ConnectorError) -> Option<i64> {
    match error {
        ConnectorError::Conflict(e)
        | ConnectorError::Validation(e)
        | ConnectorError::NotFound(e)
        | ConnectorError::Forbidden(e)
        | ConnectorError::Unauthorized(e)
        | ConnectorError::Server(e) => Some(e.code),
        _ => None,
    }
}

/// `{"line": n, "ok": data}`, with the component's data text embedded as is (compacted) when it
/// is JSON, which saves parsing and re-serializing every answer.
fn ok_line(line: u64, data: &str) -> String {
    if serde_json::from_str::<&serde_json::value::RawValue>(data).is_ok() {
        format!("{{\"line\":{line},\"ok\":{}}}", compact(data))
    } else {
        json!({"line": line, "ok": data_json(data)}).to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ok_lines_embed_the_data_text() {
        assert_eq!(
            ok_line(3, "{\"a\": [1,\n 2]}"),
            r#"{"line":3,"ok":{"a":[1,2]}}"#
        );
        assert_eq!(ok_line(4, "not json"), r#"{"line":4,"ok":"not json"}"#);
    }

    #[test]
    fn summary_text_names_failures_by_kind() {
        let mut summary = BulkSummary {
            lines: 3,
            ok: 1,
            retried_lines: 1,
            retries: 2,
            elapsed: Duration::from_secs(1),
            ..BulkSummary::default()
        };
        summary.failed.insert("server".into(), 2);
        let text = summary.text();
        assert!(
            text.starts_with("3 lines: 1 ok, 2 failed (server: 2), 1 retried (2 retries)"),
            "{text}"
        );
    }
}

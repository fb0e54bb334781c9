//! `bulk`: one call per input record, exactly one result line per record, in input order.
//!
//! Records come from JSON Lines (one input object per line) or CSV whose header names input
//! members, nested with dots (`body.tracking_number`). A record that cannot become an input (bad
//! JSON, a column that maps to no input member) gets its `invalid_input` result line like any
//! other failure, and the run goes on. Workers take records in order; the writer emits results
//! in order as soon as the prefix before them is complete, flushes whole lines and saves the
//! resume state (count of lines written, output length) atomically.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aftership_core::{ConnectorError, FieldError};
use indicatif::ProgressBar;
use serde_json::{json, Map, Value};

use super::catalog::OperationInfo;
use super::export::data_json;
use super::output::LineSink;
use super::retry::Jitter;
use super::{state, CallError, Runner};

/// One input record.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// Line number in the input file (1-based; for CSV the line the record starts on).
    pub line: u64,
    /// The operation input as JSON text, or why the record is not one.
    pub input: Result<String, ConnectorError>,
}

fn bad(line: u64, field: impl Into<String>, message: impl Into<String>) -> Record {
    Record {
        line,
        input: Err(ConnectorError::InvalidInput(vec![FieldError::new(
            field, message,
        )])),
    }
}

/// Records of a JSON Lines text; blank lines are skipped.
pub fn read_jsonl(text: &str) -> Vec<Record> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            let n = i as u64 + 1;
            match serde_json::from_str::<Value>(line) {
                Ok(Value::Object(_)) => Record {
                    line: n,
                    input: Ok(line.trim().to_string()),
                },
                Ok(_) => bad(n, format!("line {n}"), "must be a JSON object"),
                Err(e) => bad(n, format!("line {n}"), format!("not JSON: {e}")),
            }
        })
        .collect()
}

/// Records of a CSV text whose header row names input members (`slug`, `body.tracking_number`).
/// Empty cells are left out. Top-level members the schema types as integer, number or boolean are
/// converted; array members accept a comma list; everything else stays a string. A non-empty
/// cell under a column that maps to no input member makes that record an `invalid_input`.
pub fn read_csv(text: &str, operation: &OperationInfo) -> Result<Vec<Record>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("CSV header: {e}"))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let known: HashSet<&str> = operation.members.iter().map(|(n, _)| n.as_str()).collect();
    let mut records = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(e) => {
                let line = e.position().map(|p| p.line()).unwrap_or(0);
                records.push(bad(line, format!("line {line}"), format!("CSV: {e}")));
                continue;
            }
        };
        let line = row.position().map(|p| p.line()).unwrap_or(0);
        let mut input = Map::new();
        let mut errors = Vec::new();
        for (i, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let Some(column) = headers.get(i) else {
                errors.push(FieldError::new(
                    format!("column {}", i + 1),
                    "has no header (more cells than header columns)",
                ));
                continue;
            };
            let path: Vec<&str> = column.split('.').collect();
            if column.is_empty() || path.iter().any(|p| p.is_empty()) || !known.contains(path[0]) {
                errors.push(FieldError::new(
                    column.clone(),
                    "column maps to no input member of this operation",
                ));
                continue;
            }
            let schema_type = operation
                .members
                .iter()
                .find(|(n, _)| n == path[0])
                .map(|(_, t)| t);
            let value = if path.len() == 1 {
                typed(cell, schema_type)
            } else {
                Value::String(cell.to_string())
            };
            if let Err(message) = insert(&mut input, &path, value) {
                errors.push(FieldError::new(column.clone(), message));
            }
        }
        records.push(if errors.is_empty() {
            Record {
                line,
                input: Ok(Value::Object(input).to_string()),
            }
        } else {
            Record {
                line,
                input: Err(ConnectorError::InvalidInput(errors)),
            }
        });
    }
    Ok(records)
}

fn typed(cell: &str, schema_type: Option<&Value>) -> Value {
    let is = |name: &str| match schema_type {
        Some(Value::String(t)) => t == name,
        Some(Value::Array(list)) => list.first().and_then(Value::as_str) == Some(name),
        _ => false,
    };
    let parsed = if is("integer") || is("number") {
        serde_json::from_str::<Value>(cell.trim())
            .ok()
            .filter(Value::is_number)
    } else if is("boolean") {
        match cell.trim() {
            "true" => Some(Value::Bool(true)),
            "false" => Some(Value::Bool(false)),
            _ => None,
        }
    } else if is("array") {
        Some(Value::Array(
            cell.split(',')
                .map(|s| Value::String(s.trim().to_string()))
                .collect(),
        ))
    } else {
        None
    };
    // A cell that does not fit the type goes through as text; the component names the field.
    parsed.unwrap_or_else(|| Value::String(cell.to_string()))
}

fn insert(map: &mut Map<String, Value>, path: &[&str], value: Value) -> Result<(), String> {
    let (first, rest) = path.split_first().ok_or("empty column name")?;
    if rest.is_empty() {
        if map.contains_key(*first) {
            return Err("given twice (another column fills the same member)".into());
        }
        map.insert(first.to_string(), value);
        return Ok(());
    }
    match map
        .entry(first.to_string())
        .or_insert_with(|| Value::Object(Map::new()))
    {
        Value::Object(inner) => insert(inner, rest, value),
        _ => Err(format!("`{first}` is both a value and an object")),
    }
}

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
            "{} lines: {} ok, {} failed{}, {} retried ({} retries), {:.2} s, {:.1} lines/s{}{}",
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
    kind: Option<&'static str>,
    retries: u32,
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
    progress: &ProgressBar,
) -> std::io::Result<BulkSummary> {
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
                    let done = process(runner, operation, record, index, &mut rng);
                    if tx.send(done).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut pending: BTreeMap<usize, Done> = BTreeMap::new();
        let mut written = skip;
        let mut last_save = Instant::now();
        while let Ok(first) = rx.recv() {
            pending.insert(first.index, first);
            // Take whatever else is ready, then write the complete prefix in one flush.
            while let Ok(more) = rx.try_recv() {
                pending.insert(more.index, more);
            }
            if write_error.is_some() {
                continue;
            }
            let before = written;
            while let Some(done) = pending.remove(&written) {
                sink.push(&done.line);
                summary.lines += 1;
                match done.kind {
                    None => summary.ok += 1,
                    Some(kind) => *summary.failed.entry(kind.to_string()).or_default() += 1,
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

fn process(
    runner: &Runner,
    operation: &str,
    record: &Record,
    index: usize,
    rng: &mut Jitter,
) -> Done {
    let (result, retries) = match &record.input {
        Err(error) => (Err(CallError::Connector(error.clone())), 0),
        Ok(input) => {
            let exchange = runner.call(operation, input, None, rng);
            let retries = exchange.retries();
            (exchange.result, retries)
        }
    };
    let (line, kind) = match result {
        Ok(outcome) => (
            json!({"line": record.line, "ok": data_json(&outcome.data)}).to_string(),
            None,
        ),
        Err(error) => (
            json!({"line": record.line, "error": error.to_json()}).to_string(),
            Some(error.kind()),
        ),
    };
    Done {
        index,
        line,
        kind,
        retries,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create_tracking() -> OperationInfo {
        let catalog =
            super::super::catalog::Catalog::from_manifest(&aftership_core::manifest_json())
                .unwrap();
        catalog.get("tracking.list_trackings").unwrap().clone()
    }

    #[test]
    fn jsonl_bad_lines_become_invalid_input_naming_the_line() {
        let records = read_jsonl("{\"a\":1}\n\n{oops\n[1]\n");
        assert_eq!(records.len(), 3);
        assert_eq!(records[0].input.as_deref(), Ok("{\"a\":1}"));
        assert_eq!(records[1].line, 3);
        let Err(ConnectorError::InvalidInput(fields)) = &records[1].input else {
            panic!("{records:?}")
        };
        assert_eq!(fields[0].field, "line 3");
        assert!(fields[0].message.starts_with("not JSON"), "{fields:?}");
        assert!(records[2].input.is_err());
    }

    #[test]
    fn csv_columns_nest_by_dots_and_follow_schema_types() {
        let mut op = create_tracking();
        op.members.push(("body".into(), json!("object")));
        let text = "limit,tag,slug,body.a.b,body.c\n5,InTransit,\"ups, dhl\",x,\"y,z\"\n";
        let records = read_csv(text, &op).unwrap();
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].line, 2);
        let input: Value = serde_json::from_str(records[0].input.as_ref().unwrap()).unwrap();
        assert_eq!(
            input,
            json!({"limit": 5, "tag": "InTransit", "slug": ["ups", "dhl"], "body": {"a": {"b": "x"}, "c": "y,z"}})
        );
    }

    #[test]
    fn a_csv_column_that_maps_to_nothing_fails_only_lines_that_use_it() {
        let op = create_tracking();
        let records = read_csv("limit,colour\n5,\n6,red\n", &op).unwrap();
        assert!(records[0].input.is_ok());
        let Err(ConnectorError::InvalidInput(fields)) = &records[1].input else {
            panic!("{records:?}")
        };
        assert_eq!(records[1].line, 3);
        assert_eq!(fields[0].field, "colour");
        assert!(fields[0].message.contains("maps to no input member"));
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

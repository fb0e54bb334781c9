//! `export`: follows `next-page` to the end and writes each item of the listing as one JSON line.
//!
//! With a state file, the next page's input, the counts and the output length are saved
//! (atomically) once a page's lines are flushed: when the export ends, fails or is interrupted,
//! and in between at most every [`SAVE_EVERY`]. A resumed run cuts the output back to the saved
//! length and continues from the saved input, so every item is written exactly once even when
//! the run was killed between two saves (the pages after the last save are fetched again).

use std::path::Path;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use serde_json::{json, Value};

use super::output::LineSink;
use super::retry::Jitter;
use super::{state, CallError, Runner};

/// Longest time between two saves of a resumable export's state (it is also saved when the
/// export ends, fails or is interrupted).
pub const SAVE_EVERY: Duration = Duration::from_millis(500);

/// How an export ended.
#[derive(Clone, Debug, PartialEq)]
pub struct ExportSummary {
    /// Pages fetched in total (including those of earlier, resumed runs).
    pub pages: u64,
    /// Items written in total.
    pub items: u64,
    /// Requests sent again after a failure, in this run.
    pub retries: u64,
    /// Time of this run.
    pub elapsed: Duration,
    /// None when the listing was exported to its end; otherwise why it stopped.
    pub stopped: Option<Stop>,
}

/// Why an export stopped before the end.
#[derive(Clone, Debug, PartialEq)]
pub enum Stop {
    /// Ctrl-C.
    Interrupted,
    /// A call failed after its retries.
    Failed(CallError),
}

/// Where an export starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// Input of the first page to fetch.
    pub input: String,
    /// Pages and items already exported.
    pub pages: u64,
    /// Items already exported.
    pub items: u64,
    /// Output length to cut the file back to (resumed runs).
    pub output_len: Option<u64>,
    /// The saved state says the export already reached the end.
    pub done: bool,
    /// `export --since`: items whose cursor member (named here) is before this time (Unix ms)
    /// are dropped, whatever the server sent (the server filter is not trusted).
    pub since: Option<(String, i64)>,
}

/// The start of an export: from the state file when it exists, else from `input`.
pub fn start(operation: &str, input: &str, state_path: Option<&Path>) -> Result<Start, String> {
    let fresh = Start {
        input: input.to_string(),
        pages: 0,
        items: 0,
        output_len: None,
        done: false,
        since: None,
    };
    let Some(path) = state_path else {
        return Ok(fresh);
    };
    let Some(saved) = state::load(path)? else {
        return Ok(fresh);
    };
    let shown = path.display();
    if saved["kind"] != "export" || saved["operation"] != operation {
        return Err(format!(
            "state file `{shown}` belongs to another run ({} {}); use a new file",
            saved["kind"], saved["operation"]
        ));
    }
    let next = saved["next_input"]
        .as_str()
        .ok_or_else(|| format!("state file `{shown}`: no next_input"))?;
    Ok(Start {
        input: next.to_string(),
        pages: saved["pages"].as_u64().unwrap_or(0),
        items: saved["items"].as_u64().unwrap_or(0),
        output_len: saved["output_len"].as_u64(),
        done: saved["done"] == true,
        since: None,
    })
}

/// Runs the export from `start`, writing items to `sink`.
pub fn run(
    runner: &Runner,
    operation: &str,
    start: Start,
    sink: &mut LineSink,
    state_path: Option<&Path>,
    progress: &ProgressBar,
) -> std::io::Result<ExportSummary> {
    let began = Instant::now();
    let mut rng = Jitter::new(1);
    let mut summary = ExportSummary {
        pages: start.pages,
        items: start.items,
        retries: 0,
        elapsed: Duration::ZERO,
        stopped: None,
    };
    let mut input = start.input.clone();
    let save = |input: &str, summary: &ExportSummary, len: Option<u64>, done: bool| match state_path
    {
        Some(path) => state::save(
            path,
            &json!({
                "kind": "export",
                "operation": operation,
                "next_input": input,
                "pages": summary.pages,
                "items": summary.items,
                "output_len": len,
                "done": done,
            }),
        ),
        None => Ok(()),
    };
    // The state is saved when the export ends or stops, and in between at most every
    // SAVE_EVERY: a save writes, syncs and renames a file, which cost more CPU than a whole
    // page's exchange (benchmark: 517 µs per page saving after every page, against 88 µs
    // without a state file). A run killed outright resumes from the last save; the output is
    // cut back to that save's length, so the pages after it are fetched again, never
    // written twice.
    let mut last_save = Instant::now();
    let mut unsaved = false;
    loop {
        if runner.stopped() {
            summary.stopped = Some(Stop::Interrupted);
            break;
        }
        let exchange = runner.call(operation, &input, None, &mut rng);
        summary.retries += u64::from(exchange.retries());
        let outcome = match exchange.result {
            Ok(outcome) => outcome,
            Err(error) => {
                summary.stopped = Some(match error {
                    CallError::Interrupted => Stop::Interrupted,
                    other => Stop::Failed(other),
                });
                break;
            }
        };
        let mut lines = items(&outcome.data, operation);
        if let Some((field, since)) = &start.since {
            lines.retain(|line| at_or_after(line, field, *since));
        }
        for line in &lines {
            sink.push(line);
        }
        sink.flush()?;
        summary.pages += 1;
        summary.items += lines.len() as u64;
        progress.inc(1);
        progress.set_message(format!("{} items", summary.items));
        match outcome.next_page {
            Some(next) => {
                input = next;
                unsaved = true;
                if state_path.is_some() && last_save.elapsed() >= SAVE_EVERY {
                    save(&input, &summary, sink.file_len()?, false)?;
                    last_save = Instant::now();
                    unsaved = false;
                }
            }
            None => {
                save(&input, &summary, sink.file_len()?, true)?;
                unsaved = false;
                break;
            }
        }
    }
    if unsaved {
        // Stopped between pages: every line of the pages counted so far is flushed.
        save(&input, &summary, sink.file_len()?, false)?;
    }
    summary.elapsed = began.elapsed();
    Ok(summary)
}

/// The items of a listing page and their one-line form, shared with the WASI-HTTP service's
/// `/v1/export`.
pub use aftership_fixtures::listing::{compact, items};

/// Whether the item's `field` (RFC 3339) is at or after `since` (Unix ms); an item without a
/// readable time is kept (dropping data silently would be worse than one extra line).
fn at_or_after(item: &str, field: &str, since: i64) -> bool {
    let Ok(value) = serde_json::from_str::<Value>(item) else {
        return true;
    };
    match value[field]
        .as_str()
        .and_then(aftership_core::webhook::parse_rfc3339_ms)
    {
        Some(at) => at >= since,
        None => true,
    }
}

/// The `ok` member of a result line: the data as JSON, or as a string when it is not JSON.
pub fn data_json(data: &str) -> Value {
    serde_json::from_str(data).unwrap_or_else(|_| Value::String(data.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_come_from_the_array_named_after_the_operation() {
        let data =
            r#"{"pagination":{"total":3},"tags":["x"],"trackings":[{"id":"a","z":1},{"id":"b"}]}"#;
        assert_eq!(
            items(data, "tracking.list_trackings"),
            [r#"{"id":"a","z":1}"#, r#"{"id":"b"}"#]
        );
    }

    #[test]
    fn the_only_array_or_the_data_itself() {
        assert_eq!(
            items(r#"{"next_token":"t","x":[1,2]}"#, "a.list_y"),
            ["1", "2"]
        );
        assert_eq!(items("[3]", "a.b"), ["3"]);
        assert_eq!(items(r#"{"id":"1"}"#, "a.get"), [r#"{"id":"1"}"#]);
    }

    #[test]
    fn compact_removes_layout_but_not_string_content() {
        let pretty = "{\n  \"a\": \"x y\\\" z\",\n  \"b\": [1, 2]\n}";
        assert_eq!(compact(pretty), r#"{"a":"x y\" z","b":[1,2]}"#);
    }
}

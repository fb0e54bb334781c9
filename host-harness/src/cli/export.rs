//! `export`: a whole listing as JSON Lines, resumable.

use std::path::PathBuf;

use aftership_harness::runner::export::{self, Stop};
use aftership_harness::runner::output::LineSink;

use super::common::{
    failed, progress, read_input, runner, usage, CliResult, Failure, NetArgs, Target,
};

/// Arguments of `export`.
#[derive(clap::Args, Debug)]
#[command(mut_arg("operation", |a| a.help("A listing operation, e.g. `tracking.list_trackings`")))]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// Filters of the first page: JSON text, or `@FILE`.
    #[arg(long, value_name = "JSON|@FILE")]
    pub input: Option<String>,
    /// Write the items here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Only items changed (or created, for listings filtered by creation) at or after this
    /// RFC 3339 time: the listing's time filter is set, and items are checked again here.
    #[arg(long, value_name = "RFC3339")]
    pub since: Option<String>,
    /// Keep the next page's input in this file (saved at most every 0.5 s and whenever the
    /// export stops); continue from it when it exists.
    #[arg(long, value_name = "STATE")]
    pub resume: Option<PathBuf>,
    #[command(flatten)]
    pub net: NetArgs,
}

/// Runs `export`.
pub fn run(args: Args) -> CliResult {
    let mut input = read_input(args.input.as_deref())?;
    let mut since = None;
    if let Some(text) = &args.since {
        let (filtered, field, at) = since_input(&args.target.operation, &input, text)?;
        input = filtered;
        since = Some((field, at));
    }
    let mut start =
        export::start(&args.target.operation, &input, args.resume.as_deref()).map_err(usage)?;
    start.since = since;
    let (runner, out) = runner(&args.target.settings, &args.net)?;
    if runner
        .catalog()
        .get(&args.target.operation)
        .is_some_and(|op| op.pagination.is_none())
    {
        out.note(format!(
            "note: {} is not paginated; exporting its one answer",
            args.target.operation
        ));
    }
    if start.done {
        out.note(format!(
            "export already complete ({} pages, {} items) per the state file; nothing to do",
            start.pages, start.items
        ));
        return Ok(());
    }
    let resumed = start.pages > 0;
    let mut sink = match &args.output {
        None => LineSink::stdout(out.masker().clone()),
        Some(path) => {
            let keep = if resumed {
                Some(
                    start
                        .output_len
                        .unwrap_or_else(|| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)),
                )
            } else {
                None
            };
            LineSink::file(out.masker().clone(), path, keep)
                .map_err(|e| usage(format!("cannot write --output `{}`: {e}", path.display())))?
        }
    };
    if resumed {
        out.note(format!(
            "resuming after {} pages ({} items)",
            start.pages, start.items
        ));
    }
    let bar = progress(None, "{spinner} {pos} pages, {msg} ({per_sec}, {elapsed})");
    let result = export::run(
        &runner,
        &args.target.operation,
        start,
        &mut sink,
        args.resume.as_deref(),
        &bar,
    );
    bar.finish_and_clear();
    let summary = result?;
    out.note(format!(
        "export: {} pages, {} items, {} retries, {:.2} s",
        summary.pages,
        summary.items,
        summary.retries,
        summary.elapsed.as_secs_f64()
    ));
    let how_to_resume = match &args.resume {
        Some(path) => format!("state saved; run again with --resume {}", path.display()),
        None => "run with --resume STATE to be able to continue".to_string(),
    };
    match summary.stopped {
        None => Ok(()),
        Some(Stop::Interrupted) => Err(Failure::Interrupted(format!(
            "interrupted; {how_to_resume}"
        ))),
        Some(Stop::Failed(error)) => Err(failed(format!(
            "export stopped: [{}] {error}; {how_to_resume}",
            error.kind()
        ))),
    }
}

/// The input with the listing's time filter set to `since`, the item member to check again,
/// and `since` in Unix ms.
fn since_input(
    operation: &str,
    input: &str,
    since: &str,
) -> Result<(String, String, i64), Failure> {
    let spec = aftership_core::trigger::time_filter_for(operation).ok_or_else(|| {
        usage(format!(
            "--since: `{operation}` has no time filter (listings with one: tracking.list_trackings, shipping.list_labels, returns.list_returns)"
        ))
    })?;
    let at = aftership_core::webhook::parse_rfc3339_ms(since).ok_or_else(|| {
        usage(format!(
            "--since: `{since}` is not an RFC 3339 date-time (2026-01-31T08:00:00Z)"
        ))
    })?;
    let mut value: serde_json::Value =
        serde_json::from_str(input).map_err(|e| usage(format!("--input is not JSON: {e}")))?;
    let Some(object) = value.as_object_mut() else {
        return Err(usage("--input must be a JSON object"));
    };
    if let Some(filter) = spec.filter {
        object.insert(
            filter.to_string(),
            aftership_core::trigger::filter_time(at).into(),
        );
    }
    Ok((value.to_string(), spec.cursor_field.to_string(), at))
}

//! `bulk`: one call per input line, one result line per input line, in order.

use std::path::PathBuf;

use aftership_harness::runner::bulk::{self, Record};
use aftership_harness::runner::journal::{self, Journal};
use aftership_harness::runner::output::LineSink;

use super::common::{failed, progress, runner, usage, CliResult, Failure, NetArgs, Target};

/// Input formats.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object (an operation input) per line.
    Jsonl,
    /// A header row naming input members (dots nest: `body.tracking_number`).
    Csv,
}

/// Arguments of `bulk`.
#[derive(clap::Args, Debug)]
#[command(mut_arg("operation", |a| a.help("Operation id, e.g. `tracking.create_tracking`")))]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// Input file: JSON Lines, or CSV (by extension or --format).
    #[arg(long, value_name = "FILE")]
    pub input: PathBuf,
    /// Input format (default: csv for a .csv file, else jsonl).
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write the result lines here instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Calls in flight at once (pacing still holds the rate limit).
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=256))]
    pub concurrency: u16,
    /// Keep the count of lines done in this file, and each line's intent and result in
    /// `STATE.journal`; continue from them when they exist (a line sent by a crashed run with no
    /// known result is not sent again unless it cannot duplicate anything, or --retry-unsafe).
    #[arg(long, value_name = "STATE")]
    pub resume: Option<PathBuf>,
    #[command(flatten)]
    pub net: NetArgs,
}

/// Runs `bulk`.
pub fn run(args: Args) -> CliResult {
    let text = std::fs::read_to_string(&args.input).map_err(|e| {
        usage(format!(
            "cannot read --input `{}`: {e}",
            args.input.display()
        ))
    })?;
    let input_name = args.input.display().to_string();
    let (skip, output_len) =
        bulk::start(&args.target.operation, &input_name, args.resume.as_deref()).map_err(usage)?;
    let journal = match args.resume.as_deref() {
        Some(state) => Journal::open(
            &journal::path_for(state),
            &args.target.operation,
            &input_name,
            false,
        )
        .map_err(usage)?,
        None => Journal::none(),
    };
    let (runner, out) = runner(&args.target.settings, &args.net)?;
    let format = args.format.unwrap_or_else(|| {
        let csv = args
            .input
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if csv {
            Format::Csv
        } else {
            Format::Jsonl
        }
    });
    let records: Vec<Record> = match format {
        Format::Jsonl => bulk::read_jsonl(&text),
        Format::Csv => {
            let operation = runner
                .catalog()
                .get(&args.target.operation)
                .ok_or_else(|| {
                    usage(format!(
                        "unknown operation `{}` (see `operations API_TYPE`)",
                        args.target.operation
                    ))
                })?;
            bulk::read_csv(&text, operation)
                .map_err(|e| usage(format!("--input `{input_name}`: {e}")))?
        }
    };
    let mut sink = match &args.output {
        None => LineSink::stdout(out.masker().clone()),
        Some(path) => {
            let keep = (skip > 0).then(|| {
                output_len.unwrap_or_else(|| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
            });
            LineSink::file(out.masker().clone(), path, keep)
                .map_err(|e| usage(format!("cannot write --output `{}`: {e}", path.display())))?
        }
    };
    if skip > 0 {
        out.note(format!(
            "resuming after {skip} lines done by an earlier run"
        ));
    }
    let remaining = (records.len() as u64).saturating_sub(skip);
    let bar = progress(
        Some(remaining),
        "{bar:30} {pos}/{len} lines ({per_sec}, ETA {eta})",
    );
    let result = bulk::run(
        &runner,
        &args.target.operation,
        &input_name,
        &records,
        skip,
        usize::from(args.concurrency),
        &mut sink,
        args.resume.as_deref(),
        &journal,
        &bar,
    );
    bar.finish_and_clear();
    let summary = result?;
    out.note(format!("bulk: {}", summary.text()));
    if summary.interrupted {
        let how = match &args.resume {
            Some(path) => format!("state saved; run again with --resume {}", path.display()),
            None => "run with --resume STATE to be able to continue".to_string(),
        };
        return Err(Failure::Interrupted(format!("interrupted; {how}")));
    }
    if summary.failed_total() > 0 || summary.unknown > 0 {
        return Err(failed(""));
    }
    Ok(())
}

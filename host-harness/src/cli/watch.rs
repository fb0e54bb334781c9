//! `watch`: each new or updated record of a trigger as one JSON line, exactly once.

use std::path::PathBuf;
use std::time::Duration;

use aftership_harness::runner::output::LineSink;
use aftership_harness::runner::watch::{self, WatchOptions, WatchStop};

use super::common::{failed, runner, usage, CliResult, Failure, NetArgs};

fn interval(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if (0.0..=86_400.0).contains(&v) => Ok(v),
        _ => Err(format!(
            "`{text}` is not a number of seconds between 0 and 86400"
        )),
    }
}

/// Arguments of `watch`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Connection settings file (JSON).
    #[arg(long, value_name = "FILE")]
    pub settings: PathBuf,
    /// The trigger id (`connector.json` `triggers[]`), e.g. `tracking.tracking_updated`.
    #[arg(long, value_name = "ID")]
    pub trigger: String,
    /// The trigger state and output length, replaced atomically after every page.
    #[arg(long, value_name = "FILE")]
    pub state: PathBuf,
    /// Where the first poll starts when the state file does not exist yet (RFC 3339).
    #[arg(long, value_name = "RFC3339")]
    pub since: Option<String>,
    /// Poll once and exit.
    #[arg(long)]
    pub once: bool,
    /// Seconds between polls.
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = interval)]
    pub interval: f64,
    /// Append the records here instead of stdout (needed for exactly-once across crashes).
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    #[command(flatten)]
    pub net: NetArgs,
}

/// Runs `watch`.
pub fn run(args: Args) -> CliResult {
    let saved = watch::load(&args.state, &args.trigger).map_err(usage)?;
    let (runner, out) = runner(&args.settings, &args.net)?;
    let mut sink = match &args.output {
        None => LineSink::stdout(out.masker().clone()),
        Some(path) => {
            // Lines after the recorded length were written by a run that stopped before it
            // saved its state: they are cut and the poll emits them again.
            let keep = saved
                .output_len
                .or_else(|| saved.trigger_state.as_ref().map(|_| u64::MAX));
            LineSink::file(out.masker().clone(), path, keep)
                .map_err(|e| usage(format!("cannot write --output `{}`: {e}", path.display())))?
        }
    };
    let options = WatchOptions {
        trigger: args.trigger.clone(),
        since: args.since.clone(),
        once: args.once,
        interval: Duration::from_secs_f64(args.interval),
    };
    let summary = watch::run(&runner, &options, saved, &mut sink, &args.state)?;
    out.note(format!(
        "watch: {} polls, {} pages, {} records, {:.2} s",
        summary.polls,
        summary.pages,
        summary.records,
        summary.elapsed.as_secs_f64()
    ));
    match summary.stopped {
        None => Ok(()),
        Some(WatchStop::Interrupted) => Err(Failure::Interrupted(format!(
            "interrupted; state saved in {}",
            args.state.display()
        ))),
        Some(WatchStop::Trigger(kind, message)) => {
            Err(usage(format!("trigger refused: [{kind}] {message}")))
        }
        Some(WatchStop::Failed(error)) => Err(failed(format!(
            "watch stopped: [{}] {error}; state saved, run again to continue",
            error.kind()
        ))),
    }
}

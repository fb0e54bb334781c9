//! `call`: one real request, parsed, retried by the runner's rules; `--record` keeps it as a
//! fixture with placeholder credentials.

use std::path::PathBuf;

use aftership_harness::runner::record::record;
use aftership_harness::runner::retry::Jitter;
use aftership_harness::runner::CallError;

use super::common::{
    failed, load_raw_settings, read_input, runner, usage, CliResult, NetArgs, Target,
};

/// Arguments of `call`.
#[derive(clap::Args, Debug)]
#[command(mut_arg("operation", |a| a.help("Operation id, or `connection_test`")))]
pub struct Args {
    #[command(flatten)]
    pub target: Target,
    /// Operation input: JSON text, or `@FILE`.
    #[arg(long, value_name = "JSON|@FILE")]
    pub input: Option<String>,
    /// Correlation id sent as `request-id`.
    #[arg(long, value_name = "ID")]
    pub request_id: Option<String>,
    /// Write the exchange as a new fixture (credentials as placeholders); never overwrites.
    #[arg(long, value_name = "FILE")]
    pub record: Option<PathBuf>,
    #[command(flatten)]
    pub net: NetArgs,
}

/// Runs `call`.
pub fn run(args: Args) -> CliResult {
    let input = read_input(args.input.as_deref())?;
    if let Some(path) = &args.record {
        if path.exists() {
            return Err(usage(format!(
                "--record: {} exists; not overwriting it",
                path.display()
            )));
        }
    }
    let (runner, out) = runner(&args.target.settings, &args.net)?;
    let mut rng = Jitter::new(0);
    let exchange = runner.call(
        &args.target.operation,
        &input,
        args.request_id.as_deref(),
        &mut rng,
    );
    if let Some(request) = &exchange.request {
        out.request(request, "")?;
    }
    if let Some(response) = &exchange.response {
        out.line(format!(
            "<= HTTP {} ({} bytes){}",
            response.status,
            response.body.len(),
            match exchange.attempts {
                0 | 1 => String::new(),
                n => format!(" after {n} attempts"),
            }
        ))?;
    }
    match &exchange.result {
        Ok(outcome) => out.outcome(outcome, "")?,
        Err(CallError::Connector(error)) => out.error(error, "")?,
        Err(other) => out.line(format!("=> error [{}] {other}", other.kind()))?,
    }
    if let (Some(path), Some(response)) = (&args.record, &exchange.response) {
        let raw = load_raw_settings(&args.target.settings)?;
        let shown = path.display().to_string();
        record(
            runner.host(),
            &raw,
            runner.settings(),
            &args.target.operation,
            &input,
            &exchange.context,
            response,
            &shown,
        )
        .map_err(|e| failed(out.masker().redact(&e).into_owned()))?;
        out.line(format!(
            "recorded {shown} (credentials as placeholders; replays through the component)"
        ))?;
    }
    exchange.result.map(|_| ()).map_err(|_| failed(""))
}

//! `aftership-harness`: runs the AfterShip connector component from the command line.
//!
//! Without a subcommand it replays every recorded fixture of the repository through the real
//! component. `call`, `check`, `export` and `bulk` drive the component against the real API
//! (see `docs/cli.md`, "Real calls"). Everything printed goes through the runner's output module,
//! which masks credentials; a closed stdout ends the command quietly.

use std::process::ExitCode;

use aftership_harness::runner::output::Out;
use clap::Parser;

mod cli;

use cli::{Cli, Failure};

fn main() -> ExitCode {
    // Freed heap pages stay with the process: a large answer per call no longer costs fresh
    // page faults on the next one (see `aftership_harness::keep_heap_pages`).
    aftership_harness::keep_heap_pages();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // Help and version go to stdout; a closed pipe there is not an error.
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    let out = Out::default();
    match cli::run(cli) {
        Ok(()) | Err(Failure::Closed) => ExitCode::SUCCESS,
        Err(Failure::Failed(message)) => {
            if !message.is_empty() {
                out.note(format!("error: {message}"));
            }
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            out.note(format!(
                "error: {message}\n\nRun `aftership-harness help` for usage."
            ));
            ExitCode::from(2)
        }
        Err(Failure::Interrupted(message)) => {
            out.note(message);
            ExitCode::from(130)
        }
    }
}

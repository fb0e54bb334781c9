//! The command line: one file per command, parsed with clap.

mod bulk;
mod call;
mod catalog;
mod check;
pub mod common;
mod export;
mod replay;
mod watch;

use clap::{Parser, Subcommand};

pub use common::{CliResult, Failure};

const AFTER_HELP: &str = "\
Settings files use the fixture shape: {\"api_type\": \"tracking\", \"api_key\": \"...\",
\"environment\": \"production\", \"auth_mode\": \"api-key\", \"api_secret\": ..., \"access_token\": ...,
\"oauth_token_header\": ..., \"store_id\": ..., \"base_url\": ..., \"name\": ...}.
Credentials are never printed. Exit codes: 0 success, 1 failed check / connector error,
2 bad usage or unreadable input, 130 interrupted (state saved).";

/// `aftership-harness`: run the AfterShip connector component (wasmtime host).
#[derive(Parser, Debug)]
#[command(name = "aftership-harness", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// What to do (default: replay the repository's fixtures).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Replay every fixture under DIR through the component (the default).
    Replay(replay::Args),
    /// List API types and their operation counts.
    ApiTypes,
    /// List one API type's operations.
    Operations(catalog::OperationsArgs),
    /// Check connection settings (exit 1 when invalid).
    Validate(catalog::ValidateArgs),
    /// Build and print a request (credentials masked); sends nothing.
    Build(catalog::BuildArgs),
    /// Print the manifest, or rewrite connector.json.
    Manifest(catalog::ManifestArgs),
    /// Send one request over HTTP, retried per the rules, and parse the answer.
    Call(call::Args),
    /// Test the connection: a verdict and the reason.
    Check(check::Args),
    /// Follow next-page to the end; one JSON line per item.
    Export(export::Args),
    /// One call per input line (JSON Lines or CSV); one result line per input line, in order.
    Bulk(bulk::Args),
    /// Poll a trigger; each new or updated record as one JSON line, exactly once across runs.
    Watch(watch::Args),
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> CliResult {
    match cli
        .command
        .unwrap_or(Command::Replay(replay::Args::default()))
    {
        Command::Replay(args) => replay::run(args),
        Command::ApiTypes => catalog::api_types(),
        Command::Operations(args) => catalog::operations(args),
        Command::Validate(args) => catalog::validate(args),
        Command::Build(args) => catalog::build(args),
        Command::Manifest(args) => catalog::manifest(args),
        Command::Call(args) => call::run(args),
        Command::Check(args) => check::run(args),
        Command::Export(args) => export::run(args),
        Command::Bulk(args) => bulk::run(args),
        Command::Watch(args) => watch::run(args),
    }
}

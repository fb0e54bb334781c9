//! What the commands share: failures and exit codes, settings and input files, the runner's
//! command-line options, Ctrl-C, progress bars.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use std::time::Duration;

use aftership_core::SettingsFile;
use aftership_core::{ApiType, Settings};
use aftership_harness::runner::http::HttpConfig;
use aftership_harness::runner::output::{is_closed_pipe, Masker, Out};
use aftership_harness::runner::retry::RetryPolicy;
use aftership_harness::runner::{Runner, RunnerConfig};
use aftership_harness::Host;
use indicatif::{ProgressBar, ProgressStyle};

/// Why a command stopped.
#[derive(Debug)]
pub enum Failure {
    /// Bad arguments or unreadable input: exit code 2.
    Usage(String),
    /// A check failed or the connector answered with an error: exit code 1.
    Failed(String),
    /// Ctrl-C: exit code 130, after the state was saved.
    Interrupted(String),
    /// stdout was closed (`… | head`): end quietly, exit code 0.
    Closed,
}

/// Result of a command.
pub type CliResult = Result<(), Failure>;

impl From<io::Error> for Failure {
    fn from(error: io::Error) -> Self {
        if is_closed_pipe(&error) {
            Failure::Closed
        } else {
            Failure::Failed(format!("writing output: {error}"))
        }
    }
}

/// A usage failure.
pub fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

/// A failed command.
pub fn failed(message: impl Into<String>) -> Failure {
    Failure::Failed(message.into())
}

/// `--settings` and `--operation`: the connection and the operation a command calls. A command
/// whose operation is special says so with `mut_arg("operation", ...)`.
#[derive(clap::Args, Debug)]
pub struct Target {
    /// Connection settings file (JSON, fixture shape).
    #[arg(long, value_name = "FILE")]
    pub settings: PathBuf,
    /// Operation id, e.g. `tracking.get_tracking_by_id`.
    #[arg(long, value_name = "ID")]
    pub operation: String,
}

/// The repository root (fixtures and `connector.json` live there).
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// The component host.
pub fn host() -> Result<Host, Failure> {
    Host::new().map_err(|e| failed(e.to_string()))
}

/// An API type by id, or a usage error listing the ids.
pub fn parse_api_type(text: &str) -> Result<ApiType, String> {
    ApiType::parse(text).ok_or_else(|| {
        let known: Vec<&str> = ApiType::ALL.iter().map(|t| t.as_str()).collect();
        format!("unknown API type `{text}` (one of: {})", known.join(", "))
    })
}

fn read_text(path: &Path, what: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path)
        .map_err(|e| usage(format!("cannot read {what} `{}`: {e}", path.display())))
}

/// The one member a settings file must have (the others have defaults).
const REQUIRED_SETTING: &str = "api-type";

/// A settings file as written, each wrong member named.
pub fn load_raw_settings(path: &Path) -> Result<SettingsFile, Failure> {
    let shown = path.display();
    let text = read_text(path, "settings file")?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| usage(format!("settings file `{shown}` is not JSON: {e}")))?;
    let object = value
        .as_object()
        .ok_or_else(|| usage(format!("settings file `{shown}` must hold a JSON object")))?;
    // Members in the WIT and manifest spelling (`api-type`, from the core's field list), or the
    // snake_case one of the recorded fixtures (`api_type`). Every one is a string (`null` allowed
    // where optional).
    let known = |name: &str| Settings::member_ids().find(|id| *id == name.replace('_', "-"));
    for (name, member) in object {
        let Some(id) = known(name) else {
            let known: Vec<&str> = Settings::member_ids().collect();
            return Err(usage(format!(
                "settings file `{shown}`: unknown field `{name}` (known: {})",
                known.join(", ")
            )));
        };
        if !(member.is_string() || (member.is_null() && id != REQUIRED_SETTING)) {
            return Err(usage(format!(
                "settings file `{shown}`: field `{name}` must be a string"
            )));
        }
    }
    if !object.keys().any(|k| known(k) == Some(REQUIRED_SETTING)) {
        return Err(usage(format!(
            "settings file `{shown}`: field `{REQUIRED_SETTING}` is missing"
        )));
    }
    serde_json::from_value(value).map_err(|e| usage(format!("settings file `{shown}`: {e}")))
}

/// Settings from a file, ready for the component.
pub fn load_settings(path: &Path) -> Result<(SettingsFile, Settings), Failure> {
    let raw = load_raw_settings(path)?;
    let settings = raw
        .to_settings()
        .map_err(|e| usage(format!("settings file `{}`: {e}", path.display())))?;
    Ok((raw, settings))
}

/// `--input`: inline JSON or `@file`; `{}` when absent. Must be JSON.
pub fn read_input(option: Option<&str>) -> Result<String, Failure> {
    let input = match option {
        None => "{}".to_string(),
        Some(text) => match text.strip_prefix('@') {
            Some(path) => read_text(Path::new(path), "input file")?,
            None => text.to_string(),
        },
    };
    match serde_json::from_str::<serde_json::Value>(&input) {
        Ok(_) => Ok(input),
        Err(e) => Err(usage(format!("--input is not JSON: {e}"))),
    }
}

fn seconds(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v < 1e6 => Ok(v),
        _ => Err(format!("`{text}` is not a positive number of seconds")),
    }
}

fn per_second(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v),
        _ => Err(format!("`{text}` is not a positive rate")),
    }
}

/// Options of every command that talks to AfterShip.
#[derive(clap::Args, Clone, Debug)]
pub struct NetArgs {
    /// Seconds allowed for one whole HTTP exchange (connect to last byte).
    #[arg(long, value_name = "SECONDS", default_value = "60", value_parser = seconds)]
    pub timeout: f64,
    /// Seconds allowed to connect (TCP and TLS).
    #[arg(long, value_name = "SECONDS", default_value = "10", value_parser = seconds)]
    pub connect_timeout: f64,
    /// Requests per call at most, the first included (1 = no retry).
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub max_attempts: u32,
    /// No retry starts this many seconds after a call's first attempt.
    #[arg(long, value_name = "SECONDS", default_value = "120", value_parser = seconds)]
    pub max_retry_time: f64,
    /// Also retry creates and changes after a 5xx, a timeout or a dropped connection, where the
    /// first request may have gone through: this can create duplicates.
    #[arg(long)]
    pub retry_unsafe: bool,
    /// Requests per second instead of the limit the manifest gives the operation.
    #[arg(long, value_name = "PER_SECOND", value_parser = per_second)]
    pub rate_limit: Option<f64>,
    /// Send as fast as possible (only for a local stand-in: AfterShip answers 429).
    #[arg(long)]
    pub no_pacing: bool,
}

impl NetArgs {
    /// The runner configuration these options describe.
    pub fn config(&self) -> RunnerConfig {
        RunnerConfig {
            http: HttpConfig {
                connect_timeout: Duration::from_secs_f64(self.connect_timeout),
                total_timeout: Duration::from_secs_f64(self.timeout),
            },
            retry: RetryPolicy {
                max_attempts: self.max_attempts,
                max_elapsed: Duration::from_secs_f64(self.max_retry_time),
                retry_unsafe: self.retry_unsafe,
                ..RetryPolicy::default()
            },
            pacing: !self.no_pacing,
            rate_limit: self.rate_limit,
        }
    }
}

/// Ctrl-C (and SIGTERM) raise the returned flag; a second one ends the process at once.
pub fn stop_flag() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGINT, signal_hook::consts::SIGTERM] {
        // Order matters: the conditional exit must see the flag before the first press sets it.
        let _ = signal_hook::flag::register_conditional_shutdown(signal, 130, Arc::clone(&stop));
        let _ = signal_hook::flag::register(signal, Arc::clone(&stop));
    }
    stop
}

/// A runner for the settings file, after the component accepted the settings.
pub fn runner(settings_path: &Path, net: &NetArgs) -> Result<(Runner, Out), Failure> {
    let (_, settings) = load_settings(settings_path)?;
    let out = Out::new(Masker::for_settings(&settings));
    let host = host()?;
    let errors = host
        .validate_settings(&settings)
        .map_err(|e| failed(e.to_string()))?;
    if !errors.is_empty() {
        let fields: Vec<String> = errors
            .iter()
            .map(|e| format!("{}: {}", e.field, e.message))
            .collect();
        return Err(usage(out.masker().redact(&format!(
            "settings file `{}` is invalid: {}",
            settings_path.display(),
            fields.join("; ")
        ))));
    }
    let runner = Runner::new(host, settings, net.config(), stop_flag()).map_err(failed)?;
    Ok((runner, out))
}

/// A progress bar on stderr, or a hidden one when stderr is not a terminal.
pub fn progress(len: Option<u64>, template: &str) -> ProgressBar {
    if !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match len {
        Some(len) => ProgressBar::new(len),
        None => ProgressBar::new_spinner(),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style);
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

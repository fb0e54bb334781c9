//! `aftership-harness`: runs the AfterShip connector component from the command line.
//!
//! Without a subcommand it replays every recorded fixture of the repository through the real
//! component and prints, per fixture, the request it built (credentials masked) and what it
//! parsed. See `aftership-harness help` for the other subcommands.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{SystemTime, UNIX_EPOCH};

use aftership_core::fixture::{self, Backend, Fixture, FixtureSettings};
use aftership_core::{
    ApiType, ConnectionCheck, ConnectorError, FieldError, HttpRequest, HttpResponse, Outcome,
    RequestContext, Settings,
};
use aftership_harness::{ComponentBackend, Host, Redactor};

#[cfg(feature = "live")]
mod live;

const USAGE: &str = "\
aftership-harness — run the AfterShip connector component (wasmtime host)

USAGE:
  aftership-harness                       replay the repository's fixtures (same as `replay`)
  aftership-harness replay [DIR]          replay every fixture under DIR (default: tests/fixtures)
  aftership-harness api-types             list API types and their operation counts
  aftership-harness operations API_TYPE [--json]
                                          list one API type's operations (--json: with input schemas)
  aftership-harness validate --settings FILE
                                          check connection settings (exit 1 when invalid)
  aftership-harness build --settings FILE --operation ID [--input JSON|@FILE]
                          [--now UNIX_MS] [--request-id ID]
                                          build and print a request (credentials masked)
  aftership-harness manifest [--write]    print the manifest, or rewrite connector.json
  aftership-harness call --settings FILE --operation ID|connection_test [--input JSON|@FILE]
                         [--request-id ID] [--record FILE]
                                          send the request over real HTTP and parse the answer;
                                          --record writes a fixture with placeholder credentials
                                          (needs the cargo feature `live`)
  aftership-harness help                  this text

Settings files use the fixture shape: {\"api_type\": \"tracking\", \"api_key\": \"...\",
\"environment\": \"production\", \"auth_mode\": \"api-key\", \"api_secret\": ..., \"access_token\": ...,
\"oauth_token_header\": ..., \"store_id\": ..., \"base_url\": ..., \"name\": ...}.
Exit codes: 0 success, 1 failed check / connector error, 2 bad usage or unreadable input.";

/// Why the command stopped.
enum Failure {
    /// Bad arguments or unreadable input files: exit code 2, usage shown.
    Usage(String),
    /// A check failed or the connector answered with an error: exit code 1.
    Failed(String),
}

type CliResult = Result<(), Failure>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Failed(message)) => {
            if !message.is_empty() {
                eprintln!("error: {message}");
            }
            ExitCode::from(1)
        }
        Err(Failure::Usage(message)) => {
            eprintln!("error: {message}\n\nRun `aftership-harness help` for usage.");
            ExitCode::from(2)
        }
    }
}

fn run(args: &[String]) -> CliResult {
    let (command, rest) = match args.split_first() {
        None => return replay(&default_fixture_dir()),
        Some((command, rest)) => (command.as_str(), rest),
    };
    match command {
        "help" | "-h" | "--help" => {
            println!("{USAGE}");
            Ok(())
        }
        "replay" => match rest {
            [] => replay(&default_fixture_dir()),
            [dir] if !dir.starts_with('-') => replay(Path::new(dir)),
            _ => Err(usage("replay takes at most one directory")),
        },
        "api-types" => {
            no_more_args(rest)?;
            api_types()
        }
        "operations" => operations(rest),
        "validate" => validate(rest),
        "build" => build(rest),
        "manifest" => match rest {
            [] => manifest(false),
            [flag] if flag == "--write" => manifest(true),
            _ => Err(usage("manifest takes only --write")),
        },
        "call" => call(rest),
        other => Err(usage(format!("unknown command `{other}`"))),
    }
}

fn usage(message: impl Into<String>) -> Failure {
    Failure::Usage(message.into())
}

fn failed(message: impl Into<String>) -> Failure {
    Failure::Failed(message.into())
}

fn no_more_args(rest: &[String]) -> CliResult {
    match rest.first() {
        None => Ok(()),
        Some(extra) => Err(usage(format!("unexpected argument `{extra}`"))),
    }
}

fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

fn default_fixture_dir() -> PathBuf {
    workspace_root().join("tests").join("fixtures")
}

fn host() -> Result<Host, Failure> {
    Host::new().map_err(|e| failed(e.to_string()))
}

/// `--name value` options; every name must be in `known`, none may repeat.
fn options<'a>(
    rest: &'a [String],
    known: &[&str],
    flags: &[&str],
) -> Result<Vec<(&'a str, Option<&'a str>)>, Failure> {
    let mut found: Vec<(&str, Option<&str>)> = Vec::new();
    let mut iter = rest.iter();
    while let Some(arg) = iter.next() {
        let name = arg.as_str();
        if found.iter().any(|(n, _)| *n == name) {
            return Err(usage(format!("`{name}` given twice")));
        }
        if flags.contains(&name) {
            found.push((name, None));
        } else if known.contains(&name) {
            let value = iter
                .next()
                .ok_or_else(|| usage(format!("`{name}` needs a value")))?;
            found.push((name, Some(value.as_str())));
        } else {
            return Err(usage(format!("unexpected argument `{name}`")));
        }
    }
    Ok(found)
}

fn option<'a>(found: &[(&str, Option<&'a str>)], name: &str) -> Option<&'a str> {
    found.iter().find(|(n, _)| *n == name).and_then(|(_, v)| *v)
}

fn parse_api_type(text: &str) -> Result<ApiType, Failure> {
    ApiType::parse(text).ok_or_else(|| {
        let known: Vec<&str> = ApiType::ALL.iter().map(|t| t.as_str()).collect();
        usage(format!(
            "unknown API type `{text}` (one of: {})",
            known.join(", ")
        ))
    })
}

fn read_text(path: &str, what: &str) -> Result<String, Failure> {
    std::fs::read_to_string(path).map_err(|e| usage(format!("cannot read {what} `{path}`: {e}")))
}

fn load_raw_settings(path: &str) -> Result<FixtureSettings, Failure> {
    let text = read_text(path, "settings file")?;
    serde_json::from_str(&text).map_err(|e| usage(format!("settings file `{path}`: {e}")))
}

fn load_settings(path: &str) -> Result<Settings, Failure> {
    load_raw_settings(path)?
        .to_settings()
        .map_err(|e| usage(format!("settings file `{path}`: {e}")))
}

/// `--input`: inline JSON or `@file`; `{}` when absent. Must be JSON.
fn read_input(option: Option<&str>) -> Result<String, Failure> {
    let input = match option {
        None => "{}".to_string(),
        Some(text) => match text.strip_prefix('@') {
            Some(path) => read_text(path, "input file")?,
            None => text.to_string(),
        },
    };
    match serde_json::from_str::<serde_json::Value>(&input) {
        Ok(_) => Ok(input),
        Err(e) => Err(usage(format!("--input is not JSON: {e}"))),
    }
}

fn now_unix_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(0)
}

// ---- api-types / operations ----

fn api_types() -> CliResult {
    let host = host()?;
    for api_type in ApiType::ALL {
        let operations = host
            .operations(api_type)
            .map_err(|e| failed(e.to_string()))?;
        println!(
            "{:<11} {:<11} {:>3} operations",
            api_type.as_str(),
            api_type.label(),
            operations.len()
        );
    }
    Ok(())
}

fn operations(rest: &[String]) -> CliResult {
    let (api_type, flags) = match rest.split_first() {
        Some((first, flags)) if !first.starts_with('-') => (parse_api_type(first)?, flags),
        _ => {
            return Err(usage(
                "operations needs an API type, e.g. `operations tracking`",
            ))
        }
    };
    let found = options(flags, &[], &["--json"])?;
    let as_json = found.iter().any(|(name, _)| *name == "--json");
    let operations = host()?
        .operations(api_type)
        .map_err(|e| failed(e.to_string()))?;
    if as_json {
        let list: Vec<serde_json::Value> = operations
            .iter()
            .map(|op| {
                serde_json::json!({
                    "id": op.id,
                    "title": op.title,
                    "method": op.method.as_str(),
                    "path": op.path,
                    "paginated": op.paginated,
                    "input_schema": serde_json::from_str::<serde_json::Value>(&op.input_schema)
                        .unwrap_or(serde_json::Value::String(op.input_schema.clone())),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_default()
        );
        return Ok(());
    }
    for op in &operations {
        println!(
            "{:<48} {:<6} {:<52} {}{}",
            op.id,
            op.method.as_str(),
            op.path,
            op.title,
            if op.paginated { " (paginated)" } else { "" }
        );
    }
    println!("{} operations", operations.len());
    Ok(())
}

// ---- validate / build ----

fn print_field_errors(errors: &[FieldError]) {
    for e in errors {
        println!("  {}: {}", e.field, e.message);
    }
}

fn validate(rest: &[String]) -> CliResult {
    let found = options(rest, &["--settings"], &[])?;
    let path =
        option(&found, "--settings").ok_or_else(|| usage("validate needs --settings FILE"))?;
    let settings = load_settings(path)?;
    let errors = host()?
        .validate_settings(&settings)
        .map_err(|e| failed(e.to_string()))?;
    if errors.is_empty() {
        println!("settings are valid ({} API)", settings.api_type.label());
        Ok(())
    } else {
        println!("settings are invalid:");
        print_field_errors(&errors);
        Err(failed(""))
    }
}

fn build(rest: &[String]) -> CliResult {
    let found = options(
        rest,
        &[
            "--settings",
            "--operation",
            "--input",
            "--now",
            "--request-id",
        ],
        &[],
    )?;
    let settings_path =
        option(&found, "--settings").ok_or_else(|| usage("build needs --settings FILE"))?;
    let operation =
        option(&found, "--operation").ok_or_else(|| usage("build needs --operation ID"))?;
    let input = read_input(option(&found, "--input"))?;
    let now_unix_ms = match option(&found, "--now") {
        None => now_unix_ms(),
        Some(text) => text
            .parse()
            .map_err(|_| usage(format!("--now must be Unix milliseconds, got `{text}`")))?,
    };
    let context = RequestContext {
        now_unix_ms,
        request_id: option(&found, "--request-id").map(str::to_string),
    };
    let settings = load_settings(settings_path)?;
    let built = host()?
        .build_request(&settings, operation, &input, &context)
        .map_err(|e| failed(e.to_string()))?;
    match built {
        Ok(request) => {
            print_request(&request, &Redactor::new(&settings), "");
            Ok(())
        }
        Err(error) => {
            print_error(&error, "");
            Err(failed(""))
        }
    }
}

// ---- call (feature `live`) ----

#[cfg(not(feature = "live"))]
fn call(_rest: &[String]) -> CliResult {
    Err(usage(
        "`call` performs real HTTP and is built only with the `live` feature: \
         cargo run -p aftership-harness --features live -- call ...",
    ))
}

#[cfg(feature = "live")]
fn call(rest: &[String]) -> CliResult {
    let found = options(
        rest,
        &[
            "--settings",
            "--operation",
            "--input",
            "--request-id",
            "--record",
        ],
        &[],
    )?;
    let settings_path =
        option(&found, "--settings").ok_or_else(|| usage("call needs --settings FILE"))?;
    let operation =
        option(&found, "--operation").ok_or_else(|| usage("call needs --operation ID"))?;
    let input = read_input(option(&found, "--input"))?;
    let record = option(&found, "--record");
    if let Some(path) = record {
        if Path::new(path).exists() {
            return Err(usage(format!(
                "--record: {path} exists; not overwriting it"
            )));
        }
    }
    let raw = load_raw_settings(settings_path)?;
    let settings = raw
        .to_settings()
        .map_err(|e| usage(format!("settings file `{settings_path}`: {e}")))?;
    let context = RequestContext {
        now_unix_ms: now_unix_ms(),
        request_id: option(&found, "--request-id").map(str::to_string),
    };
    let host = host()?;
    let built = if operation == fixture::CONNECTION_TEST {
        host.connection_test(&settings, &context)
            .map_err(|e| failed(e.to_string()))?
            .map(|c| (c.request, c.operation_id, c.input))
    } else {
        host.build_request(&settings, operation, &input, &context)
            .map_err(|e| failed(e.to_string()))?
            .map(|r| (r, operation.to_string(), input.clone()))
    };
    let (request, parse_operation, parse_input) = match built {
        Ok(built) => built,
        Err(error) => {
            print_error(&error, "");
            return Err(failed(""));
        }
    };
    print_request(&request, &Redactor::new(&settings), "");
    let response = live::send(&request).map_err(failed)?;
    println!(
        "<= HTTP {} ({} bytes)",
        response.status,
        response.body.len()
    );
    let parsed = host
        .parse_response(
            &settings,
            &parse_operation,
            &parse_input,
            &response,
            &context,
        )
        .map_err(|e| failed(e.to_string()))?;
    match &parsed {
        Ok(outcome) => print_outcome(outcome, ""),
        Err(error) => print_error(error, ""),
    }
    if let Some(path) = record {
        live::record(
            &host, &raw, &settings, operation, &input, &context, &response, path,
        )
        .map_err(failed)?;
        println!("recorded {path} (credentials as placeholders; replays through the component)");
    }
    parsed.map(|_| ()).map_err(|_| failed(""))
}

// ---- output helpers ----

/// At most `max` characters of `text`, with an ellipsis when cut.
fn excerpt(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((cut, _)) => format!("{}…", &text[..cut]),
    }
}

/// Prints a request under the core's one redaction rule (credentials masked by name and value).
fn print_request(request: &HttpRequest, redactor: &Redactor, indent: &str) {
    let url = redactor.text(&request.url);
    println!("{indent}{} {url}", request.method.as_str());
    for (name, value) in redactor.headers(&request.headers) {
        println!("{indent}  {name}: {value}");
    }
    if let Some(body) = &request.body {
        println!("{indent}  body: {}", excerpt(&redactor.text(body), 400));
    }
}

fn print_outcome(outcome: &Outcome, indent: &str) {
    println!(
        "{indent}=> data ({} bytes): {}",
        outcome.data.len(),
        excerpt(&outcome.data, 200)
    );
    if let Some(next) = &outcome.next_page {
        println!("{indent}   next page input: {}", excerpt(next, 200));
    }
}

fn print_error(error: &ConnectorError, indent: &str) {
    println!(
        "{indent}=> error [{}] {}",
        error.kind(),
        excerpt(&error.to_string(), 300)
    );
    if let ConnectorError::InvalidSettings(fields) | ConnectorError::InvalidInput(fields) = error {
        for f in fields {
            println!("{indent}   {}: {}", f.field, f.message);
        }
    }
}

// ---- replay ----

/// Passes calls to the component and keeps what came back, for printing.
struct Recording<'a> {
    inner: ComponentBackend<'a>,
    request: Option<Result<HttpRequest, ConnectorError>>,
    parsed: Option<Result<Outcome, ConnectorError>>,
    redactor: Redactor,
}

impl Backend for Recording<'_> {
    fn build_request(
        &mut self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        context: &RequestContext,
    ) -> Result<HttpRequest, ConnectorError> {
        let result = self
            .inner
            .build_request(settings, operation_id, input, context);
        self.request = Some(result.clone());
        self.redactor = Redactor::new(settings);
        result
    }

    fn parse_response(
        &mut self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        response: &HttpResponse,
        context: &RequestContext,
    ) -> Result<Outcome, ConnectorError> {
        let result = self
            .inner
            .parse_response(settings, operation_id, input, response, context);
        self.parsed = Some(result.clone());
        result
    }

    fn connection_test(
        &mut self,
        settings: &Settings,
        context: &RequestContext,
    ) -> Result<ConnectionCheck, ConnectorError> {
        let result = self.inner.connection_test(settings, context);
        self.request = Some(
            result
                .as_ref()
                .map(|c| c.request.clone())
                .map_err(Clone::clone),
        );
        result
    }
}

/// The fixture must sit at `<api-type>/<operation>/<scenario>.json` (same rule as the suites).
fn layout_problems(path: &Path, fixture: &Fixture) -> Vec<String> {
    let parts: Vec<String> = path
        .iter()
        .rev()
        .skip(1)
        .take(2)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let mut problems = Vec::new();
    match parts.as_slice() {
        [operation, api_type] => {
            if *api_type != fixture.settings.api_type {
                problems.push(format!(
                    "folder {api_type} but api_type {}",
                    fixture.settings.api_type
                ));
            }
            if *operation != fixture.operation {
                problems.push(format!(
                    "folder {operation} but operation {}",
                    fixture.operation
                ));
            }
        }
        _ => problems.push("fixture path too short".to_string()),
    }
    problems
}

fn replay(dir: &Path) -> CliResult {
    if !dir.is_dir() {
        return Err(usage(format!("no fixture directory at {}", dir.display())));
    }
    let host = host()?;
    let paths = fixture::discover(dir);
    let (mut passed, mut failed_count) = (0usize, 0usize);
    for path in &paths {
        let shown = path.strip_prefix(dir).unwrap_or(path).display().to_string();
        let mut recording = Recording {
            inner: host.backend(),
            request: None,
            parsed: None,
            redactor: Redactor::default(),
        };
        let problems = match std::fs::read_to_string(path) {
            Err(e) => vec![format!("read: {e}")],
            Ok(text) => match Fixture::parse(&text) {
                Err(e) => vec![format!("fixture format: {e}")],
                Ok(fixture) => {
                    let mut problems = fixture::run(&fixture, &mut recording);
                    problems.extend(layout_problems(path, &fixture));
                    problems
                }
            },
        };
        let verdict = if problems.is_empty() { "ok  " } else { "FAIL" };
        println!("{verdict} {shown}");
        match &recording.request {
            Some(Ok(request)) => print_request(request, &recording.redactor, "     "),
            Some(Err(error)) => print_error(error, "     "),
            None => {}
        }
        match &recording.parsed {
            Some(Ok(outcome)) => print_outcome(outcome, "     "),
            Some(Err(error)) => print_error(error, "     "),
            None => {}
        }
        for problem in &problems {
            println!("     ! {}", excerpt(problem, 400));
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failed_count += 1;
        }
    }
    println!("{passed} passed, {failed_count} failed");
    if paths.is_empty() {
        return Err(failed(format!("no fixtures found under {}", dir.display())));
    }
    if failed_count > 0 {
        return Err(failed(format!("{failed_count} fixture(s) failed")));
    }
    Ok(())
}

// ---- manifest ----

fn manifest(write: bool) -> CliResult {
    let text = host()?.manifest().map_err(|e| failed(e.to_string()))?;
    if !write {
        print!("{text}");
        return Ok(());
    }
    let path = workspace_root().join("connector.json");
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        println!("{} is up to date", path.display());
        return Ok(());
    }
    std::fs::write(&path, &text).map_err(|e| failed(format!("writing {}: {e}", path.display())))?;
    println!("wrote {} ({} bytes)", path.display(), text.len());
    Ok(())
}

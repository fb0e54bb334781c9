//! Commands that need no network: `api-types`, `operations`, `validate`, `build`, `manifest`.

use std::path::PathBuf;

use aftership_core::RequestContext;
use aftership_harness::runner::now_unix_ms;
use aftership_harness::runner::output::{Masker, Out};

use super::common::CliResult;
use super::common::{
    failed, host, load_settings, parse_api_type, read_input, workspace_root, Target,
};

/// Runs `api-types`.
pub fn api_types() -> CliResult {
    let host = host()?;
    let out = Out::default();
    for api_type in aftership_core::ApiType::ALL {
        let operations = host
            .operations(api_type)
            .map_err(|e| failed(e.to_string()))?;
        out.line(format!(
            "{:<11} {:<11} {:>3} operations",
            api_type.as_str(),
            api_type.label(),
            operations.len()
        ))?;
    }
    Ok(())
}

/// Arguments of `operations`.
#[derive(clap::Args, Debug)]
pub struct OperationsArgs {
    /// API type id, e.g. `tracking` (see `api-types`).
    #[arg(value_parser = parse_api_type)]
    pub api_type: aftership_core::ApiType,
    /// JSON with each operation's input schema.
    #[arg(long)]
    pub json: bool,
}

/// Runs `operations`.
pub fn operations(args: OperationsArgs) -> CliResult {
    let out = Out::default();
    let operations = host()?
        .operations(args.api_type)
        .map_err(|e| failed(e.to_string()))?;
    if args.json {
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
        out.line(serde_json::to_string_pretty(&list).unwrap_or_default())?;
        return Ok(());
    }
    for op in &operations {
        out.line(format!(
            "{:<48} {:<6} {:<52} {}{}",
            op.id,
            op.method.as_str(),
            op.path,
            op.title,
            if op.paginated { " (paginated)" } else { "" }
        ))?;
    }
    out.line(format!("{} operations", operations.len()))?;
    Ok(())
}

/// Arguments of `validate`.
#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// Connection settings file (JSON, fixture shape).
    #[arg(long, value_name = "FILE")]
    pub settings: PathBuf,
}

/// Runs `validate`.
pub fn validate(args: ValidateArgs) -> CliResult {
    let (_, settings) = load_settings(&args.settings)?;
    let out = Out::new(Masker::for_settings(&settings));
    let errors = host()?
        .validate_settings(&settings)
        .map_err(|e| failed(e.to_string()))?;
    if errors.is_empty() {
        out.line(format!(
            "settings are valid ({} API)",
            settings.api_type.label()
        ))?;
        return Ok(());
    }
    out.line("settings are invalid:")?;
    for e in &errors {
        out.line(format!("  {}: {}", e.field, e.message))?;
    }
    Err(failed(""))
}

/// Arguments of `build`.
#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub target: Target,
    /// Operation input: JSON text, or `@FILE`.
    #[arg(long, value_name = "JSON|@FILE")]
    pub input: Option<String>,
    /// Clock to sign with, Unix milliseconds (default: now).
    #[arg(long, value_name = "UNIX_MS")]
    pub now: Option<u64>,
    /// Correlation id sent as `request-id`.
    #[arg(long, value_name = "ID")]
    pub request_id: Option<String>,
}

/// Runs `build`.
pub fn build(args: BuildArgs) -> CliResult {
    let input = read_input(args.input.as_deref())?;
    let context = RequestContext {
        now_unix_ms: args.now.unwrap_or_else(now_unix_ms),
        request_id: args.request_id,
    };
    let (_, settings) = load_settings(&args.target.settings)?;
    let out = Out::new(Masker::for_settings(&settings));
    let built = host()?
        .build_request(&settings, &args.target.operation, &input, &context)
        .map_err(|e| failed(e.to_string()))?;
    match built {
        Ok(request) => Ok(out.request(&request, "")?),
        Err(error) => {
            out.error(&error, "")?;
            Err(failed(""))
        }
    }
}

/// Arguments of `manifest`.
#[derive(clap::Args, Debug)]
pub struct ManifestArgs {
    /// Rewrite the repository's connector.json instead of printing.
    #[arg(long)]
    pub write: bool,
}

/// Runs `manifest`.
pub fn manifest(args: ManifestArgs) -> CliResult {
    let text = host()?.manifest().map_err(|e| failed(e.to_string()))?;
    let out = Out::default();
    if !args.write {
        return Ok(out.text(&text)?);
    }
    let path = workspace_root().join("connector.json");
    if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
        out.line(format!("{} is up to date", path.display()))?;
        return Ok(());
    }
    std::fs::write(&path, &text).map_err(|e| failed(format!("writing {}: {e}", path.display())))?;
    out.line(format!("wrote {} ({} bytes)", path.display(), text.len()))?;
    Ok(())
}

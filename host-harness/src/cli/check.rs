//! `check`: the connection test, with a verdict and the reason.

use std::path::PathBuf;

use aftership_core::CONNECTION_TEST;
use aftership_core::{ApiError, ApiType, AuthMode, ConnectorError, Environment, Settings};
use aftership_harness::runner::retry::Jitter;
use aftership_harness::runner::CallError;

use super::common::{failed, runner, CliResult, NetArgs};

/// Arguments of `check`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Connection settings file (JSON, fixture shape).
    #[arg(long, value_name = "FILE")]
    pub settings: PathBuf,
    #[command(flatten)]
    pub net: NetArgs,
}

/// What AfterShip's refusal tells about sandbox and production keys. AfterShip documents no
/// distinct answer for "sandbox key on production", so the verdict is definite only when the
/// answer itself mentions the sandbox; for Shipping, whose sandbox keys differ from production
/// keys, a refusal gets the hint.
pub fn environment_hint(settings: &Settings, error: &ApiError) -> Option<String> {
    let said = format!(
        "{} {} {}",
        error.message,
        error.error_type.as_deref().unwrap_or_default(),
        error
            .details
            .iter()
            .map(|d| d.message.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    )
    .to_ascii_lowercase();
    let production = settings.environment == Environment::Production;
    if said.contains("sandbox") {
        return Some(if production {
            "AfterShip says the key is a sandbox key, used here against production: set \
             \"environment\": \"sandbox\" or use a production key."
                .to_string()
        } else {
            "AfterShip's answer mentions the sandbox: check that this key was created for the \
             sandbox."
                .to_string()
        });
    }
    if settings.api_type != ApiType::Shipping {
        return None;
    }
    Some(if production {
        "Shipping sandbox keys are refused by production: if this is a sandbox key, set \
         \"environment\": \"sandbox\"."
            .to_string()
    } else {
        "Shipping production keys are refused by the sandbox: if this is a production key, set \
         \"environment\": \"production\"."
            .to_string()
    })
}

/// The verdict line(s) and whether the connection is usable (None: undetermined).
pub fn verdict(settings: &Settings, result: &Result<(), CallError>) -> (Option<bool>, Vec<String>) {
    let credential = match settings.auth_mode {
        AuthMode::OauthToken => "access token",
        _ => "API key",
    };
    let api = settings.api_type.label();
    match result {
        Ok(()) => (
            Some(true),
            vec![format!("connection OK: the {api} API accepted the {credential}")],
        ),
        Err(CallError::Connector(ConnectorError::Unauthorized(e))) => {
            let fix = match settings.auth_mode {
                AuthMode::OauthToken => "refresh or re-issue the access token",
                _ => "check the key (AfterShip admin > Settings > API keys)",
            };
            let mut lines = vec![format!(
                "connection FAILED: the {credential} is wrong: AfterShip refused it (HTTP {}, code {}: {}); {fix}",
                e.status, e.code, e.message
            )];
            lines.extend(environment_hint(settings, e));
            (Some(false), lines)
        }
        Err(CallError::Connector(ConnectorError::Forbidden(e))) => (
            Some(false),
            vec![format!(
                "connection FAILED: the {credential} is valid but lacks permission (HTTP {}, code {}: {}); grant the key access to the {api} API",
                e.status, e.code, e.message
            )],
        ),
        Err(CallError::Connector(ConnectorError::InvalidSettings(fields))) => {
            let mut lines = vec!["connection FAILED: the settings are invalid:".to_string()];
            lines.extend(fields.iter().map(|f| format!("  {}: {}", f.field, f.message)));
            (Some(false), lines)
        }
        // Authentication passed; the test request itself was refused for another reason.
        Err(CallError::Connector(
            e @ (ConnectorError::NotFound(_)
            | ConnectorError::Conflict(_)
            | ConnectorError::Validation(_)),
        )) => (
            Some(true),
            vec![format!(
                "connection OK: the {api} API accepted the {credential} (the test request answered: {e})"
            )],
        ),
        Err(other) => (
            None,
            vec![format!(
                "connection UNKNOWN: no verdict, the test did not get a usable answer: [{}] {other}",
                other.kind()
            )],
        ),
    }
}

/// Runs `check`.
pub fn run(args: Args) -> CliResult {
    let (runner, out) = runner(&args.settings, &args.net)?;
    let mut rng = Jitter::new(0);
    let exchange = runner.call(CONNECTION_TEST, "{}", None, &mut rng);
    if let Some(request) = &exchange.request {
        out.line(format!("{} {}", request.method.as_str(), request.url))?;
    }
    let result = exchange.result.map(|_| ());
    let (ok, lines) = verdict(runner.settings(), &result);
    for line in lines {
        out.line(line)?;
    }
    match ok {
        Some(true) => Ok(()),
        _ => Err(failed("")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(message: &str) -> ApiError {
        ApiError {
            status: 401,
            code: 401,
            message: message.to_string(),
            ..ApiError::default()
        }
    }

    #[test]
    fn an_answer_that_names_the_sandbox_gives_a_definite_verdict() {
        let settings = Settings::new("t", ApiType::Protection, "k");
        let hint = environment_hint(&settings, &refused("This is a sandbox API key.")).unwrap();
        assert!(
            hint.starts_with("AfterShip says the key is a sandbox key"),
            "{hint}"
        );
        // Protection uses one key for both hosts: a plain refusal says nothing about sandboxes.
        assert_eq!(
            environment_hint(&settings, &refused("The API key is invalid.")),
            None
        );
    }

    #[test]
    fn shipping_refusals_point_at_the_environment_both_ways() {
        let mut settings = Settings::new("t", ApiType::Shipping, "k");
        let plain = refused("Invalid URL or API key.");
        assert!(environment_hint(&settings, &plain)
            .unwrap()
            .contains("if this is a sandbox key"));
        settings.environment = Environment::Sandbox;
        assert!(environment_hint(&settings, &plain)
            .unwrap()
            .contains("if this is a production key"));
    }

    #[test]
    fn verdicts_follow_the_error_kind() {
        let settings = Settings::new("t", ApiType::Tracking, "k");
        let (ok, lines) = verdict(&settings, &Ok(()));
        assert_eq!(ok, Some(true));
        assert!(lines[0].starts_with("connection OK"));
        let wrong = Err(CallError::Connector(ConnectorError::Unauthorized(refused(
            "x",
        ))));
        let (ok, lines) = verdict(&settings, &wrong);
        assert_eq!(ok, Some(false));
        assert!(lines[0].contains("the API key is wrong"), "{lines:?}");
        let down = Err(CallError::Connector(ConnectorError::Server(
            ApiError::default(),
        )));
        assert_eq!(verdict(&settings, &down).0, None);
    }
}

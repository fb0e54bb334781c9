//! `replay [DIR]` (the default command): every recorded fixture through the real component.

use std::path::{Path, PathBuf};

use aftership_core::{
    ConnectionCheck, ConnectorError, HttpRequest, HttpResponse, Outcome, RequestContext, Settings,
};
use aftership_harness::runner::output::{excerpt, Masker, Out};
use aftership_harness::ComponentBackend;
use aftership_testkit::fixture::{self, Backend, Fixture};

use super::common::{failed, host, usage, workspace_root, CliResult};

/// Arguments of `replay`.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Folder of fixtures (default: the repository's tests/fixtures).
    pub dir: Option<PathBuf>,
}

/// Passes calls to the component and keeps what came back, for printing, with a masker for the
/// credentials of the settings the fixture ran with (masking by value, not only by header name).
struct Recording<'a> {
    inner: ComponentBackend<'a>,
    request: Option<Result<HttpRequest, ConnectorError>>,
    parsed: Option<Result<Outcome, ConnectorError>>,
    masker: Masker,
}

impl Backend for Recording<'_> {
    fn build_request(
        &mut self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        context: &RequestContext,
    ) -> Result<HttpRequest, ConnectorError> {
        self.masker = Masker::for_settings(settings);
        let result = self
            .inner
            .build_request(settings, operation_id, input, context);
        self.request = Some(result.clone());
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
        self.masker = Masker::for_settings(settings);
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

/// Runs `replay`.
pub fn run(args: Args) -> CliResult {
    let dir = args
        .dir
        .unwrap_or_else(|| workspace_root().join("tests").join("fixtures"));
    if !dir.is_dir() {
        return Err(usage(format!("no fixture directory at {}", dir.display())));
    }
    let out = Out::default();
    let host = host()?;
    let paths = fixture::discover(&dir);
    let (mut passed, mut failed_count) = (0usize, 0usize);
    for path in &paths {
        let shown = path
            .strip_prefix(&dir)
            .unwrap_or(path)
            .display()
            .to_string();
        let mut recording = Recording {
            inner: host.backend(),
            request: None,
            parsed: None,
            masker: Masker::none(),
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
        out.line(format!("{verdict} {shown}"))?;
        // The case's own output, masked by the values of the credentials it ran with.
        let case_out = Out::new(recording.masker.clone());
        match &recording.request {
            Some(Ok(request)) => case_out.request(request, "     ")?,
            Some(Err(error)) => case_out.error(error, "     ")?,
            None => {}
        }
        match &recording.parsed {
            Some(Ok(outcome)) => case_out.outcome(outcome, "     ")?,
            Some(Err(error)) => case_out.error(error, "     ")?,
            None => {}
        }
        for problem in &problems {
            case_out.line(format!("     ! {}", excerpt(problem, 400)))?;
        }
        if problems.is_empty() {
            passed += 1;
        } else {
            failed_count += 1;
        }
    }
    out.line(format!("{passed} passed, {failed_count} failed"))?;
    if paths.is_empty() {
        return Err(failed(format!("no fixtures found under {}", dir.display())));
    }
    if failed_count > 0 {
        return Err(failed(format!("{failed_count} fixture(s) failed")));
    }
    Ok(())
}

//! `replay [DIR]` (the default command): every recorded fixture through the real component.

use std::path::{Path, PathBuf};

use aftership_fixtures::case::{load, CaseKind};
use aftership_fixtures::fixture::{self, Fixtures, Produced};
use aftership_harness::runner::output::{excerpt, Masker, Out};
use aftership_harness::Host;

use super::common::{failed, host, usage, workspace_root, CliResult};

/// Arguments of `replay`.
#[derive(clap::Args, Debug, Default)]
pub struct Args {
    /// Folder of fixtures (default: the repository's tests/fixtures).
    pub dir: Option<PathBuf>,
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
        let (produced, masker, problems) = replay_one(&host, path);
        let verdict = if problems.is_empty() { "ok  " } else { "FAIL" };
        out.line(format!("{verdict} {shown}"))?;
        // The case's own output, masked by the values of the credentials it ran with.
        let case_out = Out::new(masker);
        if let Some(produced) = &produced {
            match &produced.built {
                Ok(request) => case_out.request(request, "     ")?,
                Err(error) => case_out.error(error, "     ")?,
            }
            match &produced.parsed {
                Some(Ok(outcome)) => case_out.outcome(outcome, "     ")?,
                Some(Err(error)) => case_out.error(error, "     ")?,
                None => {}
            }
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

/// Runs one fixture through the component: what it produced (to print), a masker for the values
/// of the credentials it ran with, and every mismatch (the suites' own runner and layout rule).
fn replay_one(host: &Host, path: &Path) -> (Option<Produced>, Masker, Vec<String>) {
    let fixture = match load::<Fixtures>(path) {
        Ok(fixture) => fixture,
        Err(e) => return (None, Masker::none(), vec![e]),
    };
    let masker = fixture
        .settings
        .to_settings()
        .map_or_else(|_| Masker::none(), |s| Masker::for_settings(&s));
    match fixture::produce(&fixture, &mut host.backend()) {
        Err(e) => (None, masker, vec![e]),
        Ok(produced) => {
            let mut problems = Fixtures::compare(&fixture, &produced);
            problems.extend(Fixtures::layout_problems(path, &fixture));
            (Some(produced), masker, problems)
        }
    }
}

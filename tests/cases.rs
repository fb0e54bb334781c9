//! One test per recorded case, named after its path below `tests/` (without `.json`):
//! `cargo test -- shipping.get_label/ok` runs one fixture. Each fixture runs natively and through
//! the real component; each OAuth and webhook case likewise.
//!
//! Bless mode: `AFTERSHIP_BLESS=1 cargo test --test cases` first rewrites every fixture's expected
//! blocks from what the component produces (only differing blocks; review the diff), then checks.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use aftership_core::webhook::{verify_webhook, WebhookError};
use aftership_harness::Host;
use aftership_testkit::bless::{bless_file, bless_requested};
use aftership_testkit::fixture::{discover, layout_problems, run, Fixture, NativeBackend};
use aftership_testkit::oauth_cases::{self, NativeOAuth, OAuthCase};
use aftership_testkit::webhook_cases::{self, WebhookCase};
use libtest_mimic::{Arguments, Failed, Trial};

/// One compiled component per test binary, shared by every case.
fn host() -> &'static Host {
    static HOST: OnceLock<Host> = OnceLock::new();
    HOST.get_or_init(|| match Host::new() {
        Ok(host) => host,
        Err(e) => panic!("the embedded component must load: {e}"),
    })
}

fn tests_root() -> PathBuf {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness.parent().unwrap_or(harness).join("tests")
}

fn outcome(problems: Vec<String>) -> Result<(), Failed> {
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

/// The last folder of `path` (an OAuth case's call, a webhook case's product).
fn folder(path: &Path) -> Option<String> {
    path.parent()
        .and_then(Path::file_name)
        .map(|f| f.to_string_lossy().into_owned())
}

fn fixture_case(path: &Path) -> Result<(), Failed> {
    if bless_requested() {
        bless_file(path, &mut host().backend()).map_err(|e| format!("bless: {e}"))?;
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("read: {e}"))?;
    let fixture = Fixture::parse(&text).map_err(|e| format!("fixture format: {e}"))?;
    let mut problems = layout_problems(path, &fixture);
    problems.extend(
        run(&fixture, &mut NativeBackend)
            .into_iter()
            .map(|p| format!("native: {p}")),
    );
    problems.extend(
        run(&fixture, &mut host().backend())
            .into_iter()
            .map(|p| format!("component: {p}")),
    );
    outcome(problems)
}

fn oauth_case(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read: {e}"))?;
    let case: OAuthCase = serde_json::from_str(&text).map_err(|e| format!("case format: {e}"))?;
    let mut problems = Vec::new();
    if folder(path).as_deref() != Some(case.call.as_str()) {
        problems.push(format!("folder {:?} but call {}", folder(path), case.call));
    }
    problems.extend(
        oauth_cases::run(&case, &mut NativeOAuth)
            .into_iter()
            .map(|p| format!("native: {p}")),
    );
    problems.extend(
        oauth_cases::run(&case, &mut host().oauth_backend())
            .into_iter()
            .map(|p| format!("component: {p}")),
    );
    outcome(problems)
}

fn webhook_case(path: &Path) -> Result<(), Failed> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read: {e}"))?;
    let case: WebhookCase = serde_json::from_str(&text).map_err(|e| format!("case format: {e}"))?;
    let mut problems = Vec::new();
    if folder(path).as_deref() != Some(case.product.as_str()) {
        problems.push(format!(
            "folder {:?} but product {}",
            folder(path),
            case.product
        ));
    }
    problems.extend(
        webhook_cases::run(&case, &mut |input| verify_webhook(input))
            .into_iter()
            .map(|p| format!("native: {p}")),
    );
    problems.extend(
        webhook_cases::run(&case, &mut |input| {
            host()
                .verify_webhook(input)
                .unwrap_or_else(|e| Err(WebhookError::InvalidInput(format!("host: {e}"))))
        })
        .into_iter()
        .map(|p| format!("component: {p}")),
    );
    outcome(problems)
}

/// Trials for every `*.json` below `tests/<family>`, named `<family>/<relative path>`.
fn trials(family: &str, check: fn(&Path) -> Result<(), Failed>) -> Vec<Trial> {
    let root = tests_root();
    discover(&root.join(family))
        .into_iter()
        .map(|path| {
            let name = path
                .strip_prefix(&root)
                .unwrap_or(&path)
                .with_extension("")
                .to_string_lossy()
                .replace('\\', "/");
            Trial::test(name, move || check(&path))
        })
        .collect()
}

fn main() {
    let args = Arguments::from_args();
    let mut all = Vec::new();
    // A folder that went missing or empty must not pass silently (counts as of issue 11).
    for (family, check, at_least) in [
        (
            "fixtures",
            fixture_case as fn(&Path) -> Result<(), Failed>,
            325,
        ),
        ("oauth", oauth_case, 48),
        ("webhooks", webhook_case, 29),
    ] {
        let found = trials(family, check);
        assert!(
            found.len() >= at_least,
            "only {} cases under tests/{family}, expected at least {at_least}",
            found.len()
        );
        all.extend(found);
    }
    let signed = all
        .iter()
        .filter(|t| t.name().starts_with("fixtures/") && t.name().contains("/signed_"))
        .count();
    assert!(signed >= 12, "only {signed} signed fixtures found");
    libtest_mimic::run(&args, all).exit();
}

//! One test per recorded case, named after its path below `tests/` (without `.json`):
//! `cargo test -- shipping.get_label/ok` runs one fixture. Each fixture runs natively and through
//! the real component; each OAuth and webhook case likewise.
//!
//! Bless mode: `AFTERSHIP_BLESS=1 cargo test --test cases` first rewrites every case's expected
//! blocks from what the component produces (only differing blocks; review the diff), then checks.

use std::path::Path;

use aftership_core::webhook::{VerifiedWebhook, WebhookError, WebhookInput};
use aftership_testkit::bless::{bless_file, bless_requested};
use aftership_testkit::case::{check_file, CaseKind};
use aftership_testkit::fixture::{discover, Fixtures, NativeBackend};
use aftership_testkit::oauth_cases::{NativeOAuth, OAuthCases};
use aftership_testkit::webhook_cases::{NativeWebhook, WebhookCases};
use libtest_mimic::{Arguments, Failed, Trial};

mod common;
use common::{host, tests_root};

/// Blesses the case from the component when asked, then checks it natively and through the
/// component.
fn run_case<'b, K: CaseKind>(
    path: &Path,
    native: &mut K::Backend<'b>,
    component: &mut K::Backend<'b>,
) -> Result<(), Failed> {
    if bless_requested() {
        bless_file::<K>(path, component).map_err(|e| format!("bless: {e}"))?;
    }
    let problems = check_file::<K>(path, &mut [("native", native), ("component", component)]);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn fixture_case(path: &Path) -> Result<(), Failed> {
    run_case::<Fixtures>(path, &mut NativeBackend, &mut host().backend())
}

fn oauth_case(path: &Path) -> Result<(), Failed> {
    run_case::<OAuthCases>(
        path,
        &mut NativeOAuth,
        &mut common::component_oauth::oauth_backend(host()),
    )
}

/// The component's `verify-webhook`; a host failure (trap, deadline) fails the case visibly.
fn component_webhook(input: &WebhookInput) -> Result<VerifiedWebhook, WebhookError> {
    host()
        .verify_webhook(input)
        .unwrap_or_else(|e| Err(WebhookError::InvalidInput(format!("host: {e}"))))
}

fn webhook_case(path: &Path) -> Result<(), Failed> {
    run_case::<WebhookCases>(path, &mut NativeWebhook, &mut component_webhook)
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
            Fixtures::FOLDER,
            fixture_case as fn(&Path) -> Result<(), Failed>,
            325,
        ),
        (OAuthCases::FOLDER, oauth_case, 48),
        (WebhookCases::FOLDER, webhook_case, 29),
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

//! Replays `tests/webhooks/**.json` through the native core.

use std::path::Path;

use aftership_core::webhook::verify_webhook;
use aftership_testkit::fixture::discover;
use aftership_testkit::webhook_cases::{run, WebhookCase};

#[test]
fn every_webhook_case_passes_natively() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/webhooks");
    let mut failures = Vec::new();
    let mut passed = 0;
    for path in discover(&root) {
        let problems = match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<WebhookCase>(&text).map_err(|e| e.to_string()))
        {
            Err(e) => vec![format!("load: {e}")],
            Ok(case) => {
                let mut problems = run(&case, &mut |input| verify_webhook(input));
                let folder = path
                    .parent()
                    .and_then(Path::file_name)
                    .map(|f| f.to_string_lossy().into_owned());
                if folder.as_deref() != Some(case.product.as_str()) {
                    problems.push(format!("folder {folder:?} but product {}", case.product));
                }
                problems
            }
        };
        if problems.is_empty() {
            passed += 1;
        } else {
            failures.push(format!("{}:\n  {}", path.display(), problems.join("\n  ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        passed >= 18,
        "only {passed} webhook cases found under {}",
        root.display()
    );
}

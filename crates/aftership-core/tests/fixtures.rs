//! Replays every recorded fixture through the core natively (fast feedback; the harness replays
//! the same files through the real component).

use std::path::Path;

use aftership_testkit::fixture::{run_all, NativeBackend};

#[test]
fn every_fixture_passes_natively() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let (passed, failures) = run_all(&root, &mut NativeBackend);
    let report: Vec<String> = failures
        .iter()
        .map(|(path, problems)| format!("{}:\n  {}", path.display(), problems.join("\n  ")))
        .collect();
    assert!(
        report.is_empty(),
        "{} fixture(s) failed:\n{}",
        report.len(),
        report.join("\n")
    );
    assert!(passed > 0, "no fixtures found under {}", root.display());
}

//! Replays `tests/oauth/**.json` through the native core.

use std::path::Path;

use aftership_core::fixture::discover;
use aftership_core::oauth::cases::{run, NativeOAuth, OAuthCase};

#[test]
fn every_oauth_case_passes_natively() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/oauth");
    let mut failures = Vec::new();
    let mut passed = 0;
    for path in discover(&root) {
        let problems = match std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| serde_json::from_str::<OAuthCase>(&text).map_err(|e| e.to_string()))
        {
            Err(e) => vec![format!("load: {e}")],
            Ok(case) => {
                let mut problems = run(&case, &mut NativeOAuth);
                let folder = path
                    .parent()
                    .and_then(Path::file_name)
                    .map(|f| f.to_string_lossy().into_owned());
                if folder.as_deref() != Some(case.call.as_str()) {
                    problems.push(format!("folder {folder:?} but call {}", case.call));
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
        passed >= 20,
        "only {passed} OAuth cases found under {}",
        root.display()
    );
}

#[test]
fn scope_lists_match_the_reference() {
    use aftership_core::oauth::{scopes_for, SHIPPING_SCOPES, TRACKING_SCOPES};
    use aftership_core::ApiType;
    assert_eq!(TRACKING_SCOPES.len(), 7);
    assert_eq!(SHIPPING_SCOPES.len(), 12);
    assert_eq!(scopes_for(ApiType::Tracking), TRACKING_SCOPES);
    assert_eq!(scopes_for(ApiType::Shipping), SHIPPING_SCOPES);
    assert!(scopes_for(ApiType::Returns).is_empty());
    for scope in TRACKING_SCOPES {
        assert!(scope.starts_with("aftership:"));
    }
    for scope in SHIPPING_SCOPES {
        assert!(scope.starts_with("postmen:"));
    }
}

//! The bless writer on temporary copies of real cases: a deliberately wrong expected block fails
//! a normal run, and blessing rewrites exactly that block back to what the core produces. The
//! OAuth and webhook kinds go through the same writer (see also `bless_round_trip.rs`).

use std::path::{Path, PathBuf};

use aftership_testkit::bless::bless_file;
use aftership_testkit::case::{check_file, CaseKind};
use aftership_testkit::fixture::{run, Fixture, Fixtures, NativeBackend};
use aftership_testkit::oauth_cases::{NativeOAuth, OAuthCases};
use aftership_testkit::webhook_cases::{NativeWebhook, WebhookCases};
use serde_json::{json, Value};

fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests")
        .join(rel)
}

/// The temporary folder of the test `name`.
fn scratch_dir(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("aftership-bless-{}-{name}", std::process::id()))
}

/// A scratch copy of `rel` with `edit` applied, in its own temporary folder.
fn scratch(name: &str, rel: &str, edit: impl FnOnce(&mut Value)) -> (PathBuf, String) {
    let original = std::fs::read_to_string(fixture_path(rel)).expect("fixture readable");
    let mut value: Value = serde_json::from_str(&original).expect("fixture JSON");
    edit(&mut value);
    // The whole relative path, so the layout rules hold for the copy too.
    let path = scratch_dir(name).join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).expect("temp dir");
    std::fs::write(&path, serde_json::to_string_pretty(&value).unwrap() + "\n").expect("write");
    (path, original)
}

fn problems(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("readable");
    run(
        &Fixture::parse(&text).expect("valid fixture"),
        &mut NativeBackend,
    )
}

#[test]
fn bless_repairs_a_wrong_request_and_outcome() {
    let (path, original) = scratch(
        "request",
        "fixtures/address/address.validate_address/ok.json",
        |v| {
            v["expected_request"]["url"] = json!("https://wrong.example/addresses/validate");
            v["expected_request"]["headers"]["as-api-key"] = json!("stale");
            v["expected_outcome"]["data"] = json!({"wrong": true});
        },
    );
    let before = problems(&path);
    assert!(
        before.iter().any(|p| p.starts_with("request.url"))
            && before
                .iter()
                .any(|p| p.starts_with("request.headers.as-api-key"))
            && before.iter().any(|p| p.starts_with("outcome.data")),
        "the wrong blocks must fail a normal run: {before:?}"
    );
    assert_eq!(bless_file::<Fixtures>(&path, &mut NativeBackend), Ok(true));
    assert!(problems(&path).is_empty(), "{:?}", problems(&path));
    let blessed = std::fs::read_to_string(&path).unwrap();
    // Same members in the same order, and the credential written back as its placeholder.
    assert_eq!(blessed, original);
    assert!(blessed.contains("\"as-api-key\": \"{{API_KEY}}\""));
    // A second bless finds nothing to do and leaves the file alone.
    assert_eq!(bless_file::<Fixtures>(&path, &mut NativeBackend), Ok(false));
    std::fs::remove_dir_all(scratch_dir("request")).ok();
}

#[test]
fn bless_turns_a_wrong_outcome_into_the_error_in_place() {
    let rel = "fixtures/address/address.validate_address/not_found_404.json";
    let want = "native: expected outcome, got error";
    let (from, to) = ("expected_error", "expected_outcome");
    swap_and_bless::<Fixtures>(rel, from, to, &mut NativeBackend, want);
}

#[test]
fn bless_leaves_a_passing_fixture_byte_for_byte() {
    let (path, original) = scratch(
        "same",
        "fixtures/address/address.validate_address/ok.json",
        |_| {},
    );
    assert_eq!(bless_file::<Fixtures>(&path, &mut NativeBackend), Ok(false));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    std::fs::remove_dir_all(scratch_dir("same")).ok();
}

#[test]
fn bless_refuses_a_change_of_shape() {
    // A build error case whose input now builds would need a recorded response: refused.
    let (path, _) = scratch(
        "shape",
        "fixtures/address/address.validate_address/ok.json",
        |v| {
            let map = v.as_object_mut().unwrap();
            for key in ["expected_request", "response", "expected_outcome"] {
                map.remove(key);
            }
            map.insert(
                "expected_build_error".into(),
                json!({"kind": "invalid_input"}),
            );
        },
    );
    let text_before = std::fs::read_to_string(&path).unwrap();
    let result = bless_file::<Fixtures>(&path, &mut NativeBackend);
    assert!(
        matches!(&result, Err(e) if e.contains("now builds a request")),
        "{result:?}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text_before);
    std::fs::remove_dir_all(scratch_dir("shape")).ok();
}

/// Swaps `from` for `to` where it stands, with a made-up value.
fn swap_block(value: &mut Value, from: &str, to: &str) {
    let map = value.as_object_mut().unwrap();
    for (key, member) in std::mem::take(map) {
        if key == from {
            map.insert(to.into(), json!({"tampered": true}));
        } else {
            map.insert(key, member);
        }
    }
}

/// Swaps block `from` of a copy of `rel` for a wrong `to` block: the normal run must report
/// `want`, and bless must put the file back as it was, block in place.
fn swap_and_bless<'b, K: CaseKind>(
    rel: &str,
    from: &str,
    to: &str,
    backend: &mut K::Backend<'b>,
    want: &str,
) {
    let (path, original) = scratch(K::FOLDER, rel, |v| swap_block(v, from, to));
    let before = check_file::<K>(&path, &mut [("native", &mut *backend)]);
    assert!(before.iter().any(|p| p.starts_with(want)), "{before:?}");
    assert_eq!(bless_file::<K>(&path, backend), Ok(true));
    assert!(check_file::<K>(&path, &mut [("native", &mut *backend)]).is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original, "{rel}");
    assert_eq!(
        bless_file::<K>(&path, backend),
        Ok(false),
        "a second bless is a no-op"
    );
    std::fs::remove_dir_all(scratch_dir(K::FOLDER)).ok();
}

#[test]
fn bless_turns_an_oauth_result_into_the_error_in_place() {
    let rel = "oauth/verify_redirect/state_mismatch.json";
    let want = "native: expected result, got error";
    swap_and_bless::<OAuthCases>(rel, "expected_error", "expected", &mut NativeOAuth, want);
}

#[test]
fn bless_turns_a_webhook_error_into_the_result_in_place() {
    let rel = "webhooks/tracking/valid.json";
    let want = "native: expected an error, got result";
    swap_and_bless::<WebhookCases>(rel, "expected", "expected_error", &mut NativeWebhook, want);
}

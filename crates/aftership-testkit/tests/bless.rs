//! The bless writer on temporary copies of real cases: a deliberately wrong expected block fails
//! a normal run, and blessing rewrites exactly that block back to what the core produces. The
//! OAuth and webhook kinds go through the same writer (see also `bless_round_trip.rs`).

use std::path::{Path, PathBuf};

use aftership_testkit::bless::bless_file;
use aftership_testkit::case::check_file;
use aftership_testkit::fixture::{run, Fixture, Fixtures, NativeBackend};
use aftership_testkit::oauth_cases::{NativeOAuth, OAuthCases};
use aftership_testkit::webhook_cases::{NativeWebhook, WebhookCases};
use serde_json::{json, Value};

fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests")
        .join(rel)
}

/// A scratch copy of `rel` with `edit` applied, in its own temporary folder.
fn scratch(name: &str, rel: &str, edit: impl FnOnce(&mut Value)) -> (PathBuf, String) {
    let original = std::fs::read_to_string(fixture_path(rel)).expect("fixture readable");
    let mut value: Value = serde_json::from_str(&original).expect("fixture JSON");
    edit(&mut value);
    let dir = std::env::temp_dir().join(format!("aftership-bless-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let folder = Path::new(rel).parent().and_then(Path::file_name).unwrap();
    std::fs::create_dir_all(dir.join(folder)).expect("temp dir");
    let path = dir.join(folder).join("case.json");
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
    std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).ok();
}

#[test]
fn bless_turns_a_wrong_outcome_into_the_error_in_place() {
    let rel = "fixtures/address/address.validate_address/not_found_404.json";
    let (path, original) = scratch("error", rel, |v| {
        let map = v.as_object_mut().unwrap();
        let entries = std::mem::take(map);
        for (key, value) in entries {
            if key == "expected_error" {
                map.insert(
                    "expected_outcome".into(),
                    json!({"data": {}, "next_page": null}),
                );
            } else {
                map.insert(key, value);
            }
        }
    });
    let before = problems(&path);
    assert!(
        before
            .iter()
            .any(|p| p.starts_with("expected outcome, got error")),
        "{before:?}"
    );
    assert_eq!(bless_file::<Fixtures>(&path, &mut NativeBackend), Ok(true));
    assert!(problems(&path).is_empty(), "{:?}", problems(&path));
    let blessed: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let original: Value = serde_json::from_str(&original).unwrap();
    assert_eq!(blessed, original);
    let keys: Vec<&String> = blessed.as_object().unwrap().keys().collect();
    let want: Vec<&String> = original.as_object().unwrap().keys().collect();
    assert_eq!(keys, want, "the block keeps its place");
    std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).ok();
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
    std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).ok();
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
    std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).ok();
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

#[test]
fn bless_turns_an_oauth_result_into_the_error_in_place() {
    let rel = "oauth/verify_redirect/state_mismatch.json";
    let (path, original) = scratch("oauth", rel, |v| {
        swap_block(v, "expected_error", "expected")
    });
    let before = check_file::<OAuthCases>(&path, &mut [("native", &mut NativeOAuth)]);
    assert!(
        before
            .iter()
            .any(|p| p.starts_with("native: expected result, got error")),
        "{before:?}"
    );
    assert_eq!(bless_file::<OAuthCases>(&path, &mut NativeOAuth), Ok(true));
    let blessed = std::fs::read_to_string(&path).unwrap();
    assert_eq!(blessed, original, "the error block is back where it stood");
    assert_eq!(bless_file::<OAuthCases>(&path, &mut NativeOAuth), Ok(false));
    std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).ok();
}

#[test]
fn bless_turns_a_webhook_error_into_the_result_in_place() {
    let rel = "webhooks/tracking/valid.json";
    let (path, original) = scratch("webhook", rel, |v| {
        swap_block(v, "expected", "expected_error")
    });
    let before = check_file::<WebhookCases>(&path, &mut [("native", &mut NativeWebhook)]);
    assert!(
        before
            .iter()
            .any(|p| p.starts_with("native: expected an error, got result")),
        "{before:?}"
    );
    assert_eq!(
        bless_file::<WebhookCases>(&path, &mut NativeWebhook),
        Ok(true)
    );
    assert!(check_file::<WebhookCases>(&path, &mut [("native", &mut NativeWebhook)]).is_empty());
    let blessed: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let original: Value = serde_json::from_str(&original).unwrap();
    assert_eq!(blessed, original);
    let keys: Vec<&String> = blessed.as_object().unwrap().keys().collect();
    let want: Vec<&String> = original.as_object().unwrap().keys().collect();
    assert_eq!(keys, want, "the block keeps its place");
    std::fs::remove_dir_all(path.parent().unwrap().parent().unwrap()).ok();
}

//! Bless round-trips over the whole tree, for every case kind: blessing the unchanged cases
//! rewrites nothing, and on a tampered copy of each case in a temporary folder it restores the
//! expected block (the normal run fails before, passes after, and the file reads as before).

use std::path::{Path, PathBuf};

use aftership_testkit::bless::{bless_file, bless_text};
use aftership_testkit::case::{check_file, CaseKind};
use aftership_testkit::fixture::{discover, Fixtures, NativeBackend};
use aftership_testkit::oauth_cases::{NativeOAuth, OAuthCases};
use aftership_testkit::webhook_cases::{NativeWebhook, WebhookCases};
use serde_json::{json, Value};

fn tests_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// The expected blocks bless may rewrite, the one tampered with first.
const BLOCKS: [&str; 5] = [
    "expected",
    "expected_error",
    "expected_outcome",
    "expected_build_error",
    "expected_request",
];

/// Blesses every case of kind `K` in memory; returns how many were found (none may change).
fn bless_unchanged<'b, K: CaseKind>(backend: &mut K::Backend<'b>) -> usize {
    let paths = discover(&tests_root().join(K::FOLDER));
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("readable");
        assert_eq!(
            bless_text::<K>(&text, backend),
            Ok(None),
            "{}: bless would rewrite an unchanged case",
            path.display()
        );
    }
    paths.len()
}

#[test]
fn blessing_the_unchanged_tree_rewrites_nothing() {
    assert!(bless_unchanged::<Fixtures>(&mut NativeBackend) >= 325);
    assert!(bless_unchanged::<OAuthCases>(&mut NativeOAuth) >= 48);
    assert!(bless_unchanged::<WebhookCases>(&mut NativeWebhook) >= 29);
}

/// Changes the first scalar (or list) below the first object member of `value`, or `value`
/// itself, and adds a member that does not belong.
fn tamper(value: &mut Value) {
    match value {
        Value::Object(map) => {
            match map.values_mut().next() {
                Some(first @ Value::Object(_)) => tamper(first),
                Some(first) => *first = json!("tampered"),
                None => {}
            }
            map.insert("tampered_member".into(), json!(true));
        }
        other => *other = json!("tampered"),
    }
}

/// Tampers with an expected block of a copy of each case of kind `K`, then blesses it back.
fn tamper_and_restore<'b, K: CaseKind>(backend: &mut K::Backend<'b>) {
    let root = tests_root();
    let scratch = std::env::temp_dir().join(format!(
        "aftership-bless-tree-{}-{}",
        std::process::id(),
        K::FOLDER
    ));
    for path in discover(&root.join(K::FOLDER)) {
        let original: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut tampered = original.clone();
        let key = BLOCKS
            .iter()
            .find(|k| original.get(**k).is_some())
            .expect("an expected block");
        tamper(&mut tampered[*key]);
        let copy = scratch.join(path.strip_prefix(&root).unwrap());
        std::fs::create_dir_all(copy.parent().unwrap()).unwrap();
        std::fs::write(&copy, tampered.to_string()).unwrap();
        let shown = copy.display();
        let before = check_file::<K>(&copy, &mut [("native", &mut *backend)]);
        assert!(!before.is_empty(), "{shown}: the tampered {key} must fail");
        assert_eq!(bless_file::<K>(&copy, backend), Ok(true), "{shown}");
        assert!(
            check_file::<K>(&copy, &mut [("native", &mut *backend)]).is_empty(),
            "{shown}"
        );
        // The member order is the file's own: the blessed file is the original, pretty-printed.
        let want = serde_json::to_string_pretty(&original).unwrap() + "\n";
        assert_eq!(std::fs::read_to_string(&copy).unwrap(), want, "{shown}");
    }
    std::fs::remove_dir_all(&scratch).ok();
}

#[test]
fn bless_restores_a_tampered_copy_of_every_fixture() {
    tamper_and_restore::<Fixtures>(&mut NativeBackend);
}

#[test]
fn bless_restores_a_tampered_copy_of_every_oauth_case() {
    tamper_and_restore::<OAuthCases>(&mut NativeOAuth);
}

#[test]
fn bless_restores_a_tampered_copy_of_every_webhook_case() {
    tamper_and_restore::<WebhookCases>(&mut NativeWebhook);
}

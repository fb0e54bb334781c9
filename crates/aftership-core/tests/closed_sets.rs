//! The closed sets and boundary records are defined once in the core and agree with the WIT
//! contract, read from `wit/` at test time (one file or several in that folder): the manifest's
//! `wit_package`, its `error_kinds`, the enums' ids and the settings record's members.

use std::path::Path;

use aftership_core::oauth::{HmacPolicy, HmacStatus};
use aftership_core::{
    manifest_value, ApiType, AuthMode, ConnectorError, Environment, ErrorKind, Method, Settings,
    WIT_PACKAGE,
};
use strum::VariantArray;

/// Every `.wit` file of the contract, comments removed, concatenated.
fn wit_text() -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../wit");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("the wit folder")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "wit"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no .wit file in {}", dir.display());
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("readable wit"))
        .flat_map(|text| {
            text.lines()
                .map(|l| l.split("//").next().unwrap_or("").to_string())
                .collect::<Vec<_>>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The text between the braces of `<head> {`.
fn wit_block<'a>(wit: &'a str, head: &str) -> &'a str {
    let head = format!("{head} {{");
    let start = wit
        .find(&head)
        .unwrap_or_else(|| panic!("no `{head}` in the WIT"));
    let body = &wit[start + head.len()..];
    &body[..body.find('}').expect("closing brace")]
}

/// The case names of `enum <name> { … }` or `variant <name> { … }` (kebab-case, in order).
fn wit_cases(wit: &str, keyword: &str, name: &str) -> Vec<String> {
    wit_block(wit, &format!("{keyword} {name}"))
        .split(',')
        .map(|case| case.split('(').next().unwrap_or("").trim().to_string())
        .filter(|case| !case.is_empty())
        .collect()
}

/// The member names of `record <name> { … }`.
fn wit_record_members(wit: &str, name: &str) -> Vec<String> {
    wit_block(wit, &format!("record {name}"))
        .split(',')
        .filter_map(|member| Some(member.split(':').next()?.trim().to_string()))
        .filter(|member| !member.is_empty())
        .collect()
}

fn snake(kebab: &str) -> String {
    kebab.replace('-', "_")
}

#[test]
fn the_manifest_names_the_wit_package() {
    let wit = wit_text();
    let packages: Vec<&str> = wit
        .lines()
        .filter_map(|l| l.trim().strip_prefix("package "))
        .map(|rest| rest.trim_end_matches(';').trim())
        .collect();
    assert!(!packages.is_empty(), "no package declaration in wit/");
    for package in packages {
        assert_eq!(package, WIT_PACKAGE);
    }
    assert_eq!(manifest_value()["wit_package"], WIT_PACKAGE);
}

#[test]
fn error_kinds_are_the_connector_error_cases_and_the_wit_cases() {
    let manifest: Vec<String> = manifest_value()["error_kinds"]
        .as_array()
        .expect("error_kinds")
        .iter()
        .map(|k| k.as_str().expect("a string").to_string())
        .collect();
    let core: Vec<String> = ErrorKind::VARIANTS
        .iter()
        .map(|k| k.as_str().to_string())
        .collect();
    assert_eq!(manifest, core);
    let wit = wit_text();
    let mut wit_kinds: Vec<String> = wit_cases(&wit, "variant", "connector-error")
        .iter()
        .map(|c| snake(c))
        .collect();
    assert_eq!(core, wit_kinds, "ConnectorError against the WIT variant");
    // A separate `error-kind` enum, when the WIT has one, lists the same cases.
    if wit.contains("enum error-kind {") {
        wit_kinds = wit_cases(&wit, "enum", "error-kind")
            .iter()
            .map(|c| snake(c))
            .collect();
        assert_eq!(core, wit_kinds, "ErrorKind against the WIT enum");
    }
    // `kind()` of a value is its case's id.
    let error = ConnectorError::input("body", "bad");
    assert_eq!(error.kind(), "invalid_input");
    assert_eq!(ErrorKind::from(&error), ErrorKind::InvalidInput);
}

/// The ids of a closed set, in order.
fn ids<T: Copy>(all: &[T], id: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|&t| id(t).to_string()).collect()
}

#[test]
fn enum_ids_are_the_wit_case_names() {
    let wit = wit_text();
    let case = |name: &str| wit_cases(&wit, "enum", name);
    assert_eq!(ids(&ApiType::ALL, ApiType::as_str), case("api-type"));
    assert_eq!(
        ids(&Environment::ALL, Environment::as_str),
        case("environment")
    );
    assert_eq!(ids(&AuthMode::ALL, AuthMode::as_str), case("auth-mode"));
    let methods: Vec<String> = ids(Method::VARIANTS, Method::as_str)
        .iter()
        .map(|m| m.to_ascii_lowercase())
        .collect();
    assert_eq!(methods, case("http-method"));
    assert_eq!(
        ids(HmacPolicy::VARIANTS, HmacPolicy::as_str),
        case("hmac-policy")
    );
    assert_eq!(
        ids(HmacStatus::VARIANTS, HmacStatus::as_str),
        case("hmac-status")
    );
}

#[test]
fn form_options_come_from_the_closed_sets() {
    let manifest = manifest_value();
    let fields = manifest["connection"]["fields"].as_array().expect("fields");
    let options = |id: &str| -> Vec<String> {
        let field = fields.iter().find(|f| f["id"] == id).expect("field");
        field["options"]
            .as_array()
            .expect("options")
            .iter()
            .map(|o| o["value"].as_str().expect("value").to_string())
            .collect()
    };
    let api_types = ids(&ApiType::ALL, ApiType::as_str);
    assert_eq!(options("api-type"), api_types);
    assert_eq!(
        options("environment"),
        ids(&Environment::ALL, Environment::as_str)
    );
    assert_eq!(options("auth-mode"), ids(&AuthMode::ALL, AuthMode::as_str));
    let listed: Vec<&str> = manifest["api_types"]
        .as_array()
        .expect("api_types")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect();
    assert_eq!(listed, api_types);
}

#[test]
fn connection_fields_outside_the_oauth_app_are_the_wit_settings_record() {
    let manifest = manifest_value();
    let form: Vec<String> = manifest["connection"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter(|f| f.get("group").is_none())
        .map(|f| f["id"].as_str().expect("id").to_string())
        .collect();
    let wit = wit_record_members(&wit_text(), "connection-settings");
    assert_eq!(
        form, wit,
        "the connection form and the WIT `connection-settings` record"
    );
    let members: Vec<&str> = Settings::member_ids().collect();
    assert_eq!(members, wit, "Settings::member_ids and the WIT record");
}

#[test]
fn oauth_and_webhook_error_kinds_and_messages_are_derived_per_case() {
    use aftership_core::oauth::OAuthError;
    use aftership_core::webhook::WebhookError;
    let stale = OAuthError::StaleRequest {
        timestamp_unix_ms: 1,
        now_unix_ms: 400_001,
        tolerance_ms: 300_000,
    };
    let old = WebhookError::TooOld {
        event_unix_ms: 5,
        now_unix_ms: 9,
        tolerance_ms: 2,
    };
    let missing = WebhookError::MissingSignature(vec!["a".into(), "b".into()]);
    let cases = [
        (
            stale.kind(),
            stale.to_string(),
            "stale_request",
            "the launch request's timestamp (1 ms) is more than 300000 ms from now (400001 ms)",
        ),
        (
            old.kind(),
            old.to_string(),
            "too_old",
            "the event from 5 ms is older than the tolerance of 2 ms at 9 ms",
        ),
        (
            missing.kind(),
            missing.to_string(),
            "missing_signature",
            "the webhook carries no signature header (expected a or b)",
        ),
    ];
    for (kind, message, want_kind, want_message) in cases {
        assert_eq!((kind, message.as_str()), (want_kind, want_message));
    }
}

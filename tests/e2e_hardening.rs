//! Hardening cases through the real component (issue 9): bodies that used to exhaust the
//! harness's memory cap.

use aftership_core::{ApiType, ConnectorError, HttpResponse, Settings};
use aftership_testkit::helpers::{context, huge_details_body};

mod common;
use common::{cli, host};

#[test]
fn a_huge_details_list_parses_under_the_default_memory_cap() {
    // 400,000 details, 9 MiB: before issue 9 a 4.6 MiB body of this shape ran out of the
    // harness's 64 MiB, as every detail became a JSON tree before the list was cut to 100.
    let response = HttpResponse {
        status: 422,
        headers: vec![("content-type".into(), "application/json".into())],
        body: huge_details_body(400_000).into_bytes(),
    };
    let settings = Settings::new("e2e", ApiType::Commerce, "test-api-key-0000");
    let input = r#"{"limit":1}"#;
    match host().parse_response(
        &settings,
        "commerce.list_stores",
        input,
        &response,
        &context(),
    ) {
        Ok(Err(ConnectorError::Validation(e))) => {
            assert_eq!(e.details.len(), 100);
            assert_eq!(e.code, 42200);
        }
        other => panic!("expected a validation error with 100 details, got {other:?}"),
    }
}

// ---- one redaction rule for every CLI output (issue 9 defect 2) ----

const TOKEN: &str = "SENTINEL-oauth-token-5e6f";

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("aftership-e2e-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn cli_build_never_prints_an_oauth_token_under_a_custom_header() {
    let dir = temp_dir("build");
    for header in [
        "x-auth",
        "X-Auth",
        "authorization",
        "request-id-token",
        "x-custom",
    ] {
        let settings = dir.join("settings.json");
        let json = serde_json::json!({
            "name": "oauth", "api_type": "tracking", "auth_mode": "oauth-token",
            "access_token": TOKEN, "oauth_token_header": header,
        });
        std::fs::write(&settings, json.to_string()).unwrap();
        let (_, out) = cli(&[
            "build",
            "--settings",
            settings.to_str().unwrap(),
            "--operation",
            "tracking.get_tracking_by_id",
            "--input",
            r#"{"id":"abc"}"#,
        ]);
        assert!(
            out.contains("GET https://"),
            "{header}: the request was not printed: {out}"
        );
        assert!(!out.contains(TOKEN), "{header}: the token leaked: {out}");
        assert!(
            !out.contains("SENTINEL"),
            "{header}: part of the token leaked: {out}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cli_replay_never_prints_an_oauth_token_under_a_custom_header() {
    let dir = temp_dir("replay");
    let case = dir.join("tracking").join("tracking.get_tracking_by_id");
    std::fs::create_dir_all(&case).unwrap();
    let fixture = serde_json::json!({
        "description": "OAuth token under a custom header",
        "source": "issue 9 defect 2",
        "settings": {"api_type": "tracking", "auth_mode": "oauth-token",
                     "access_token": TOKEN, "oauth_token_header": "x-auth"},
        "operation": "tracking.get_tracking_by_id",
        // The token also reaches the URL, so only masking by value can hide it there.
        "input": {"id": TOKEN},
        "now_unix_ms": 1_783_327_777_000u64,
        "expected_request": {
            "method": "GET",
            "url": format!("https://api.aftership.com/tracking/2026-07/trackings/{TOKEN}"),
            "headers": {"content-type": "application/json", "x-auth": TOKEN},
            "body": null
        },
        "response": {"status": 200, "headers": {}, "body": {"meta": {"code": 200}, "data": {}}},
        "expected_outcome": {"data": {}, "next_page": null}
    });
    std::fs::write(
        case.join("oauth_custom_header.json"),
        format!("{fixture:#}"),
    )
    .unwrap();
    let (_, out) = cli(&["replay", dir.to_str().unwrap()]);
    assert!(out.contains("ok   "), "the fixture did not replay: {out}");
    assert!(
        out.contains("x-auth: ***"),
        "the request was not printed masked: {out}"
    );
    assert!(
        out.contains("/trackings/***"),
        "the URL was not masked by value: {out}"
    );
    assert!(!out.contains(TOKEN), "the token leaked: {out}");
    std::fs::remove_dir_all(&dir).ok();
}

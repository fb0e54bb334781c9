//! Input validation and request assembly rules shared by every operation.

use aftership_core::{build_request, ApiType, ConnectorError, Settings};
use aftership_testkit::helpers::context as ctx;

fn fields(err: ConnectorError) -> Vec<(String, String)> {
    match err {
        ConnectorError::InvalidInput(f) | ConnectorError::InvalidSettings(f) => {
            f.into_iter().map(|e| (e.field, e.message)).collect()
        }
        other => panic!("expected a field error, got {other:?}"),
    }
}

fn tracking() -> Settings {
    Settings::new("t", ApiType::Tracking, "key")
}

#[test]
fn every_bad_member_is_reported_at_once() {
    let err = build_request(
        &tracking(),
        "tracking.list_trackings",
        r#"{"limit": 500, "return_to_sender": "yes", "tag": 3, "colour": "red"}"#,
        &ctx(),
    )
    .unwrap_err();
    let names: Vec<String> = fields(err).into_iter().map(|(f, _)| f).collect();
    assert_eq!(names, ["colour", "limit", "tag", "return_to_sender"]);
}

#[test]
fn input_must_be_a_json_object() {
    for input in ["[1]", "\"x\"", "{", "null"] {
        let err = build_request(&tracking(), "tracking.list_trackings", input, &ctx()).unwrap_err();
        assert_eq!(fields(err)[0].0, "input", "{input}");
    }
    assert!(build_request(&tracking(), "tracking.list_trackings", "", &ctx()).is_ok());
}

#[test]
fn path_parameters_are_required_and_confined_to_their_segment() {
    let err = build_request(&tracking(), "tracking.get_tracking_by_id", "{}", &ctx()).unwrap_err();
    assert_eq!(fields(err), [("id".to_string(), "required".to_string())]);
    // `..` is refused (WHATWG parsers resolve `%2E%2E` too, see tests/paths.rs); `...` is kept.
    let input = serde_json::json!({ "id": ".." }).to_string();
    let err =
        build_request(&tracking(), "tracking.get_tracking_by_id", &input, &ctx()).unwrap_err();
    assert_eq!(fields(err)[0].0, "id");
    for (id, encoded) in [
        ("...", "%2E%2E%2E"),
        ("a?b#c", "a%3Fb%23c"),
        ("x/y", "x%2Fy"),
        ("a\r\nb", "a%0D%0Ab"),
    ] {
        let input = serde_json::json!({ "id": id }).to_string();
        let request =
            build_request(&tracking(), "tracking.get_tracking_by_id", &input, &ctx()).unwrap();
        assert_eq!(
            request.url,
            format!("https://api.aftership.com/tracking/2026-07/trackings/{encoded}")
        );
    }
}

#[test]
fn required_body_fields_are_named_with_their_path() {
    let err = build_request(
        &tracking(),
        "tracking.create_tracking",
        r#"{"body":{"last_mile":{}}}"#,
        &ctx(),
    )
    .unwrap_err();
    let names: Vec<String> = fields(err).into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        names,
        [
            "body.tracking_number",
            "body.last_mile.tracking_number",
            "body.last_mile.slug"
        ]
    );
    let err = build_request(
        &tracking(),
        "tracking.create_tracking",
        r#"{"body":[1]}"#,
        &ctx(),
    )
    .unwrap_err();
    assert_eq!(fields(err)[0].0, "body");
}

#[test]
fn body_fields_pass_through_untouched() {
    let request = build_request(
        &tracking(),
        "tracking.create_tracking",
        r#"{"body":{"tracking_number":"1Z","future_field":{"x":[1,null]}}}"#,
        &ctx(),
    )
    .unwrap();
    let body: serde_json::Value = serde_json::from_str(request.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"tracking_number":"1Z","future_field":{"x":[1,null]}})
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
}

#[test]
fn settings_are_checked_before_anything_is_built() {
    let mut settings = tracking();
    settings.api_key = "".into();
    let err = build_request(&settings, "tracking.list_trackings", "{}", &ctx()).unwrap_err();
    assert_eq!(err.kind(), "invalid_settings");
}

#[test]
fn request_id_is_sent_and_cannot_inject_headers() {
    let mut context = ctx();
    context.request_id = Some("req-1".into());
    let request = build_request(&tracking(), "tracking.list_trackings", "{}", &context).unwrap();
    assert_eq!(request.header("request-id"), Some("req-1"));
    context.request_id = Some("a\r\nx-evil: 1".into());
    let err = build_request(&tracking(), "tracking.list_trackings", "{}", &context).unwrap_err();
    assert_eq!(fields(err)[0].0, "context.request-id");
}

#[test]
fn base_url_override_keeps_the_api_path() {
    let mut settings = tracking();
    settings.base_url = Some("http://127.0.0.1:8080/".into());
    let request = build_request(
        &settings,
        "tracking.list_trackings",
        r#"{"limit":1}"#,
        &ctx(),
    )
    .unwrap();
    assert_eq!(
        request.url,
        "http://127.0.0.1:8080/tracking/2026-07/trackings?limit=1"
    );
}

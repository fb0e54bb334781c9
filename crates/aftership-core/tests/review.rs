//! Review findings: each test pins a bug that was found in the core and fixed.

use aftership_core::{
    all_operations, build_request, parse_response, ApiType, AuthMode, ConnectorError, Outcome,
    Paging, Secret, Settings,
};
use aftership_testkit::helpers::{context as ctx, response};

fn settings_for(api_type: ApiType) -> Settings {
    let mut s = Settings::new("t", api_type, "k");
    s.store_id = Some("store-1".into());
    s
}

fn parse(
    api_type: ApiType,
    op: &str,
    input: &str,
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<Outcome, ConnectorError> {
    let response = response(status, headers, body);
    parse_response(&settings_for(api_type), op, input, &response, &ctx())
}

/// A page number near `i64::MAX` in the answer must not overflow (a panic in debug builds, a
/// negative next page in release builds).
#[test]
fn page_limit_arithmetic_does_not_overflow() {
    let bodies = [
        // has_next_page absent: `page * limit < total` overflowed.
        r#"{"meta":{"code":20000},"data":{"returns":[],"pagination":{"page":9223372036854775807,"limit":50,"total":10}}}"#,
        // has_next_page true: `page + 1` overflowed.
        r#"{"meta":{"code":20000},"data":{"returns":[],"pagination":{"page":9223372036854775807,"limit":50,"has_next_page":true}}}"#,
    ];
    for body in bodies {
        let outcome = parse(
            ApiType::Returns,
            "returns.list_returns",
            "{}",
            200,
            &[],
            body,
        )
        .expect("a success");
        if let Some(next) = &outcome.next_page {
            let next: serde_json::Value = serde_json::from_str(next).expect("JSON");
            assert!(next["page"].as_i64().unwrap_or(-1) > 0, "next page {next}");
        }
    }
}

/// The next-page input of every listing must be an input the same operation accepts.
#[test]
fn every_listing_accepts_its_own_next_page_input() {
    for op in all_operations().filter(|op| op.paging != Paging::None) {
        let (param, value) = match op.paging {
            Paging::Cursor => ("cursor", serde_json::json!("c2")),
            Paging::NextToken => ("next_token", serde_json::json!("t2")),
            Paging::PageLimit => ("page", serde_json::json!(2)),
            Paging::BodyPage { .. } => ("body", serde_json::json!({"page": 2})),
            Paging::None => unreachable!(),
        };
        let mut input = serde_json::Map::new();
        for name in op.path_params() {
            input.insert(name.into(), "x1".into());
        }
        input.insert(param.into(), value);
        let settings = settings_for(op.family.api_type());
        let result = build_request(
            &settings,
            &op.id(),
            &serde_json::Value::Object(input).to_string(),
            &ctx(),
        );
        assert!(result.is_ok(), "{}: {result:?}", op.id());
    }
}

/// `Debug` of a built request must not print the credential headers.
#[test]
fn request_debug_hides_credentials() {
    const SENTINEL: &str = "SENTINEL-SECRET-7f3a";
    let mut plain = Settings::new("t", ApiType::Tracking, SENTINEL);
    let request = build_request(&plain, "tracking.list_couriers", "{}", &ctx()).expect("builds");
    assert!(!format!("{request:?}").contains(SENTINEL));
    plain.auth_mode = AuthMode::OauthToken;
    plain.access_token = Some(Secret::new(SENTINEL));
    plain.oauth_token_header = Some("x-access-token".into());
    let request = build_request(&plain, "tracking.list_couriers", "{}", &ctx()).expect("builds");
    let debug = format!("{request:?}");
    assert!(!debug.contains(SENTINEL), "{debug}");
    assert!(
        debug.contains("content-type"),
        "other headers stay visible: {debug}"
    );
}

/// A required query parameter given as an empty string is refused like an empty path parameter
/// or an empty required body field (Shipping GET /locations documents `country` as required).
#[test]
fn required_query_parameter_must_not_be_empty() {
    let settings = settings_for(ApiType::Shipping);
    let op = all_operations()
        .find(|op| op.query.iter().any(|q| q.required && q.name == "country"))
        .expect("an operation with a required `country`");
    let slug = match op.query.iter().find(|q| q.name == "slug").map(|q| q.kind) {
        Some(aftership_core::ParamKind::Enum(values)) => values[0],
        _ => "fedex",
    };
    // `postal_code` too: GET /locations needs a city or a postal code (and ups needs the latter).
    let input =
        serde_json::json!({"slug": slug, "country": "  ", "postal_code": "10001"}).to_string();
    match build_request(&settings, &op.id(), &input, &ctx()) {
        Err(ConnectorError::InvalidInput(fields)) => {
            assert_eq!(fields.len(), 1);
            assert_eq!(fields[0].field, "country");
        }
        other => panic!("expected an input error, got {other:?}"),
    }
}

/// An empty comma-list filter is left out, as an empty repeated `name[]` array is, instead of
/// sending `tracking_numbers=` (a filter on the empty string).
#[test]
fn empty_comma_list_is_omitted() {
    let settings = settings_for(ApiType::Tracking);
    for input in [r#"{"tracking_numbers":[]}"#, r#"{"tracking_numbers":""}"#] {
        let request =
            build_request(&settings, "tracking.list_trackings", input, &ctx()).expect("builds");
        assert_eq!(
            request.url, "https://api.aftership.com/tracking/2026-07/trackings",
            "{input}"
        );
    }
}

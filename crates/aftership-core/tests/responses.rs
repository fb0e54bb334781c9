//! Envelope parsing rules that hold for every family: status/code classification, retry advice,
//! unusable bodies. Family-specific cases live in the fixtures.

use aftership_core::{parse_response, ApiType, ConnectorError, RequestContext, Settings};
use aftership_testkit::helpers::{context, huge_details_body, response};

fn parse(
    api_type: ApiType,
    op: &str,
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<aftership_core::Outcome, ConnectorError> {
    let settings = Settings::new("t", api_type, "k");
    let response = response(status, headers, body);
    parse_response(&settings, op, r#"{"id":"x"}"#, &response, &context())
}

fn get(
    status: u16,
    headers: &[(&str, &str)],
    body: &str,
) -> Result<aftership_core::Outcome, ConnectorError> {
    parse(
        ApiType::Tracking,
        "tracking.get_tracking_by_id",
        status,
        headers,
        body,
    )
}

#[test]
fn success_returns_the_raw_data() {
    let outcome = get(
        200,
        &[],
        r#"{"meta":{"code":200},"data":{"id":"x","n":[1,2]}}"#,
    )
    .unwrap();
    assert_eq!(outcome.data, r#"{"id":"x","n":[1,2]}"#);
    assert_eq!(outcome.next_page, None);
}

#[test]
fn status_decides_the_kind() {
    let body = r#"{"meta":{"code":0,"message":"m"},"data":{}}"#;
    let kinds: Vec<&str> = [400, 401, 403, 404, 409, 422, 500, 503]
        .into_iter()
        .map(|status| get(status, &[], body).unwrap_err().kind())
        .collect();
    assert_eq!(
        kinds,
        [
            "validation",
            "unauthorized",
            "forbidden",
            "not_found",
            "conflict",
            "validation",
            "server",
            "server"
        ]
    );
}

#[test]
fn an_error_code_under_http_200_is_an_error() {
    let body = r#"{"meta":{"code":4104,"message":"invalid","details":[{"path":"address.country","info":"required"}],"retryable":false},"data":{}}"#;
    match get(200, &[], body) {
        Err(ConnectorError::Validation(e)) => {
            assert_eq!((e.status, e.code, e.retryable), (200, 4104, false));
            assert_eq!(e.details[0].field, "address.country");
            assert_eq!(e.details[0].message, "required");
        }
        other => panic!("expected validation, got {other:?}"),
    }
    let five_digit = r#"{"meta":{"code":40400,"type":"NotFound","message":"gone"},"data":null}"#;
    assert_eq!(get(200, &[], five_digit).unwrap_err().kind(), "not_found");
}

#[test]
fn retry_after_comes_from_any_documented_header() {
    let body = r#"{"meta":{"code":429,"type":"TooManyRequests","message":"slow down"},"data":{}}"#;
    let wait = |headers: &[(&str, &str)]| match get(429, headers, body) {
        Err(ConnectorError::RateLimited(r)) => {
            assert!(r.error.retryable);
            r.retry_after_ms
        }
        other => panic!("expected rate_limited, got {other:?}"),
    };
    assert_eq!(wait(&[("X-RateLimit-Reset", "1783327779")]), Some(2000));
    assert_eq!(wait(&[("ratelimit-reset", "1783327780")]), Some(3000));
    assert_eq!(
        wait(&[("Retry-After", "5"), ("x-ratelimit-reset", "1783327779")]),
        Some(5000)
    );
    assert_eq!(
        wait(&[("x-ratelimit-reset", "1783327700")]),
        Some(0),
        "a past reset means now"
    );
    assert_eq!(wait(&[]), None);
    assert_eq!(wait(&[("retry-after", "soon")]), None);
}

#[test]
fn retry_after_has_a_ceiling_and_reads_http_dates() {
    let body = r#"{"meta":{"code":429,"type":"TooManyRequests","message":"slow down"},"data":{}}"#;
    let wait = |headers: &[(&str, &str)]| match get(429, headers, body) {
        Err(ConnectorError::RateLimited(r)) => r.retry_after_ms,
        other => panic!("expected rate_limited, got {other:?}"),
    };
    let ceiling = Some(aftership_core::MAX_RETRY_AFTER_MS);
    assert_eq!(
        ceiling,
        Some(3_600_000),
        "the documented ceiling is one hour"
    );
    assert_eq!(wait(&[("retry-after", "99999999999999999999")]), ceiling);
    assert_eq!(wait(&[("retry-after", "1e300")]), ceiling);
    assert_eq!(wait(&[("retry-after", "3601")]), ceiling);
    assert_eq!(wait(&[("retry-after", "3600")]), ceiling);
    assert_eq!(wait(&[("x-ratelimit-reset", "99999999999999")]), ceiling);
    assert_eq!(wait(&[("ratelimit-reset", "86400")]), ceiling);
    // NOW_MS is Mon, 06 Jul 2026 08:49:37 GMT.
    assert_eq!(
        wait(&[("Retry-After", "Mon, 06 Jul 2026 08:50:07 GMT")]),
        Some(30_000)
    );
    assert_eq!(
        wait(&[("retry-after", "Monday, 06-Jul-26 08:49:47 GMT")]),
        Some(10_000),
        "obsolete RFC 850 form"
    );
    assert_eq!(
        wait(&[("retry-after", "Sun, 06 Nov 1994 08:49:37 GMT")]),
        Some(0),
        "a past date means now"
    );
    assert_eq!(
        wait(&[("retry-after", "Fri, 31 Dec 9999 23:59:59 GMT")]),
        ceiling
    );
    // A date in retry-after wins over the reset headers, as the number form does.
    assert_eq!(
        wait(&[
            ("retry-after", "Mon, 06 Jul 2026 08:49:39 GMT"),
            ("x-ratelimit-reset", "1783327787")
        ]),
        Some(2000)
    );
}

#[test]
fn a_huge_details_list_keeps_only_the_first_hundred() {
    let body = huge_details_body(400_000);
    assert!(body.len() > 9_000_000);
    match get(422, &[], &body) {
        Err(ConnectorError::Validation(e)) => {
            assert_eq!(e.details.len(), 100);
            assert_eq!(
                (e.details[0].field.as_str(), e.details[0].message.as_str()),
                ("a", "b")
            );
            assert_eq!(e.message, "invalid");
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
    // details and errors together are still capped at 100, details first.
    let both = r#"{"meta":{"code":422,"details":[{"path":"d","info":"1"}],"errors":[{"field":"e","message":"2"}]},"data":{}}"#;
    match get(422, &[], both) {
        Err(ConnectorError::Validation(e)) => {
            let fields: Vec<&str> = e.details.iter().map(|d| d.field.as_str()).collect();
            assert_eq!(fields, ["d", "e"]);
        }
        other => panic!("expected a validation error, got {other:?}"),
    }
}

#[test]
fn unusable_bodies_are_unexpected_not_panics() {
    for (status, body, retryable) in [
        (200, r#"{"meta":{"code":200},"data":{"id":"#, false),
        (502, "<html><body>Bad gateway</body></html>", true),
        (200, "\u{0}\u{1}binary", false),
        (200, r#"{"meta":{"code":200}}"#, false),
        (200, "[1,2]", false),
    ] {
        match get(status, &[], body) {
            Err(ConnectorError::UnexpectedResponse(u)) => {
                assert_eq!(u.status, status);
                assert_eq!(u.retryable, retryable, "{body}");
                assert!(u.excerpt.len() <= 200);
            }
            other => panic!("{body}: expected unexpected_response, got {other:?}"),
        }
    }
    let invalid_utf8 = response(200, &[], vec![0xff, 0xfe]);
    let settings = Settings::new("t", ApiType::Tracking, "k");
    let result = parse_response(
        &settings,
        "tracking.get_tracking_by_id",
        "{}",
        &invalid_utf8,
        &RequestContext::default(),
    );
    assert_eq!(result.unwrap_err().kind(), "unexpected_response");
}

#[test]
fn a_429_with_an_html_body_is_still_rate_limited() {
    let err = get(429, &[("retry-after", "1")], "<html>slow</html>").unwrap_err();
    match err {
        ConnectorError::RateLimited(r) => assert_eq!(r.retry_after_ms, Some(1000)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn operations_of_another_api_type_are_refused() {
    let err = parse(
        ApiType::Returns,
        "tracking.get_tracking_by_id",
        200,
        &[],
        "{}",
    )
    .unwrap_err();
    assert_eq!(err.kind(), "unknown_operation");
    let err = get(200, &[], "{}");
    assert!(err.is_err());
    let err = parse(ApiType::Tracking, "tracking.nope", 200, &[], "{}").unwrap_err();
    assert_eq!(err.kind(), "unknown_operation");
}

#[test]
fn shipping_codes_under_http_200_map_to_their_meaning() {
    let kind = |code: i64, retryable: &str| {
        let body = format!(
            r#"{{"meta":{{"code":{code},"message":"m","details":[]{retryable}}},"data":{{}}}}"#
        );
        let err = parse(ApiType::Shipping, "shipping.get_label", 200, &[], &body).unwrap_err();
        let retry = match &err {
            ConnectorError::Server(e)
            | ConnectorError::Validation(e)
            | ConnectorError::NotFound(e) => e.retryable,
            ConnectorError::RateLimited(r) => r.error.retryable,
            other => panic!("{other:?}"),
        };
        (err.kind(), retry)
    };
    assert_eq!(kind(4104, ""), ("validation", false));
    assert_eq!(kind(4140, ""), ("not_found", false));
    assert_eq!(kind(4172, ""), ("rate_limited", true));
    assert_eq!(kind(4101, ""), ("server", true));
    assert_eq!(kind(4312, r#","retryable":false"#), ("server", false));
    // The same codes mean nothing special on another family.
    for code in [4140, 4172, 4312] {
        let body = format!(r#"{{"meta":{{"code":{code},"message":"m"}},"data":{{}}}}"#);
        assert_eq!(
            get(200, &[], &body).unwrap_err().kind(),
            "validation",
            "{code}"
        );
    }
}

#[test]
fn the_owned_parser_cuts_data_out_of_the_body_exactly() {
    let settings = Settings::new("t", ApiType::Shipping, "k");
    for body in [
        r#"{"meta":{"code":200},"data":{"id":"x","files":{"label":{"url":"u","file_type":"pdf"}}}}"#,
        r#"  {"data" : [1, "é", {"a":null}] , "meta":{"code":200}}  "#,
        "",
        r#"{"meta":{"code":200},"data":null}"#,
    ] {
        let response = response(200, &[], body);
        let context = RequestContext::default();
        let borrowed = parse_response(
            &settings,
            "shipping.get_label",
            r#"{"id":"x"}"#,
            &response,
            &context,
        );
        let owned = aftership_core::parse_response_owned(
            &settings,
            "shipping.get_label",
            r#"{"id":"x"}"#,
            response,
            &context,
        );
        assert_eq!(borrowed, owned, "{body}");
    }
    let response = response(200, &[], br#"{"data":[1, "\u00e9"]}"#);
    let outcome = aftership_core::parse_response_owned(
        &settings,
        "shipping.list_couriers",
        "{}",
        response,
        &RequestContext::default(),
    )
    .unwrap();
    assert_eq!(outcome.data, r#"[1, "\u00e9"]"#);
}

#[test]
fn oddly_typed_meta_members_do_not_hide_the_error() {
    let body = r#"{"meta":{"code":"4004","type":"NotFound","message":"gone","errors":{"path":"id","info":"unknown"},"retryable":"false"},"data":{}}"#;
    match get(404, &[], body) {
        Err(ConnectorError::NotFound(e)) => {
            assert_eq!(
                (e.code, e.message.as_str(), e.retryable),
                (4004, "gone", false)
            );
            assert_eq!(e.details.len(), 1);
            assert_eq!(
                (e.details[0].field.as_str(), e.details[0].message.as_str()),
                ("id", "unknown")
            );
        }
        other => panic!("expected not_found, got {other:?}"),
    }
    let body = r#"{"meta":{"code":422,"message":{"text":"x"},"details":"bad"},"data":null}"#;
    match get(422, &[], body) {
        Err(ConnectorError::Validation(e)) => {
            assert_eq!(e.message, "the request was rejected");
            assert_eq!(e.details[0].message, "bad");
        }
        other => panic!("expected validation, got {other:?}"),
    }
}

#[test]
fn paging_members_given_as_strings_still_page() {
    let settings = Settings::new("t", ApiType::Returns, "k");
    let response = response(200, &[], br#"{"meta":{"code":20000},"data":{"returns":[],"pagination":{"page":"2","limit":"10","total":"35","has_next_page":"true"}}}"#);
    let outcome = parse_response(
        &settings,
        "returns.list_returns",
        r#"{"limit":10}"#,
        &response,
        &RequestContext::default(),
    )
    .unwrap();
    assert_eq!(
        outcome.next_page.as_deref(),
        Some(r#"{"limit":10,"page":3}"#)
    );
}

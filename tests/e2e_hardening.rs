//! Hardening cases through the real component (issue 9): bodies that used to exhaust the
//! harness's memory cap.

use std::sync::OnceLock;

use aftership_core::{ApiType, ConnectorError, HttpResponse, RequestContext, Settings};
use aftership_harness::Host;

fn host() -> &'static Host {
    static HOST: OnceLock<Host> = OnceLock::new();
    HOST.get_or_init(|| match Host::new() {
        Ok(host) => host,
        Err(e) => panic!("the embedded component must load: {e}"),
    })
}

fn context() -> RequestContext {
    RequestContext {
        now_unix_ms: 1_783_327_777_000,
        request_id: None,
    }
}

/// A 422 whose `meta.details` lists `n` entries (about 23 bytes each).
fn huge_details_body(n: usize) -> Vec<u8> {
    let mut body = String::with_capacity(n * 24 + 100);
    body.push_str(r#"{"meta":{"code":42200,"type":"BadRequest","message":"invalid","details":["#);
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        body.push_str(r#"{"path":"a","info":"b"}"#);
    }
    body.push_str(r#"]},"data":{}}"#);
    body.into_bytes()
}

#[test]
fn a_huge_details_list_parses_under_the_default_memory_cap() {
    // 400,000 details, 9 MiB: before issue 9 a 4.6 MiB body of this shape ran out of the
    // harness's 64 MiB, as every detail became a JSON tree before the list was cut to 100.
    let response = HttpResponse {
        status: 422,
        headers: vec![("content-type".into(), "application/json".into())],
        body: huge_details_body(400_000),
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

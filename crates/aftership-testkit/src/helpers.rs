//! Small builders the test suites share: the fixed test time and its request context, responses
//! from header slices, and an oversized error body.

use aftership_core::{HttpResponse, RequestContext};

/// The suites' fixed host time: Mon, 06 Jul 2026 08:49:37 GMT, in Unix milliseconds.
pub const NOW_MS: u64 = 1_783_327_777_000;

/// A request context at `now_unix_ms`, without a request id.
pub fn context_at(now_unix_ms: u64) -> RequestContext {
    RequestContext {
        now_unix_ms,
        request_id: None,
    }
}

/// A request context at [`NOW_MS`], without a request id.
pub fn context() -> RequestContext {
    context_at(NOW_MS)
}

/// A response with `status`, the given headers and `body`.
pub fn response(status: u16, headers: &[(&str, &str)], body: impl Into<Vec<u8>>) -> HttpResponse {
    HttpResponse {
        status,
        headers: headers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        body: body.into(),
    }
}

/// A 422 whose `meta.details` lists `n` entries (about 23 bytes each).
pub fn huge_details_body(n: usize) -> String {
    let mut body = String::with_capacity(n * 24 + 100);
    body.push_str(r#"{"meta":{"code":42200,"type":"BadRequest","message":"invalid","details":["#);
    for i in 0..n {
        if i > 0 {
            body.push(',');
        }
        body.push_str(r#"{"path":"a","info":"b"}"#);
    }
    body.push_str(r#"]},"data":{}}"#);
    body
}

/// An OAuth app (`client-1`, redirect `https://app.example.com/cb`, default endpoints) with the
/// given client secret.
pub fn oauth_app(client_secret: &str) -> aftership_core::oauth::OAuthApp {
    aftership_core::oauth::OAuthApp {
        client_id: "client-1".into(),
        client_secret: aftership_core::Secret::new(client_secret),
        redirect_uri: "https://app.example.com/cb".into(),
        authorize_url: None,
        token_url: None,
    }
}

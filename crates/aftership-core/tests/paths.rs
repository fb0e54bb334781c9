//! Path parameters and query values against a WHATWG URL parser (the `url` crate, the same
//! algorithm as `fetch`, undici, browsers, Deno and Workers): dot segments are refused, and for
//! every other value the URL a host parses is exactly the URL the connector built.

use aftership_core::{
    all_operations, build_request, ApiType, ConnectorError, OperationSpec, ParamKind, Settings,
};
use aftership_testkit::helpers::context;
use serde_json::{json, Map, Value};

mod common;
use common::valid_input;

fn settings(api_type: ApiType) -> Settings {
    let mut s = Settings::new("paths", api_type, "key-123");
    s.store_id = Some("store-1".into());
    s
}

fn build(op: &OperationSpec, input: &Map<String, Value>) -> Result<String, ConnectorError> {
    build_request(
        &settings(op.family.api_type()),
        &op.id(),
        &Value::Object(input.clone()).to_string(),
        &context(),
    )
    .map(|r| r.url)
}

/// The built URL's path and query must be what a WHATWG parser makes of it.
fn assert_survives_whatwg(built: &str, what: &str) {
    let parsed = url::Url::parse(built).unwrap_or_else(|e| panic!("{what}: {built}: {e}"));
    let (before_query, query) = match built.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (built, None),
    };
    let path = &before_query[before_query.find("://").unwrap() + 3..];
    let path = &path[path.find('/').unwrap()..];
    assert_eq!(
        parsed.path(),
        path,
        "{what}: path changed by WHATWG parsing"
    );
    assert_eq!(
        parsed.query(),
        query,
        "{what}: query changed by WHATWG parsing"
    );
}

/// Refused: the dot segments in every spelling a URL parser or a decoding server resolves.
const DOT_VALUES: [&str; 9] = [
    ".",
    "..",
    "%2e",
    "%2E",
    ".%2E",
    "%2e.",
    "%2E%2e",
    "%252e%252e",
    "",
];

/// Accepted, and must reach the server in their own segment.
const TRICKY_VALUES: [&str; 20] = [
    "...",
    "....",
    "a..b",
    ".a",
    "a.",
    "a/b",
    "../x",
    "./",
    "a?b#c",
    "%",
    "%2F",
    "%2e%2e%2f",
    "a\\b",
    "\\..",
    "é漢",
    " x ",
    "a;b=c",
    "~_-",
    "@:",
    "\t.",
];

#[test]
fn dot_and_empty_path_values_are_refused_on_their_field() {
    let mut checked = 0;
    for op in all_operations() {
        let base = valid_input(op);
        build(op, &base).unwrap_or_else(|e| panic!("{}: valid input refused: {e}", op.id()));
        for name in op.path_params() {
            for value in DOT_VALUES {
                let mut input = base.clone();
                input.insert(name.to_string(), json!(value));
                match build(op, &input) {
                    Err(ConnectorError::InvalidInput(errors)) => assert!(
                        errors.iter().any(|e| e.field == name),
                        "{} {name}={value:?}: error names {errors:?}",
                        op.id()
                    ),
                    other => panic!("{} {name}={value:?} accepted: {other:?}", op.id()),
                }
                checked += 1;
            }
        }
    }
    assert!(
        checked >= 196 / 2 * DOT_VALUES.len(),
        "only {checked} cases"
    );
}

#[test]
fn every_built_url_survives_whatwg_parsing() {
    let mut checked = 0;
    for op in all_operations() {
        let base = valid_input(op);
        let url = build(op, &base).unwrap();
        assert_survives_whatwg(&url, &op.id());
        for name in op.path_params() {
            for value in TRICKY_VALUES {
                let mut input = base.clone();
                input.insert(name.to_string(), json!(value));
                let url = build(op, &input)
                    .unwrap_or_else(|e| panic!("{} {name}={value:?}: {e}", op.id()));
                assert_survives_whatwg(&url, &format!("{} {name}={value:?}", op.id()));
                // The value stays one segment: the parsed path has as many segments as the template.
                let segments = url::Url::parse(&url)
                    .unwrap()
                    .path_segments()
                    .unwrap()
                    .count();
                let expected =
                    op.family.base_path().split('/').count() - 1 + op.path.split('/').count() - 1;
                assert_eq!(segments, expected, "{} {name}={value:?}: {url}", op.id());
                checked += 1;
            }
        }
        // Query strings: every string-typed query parameter with the same tricky values.
        for param in op.query {
            if !matches!(param.kind, ParamKind::String) {
                continue;
            }
            for value in TRICKY_VALUES.iter().chain(&DOT_VALUES[..8]) {
                let mut input = base.clone();
                input.insert(param.name.to_string(), json!(value));
                if let Ok(url) = build(op, &input) {
                    assert_survives_whatwg(&url, &format!("{} ?{}={value:?}", op.id(), param.name));
                    let parsed = url::Url::parse(&url).unwrap();
                    let got: Vec<(String, String)> = parsed.query_pairs().into_owned().collect();
                    assert!(
                        got.contains(&(param.name.to_string(), value.to_string())),
                        "{} ?{}={value:?}: {got:?}",
                        op.id(),
                        param.name
                    );
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 1000, "only {checked} cases");
}

/// A space in a signed query value: `%20` on the wire and the very same text in the SignString
/// (the choice and the SDK evidence are documented at `encode_query`).
#[test]
fn a_space_in_a_signed_query_is_the_same_on_the_wire_and_in_the_sign_string() {
    let mut checked = 0;
    for op in all_operations() {
        let Some(param) = op
            .query
            .iter()
            .find(|q| matches!(q.kind, ParamKind::String))
        else {
            continue;
        };
        let mut input = valid_input(op);
        input.insert(param.name.to_string(), json!("RA 1+2"));
        let mut s = settings(op.family.api_type());
        s.auth_mode = aftership_core::AuthMode::AesSignature;
        s.api_secret = Some(aftership_core::Secret::new("aes-secret-0000"));
        let request = build_request(&s, &op.id(), &Value::Object(input).to_string(), &context())
            .unwrap_or_else(|e| panic!("{}: {e}", op.id()));
        let wire_query = request.url.split_once('?').expect("a query").1;
        assert!(
            wire_query.contains("RA%201%2B2"),
            "{}: {wire_query}",
            op.id()
        );
        let sign_string = aftership_core::auth::request_sign_string(&request).unwrap();
        let signed_resource = sign_string.lines().last().unwrap();
        assert_eq!(
            signed_resource.split_once('?').unwrap().1,
            wire_query,
            "{}",
            op.id()
        );
        let expected =
            aftership_core::auth::hmac_sha256_base64(b"aes-secret-0000", sign_string.as_bytes());
        assert_eq!(
            request.header("as-signature-hmac-sha256"),
            Some(expected.as_str())
        );
        checked += 1;
    }
    assert!(checked > 10, "only {checked} operations with a text query");
}

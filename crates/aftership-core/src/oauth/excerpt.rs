//! The excerpt of a token-endpoint answer that could not be used, built from an allow-list.
//!
//! A token endpoint's failure may still carry a refresh token under any name (a typo such as
//! `refresh_toen`, odd casing, a nested or form-encoded copy), so masking by member name is not
//! enough: the excerpt copies only the members that describe an error (`error`,
//! `error_description`, `error_uri`, `meta.code`, `meta.type`, `meta.message`), lists the other
//! top-level member names without their values, and quotes a body that is not a JSON object by
//! its content type and length only.

use serde_json::{Map, Value};

use crate::response::lenient_int;
use crate::types::HttpResponse;

/// Top-level members whose string values are copied.
const ERROR_MEMBERS: [&str; 3] = ["error", "error_description", "error_uri"];

/// Members of `meta` whose string values are copied (`code` is copied as a number only).
const META_MEMBERS: [&str; 2] = ["type", "message"];

/// Longest copied value, in bytes (cut on a character boundary, marked with `…`).
const VALUE_MAX: usize = 120;

/// At most this many member names are listed; the rest are counted.
const NAMES_MAX: usize = 16;

/// Longest member name listed, in bytes; a longer or oddly spelled name shows as `?`.
const NAME_MAX: usize = 40;

/// Longest content type quoted, in bytes.
const CONTENT_TYPE_MAX: usize = 64;

/// The excerpt of a non-2xx token answer (the WIT contract: an OAuth error never holds a code or
/// a token). A JSON object gives its allow-listed members, then its member names, e.g.
/// `error_description="down" meta.code=500; members: meta, access_token, refresh_toen`;
/// any other body gives `not a JSON object: <content type>, <n> bytes`.
pub fn error_excerpt(response: &HttpResponse) -> String {
    match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(root)) => object_excerpt(&root),
        _ => format!(
            "not a JSON object: {}, {} bytes",
            content_type(response),
            response.body.len()
        ),
    }
}

fn object_excerpt(root: &Map<String, Value>) -> String {
    let mut parts = Vec::new();
    for name in ERROR_MEMBERS {
        if let Some(Value::String(text)) = root.get(name) {
            parts.push(format!("{name}={}", quoted(text)));
        }
    }
    if let Some(meta) = root.get("meta").and_then(Value::as_object) {
        if let Some(code) = lenient_int(meta.get("code")) {
            parts.push(format!("meta.code={code}"));
        }
        for name in META_MEMBERS {
            if let Some(Value::String(text)) = meta.get(name) {
                parts.push(format!("meta.{name}={}", quoted(text)));
            }
        }
    }
    let mut names: Vec<&str> = root
        .keys()
        .take(NAMES_MAX)
        .map(|name| if plain_name(name) { name } else { "?" })
        .collect();
    let more = root.len().saturating_sub(NAMES_MAX);
    let more = if more > 0 {
        format!(" and {more} more")
    } else {
        String::new()
    };
    if names.is_empty() {
        names.push("none");
    }
    let members = format!("members: {}{more}", names.join(", "));
    if parts.is_empty() {
        members
    } else {
        format!("{}; {members}", parts.join(" "))
    }
}

/// A value as a JSON string, cut to [`VALUE_MAX`] bytes.
fn quoted(text: &str) -> String {
    let mut end = text.len().min(VALUE_MAX);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = if end < text.len() {
        format!("{}…", &text[..end])
    } else {
        text.to_string()
    };
    Value::String(cut).to_string()
}

/// A member name shown as is: short, ASCII letters, digits, `_`, `-`, `.` only.
fn plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= NAME_MAX
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

/// The answer's media type (`content-type` without parameters), or `no content type`.
fn content_type(response: &HttpResponse) -> String {
    let value = response
        .headers
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case("content-type"))
        .map(|(_, value)| value.split(';').next().unwrap_or("").trim());
    match value {
        Some(media)
            if !media.is_empty()
                && media.len() <= CONTENT_TYPE_MAX
                && media
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"!#$&^_.+-/".contains(&b)) =>
        {
            media.to_ascii_lowercase()
        }
        Some(_) => "an unreadable content type".to_string(),
        None => "no content type".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTINEL: &str = "rt-SENTINEL-5a4b3c";

    fn response(content_type: Option<&str>, body: &str) -> HttpResponse {
        HttpResponse {
            status: 400,
            headers: content_type
                .map(|t| vec![("Content-Type".to_string(), t.to_string())])
                .unwrap_or_default(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn allow_listed_members_are_copied_and_the_rest_named() {
        let body = format!(
            r#"{{"meta":{{"code":"500","type":"InternalError","message":"down","token":"{SENTINEL}"}},
                "error_description":"try later","access_token":"{SENTINEL}","refresh_toen":"{SENTINEL}"}}"#
        );
        assert_eq!(
            error_excerpt(&response(Some("application/json"), &body)),
            "error_description=\"try later\" meta.code=500 meta.type=\"InternalError\" \
             meta.message=\"down\"; members: meta, error_description, access_token, refresh_toen"
        );
    }

    #[test]
    fn a_credential_under_any_name_or_shape_is_never_copied() {
        let bodies = [
            format!(r#"{{"access_token":"x","refresh_toen":"{SENTINEL}"}}"#),
            format!(r#"{{"REFRESH_TOKEN":"{SENTINEL}","Error":"{SENTINEL}"}}"#),
            format!(r#"{{"data":{{"nested":{{"r":"{SENTINEL}"}}}}}}"#),
            format!(r#"{{"meta":{{"code":{{"x":"{SENTINEL}"}},"details":["{SENTINEL}"]}}}}"#),
            format!(r#"{{"error":["{SENTINEL}"],"error_description":{{"t":"{SENTINEL}"}}}}"#),
            format!(r#"[{{"refresh_token":"{SENTINEL}"}}]"#),
            format!(r#""{SENTINEL}""#),
            format!("oops refresh={SENTINEL}"),
            format!("access_token={SENTINEL}&token_type=bearer"),
            format!(r#"{{"access_token":"{SENTINEL}"#),
        ];
        for body in &bodies {
            for content_type in [None, Some("text/plain"), Some(SENTINEL)] {
                let shown = error_excerpt(&response(content_type, body));
                assert!(!shown.contains(SENTINEL), "{body}: {shown}");
            }
        }
    }

    #[test]
    fn other_bodies_give_content_type_and_length_only() {
        assert_eq!(
            error_excerpt(&response(
                Some("text/html; charset=UTF-8"),
                "<html>502</html>"
            )),
            "not a JSON object: text/html, 16 bytes"
        );
        assert_eq!(
            error_excerpt(&response(None, "[1,2]")),
            "not a JSON object: no content type, 5 bytes"
        );
        assert_eq!(
            error_excerpt(&response(Some("x\u{1}y secret"), "oops")),
            "not a JSON object: an unreadable content type, 4 bytes"
        );
    }

    #[test]
    fn long_values_and_many_members_are_cut() {
        let mut body = Map::new();
        body.insert("error".into(), Value::String("é".repeat(100)));
        for i in 0..20 {
            body.insert(format!("m{i}"), Value::from(i));
        }
        body.insert("x".repeat(41), Value::Null);
        body.insert("a/b".into(), Value::Null);
        let shown = error_excerpt(&response(None, &Value::Object(body).to_string()));
        assert!(
            shown.starts_with(&format!("error=\"{}…\";", "é".repeat(60))),
            "{shown}"
        );
        assert!(shown.ends_with(", m14 and 7 more"), "{shown}");
        let odd = r#"{"a/b":1,"ok_name":2,"":3}"#;
        assert_eq!(
            error_excerpt(&response(None, odd)),
            "members: ?, ok_name, ?"
        );
        assert_eq!(object_excerpt(&Map::new()), "members: none");
    }
}

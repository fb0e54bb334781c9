//! Oracles: properties every output must have, checked independently of the core's own code.

use aftership_core::{AuthMode, ConnectorError, HttpRequest, Settings};
use aftership_testkit::fixture::{error_json, TEST_RSA_PUBLIC_KEY};
use base64::Engine as _;
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

use crate::gen::{secret_markers, API_KEY, TOKEN};

/// A broken property, as text.
pub type Finding = String;

/// RFC 9110 `token`: one or more tchar.
pub fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Header names are tokens; values have no CR, LF or NUL.
pub fn headers_are_safe(headers: &[(String, String)]) -> Result<(), Finding> {
    for (name, value) in headers {
        if !is_token(name) {
            return Err(format!("header name {name:?} is not a token"));
        }
        if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
            return Err(format!("header {name} has CR, LF or NUL"));
        }
    }
    Ok(())
}

/// Path and query after the origin, split.
fn split_url(url: &str) -> Option<(&str, Option<&str>)> {
    let rest = &url[url.find("://")? + 3..];
    let rest = &rest[rest.find('/')?..];
    Some(match rest.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (rest, None),
    })
}

/// The URL parses (WHATWG) and serialises back byte for byte: origin (the base-url grammar only
/// accepts spellings the parser keeps), path and query.
pub fn url_survives_whatwg(built: &str) -> Result<(), Finding> {
    let parsed =
        url::Url::parse(built).map_err(|e| format!("URL {built:?} does not parse: {e}"))?;
    if parsed.as_str() != built {
        return Err(format!(
            "WHATWG parsing changed {built:?} to {:?}",
            parsed.as_str()
        ));
    }
    Ok(())
}

/// No sentinel secret in `text`.
pub fn no_secret(text: &str, what: &str) -> Result<(), Finding> {
    for marker in secret_markers() {
        if text.contains(marker) {
            return Err(format!("a sentinel secret leaked into {what}"));
        }
    }
    Ok(())
}

/// Display, Debug and the JSON form of an error hold no secret.
pub fn error_is_clean(error: &ConnectorError, what: &str) -> Result<(), Finding> {
    no_secret(&error.to_string(), &format!("Display of {what}"))?;
    no_secret(&format!("{error:?}"), &format!("Debug of {what}"))?;
    no_secret(&error_json(error).to_string(), &format!("JSON of {what}"))
}

/// The one header each credential may travel in.
fn allowed_carrier(settings: &Settings, marker: &str, name: &str) -> bool {
    match marker {
        API_KEY => matches!(name, "as-api-key" | "aftership-api-key"),
        TOKEN => {
            let configured = settings
                .oauth_token_header
                .as_deref()
                .map(str::trim)
                .filter(|h| !h.is_empty())
                .unwrap_or("authorization");
            name.eq_ignore_ascii_case(configured)
                || (name == "authorization" && configured.eq_ignore_ascii_case("authorization"))
        }
        _ => false,
    }
}

/// Secrets only in the header that must carry them; `Debug` of the request shows none.
pub fn request_keeps_secrets(settings: &Settings, request: &HttpRequest) -> Result<(), Finding> {
    no_secret(&request.url, "the URL")?;
    no_secret(request.body.as_deref().unwrap_or(""), "the body")?;
    no_secret(&format!("{request:?}"), "Debug of the request")?;
    for (name, value) in &request.headers {
        for marker in secret_markers() {
            if value.contains(marker) && !allowed_carrier(settings, marker, name) {
                return Err(format!("a sentinel secret travels in header {name}"));
            }
        }
    }
    Ok(())
}

/// The SignString rebuilt from the request alone (method, MD5, content type, date, `as-*`
/// headers, path + query), written here independently of the core's builder.
pub fn rebuild_sign_string(request: &HttpRequest) -> Option<String> {
    let (path, query) = split_url(&request.url)?;
    let header = |n: &str| {
        request
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(n))
            .map(|(_, v)| v.as_str())
    };
    let body = request.body.as_deref().unwrap_or("");
    let md5 = if body.is_empty() {
        String::new()
    } else {
        Md5::digest(body.as_bytes())
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    };
    let content_type = if body.is_empty() {
        ""
    } else {
        header("content-type")?
    };
    let mut canon: Vec<String> = request
        .headers
        .iter()
        .filter(|(k, _)| k.to_ascii_lowercase().starts_with("as-"))
        .filter(|(k, _)| !k.to_ascii_lowercase().starts_with("as-signature-"))
        .map(|(k, v)| format!("{}:{}", k.to_ascii_lowercase(), v.trim()))
        .collect();
    canon.sort();
    let resource = match query {
        Some(q) => format!("{path}?{q}"),
        None => path.to_string(),
    };
    Some(format!(
        "{}\n{md5}\n{content_type}\n{}\n{}\n{resource}",
        request.method.as_str(),
        header("date")?,
        canon.join("\n")
    ))
}

/// The signature header verifies over the independently rebuilt SignString (`Ok(true)` when a
/// signature was checked).
pub fn signature_verifies(settings: &Settings, request: &HttpRequest) -> Result<bool, Finding> {
    let header = |n: &str| request.headers.iter().find(|(k, _)| k == n).map(|(_, v)| v);
    match settings.auth_mode {
        AuthMode::AesSignature => {
            let sig = header("as-signature-hmac-sha256").ok_or("no HMAC signature header")?;
            let message = rebuild_sign_string(request).ok_or("no SignString")?;
            let secret = settings.api_secret.as_ref().map_or("", |s| s.expose());
            let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
            mac.update(message.as_bytes());
            let expected =
                base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
            if *sig != expected {
                return Err(
                    "the HMAC signature does not verify over the rebuilt SignString".into(),
                );
            }
            Ok(true)
        }
        AuthMode::RsaSignature
            if settings.api_secret.as_ref().map(|s| s.expose())
                == Some(aftership_testkit::fixture::TEST_RSA_PRIVATE_KEY) =>
        {
            let sig = header("as-signature-rsa-sha256").ok_or("no RSA signature header")?;
            let message = rebuild_sign_string(request).ok_or("no SignString")?;
            if !aftership_core::auth::verify_rsa_pss(TEST_RSA_PUBLIC_KEY, message.as_bytes(), sig) {
                return Err("the RSA signature does not verify over the rebuilt SignString".into());
            }
            Ok(true)
        }
        _ => Ok(false),
    }
}

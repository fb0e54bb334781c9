//! The redirect back to the app: `state`, `error`, `hmac` and `code`.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::Value;
use sha2::Sha256;

use super::{
    check_state, constant_time_eq, HmacPolicy, HmacStatus, OAuthApp, OAuthError, OAuthRedirect,
    ProviderError,
};
use crate::error::FieldError;
use crate::secret::Secret;

/// Checks the redirect back to the app. `query` is the redirect's query string (a leading `?`,
/// or a whole URL, is fine). Order: `state` (constant time, always enforced), then an `error`
/// parameter, then `hmac` per `policy` (the default [`HmacPolicy::Report`] only reports it),
/// then `code`.
pub fn verify_redirect(
    app: &OAuthApp,
    query: &str,
    expected_state: &str,
    policy: HmacPolicy,
) -> Result<OAuthRedirect, OAuthError> {
    if app.client_secret.is_blank() && policy != HmacPolicy::Skip {
        return Err(OAuthError::InvalidApp(vec![FieldError::new(
            "client-secret",
            "required to verify the redirect's hmac",
        )]));
    }
    let mut errors = Vec::new();
    check_state(expected_state, &mut errors);
    if !errors.is_empty() {
        return Err(OAuthError::InvalidInput(errors));
    }
    let params = query_params(query)?;

    let state = single(&params, "state")?;
    match state {
        Some(state) if constant_time_eq(state.as_bytes(), expected_state.as_bytes()) => {}
        _ => return Err(OAuthError::StateMismatch),
    }
    if let Some(error) = single(&params, "error")? {
        return Err(OAuthError::AccessDenied(ProviderError {
            status: 0,
            error: error.to_string(),
            description: single(&params, "error_description")?.map(str::to_string),
            retryable: false,
        }));
    }
    let hmac_status = check_hmac(policy, app, &params)?;
    let code = match single(&params, "code")? {
        Some(code) if !code.is_empty() => code.to_string(),
        _ => return Err(OAuthError::MissingParameter("code".into())),
    };
    Ok(OAuthRedirect {
        code: Secret::new(code),
        state: expected_state.to_string(),
        hmac: hmac_status,
        params: params
            .into_iter()
            .filter(|(k, _)| k != "code" && k != "hmac")
            .collect(),
    })
}

/// The decoded parameters of a query string, a leading `?` (or a whole URL) and a `#fragment`
/// ignored; at most 64 KiB.
pub(super) fn query_params(query: &str) -> Result<Vec<(String, String)>, OAuthError> {
    if query.len() > 64 * 1024 {
        return Err(OAuthError::input("query", "longer than 64 KiB"));
    }
    let query = match query.split_once('?') {
        Some((_, q)) => q,
        None => query,
    };
    parse_query(query.split('#').next().unwrap_or(""))
}

/// Applies `policy` to the `hmac` parameter of `params` (redirect or launch request).
pub(super) fn check_hmac(
    policy: HmacPolicy,
    app: &OAuthApp,
    params: &[(String, String)],
) -> Result<HmacStatus, OAuthError> {
    let given = match (policy, single(params, "hmac")?) {
        (HmacPolicy::Skip, _) => return Ok(HmacStatus::Unchecked),
        (HmacPolicy::Require, None) => return Err(OAuthError::MissingHmac),
        (HmacPolicy::Report | HmacPolicy::IfPresent, None) => return Ok(HmacStatus::Missing),
        (_, Some(given)) => given,
    };
    if redirect_hmac_matches(app.client_secret.expose().as_bytes(), params, given) {
        Ok(HmacStatus::Verified)
    } else if policy == HmacPolicy::Report {
        Ok(HmacStatus::Mismatch)
    } else {
        Err(OAuthError::BadHmac)
    }
}

/// The assumed redirect recipe: HMAC-SHA256 (client secret) over `name=value` pairs of every
/// parameter but `hmac`, decoded, sorted by name then value, joined with `&`. The given value may
/// be hex (either case) or base64 (standard or URL-safe, padded or not); compared in constant time.
fn redirect_hmac_matches(secret: &[u8], params: &[(String, String)], given: &str) -> bool {
    let mut pairs: Vec<(&str, &str)> = params
        .iter()
        .filter(|(k, _)| k != "hmac")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    pairs.sort();
    let message = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let given = given.trim();
    let bytes = if given.len() == 64 && given.bytes().all(|b| b.is_ascii_hexdigit()) {
        decode_hex(given)
    } else {
        use base64::engine::general_purpose::{
            STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD,
        };
        STANDARD
            .decode(given)
            .or_else(|_| URL_SAFE.decode(given))
            .or_else(|_| STANDARD_NO_PAD.decode(given))
            .or_else(|_| URL_SAFE_NO_PAD.decode(given))
            .ok()
    };
    let Some(bytes) = bytes else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(message.as_bytes());
    mac.verify_slice(&bytes).is_ok()
}

/// Splits a query into decoded pairs (`+` is a space, as browsers send forms).
pub(super) fn parse_query(query: &str) -> Result<Vec<(String, String)>, OAuthError> {
    let mut pairs = Vec::new();
    for part in query.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = part.split_once('=').unwrap_or((part, ""));
        let (Some(k), Some(v)) = (decode_component(k), decode_component(v)) else {
            return Err(OAuthError::input(
                "query",
                "a parameter is not valid percent-encoded UTF-8",
            ));
        };
        pairs.push((k, v));
    }
    Ok(pairs)
}

/// The parameter's value; a repeated parameter is refused (it would be ambiguous).
pub(super) fn single<'a>(
    params: &'a [(String, String)],
    name: &str,
) -> Result<Option<&'a str>, OAuthError> {
    let mut found = params.iter().filter(|(k, _)| k == name);
    let first = found.next().map(|(_, v)| v.as_str());
    if found.next().is_some() {
        return Err(OAuthError::input(
            "query",
            format!("the `{name}` parameter is repeated"),
        ));
    }
    Ok(first)
}

fn decode_component(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn decode_hex(text: &str) -> Option<Vec<u8>> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The JSON form of a checked redirect (for fixtures; the code included: it is the output).
pub fn redirect_json(redirect: &OAuthRedirect) -> Value {
    serde_json::json!({
        "code": redirect.code.expose(),
        "state": redirect.state,
        "hmac": redirect.hmac.as_str(),
        "params": redirect.params.iter().map(|(k, v)| serde_json::json!([k, v])).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_decoding() {
        assert_eq!(decode_component("a+b%20c%2B").as_deref(), Some("a b c+"));
        assert_eq!(decode_component("%zz"), None);
        assert_eq!(decode_component("%4"), None);
        assert_eq!(decode_component("%C3%A9").as_deref(), Some("é"));
        assert_eq!(decode_component("%FF"), None);
    }
}

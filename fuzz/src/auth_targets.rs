//! Targets for the authentication parsers: webhook verification and the OAuth redirect and
//! token-response parsers.

use aftership_core::oauth::{self, oauth_error_json, HmacPolicy};
use aftership_core::webhook::{
    self, verified_json, webhook_error_json, WebhookInput, WebhookProduct,
};
use aftership_core::{HttpResponse, Secret};
use aftership_testkit::helpers::oauth_app;
use arbitrary::Unstructured;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::json;
use sha2::Sha256;

use crate::gen::{self, text, HOOK_SECRET, R, REFRESH, TOKEN};
use crate::oracles::{no_secret, Finding};
use crate::stats;
use crate::targets::STATUSES;

fn hmac_b64(secret: &str, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
    mac.update(body);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

pub(crate) fn webhook_target(u: &mut Unstructured) -> R<Result<(), Finding>> {
    let product = *u.choose(&[
        WebhookProduct::Tracking,
        WebhookProduct::Returns,
        WebhookProduct::Shipping,
        WebhookProduct::Warranty,
    ])?;
    let body = match u.int_in_range(0..=4u8)? {
        0 => u.arbitrary::<Vec<u8>>()?,
        1 => json!({"event": "tracking_update", "event_id": text(u)?, "is_tracking_first_tag": u.arbitrary::<bool>()?,
                    "ts": gen::json_value(u, 0)?, "msg": gen::json_value(u, 2)?}).to_string().into_bytes(),
        2 => json!({"id": text(u)?, "event": *u.choose(&["return.approved", "warranty.approved"])?, "created_at": text(u)?, "data": gen::json_value(u, 2)?})
            .to_string().into_bytes(),
        3 => json!({"event": "create_a_label", "meta": {"code": 200}, "data": gen::json_value(u, 2)?})
            .to_string().into_bytes(),
        _ => gen::json_value(u, 3)?.to_string().into_bytes(),
    };
    let secret = if u.ratio(9, 10)? {
        HOOK_SECRET.to_string()
    } else {
        text(u)?
    };
    let good = hmac_b64(&secret, &body);
    let mut headers = Vec::new();
    let mut carries_good = false;
    if u.ratio(1, 2)? {
        // The product's own header with the right signature (legacy form for Shipping).
        let name = product.signature_headers()[0];
        let value = if name == "am-webhook-signature" {
            format!("hmac-sha256={good}")
        } else {
            good.clone()
        };
        carries_good = true;
        headers.push((name.to_string(), value));
    }
    for _ in 0..u.int_in_range(0..=3u8)? {
        let name = u.choose(&[
            "aftership-hmac-sha256",
            "as-signature-hmac-sha256",
            "am-webhook-signature",
            "as-webhook-version",
            "x-other",
        ])?;
        let value = match u.int_in_range(0..=4u8)? {
            0 | 1 => good.clone(),
            2 => format!("hmac-sha256={good}"),
            3 => hmac_b64("other", &body),
            _ => text(u)?,
        };
        let signs = product
            .signature_headers()
            .iter()
            .any(|h| h.eq_ignore_ascii_case(name));
        carries_good |= signs && value.contains(&good);
        headers.push((name.to_string(), value));
    }
    let input = WebhookInput {
        product,
        body: body.clone(),
        headers,
        secret: Secret::new(secret.clone()),
        now_unix_ms: if u.arbitrary()? {
            Some(u.arbitrary()?)
        } else {
            None
        },
        tolerance_ms: if u.arbitrary()? {
            Some(u.arbitrary()?)
        } else {
            None
        },
    };
    Ok((|| match webhook::verify_webhook(&input) {
        Ok(verified) => {
            stats::hit(&stats::WEBHOOKS_OK);
            if !carries_good {
                return Err("a webhook without a valid signature was accepted".into());
            }
            if !product
                .signature_headers()
                .iter()
                .any(|h| h.eq_ignore_ascii_case(&verified.signature_header))
            {
                return Err("verified by a header the product does not sign with".into());
            }
            no_secret(&format!("{verified:?}"), "Debug of a verified webhook")?;
            no_secret(
                &verified_json(&verified).to_string(),
                "JSON of a verified webhook",
            )
        }
        Err(e) => {
            no_secret(&e.to_string(), "webhook error")?;
            no_secret(&format!("{e:?}"), "webhook error Debug")?;
            no_secret(&webhook_error_json(&e).to_string(), "webhook error JSON")
        }
    })())
}

pub(crate) fn oauth_target(u: &mut Unstructured) -> R<Result<(), Finding>> {
    let app = oauth_app(HOOK_SECRET);
    if u.arbitrary()? {
        // Redirect query: code, state, hmac in any order and spelling.
        let state = "state-0123456789abcdef";
        let mut parts = vec![format!("code={REFRESH}")];
        for _ in 0..u.int_in_range(0..=4u8)? {
            parts.push(match u.int_in_range(0..=5u8)? {
                0 => format!("state={state}"),
                1 => format!("hmac={}", text(u)?),
                2 => format!("error={}", text(u)?),
                3 => format!("{}={}", text(u)?, text(u)?),
                _ => text(u)?,
            });
        }
        let query = parts.join("&");
        let policy = *u.choose(&[HmacPolicy::Require, HmacPolicy::IfPresent, HmacPolicy::Skip])?;
        return Ok(match oauth::verify_redirect(&app, &query, state, policy) {
            Ok(redirect) => no_secret(&format!("{redirect:?}"), "Debug of a redirect"),
            Err(e) => (|| {
                no_secret(&e.to_string(), "redirect error")?;
                no_secret(&format!("{e:?}"), "redirect error Debug")?;
                no_secret(&oauth_error_json(&e).to_string(), "redirect error JSON")
            })(),
        });
    }
    let status = if u.ratio(1, 2)? {
        200
    } else {
        *u.choose(&STATUSES)?
    };
    let body = match u.int_in_range(0..=5u8)? {
        0 => u.arbitrary::<Vec<u8>>()?,
        4 | 5 => mutated_token_body(u)?,
        1 => json!({"access_token": TOKEN, "refresh_token": REFRESH, "token_type": gen::json_value(u, 0)?,
                    "expires_in": gen::json_value(u, 0)?, "scope": gen::json_value(u, 0)?})
            .to_string()
            .into_bytes(),
        2 => json!({"error": text(u)?, "error_description": text(u)?}).to_string().into_bytes(),
        _ => gen::json_value(u, 3)?.to_string().into_bytes(),
    };
    let response = HttpResponse {
        status,
        headers: vec![],
        body,
    };
    Ok(check_token_response(&response))
}

/// The token-response oracles: no sentinel in a token set's `Debug` or in any form of an error,
/// and an excerpt holding only what the allow-list lets through.
pub(crate) fn check_token_response(response: &HttpResponse) -> Result<(), Finding> {
    match oauth::parse_token_response(response, 1_783_327_777_000) {
        Ok(tokens) => no_secret(&format!("{tokens:?}"), "Debug of a token set"),
        Err(e) => {
            let texts = [
                e.to_string(),
                format!("{e:?}"),
                oauth_error_json(&e).to_string(),
            ];
            for text in &texts {
                let leaked = [TOKEN, REFRESH, HOOK_SECRET]
                    .iter()
                    .any(|m| text.contains(m));
                if leaked {
                    return Err("a token leaked into a token-response error".into());
                }
            }
            excerpt_is_allow_listed(response, &e)
        }
    }
}

/// Names a token may hide under: the RFC 6749 ones, misspelled, re-cased, or unrelated.
const TOKEN_NAMES: &[&str] = &[
    "access_token",
    "refresh_token",
    "refresh_toen",
    "refesh_token",
    "Refresh_Token",
    "REFRESH",
    "rt",
    "acces_tkn",
    "id_tokn",
    "credential",
    "value",
    "data",
    "x",
];

/// Issue 24: a token-endpoint answer whose credentials sit where a redaction by member name
/// misses them: misspelled or re-cased names, nested objects and arrays, inside `meta`, or a
/// body that is not JSON (`oops refresh=...`, form-encoded, cut JSON). Every value outside the
/// allow-list is a sentinel, so any copied value shows up in the oracle.
fn mutated_token_body(u: &mut Unstructured) -> R<Vec<u8>> {
    let secret = *u.choose(&[TOKEN, REFRESH])?;
    let name = *u.choose(TOKEN_NAMES)?;
    let mut hidden = json!(secret);
    for _ in 0..u.int_in_range(0..=3u8)? {
        hidden = if u.arbitrary()? {
            json!([hidden])
        } else {
            json!({ *u.choose(TOKEN_NAMES)?: hidden })
        };
    }
    let mut root = serde_json::Map::new();
    if u.arbitrary()? {
        root.insert("access_token".into(), json!(TOKEN));
    }
    root.insert(name.into(), hidden);
    if u.arbitrary()? {
        root.insert(
            "meta".into(),
            json!({"code": *u.choose(&[json!(500), json!("401"), json!(secret)])?,
                   *u.choose(TOKEN_NAMES)?: secret}),
        );
    }
    if u.arbitrary()? {
        root.insert("error_description".into(), json!(text(u)?));
    }
    let json = serde_json::Value::Object(root).to_string();
    Ok(match u.int_in_range(0..=5u8)? {
        0 => format!("oops {name}={secret}"),
        1 => format!("{name}={secret}&token_type=bearer"),
        2 => json[..json.len() / 2].to_string(),
        3 => format!("[{json}]"),
        _ => json,
    }
    .into_bytes())
}

/// The excerpt of a token-endpoint failure holds only what the allow-list lets through: for a
/// body that is not a JSON object, its content type and length and nothing else.
fn excerpt_is_allow_listed(
    response: &HttpResponse,
    error: &oauth::OAuthError,
) -> Result<(), Finding> {
    let oauth::OAuthError::UnexpectedResponse(unexpected) = error else {
        return Ok(());
    };
    if (200..300).contains(&response.status) {
        if !unexpected.excerpt.is_empty() {
            return Err("a 2xx token answer was quoted".into());
        }
        return Ok(());
    }
    let is_object = matches!(
        serde_json::from_slice::<serde_json::Value>(&response.body),
        Ok(serde_json::Value::Object(_))
    );
    let tail = format!(", {} bytes", response.body.len());
    let described = unexpected.excerpt.starts_with("not a JSON object: ")
        && unexpected.excerpt.ends_with(&tail);
    if !is_object && !described {
        return Err(format!(
            "a non-object token answer was quoted: {:?}",
            unexpected.excerpt
        ));
    }
    Ok(())
}

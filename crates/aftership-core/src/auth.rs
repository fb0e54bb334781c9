//! Authentication headers: API key, OAuth token, and the SignString signatures (AfterShip
//! "API key with AES/RSA" keys, reference: api-core §5.2).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use md5::{Digest, Md5};
use sha2::Sha256;

use crate::catalog::Family;
use crate::encode::rfc1123;
use crate::error::ConnectorError;
use crate::settings::{AuthMode, Settings};
use crate::types::{Method, RequestContext};

/// Header that carries the AES (HMAC-SHA256) signature.
pub const AES_SIGNATURE_HEADER: &str = "as-signature-hmac-sha256";
/// Header that carries the RSA (RSASSA-PSS SHA-256) signature.
pub const RSA_SIGNATURE_HEADER: &str = "as-signature-rsa-sha256";

/// The parts of a request the SignString covers.
pub struct SignInput<'a> {
    /// HTTP method.
    pub method: Method,
    /// Body bytes (empty when there is no body).
    pub body: &'a str,
    /// Content type (must be empty when the body is).
    pub content_type: &'a str,
    /// The `date` header value.
    pub date: &'a str,
    /// All request headers; those starting with `as-` are canonicalised.
    pub headers: &'a [(String, String)],
    /// Path with version prefix, plus `?` and the sorted, encoded query when there is one.
    pub resource: &'a str,
}

/// Builds the SignString: method, MD5 of the body, content type, date, `as-*` headers, resource.
pub fn sign_string(input: &SignInput<'_>) -> String {
    let content_md5 = if input.body.is_empty() {
        String::new()
    } else {
        Md5::digest(input.body.as_bytes())
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect()
    };
    let mut as_headers: Vec<(String, &str)> = input
        .headers
        .iter()
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
        .filter(|(k, _)| k.starts_with("as-"))
        .collect();
    as_headers.sort_by(|a, b| a.0.cmp(&b.0));
    let canonical_headers = as_headers
        .iter()
        .map(|(k, v)| format!("{k}:{v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let content_type = if input.body.is_empty() {
        ""
    } else {
        input.content_type
    };
    format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        input.method.as_str(),
        content_md5,
        content_type,
        input.date,
        canonical_headers,
        input.resource
    )
}

/// base64(HMAC-SHA256(secret, sign_string)).
pub fn hmac_sha256_base64(secret: &[u8], message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(message);
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Adds the credential headers for the settings' auth mode to `headers` (which already holds
/// every other header). `resource` is the signed path-and-query, `body` the exact body text.
pub fn apply(
    settings: &Settings,
    family: Family,
    method: Method,
    resource: &str,
    body: Option<&str>,
    headers: &mut Vec<(String, String)>,
    context: &RequestContext,
) -> Result<(), ConnectorError> {
    match settings.auth_mode {
        AuthMode::ApiKey => {
            headers.push((
                family.api_key_header().to_string(),
                settings.api_key.expose().to_string(),
            ));
            Ok(())
        }
        AuthMode::OauthToken => {
            let token = settings
                .access_token
                .as_ref()
                .ok_or_else(|| ConnectorError::settings("access-token", "required"))?;
            match settings
                .oauth_token_header
                .as_deref()
                .map(str::trim)
                .filter(|h| !h.is_empty())
            {
                None => headers.push((
                    "authorization".to_string(),
                    format!("Bearer {}", token.expose()),
                )),
                Some(name) if name.eq_ignore_ascii_case("authorization") => headers.push((
                    "authorization".to_string(),
                    format!("Bearer {}", token.expose()),
                )),
                Some(name) => headers.push((name.to_ascii_lowercase(), token.expose().to_string())),
            }
            Ok(())
        }
        AuthMode::AesSignature | AuthMode::RsaSignature => {
            // Signed keys are versioned-API keys: the key goes in `as-api-key` on every family
            // (legacy v4 accepts it too), so it is part of the canonicalised headers.
            headers.push((
                "as-api-key".to_string(),
                settings.api_key.expose().to_string(),
            ));
            let date = rfc1123(context.now_unix_ms);
            headers.push(("date".to_string(), date.clone()));
            let body = body.unwrap_or("");
            let input = SignInput {
                method,
                body,
                content_type: if body.is_empty() {
                    ""
                } else {
                    "application/json"
                },
                date: &date,
                headers,
                resource,
            };
            let message = sign_string(&input);
            let secret = settings
                .api_secret
                .as_ref()
                .ok_or_else(|| ConnectorError::settings("api-secret", "required"))?;
            let (name, signature) = if settings.auth_mode == AuthMode::AesSignature {
                (
                    AES_SIGNATURE_HEADER,
                    hmac_sha256_base64(secret.expose().as_bytes(), message.as_bytes()),
                )
            } else {
                return Err(ConnectorError::settings(
                    "auth-mode",
                    "rsa-signature is not available in this build",
                ));
            };
            headers.push((name.to_string(), signature));
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str = "c25b1e6fee2348b3a8bd21599b6ac2de";
    const DATE: &str = "Mon, 06 Jul 2026 08:49:37 GMT";

    fn key_headers() -> Vec<(String, String)> {
        vec![("as-api-key".to_string(), KEY.to_string())]
    }

    #[test]
    fn get_vector_from_the_reference() {
        let headers = key_headers();
        let s = sign_string(&SignInput {
            method: Method::Get,
            body: "",
            content_type: "application/json",
            date: DATE,
            headers: &headers,
            resource: "/tracking/2026-07/trackings?keyword=RA123456789US&limit=10",
        });
        assert_eq!(s, format!("GET\n\n\n{DATE}\nas-api-key:{KEY}\n/tracking/2026-07/trackings?keyword=RA123456789US&limit=10"));
        assert_eq!(
            hmac_sha256_base64(b"my-test-secret", s.as_bytes()),
            "pCx1V3s+KyVnXGTz4MO7p3TCYXITOhCgTiFbp8P/RKw="
        );
    }

    #[test]
    fn post_vector_from_the_reference() {
        let headers = key_headers();
        let s = sign_string(&SignInput {
            method: Method::Post,
            body: r#"{"tracking_number":"123456789","slug":"dhl"}"#,
            content_type: "application/json",
            date: DATE,
            headers: &headers,
            resource: "/tracking/2026-07/trackings",
        });
        assert_eq!(s, format!("POST\nD18D95923B0777F6E22076A384321BB5\napplication/json\n{DATE}\nas-api-key:{KEY}\n/tracking/2026-07/trackings"));
        assert_eq!(
            hmac_sha256_base64(b"my-test-secret", s.as_bytes()),
            "9xCt0qK4sxZ5/ZOgzFb529rNYnyubxfDzlluIm2X5aA="
        );
    }
}

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
use crate::types::{HttpRequest, Method, RequestContext};

mod rsa_pss;
pub use rsa_pss::{
    check_rsa_private_key, parse_rsa_private_key, rsa_pss_sign, verify_rsa_pss, RSA_MAX_BITS,
    RSA_MIN_BITS, RSA_PSS_SALT_LEN,
};

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

/// Rebuilds the SignString of a built request from its method, body, `content-type`, `date`,
/// `as-*` headers and the URL's path and query. Lets a host (or a test) check the signature
/// header of a request it got from the connector.
pub fn request_sign_string(request: &HttpRequest) -> Option<String> {
    let after_scheme = request
        .url
        .split_once("://")
        .map_or(request.url.as_str(), |(_, rest)| rest);
    let resource = &after_scheme[after_scheme.find('/')?..];
    let body = request.body.as_deref().unwrap_or("");
    // The signature headers are added after signing, so they are not part of what was signed.
    let headers: Vec<(String, String)> = request
        .headers
        .iter()
        .filter(|(k, _)| {
            !k.eq_ignore_ascii_case(AES_SIGNATURE_HEADER)
                && !k.eq_ignore_ascii_case(RSA_SIGNATURE_HEADER)
        })
        .cloned()
        .collect();
    Some(sign_string(&SignInput {
        method: request.method,
        body,
        content_type: request.header("content-type").unwrap_or(""),
        date: request.header("date")?,
        headers: &headers,
        resource,
    }))
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
                let key = parse_rsa_private_key(secret.expose())
                    .map_err(|message| ConnectorError::settings("api-secret", message))?;
                let signature = rsa_pss_sign(
                    &key,
                    secret.expose().as_bytes(),
                    message.as_bytes(),
                    context.now_unix_ms,
                )
                .map_err(|message| ConnectorError::settings("api-secret", message))?;
                (RSA_SIGNATURE_HEADER, signature)
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

    const TEST_KEY: &str = include_str!("../../../../tests/keys/rsa-2048-test.pkcs8.pem");
    const TEST_PUBLIC: &str = include_str!("../../../../tests/keys/rsa-2048-test.spki.pem");

    #[test]
    fn rsa_pss_round_trip_and_determinism() {
        let key = parse_rsa_private_key(TEST_KEY).expect("test key parses");
        let message =
            b"GET\n\n\nMon, 06 Jul 2026 08:49:37 GMT\nas-api-key:k\n/tracking/2026-07/couriers";
        let a = rsa_pss_sign(&key, TEST_KEY.as_bytes(), message, 1).expect("signs");
        let b = rsa_pss_sign(&key, TEST_KEY.as_bytes(), message, 1).expect("signs");
        let c = rsa_pss_sign(&key, TEST_KEY.as_bytes(), message, 2).expect("signs");
        assert_eq!(a, b, "same key, message and time: same signature");
        assert_ne!(a, c, "another millisecond: another salt");
        assert_eq!(a.len(), 344, "base64 of 256 bytes");
        for sig in [&a, &c] {
            assert!(verify_rsa_pss(TEST_PUBLIC, message, sig));
        }
        assert!(!verify_rsa_pss(TEST_PUBLIC, b"another message", &a));
        assert!(!verify_rsa_pss(TEST_PUBLIC, message, "not base64"));
        assert!(!verify_rsa_pss("not a key", message, &a));
    }

    #[test]
    fn rsa_key_forms() {
        use rsa::pkcs1::EncodeRsaPrivateKey;
        let key = parse_rsa_private_key(TEST_KEY).expect("test key parses");
        let pkcs1 = key
            .to_pkcs1_pem(rsa::pkcs8::LineEnding::LF)
            .expect("encodes");
        assert!(parse_rsa_private_key(&pkcs1).is_ok(), "PKCS#1 accepted");
        let escaped = TEST_KEY.trim().replace('\n', "\\n");
        assert!(
            parse_rsa_private_key(&escaped).is_ok(),
            "literal \\n repaired"
        );
        let crlf = TEST_KEY.replace('\n', "\r\n");
        assert!(parse_rsa_private_key(&crlf).is_ok(), "CRLF line ends");
    }

    #[test]
    fn bad_rsa_keys_are_named_without_echo() {
        let body: String = TEST_KEY.lines().nth(3).unwrap_or_default().to_string();
        let damaged = TEST_KEY.replacen(&body, &body.replace('A', "B"), 1);
        let cases = [
            "SENTINEL-SECRET-7f3a".to_string(),
            format!("-----BEGIN PRIVATE KEY-----\nSENTINEL{body}\n-----END PRIVATE KEY-----\n"),
            damaged,
            TEST_PUBLIC.to_string(),
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----"
                .into(),
            include_str!("../../../../tests/keys/rsa-1024-too-small.pkcs8.pem").to_string(),
        ];
        for case in &cases {
            let message = parse_rsa_private_key(case).expect_err("refused");
            assert!(!message.contains("SENTINEL") && !message.contains(&body[..20]));
        }
    }

    #[test]
    fn rsa_mode_signs_a_request_end_to_end() {
        let mut settings = Settings::new("n", crate::settings::ApiType::Tracking, KEY);
        settings.auth_mode = AuthMode::RsaSignature;
        settings.api_secret = Some(crate::secret::Secret::new(TEST_KEY));
        let context = RequestContext {
            now_unix_ms: 1_783_327_777_000,
            request_id: None,
        };
        let request = crate::build_request(&settings, "tracking.list_couriers", "{}", &context)
            .expect("builds");
        let signature = request.header(RSA_SIGNATURE_HEADER).expect("signed");
        let message = request_sign_string(&request).expect("sign string");
        assert_eq!(
            message,
            format!("GET\n\n\n{DATE}\nas-api-key:{KEY}\n/tracking/2026-07/couriers")
        );
        assert!(verify_rsa_pss(TEST_PUBLIC, message.as_bytes(), signature));
        assert!(request.header(AES_SIGNATURE_HEADER).is_none());
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

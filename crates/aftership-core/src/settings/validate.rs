//! Settings validation: every bad field is reported at once, named by its form id.

use super::base_url::check_base_url;
use super::{connection_fields, AuthMode, Environment, Settings};
use crate::error::FieldError;

/// Longest value accepted for any text setting.
const MAX_SETTING_LEN: usize = 4096;

/// Checks every field and reports each bad one; an empty list means the settings are usable.
pub fn validate_settings(settings: &Settings) -> Vec<FieldError> {
    check_settings(settings, RsaKeyCheck::Parse)
}

/// Whether validation parses an RSA private key (milliseconds of big-number work).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RsaKeyCheck {
    /// Parse it, so a form shows a bad key at once.
    Parse,
    /// Leave it to the signer, which parses it anyway and reports the same `api-secret` error;
    /// used when building a request so the key is parsed once, not twice.
    LeaveToSigner,
}

/// [`validate_settings`] with a choice about the RSA key: each field of the field list checks
/// itself, in form order.
pub(crate) fn check_settings(settings: &Settings, rsa_key: RsaKeyCheck) -> Vec<FieldError> {
    let mut errors = Vec::new();
    for field in connection_fields() {
        if let Some(check) = field.check {
            check(settings, rsa_key, &mut errors);
        }
    }
    errors
}

/// A field's own check: pushes its errors (named by the field's form id).
pub(crate) type Check = fn(&Settings, RsaKeyCheck, &mut Vec<FieldError>);

pub(super) fn check_name(settings: &Settings, _: RsaKeyCheck, errors: &mut Vec<FieldError>) {
    if settings.name.trim().is_empty() {
        errors.push(FieldError::new("name", "a connection name is required"));
    } else if settings.name.len() > 200 {
        errors.push(FieldError::new("name", "at most 200 characters"));
    }
}

pub(super) fn check_environment(settings: &Settings, _: RsaKeyCheck, errors: &mut Vec<FieldError>) {
    if settings.environment == Environment::Sandbox && !settings.api_type.has_sandbox() {
        errors.push(FieldError::new(
            "environment",
            format!(
                "AfterShip has no sandbox for the {} API; choose production",
                settings.api_type.label()
            ),
        ));
    }
}

pub(super) fn check_api_key(settings: &Settings, _: RsaKeyCheck, errors: &mut Vec<FieldError>) {
    if settings.auth_mode.sends_api_key() && settings.api_key.is_blank() {
        errors.push(FieldError::new("api-key", "an API key is required"));
    } else if !settings.api_key.is_blank() {
        check_header_value("api-key", settings.api_key.expose(), errors);
    }
}

pub(super) fn check_api_secret(
    settings: &Settings,
    rsa_key: RsaKeyCheck,
    errors: &mut Vec<FieldError>,
) {
    if !settings.auth_mode.signs() {
        return;
    }
    match settings.api_secret.as_ref().filter(|s| !s.is_blank()) {
        None => errors.push(FieldError::new(
            "api-secret",
            format!(
                "the {} mode needs the API secret of the key",
                settings.auth_mode.as_str()
            ),
        )),
        Some(secret) if secret.expose().len() > MAX_SETTING_LEN * 4 => {
            errors.push(FieldError::new("api-secret", "the secret is too long"))
        }
        // The key is parsed here so a form shows a bad key before the first request;
        // the message is fixed text and never quotes the key.
        Some(secret)
            if settings.auth_mode == AuthMode::RsaSignature && rsa_key == RsaKeyCheck::Parse =>
        {
            if let Err(message) = crate::auth::check_rsa_private_key(secret.expose()) {
                errors.push(FieldError::new("api-secret", message));
            }
        }
        Some(_) => {}
    }
}

/// `access-token` and `oauth-token-header`, in that order (both only in `oauth-token` mode).
pub(super) fn check_access_token(
    settings: &Settings,
    _: RsaKeyCheck,
    errors: &mut Vec<FieldError>,
) {
    if settings.auth_mode != AuthMode::OauthToken {
        return;
    }
    match settings.access_token.as_ref().filter(|s| !s.is_blank()) {
        None => errors.push(FieldError::new(
            "access-token",
            "the oauth-token mode needs an access token",
        )),
        Some(token) => check_header_value("access-token", token.expose(), errors),
    }
    if let Some(header) = settings.oauth_token_header.as_deref() {
        if !is_header_name(header.trim()) {
            errors.push(FieldError::new(
                "oauth-token-header",
                "must be an HTTP header name (letters, digits, `-`)",
            ));
        } else if is_reserved_header(header.trim()) {
            errors.push(FieldError::new(
                "oauth-token-header",
                "names a header the connector or the HTTP client sets itself; \
                 choose another name (default: authorization)",
            ));
        }
    }
}

pub(super) fn check_store_id(settings: &Settings, _: RsaKeyCheck, errors: &mut Vec<FieldError>) {
    if let Some(store_id) = settings.store_id() {
        if store_id.len() > 128 {
            errors.push(FieldError::new("store-id", "at most 128 characters"));
        } else {
            check_header_value("store-id", store_id, errors);
        }
    }
}

pub(super) fn check_base_url_field(
    settings: &Settings,
    _: RsaKeyCheck,
    errors: &mut Vec<FieldError>,
) {
    if let Some(url) = settings.base_url.as_deref().map(str::trim) {
        if !url.is_empty() {
            if let Err(message) = check_base_url(url) {
                errors.push(FieldError::new("base-url", message));
            }
        }
    }
}

/// A header value must be printable ASCII without CR/LF, or it could split the request.
fn check_header_value(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    if value.len() > MAX_SETTING_LEN {
        errors.push(FieldError::new(field, "the value is too long"));
    } else if value.bytes().any(|b| b.is_ascii_control() || !b.is_ascii()) {
        errors.push(FieldError::new(
            field,
            "must not contain line breaks, control or non-ASCII characters",
        ));
    } else if value.trim() != value {
        errors.push(FieldError::new(
            field,
            "must not start or end with whitespace",
        ));
    }
}

fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Headers the token must not be sent in: ones the connector sets (a second value would be
/// ambiguous), `as-*` (AfterShip's signed header space), and ones the HTTP client owns.
fn is_reserved_header(name: &str) -> bool {
    const RESERVED: [&str; 14] = [
        "host",
        "content-type",
        "content-length",
        "transfer-encoding",
        "connection",
        "keep-alive",
        "upgrade",
        "te",
        "trailer",
        "expect",
        "date",
        "request-id",
        "aftership-api-key",
        "cookie",
    ];
    let name = name.to_ascii_lowercase();
    RESERVED.contains(&name.as_str())
        || ["as-", "proxy-", "sec-"]
            .iter()
            .any(|p| name.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ApiType;
    use crate::Secret;

    fn fields(settings: &Settings) -> Vec<String> {
        validate_settings(settings)
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn good_settings_pass() {
        let settings = Settings::new("Main", ApiType::Tracking, "key123");
        assert!(validate_settings(&settings).is_empty());
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut s = Settings::new(" ", ApiType::Tracking, "");
        s.environment = Environment::Sandbox;
        s.store_id = Some("a\r\nb".into());
        s.base_url = Some("ftp://x".into());
        assert_eq!(
            fields(&s),
            ["name", "environment", "api-key", "store-id", "base-url"]
        );
    }

    #[test]
    fn sandbox_only_where_offered() {
        for api_type in ApiType::ALL {
            let mut s = Settings::new("n", api_type, "k");
            s.environment = Environment::Sandbox;
            assert_eq!(validate_settings(&s).is_empty(), api_type.has_sandbox());
        }
    }

    #[test]
    fn signature_modes_need_a_secret_and_oauth_a_token() {
        let mut s = Settings::new("n", ApiType::Shipping, "k");
        s.auth_mode = AuthMode::AesSignature;
        assert_eq!(fields(&s), ["api-secret"]);
        s.auth_mode = AuthMode::OauthToken;
        s.api_key = Secret::default();
        s.oauth_token_header = Some("bad header".into());
        assert_eq!(fields(&s), ["access-token", "oauth-token-header"]);
        s.access_token = Some(Secret::new("tok"));
        for reserved in ["Host", "content-length", "as-api-key", "date", "request-id"] {
            s.oauth_token_header = Some(reserved.into());
            assert_eq!(fields(&s), ["oauth-token-header"], "{reserved}");
        }
        s.oauth_token_header = Some("x-auth".into());
        assert!(fields(&s).is_empty());
    }

    #[test]
    fn rsa_mode_needs_a_readable_private_key() {
        let mut s = Settings::new("n", ApiType::Tracking, "k");
        s.auth_mode = AuthMode::RsaSignature;
        s.api_secret = Some(Secret::new(
            "-----BEGIN PRIVATE KEY-----\nSENTINEL\n-----END PRIVATE KEY-----",
        ));
        let errors = validate_settings(&s);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "api-secret");
        assert!(!errors[0].message.contains("SENTINEL"));
        s.api_secret = Some(Secret::new(include_str!(
            "../../../../tests/keys/rsa-2048-test.pkcs8.pem"
        )));
        assert!(validate_settings(&s).is_empty());
    }

    #[test]
    fn rsa_key_with_a_composite_factor_is_refused_at_validation() {
        // Throw-away key whose `q` is a product of two primes (see tests/keys/README.md);
        // `RsaPrivateKey::validate` alone accepts it.
        let pem = include_str!("../../../../tests/keys/rsa-2048-composite-factor.pkcs1.pem");
        let key = crate::auth::parse_rsa_private_key(pem).expect("parses and passes validate()");
        assert!(
            crate::auth::rsa_pss_sign(&key, pem.as_bytes(), b"m", 1).is_err(),
            "the key cannot sign"
        );
        let mut s = Settings::new("n", ApiType::Tracking, "k");
        s.auth_mode = AuthMode::RsaSignature;
        s.api_secret = Some(Secret::new(pem));
        let errors = validate_settings(&s);
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].field, "api-secret");
        assert!(errors[0].message.contains("cannot make valid signatures"));
    }

    #[test]
    fn base_urls_must_be_urls_a_parser_keeps_unchanged() {
        for bad in [
            "https://h:99999",
            "https://[",
            "https://h]",
            "https://[::1",
            "https://h:-1",
            "https://a..b:65536",
            "https://[zz]",
            "https://API.Example.com",
            "https://h:443",
            "http://h:80",
            "https://[::0:1]",
        ] {
            assert_eq!(base_url_fields(bad), ["base-url"], "{bad} accepted");
        }
        for good in [
            "https://h:65535",
            "http://127.0.0.1:8080",
            "https://[::1]:8443/",
            "https://proxy.example.com",
        ] {
            assert!(base_url_fields(good).is_empty(), "{good} refused");
        }
    }

    /// The bad fields of otherwise good settings with this base URL.
    fn base_url_fields(url: &str) -> Vec<String> {
        let mut s = Settings::new("n", ApiType::Tracking, "k");
        s.base_url = Some(url.into());
        fields(&s)
    }

    #[test]
    fn header_injection_in_key_is_refused() {
        let s = Settings::new("n", ApiType::Tracking, "abc\r\nx-evil: 1");
        let errors = validate_settings(&s);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "api-key");
        assert!(!errors[0].message.contains("abc"));
    }
}

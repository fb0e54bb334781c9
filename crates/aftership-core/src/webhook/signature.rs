//! The signature headers and the constant-time HMAC-SHA256 check of a body.

use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Tracking's signature header.
pub const TRACKING_SIGNATURE_HEADER: &str = "aftership-hmac-sha256";
/// Returns' signature header (organisations created from 2022-10-25).
pub const RETURNS_SIGNATURE_HEADER: &str = "as-signature-hmac-sha256";
/// Shipping's header, and older Returns organisations' header; value `hmac-sha256=<base64>`.
pub const LEGACY_SIGNATURE_HEADER: &str = "am-webhook-signature";
/// Header naming the Tracking webhook version (unsigned, informational).
pub const TRACKING_VERSION_HEADER: &str = "as-webhook-version";

/// Constant-time check of `hmac-sha256=<base64>` or bare `<base64>` against the body.
pub(super) fn signature_matches(secret: &[u8], body: &[u8], header_value: &str) -> bool {
    let value = header_value.trim();
    let value = match value.get(..12) {
        Some(prefix) if prefix.eq_ignore_ascii_case("hmac-sha256=") => value[12..].trim(),
        _ => value,
    };
    let Ok(expected) = base64::engine::general_purpose::STANDARD.decode(value) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
        return false;
    };
    mac.update(body);
    // `verify_slice` compares in constant time and refuses a wrong length.
    mac.verify_slice(&expected).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_and_bare_values_verify() {
        let body = br#"{"a":1}"#;
        let sig = crate::auth::hmac_sha256_base64(b"s", body);
        assert!(signature_matches(b"s", body, &sig));
        assert!(signature_matches(b"s", body, &format!("hmac-sha256={sig}")));
        assert!(signature_matches(
            b"s",
            body,
            &format!(" HMAC-SHA256={sig} ")
        ));
        assert!(!signature_matches(b"t", body, &sig));
        assert!(!signature_matches(b"s", body, "not base64!"));
        assert!(!signature_matches(b"s", body, ""));
        assert!(!signature_matches(b"s", body, "hmac-sha256="));
    }
}

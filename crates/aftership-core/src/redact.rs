//! The one redaction rule for every output (Debug, CLI, logs, recordings).
//!
//! A header value is shown only when its name is on a short list of headers that never carry a
//! credential ([`VISIBLE_HEADERS`]), the name is not the connection's configured OAuth token
//! header, and the value holds none of the connection's secrets; everything else prints `***`.
//! In free text (URLs, bodies, messages) every occurrence of a secret value (API key, API secret,
//! each line of an RSA key, access token) is replaced by `***`. Masking by value catches a
//! credential under any header name (e.g. `oauth_token_header: "x-auth"`); masking by name
//! catches derived values such as signatures, which no secret list contains.
//!
//! Text the connector did not write and whose secrets it cannot know (a token endpoint's error
//! body) is not masked here but described by an allow-list: `oauth::error_excerpt`.

use crate::settings::{connection_fields, Settings};

/// What a masked value prints as.
pub const MASK: &str = "***";

/// Header names whose values may be shown (unless they contain a secret value).
pub const VISIBLE_HEADERS: [&str; 12] = [
    "content-type",
    "content-length",
    "accept",
    "user-agent",
    "date",
    "as-store-id",
    "request-id",
    "retry-after",
    "etag",
    "x-request-id",
    "as-webhook-version",
    "cache-control",
];

/// Prefixes of response header names that may be shown (rate-limit counters).
const VISIBLE_PREFIXES: [&str; 2] = ["x-ratelimit-", "ratelimit-"];

/// Secrets shorter than this are not searched for in text (a one-letter test key would mask every
/// occurrence of that letter); headers carrying them are still masked by name.
const MIN_SECRET_LEN: usize = 4;

/// Masks credentials by name and by value. Build one per connection with [`Redactor::new`].
#[derive(Clone, Default)]
pub struct Redactor {
    secrets: Vec<String>,
    token_header: Option<String>,
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Redactor")
            .field("secrets", &self.secrets.len())
            .field("token_header", &self.token_header)
            .finish()
    }
}

impl Redactor {
    /// A redactor for every secret of `settings` (the `secret` fields of the connection form: API
    /// key, API secret, access token; each also line by line, for an RSA key) and the configured
    /// OAuth token header name.
    pub fn new(settings: &Settings) -> Redactor {
        let mut redactor = Redactor::default();
        let secrets = connection_fields().iter().filter(|f| f.secret);
        for value in secrets.filter_map(|f| f.value.and_then(|read| read(settings))) {
            redactor.add_secret(value);
            // A PEM key can surface in pieces (one base64 line, or with `\n` escaped).
            for line in value.lines() {
                if !line.starts_with("-----") {
                    redactor.add_secret(line.trim());
                }
            }
        }
        redactor.token_header = settings
            .oauth_token_header
            .as_deref()
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty());
        redactor
    }

    /// Adds one more secret value (e.g. a webhook secret or an OAuth refresh token), also in the
    /// form it takes inside a JSON string (a key with `"` or `\\` is escaped in JSON output).
    pub fn add_secret(&mut self, value: &str) {
        let value = value.trim();
        if value.len() < MIN_SECRET_LEN {
            return;
        }
        let quoted = serde_json::to_string(value).unwrap_or_default();
        let escaped = quoted
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap_or(value);
        for form in [value, escaped] {
            if !self.secrets.iter().any(|s| s == form) {
                self.secrets.push(form.to_string());
            }
        }
        // Longest first, so a secret that contains another is masked whole.
        self.secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    }

    /// Whether a header with this name may show its value (before the value check).
    pub fn shows_header(&self, name: &str) -> bool {
        let name = name.trim().to_ascii_lowercase();
        if self.token_header.as_deref() == Some(name.as_str()) {
            return false;
        }
        VISIBLE_HEADERS.contains(&name.as_str())
            || VISIBLE_PREFIXES.iter().any(|p| name.starts_with(p))
    }

    /// Whether `text` holds any secret value.
    pub fn contains_secret(&self, text: &str) -> bool {
        self.secrets.iter().any(|s| text.contains(s.as_str()))
    }

    /// `text` with every secret value replaced by `***`.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_string();
        for secret in &self.secrets {
            if out.contains(secret.as_str()) {
                out = out.replace(secret.as_str(), MASK);
            }
        }
        out
    }

    /// The value to show for one header.
    pub fn header_value(&self, name: &str, value: &str) -> String {
        if self.shows_header(name) && !self.contains_secret(value) {
            value.to_string()
        } else {
            MASK.to_string()
        }
    }

    /// Headers with every credential value masked.
    pub fn headers(&self, headers: &[(String, String)]) -> Vec<(String, String)> {
        headers
            .iter()
            .map(|(name, value)| (name.clone(), self.header_value(name, value)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::{ApiType, AuthMode};
    use crate::Secret;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn masks_by_value_and_by_name() {
        let mut s = Settings::new("n", ApiType::Tracking, "key-SENTINEL-1");
        s.auth_mode = AuthMode::OauthToken;
        s.access_token = Some(Secret::new("tok-SENTINEL-2"));
        s.oauth_token_header = Some("X-Auth".into());
        let r = Redactor::new(&s);
        let shown = r.headers(&pairs(&[
            ("x-auth", "tok-SENTINEL-2"),
            ("request-id", "tok-SENTINEL-2"),
            ("as-signature-hmac-sha256", "c2ln"),
            ("x-unknown", "plain"),
            ("content-type", "application/json"),
            ("date", "Mon, 06 Jul 2026 08:49:37 GMT"),
            ("x-ratelimit-remaining", "9"),
        ]));
        let values: Vec<&str> = shown.iter().map(|(_, v)| v.as_str()).collect();
        assert_eq!(
            values,
            [
                "***",
                "***",
                "***",
                "***",
                "application/json",
                "Mon, 06 Jul 2026 08:49:37 GMT",
                "9"
            ]
        );
        assert_eq!(
            r.text("GET /x?k=key-SENTINEL-1 Bearer tok-SENTINEL-2"),
            "GET /x?k=*** Bearer ***"
        );
    }

    #[test]
    fn rsa_key_lines_are_secrets_and_short_secrets_are_not_searched() {
        let mut s = Settings::new("n", ApiType::Tracking, "k");
        s.api_secret = Some(Secret::new(
            "-----BEGIN PRIVATE KEY-----\nAAAALINEONE\nBBBBLINETWO\n-----END PRIVATE KEY-----",
        ));
        let r = Redactor::new(&s);
        assert_eq!(r.text("x BBBBLINETWO k"), "x *** k");
        assert!(!r.contains_secret("k"));
        assert_eq!(r.header_value("as-api-key", "k"), "***");
    }
}

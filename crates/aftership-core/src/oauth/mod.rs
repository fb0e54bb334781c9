//! OAuth 2.0 for AfterShip public apps (authorization code with refresh tokens), as pure helpers:
//! the host keeps the browser redirect, the HTTP call and the token storage; this module checks
//! the App URL launch request, builds the authorization URL, checks the redirect, builds the
//! token request and reads its answer.
//!
//! Documented by AfterShip (see `reference/oauth-facts.md`, with the pages): the flow and the
//! redirect's `code`, `state`, `hmac` (oauth overview); the authorize parameters `product`,
//! `client_id`, `response_type=code`, comma-separated `scope`, `state` ("Get Authorize"), with
//! `product` required ("Request Grant"); the token endpoint's form fields ("Get or refresh access
//! token"); the scope names ("available scopes" pages).
//!
//! Assumptions (UNCONFIRMED, documented defaults a platform can override):
//! - hosts: [`DEFAULT_AUTHORIZE_URL`] and [`DEFAULT_TOKEN_URL`] (both replaceable in [`OAuthApp`]);
//! - the token response: standard `access_token`, `refresh_token`, `expires_in`, `token_type`,
//!   `scope`, each optional but the access token, also accepted inside an AfterShip `{meta, data}`
//!   envelope; a 400/401 envelope error means "re-authorize";
//! - the `hmac` recipe (redirect and launch): HMAC-SHA256 keyed with the client secret over every
//!   other query parameter, decoded, sorted by name, written `name=value` and joined with `&`;
//!   hex or base64. Because it is a guess, the default [`HmacPolicy::Report`] never refuses on it
//!   and the result says honestly whether it matched.

mod authorize;
mod error;
mod excerpt;
mod fields;
mod launch;
mod redirect;
mod token;

pub use authorize::authorization_url;
pub use error::{oauth_error_json, OAuthError, ProviderError};
pub use excerpt::error_excerpt;
pub use fields::TokenFields;
pub use launch::{launch_json, verify_launch, LaunchRequest, DEFAULT_LAUNCH_TOLERANCE_MS};
pub use redirect::{redirect_json, verify_redirect};
pub use token::{parse_token_response, parse_token_response_with, token_request, token_set_json};

use serde_json::Value;
use strum::{EnumString, IntoStaticStr, VariantArray};

use crate::error::FieldError;
use crate::secret::Secret;
use crate::settings::ApiType;

/// Authorization endpoint used when the app does not name one (UNCONFIRMED host).
pub const DEFAULT_AUTHORIZE_URL: &str = "https://accounts.aftership.com/oauth/authorize";
/// Token endpoint used when the app does not name one (UNCONFIRMED host; path documented).
pub const DEFAULT_TOKEN_URL: &str = "https://accounts.aftership.com/oauth/token";

/// Tracking API scopes (AfterShip's "available scopes" page for Tracking).
pub const TRACKING_SCOPES: &[&str] = &[
    "aftership:tracking:read",
    "aftership:tracking:write",
    "aftership:courier:read",
    "aftership:courier:write",
    "aftership:estimated_delivery_date:write",
    "aftership:carrier_connection:read",
    "aftership:carrier_connection:write",
];

/// Shipping API scopes (AfterShip's "available scopes" page for Shipping); none exist for
/// pickups or locations.
pub const SHIPPING_SCOPES: &[&str] = &[
    "postmen:rate:read",
    "postmen:rate:write",
    "postmen:label:read",
    "postmen:label:write",
    "postmen:manifest:read",
    "postmen:manifest:write",
    "postmen:cancel_label:read",
    "postmen:cancel_label:write",
    "postmen:shipper_account:read",
    "postmen:shipper_account:write",
    "postmen:courier:read",
    "postmen:address_validation:write",
];

/// The documented scopes of an API type (empty where AfterShip publishes none).
pub fn scopes_for(api_type: ApiType) -> &'static [&'static str] {
    match api_type {
        ApiType::Tracking => TRACKING_SCOPES,
        ApiType::Shipping => SHIPPING_SCOPES,
        _ => &[],
    }
}

/// A public app registered in AfterShip's Partner Dashboard. `Debug` hides the client secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthApp {
    /// Client id.
    pub client_id: String,
    /// Client secret.
    pub client_secret: Secret,
    /// The Redirect URL registered for the app.
    pub redirect_uri: String,
    /// Authorization endpoint; [`DEFAULT_AUTHORIZE_URL`] when `None` or blank.
    pub authorize_url: Option<String>,
    /// Token endpoint; [`DEFAULT_TOKEN_URL`] when `None` or blank.
    pub token_url: Option<String>,
}

impl OAuthApp {
    /// The authorization endpoint in use.
    pub fn authorize_url(&self) -> &str {
        non_blank(self.authorize_url.as_deref()).unwrap_or(DEFAULT_AUTHORIZE_URL)
    }

    /// The token endpoint in use.
    pub fn token_url(&self) -> &str {
        non_blank(self.token_url.as_deref()).unwrap_or(DEFAULT_TOKEN_URL)
    }

    /// Every bad field of the app at once.
    pub fn validate(&self) -> Vec<FieldError> {
        let mut errors = Vec::new();
        if self.client_id.trim().is_empty() {
            errors.push(FieldError::new("client-id", "required"));
        } else if !is_printable(&self.client_id) || self.client_id.len() > 512 {
            errors.push(FieldError::new(
                "client-id",
                "printable ASCII without spaces, at most 512 characters",
            ));
        }
        if self.client_secret.is_blank() {
            errors.push(FieldError::new("client-secret", "required"));
        } else if !is_printable(self.client_secret.expose())
            || self.client_secret.expose().len() > 1024
        {
            errors.push(FieldError::new(
                "client-secret",
                "printable ASCII without spaces, at most 1024 characters",
            ));
        }
        if let Err(message) = check_url(&self.redirect_uri, true) {
            errors.push(FieldError::new("redirect-uri", message));
        }
        if let Err(message) = check_url(self.authorize_url(), false) {
            errors.push(FieldError::new("authorize-url", message));
        }
        if let Err(message) = check_url(self.token_url(), false) {
            errors.push(FieldError::new("token-url", message));
        }
        errors
    }
}

/// What to do with an `hmac` AfterShip sends (on the redirect and on the App URL launch).
/// AfterShip always sends one but does not publish its recipe (which parameters, order, hex or
/// base64, key), so the connector's recipe is an assumption; see `docs/oauth.md`.
/// Its ids are the WIT `hmac-policy` cases (`if-present`; `if_present` is read too, the OAuth
/// case files' older spelling).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, IntoStaticStr, EnumString, VariantArray)]
#[strum(serialize_all = "kebab-case")]
pub enum HmacPolicy {
    /// Default: compute and report, never refuse. The result says [`HmacStatus::Verified`],
    /// [`HmacStatus::Mismatch`] or [`HmacStatus::Missing`]; `state` (redirect) and `timestamp`
    /// (launch) are still enforced. A wrong guess at the recipe cannot lock every merchant out;
    /// the price is that a forged `hmac` is reported, not refused.
    #[default]
    Report,
    /// Strict opt-in: a missing or wrong `hmac` is an error. Use once AfterShip's recipe is
    /// confirmed to match the assumed one (a `verified` status in production says it does).
    Require,
    /// A wrong `hmac` is an error; a missing one is reported as [`HmacStatus::Missing`].
    #[strum(to_string = "if-present", serialize = "if_present")]
    IfPresent,
    /// `hmac` is not computed at all; the result says [`HmacStatus::Unchecked`].
    Skip,
}

impl HmacPolicy {
    /// The WIT case name (`report`, `require`, `if-present`, `skip`).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    /// Parses a case name ([`Self::as_str`], or `if_present`).
    pub fn parse(value: &str) -> Option<HmacPolicy> {
        value.parse().ok()
    }
}

/// What was established about an `hmac`; only [`HmacStatus::Verified`] means it matched.
#[derive(Clone, Copy, Debug, PartialEq, Eq, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum HmacStatus {
    /// Present and matching the assumed recipe.
    Verified,
    /// Present but not matching the assumed recipe; accepted because the policy is
    /// [`HmacPolicy::Report`] (not enforced).
    Mismatch,
    /// Absent (accepted by [`HmacPolicy::Report`] or [`HmacPolicy::IfPresent`]).
    Missing,
    /// Not computed ([`HmacPolicy::Skip`]).
    Unchecked,
}

impl HmacStatus {
    /// Snake-case name, as in fixtures and the WIT enum.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A checked redirect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthRedirect {
    /// The authorization code to exchange (`Debug` hides it).
    pub code: Secret,
    /// The `state` (equal to the expected one).
    pub state: String,
    /// What is known about `hmac`.
    pub hmac: HmacStatus,
    /// Every parameter except `code` and `hmac`, decoded, in received order.
    pub params: Vec<(String, String)>,
}

/// What the token request asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenGrant {
    /// Exchange an authorization code.
    AuthorizationCode(Secret),
    /// Refresh with a refresh token.
    RefreshToken(Secret),
}

/// Tokens from the token endpoint. `Debug` hides the tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenSet {
    /// The access token (sent by the `oauth-token` auth mode).
    pub access_token: Secret,
    /// The refresh token, when given.
    pub refresh_token: Option<Secret>,
    /// `token_type` (e.g. `Bearer`), when given.
    pub token_type: Option<String>,
    /// Granted scopes as the answer writes them (a JSON array is joined with spaces), when given.
    pub scope: Option<String>,
    /// `expires_in`, seconds.
    pub expires_in: Option<u64>,
    /// `now + expires_in`, Unix milliseconds.
    pub expires_at_unix_ms: Option<u64>,
}

/// AfterShip's `product` (required at authorize; its values are not published, so any short
/// identifier is accepted: letters, digits, `_`, `-`, `.`, at most 64 characters).
pub fn check_product(product: Option<&str>) -> Result<&str, &'static str> {
    let Some(product) = non_blank(product) else {
        return Err(
            "required: AfterShip's product for this app (the App URL launch request names it)",
        );
    };
    if product.len() > 64
        || !product
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
    {
        return Err("letters, digits, `_`, `-` or `.`, at most 64 characters");
    }
    Ok(product)
}

fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn is_printable(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_graphic())
}

fn check_state(state: &str, errors: &mut Vec<FieldError>) {
    if state.len() < 16 || state.len() > 512 || !is_printable(state) {
        errors.push(FieldError::new(
            "state",
            "16 to 512 printable characters (use an unguessable random value per authorization)",
        ));
    }
}

/// `https://host[:port][/path]`, or `http://` for a loopback redirect (local development).
fn check_url(url: &str, loopback_http: bool) -> Result<(), &'static str> {
    let rest = if let Some(rest) = url.strip_prefix("https://") {
        rest
    } else if let Some(rest) = url.strip_prefix("http://") {
        let host = rest.split(['/', ':', '?']).next().unwrap_or("");
        if !(loopback_http && matches!(host, "localhost" | "127.0.0.1" | "[::1]")) {
            return Err("must be an https:// URL (http:// only for localhost redirects)");
        }
        rest
    } else {
        return Err("must be an https:// URL");
    };
    if url.len() > 2048 {
        return Err("at most 2048 characters");
    }
    if rest.is_empty() || rest.starts_with('/') {
        return Err("must name a host");
    }
    if url.contains('#') || !is_printable(url) {
        return Err("printable ASCII without spaces or a fragment");
    }
    Ok(())
}

/// Constant-time equality (`subtle`); only the lengths may leak, not where the bytes differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

fn opt_str(value: &Option<String>) -> Value {
    value
        .as_ref()
        .map_or(Value::Null, |v| Value::String(v.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hmac_ids_are_the_wit_case_names() {
        let policies: Vec<&str> = HmacPolicy::VARIANTS.iter().map(|p| p.as_str()).collect();
        assert_eq!(policies, ["report", "require", "if-present", "skip"]);
        for p in HmacPolicy::VARIANTS {
            assert_eq!(HmacPolicy::parse(p.as_str()), Some(*p));
        }
        assert_eq!(HmacPolicy::parse("if_present"), Some(HmacPolicy::IfPresent));
        assert_eq!(HmacPolicy::parse("Report"), None);
        let statuses: Vec<&str> = HmacStatus::VARIANTS.iter().map(|s| s.as_str()).collect();
        assert_eq!(statuses, ["verified", "mismatch", "missing", "unchecked"]);
    }

    #[test]
    fn constant_time_eq_cases() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }
}

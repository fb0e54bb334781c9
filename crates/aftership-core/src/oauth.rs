//! OAuth 2.0 for AfterShip public apps (authorization code with refresh tokens), as pure helpers:
//! the host keeps the browser redirect, the HTTP call and the token storage; this module builds
//! the authorization URL, checks the redirect, builds the token request and reads its answer.
//!
//! What follows AfterShip's documentation (reference auth-webhooks-limits §1): the flow (app
//! redirects the merchant, consent, redirect back with `code`, `state` and `hmac`, code exchange,
//! refresh), the authorize parameters (`client_id`, `redirect_uri`, `scope`, `response_type=code`,
//! `state`, AfterShip's `product`), the token endpoint's form fields (`grant_type`, `code`,
//! `refresh_token`, `client_id`, `client_secret`) and the scope names.
//!
//! Assumptions (UNCONFIRMED, documented defaults a platform can override):
//! - hosts: [`DEFAULT_AUTHORIZE_URL`] and [`DEFAULT_TOKEN_URL`] (both replaceable in [`OAuthApp`]);
//! - the token response: standard `access_token`, `refresh_token`, `expires_in`, `token_type`,
//!   `scope`, each optional but the access token, also accepted inside an AfterShip `{meta, data}`
//!   envelope;
//! - the redirect `hmac`: HMAC-SHA256 keyed with the client secret over every other query
//!   parameter, decoded, sorted by name, written `name=value` and joined with `&`; hex or base64.
//!   Because the recipe is a guess, [`HmacPolicy`] lets a host decide what a missing (or, with
//!   [`HmacPolicy::Skip`], any) `hmac` means; the result always says whether it was verified.

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use serde_json::{Map, Value};
use sha2::Sha256;

use crate::encode::{encode_query, percent_encode};
use crate::error::{FieldError, Unexpected};
use crate::secret::Secret;
use crate::settings::ApiType;
use crate::types::{HttpRequest, HttpResponse, Method};

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

/// What to do with the redirect's `hmac` parameter (its recipe is UNCONFIRMED).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum HmacPolicy {
    /// A missing or wrong `hmac` is an error.
    Require,
    /// A wrong `hmac` is an error; a missing one is reported as [`HmacStatus::Unverified`].
    #[default]
    IfPresent,
    /// `hmac` is not checked at all; the result says [`HmacStatus::Unchecked`]. For when
    /// AfterShip's recipe turns out to differ from the assumed one; `state` is still checked.
    Skip,
}

/// What was established about the redirect's `hmac`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HmacStatus {
    /// Present and matching.
    Verified,
    /// Absent (allowed by [`HmacPolicy::IfPresent`]).
    Unverified,
    /// Not looked at ([`HmacPolicy::Skip`]).
    Unchecked,
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
    /// Granted scopes, space-separated, when given.
    pub scope: Option<String>,
    /// `expires_in`, seconds.
    pub expires_in: Option<u64>,
    /// `now + expires_in`, Unix milliseconds.
    pub expires_at_unix_ms: Option<u64>,
}

/// An OAuth error answer (`{error, error_description}`) from the redirect or the token endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderError {
    /// HTTP status (0 for a redirect).
    pub status: u16,
    /// `error` code, e.g. `invalid_grant`, `access_denied`.
    pub error: String,
    /// `error_description`, when given.
    pub description: Option<String>,
    /// Whether the same request can succeed later (429, 5xx).
    pub retryable: bool,
}

/// Everything that can go wrong. Never contains the client secret, a code or a token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthError {
    /// Fix the app record (per field).
    InvalidApp(Vec<FieldError>),
    /// Fix the call's other inputs (per field).
    InvalidInput(Vec<FieldError>),
    /// The redirect's `state` is missing or differs from the one sent (possible forgery).
    StateMismatch,
    /// A required redirect parameter is missing (its name).
    MissingParameter(String),
    /// The redirect's `hmac` does not match.
    BadHmac,
    /// The redirect has no `hmac` and the policy requires one.
    MissingHmac,
    /// The merchant declined or AfterShip refused the authorization (redirect `error`).
    AccessDenied(ProviderError),
    /// The token endpoint refused the request (e.g. `invalid_grant`: re-authorize).
    TokenRejected(ProviderError),
    /// The token endpoint's answer could not be used.
    UnexpectedResponse(Unexpected),
}

impl OAuthError {
    /// Snake-case name of the case.
    pub fn kind(&self) -> &'static str {
        match self {
            OAuthError::InvalidApp(_) => "invalid_app",
            OAuthError::InvalidInput(_) => "invalid_input",
            OAuthError::StateMismatch => "state_mismatch",
            OAuthError::MissingParameter(_) => "missing_parameter",
            OAuthError::BadHmac => "bad_hmac",
            OAuthError::MissingHmac => "missing_hmac",
            OAuthError::AccessDenied(_) => "access_denied",
            OAuthError::TokenRejected(_) => "token_rejected",
            OAuthError::UnexpectedResponse(_) => "unexpected_response",
        }
    }

    fn input(field: &str, message: impl Into<String>) -> Self {
        OAuthError::InvalidInput(vec![FieldError::new(field, message)])
    }
}

impl fmt::Display for OAuthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let fields = |f: &mut fmt::Formatter<'_>, errors: &[FieldError]| -> fmt::Result {
            for (i, e) in errors.iter().enumerate() {
                let sep = if i == 0 { "" } else { "; " };
                write!(f, "{sep}{}: {}", e.field, e.message)?;
            }
            Ok(())
        };
        let provider = |f: &mut fmt::Formatter<'_>, e: &ProviderError| -> fmt::Result {
            write!(f, "{}", e.error)?;
            if let Some(d) = &e.description {
                write!(f, " ({d})")?;
            }
            if e.status != 0 {
                write!(f, ", HTTP {}", e.status)?;
            }
            Ok(())
        };
        match self {
            OAuthError::InvalidApp(e) => {
                f.write_str("invalid OAuth app: ")?;
                fields(f, e)
            }
            OAuthError::InvalidInput(e) => {
                f.write_str("invalid OAuth input: ")?;
                fields(f, e)
            }
            OAuthError::StateMismatch => {
                f.write_str("the redirect's state does not match the one sent; refusing it")
            }
            OAuthError::MissingParameter(name) => {
                write!(f, "the redirect has no `{name}` parameter")
            }
            OAuthError::BadHmac => f.write_str("the redirect's hmac does not match"),
            OAuthError::MissingHmac => f.write_str("the redirect has no hmac and one is required"),
            OAuthError::AccessDenied(e) => {
                f.write_str("authorization denied: ")?;
                provider(f, e)
            }
            OAuthError::TokenRejected(e) => {
                f.write_str("token request rejected: ")?;
                provider(f, e)
            }
            OAuthError::UnexpectedResponse(u) => write!(
                f,
                "unexpected token response (HTTP {}): {}",
                u.status, u.reason
            ),
        }
    }
}

impl std::error::Error for OAuthError {}

/// Builds the URL to send the merchant to: `client_id`, `product` (when given), `redirect_uri`,
/// `response_type=code`, `scope` (space-separated) and `state`, sorted by name and percent-encoded.
/// `state` should be at least 16 unguessable characters, stored by the host for the redirect.
pub fn authorization_url(
    app: &OAuthApp,
    scopes: &[String],
    state: &str,
    product: Option<&str>,
) -> Result<String, OAuthError> {
    let errors = app.validate();
    if !errors.is_empty() {
        return Err(OAuthError::InvalidApp(errors));
    }
    let mut errors = Vec::new();
    if scopes.is_empty() {
        errors.push(FieldError::new("scopes", "at least one scope is required"));
    }
    for (i, scope) in scopes.iter().enumerate() {
        if scope.is_empty() || !is_printable(scope) {
            errors.push(FieldError::new(
                format!("scopes[{i}]"),
                "a scope is printable ASCII without spaces",
            ));
        }
    }
    check_state(state, &mut errors);
    let product = non_blank(product);
    if let Some(p) = product {
        if !is_printable(p) || p.len() > 64 {
            errors.push(FieldError::new(
                "product",
                "printable ASCII without spaces, at most 64 characters",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(OAuthError::InvalidInput(errors));
    }
    let mut pairs = vec![
        ("client_id".to_string(), app.client_id.clone()),
        ("redirect_uri".to_string(), app.redirect_uri.clone()),
        ("response_type".to_string(), "code".to_string()),
        ("scope".to_string(), scopes.join(" ")),
        ("state".to_string(), state.to_string()),
    ];
    if let Some(p) = product {
        pairs.push(("product".to_string(), p.to_string()));
    }
    let base = app.authorize_url();
    let sep = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{sep}{}", encode_query(&mut pairs)))
}

/// Checks the redirect back to the app. `query` is the redirect's query string (a leading `?`,
/// or a whole URL, is fine). Order: `state` (constant time), then an `error` parameter, then
/// `hmac` per `policy`, then `code`.
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
    if query.len() > 64 * 1024 {
        return Err(OAuthError::input("query", "longer than 64 KiB"));
    }
    let query = match query.split_once('?') {
        Some((_, q)) => q,
        None => query,
    };
    let query = query.split('#').next().unwrap_or("");
    let params = parse_query(query)?;

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
    let hmac_status = match (policy, single(&params, "hmac")?) {
        (HmacPolicy::Skip, _) => HmacStatus::Unchecked,
        (HmacPolicy::Require, None) => return Err(OAuthError::MissingHmac),
        (HmacPolicy::IfPresent, None) => HmacStatus::Unverified,
        (_, Some(given)) => {
            if redirect_hmac_matches(app.client_secret.expose().as_bytes(), &params, given) {
                HmacStatus::Verified
            } else {
                return Err(OAuthError::BadHmac);
            }
        }
    };
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

/// Builds the token request: `POST <token-url>`, `application/x-www-form-urlencoded` body with
/// `grant_type` and `code` or `refresh_token`, then `client_id` and `client_secret`.
pub fn token_request(app: &OAuthApp, grant: &TokenGrant) -> Result<HttpRequest, OAuthError> {
    let errors = app.validate();
    if !errors.is_empty() {
        return Err(OAuthError::InvalidApp(errors));
    }
    let (grant_type, field, value) = match grant {
        TokenGrant::AuthorizationCode(code) => ("authorization_code", "code", code),
        TokenGrant::RefreshToken(token) => ("refresh_token", "refresh_token", token),
    };
    if value.is_blank() {
        return Err(OAuthError::input(field, "required"));
    }
    if value.expose().len() > 4096 || value.expose().bytes().any(|b| b.is_ascii_control()) {
        return Err(OAuthError::input(
            field,
            "at most 4096 characters, no control characters",
        ));
    }
    let form = [
        ("grant_type", grant_type),
        (field, value.expose()),
        ("client_id", app.client_id.as_str()),
        ("client_secret", app.client_secret.expose()),
    ]
    .iter()
    .map(|(k, v)| format!("{k}={}", percent_encode(v)))
    .collect::<Vec<_>>()
    .join("&");
    Ok(HttpRequest {
        method: Method::Post,
        url: app.token_url().to_string(),
        headers: vec![
            (
                "content-type".to_string(),
                "application/x-www-form-urlencoded".to_string(),
            ),
            ("accept".to_string(), "application/json".to_string()),
        ],
        body: Some(form),
    })
}

/// Reads the token endpoint's answer. Success: a 2xx JSON object (or AfterShip envelope whose
/// `data` is one) with a non-empty `access_token`; `expires_at` is `now + expires_in`.
/// Failure: `{error, error_description}` (or an envelope `meta`) → [`OAuthError::TokenRejected`];
/// anything else → [`OAuthError::UnexpectedResponse`] (no excerpt of a 2xx body, which could
/// hold a token).
pub fn parse_token_response(
    response: &HttpResponse,
    now_unix_ms: u64,
) -> Result<TokenSet, OAuthError> {
    let status = response.status;
    let success = (200..300).contains(&status);
    let unexpected = |reason: &str| {
        let excerpt = if success {
            String::new()
        } else {
            String::from_utf8_lossy(&response.body[..response.body.len().min(200)]).into_owned()
        };
        OAuthError::UnexpectedResponse(Unexpected {
            status,
            reason: reason.to_string(),
            excerpt,
            retryable: status >= 500 || status == 429,
        })
    };
    let root = match serde_json::from_slice::<Value>(&response.body) {
        Ok(Value::Object(map)) => map,
        Ok(_) => return Err(unexpected("the body is not a JSON object")),
        Err(_) => return Err(unexpected("the body is not JSON")),
    };
    // AfterShip's own envelope, in case the endpoint uses it (UNCONFIRMED either way).
    let meta = root.get("meta").and_then(Value::as_object);
    let body = match (root.get("data"), meta) {
        (Some(Value::Object(data)), Some(_)) if !root.contains_key("access_token") => data,
        _ => &root,
    };
    let meta_failed = meta
        .and_then(|m| m.get("code"))
        .and_then(Value::as_i64)
        .is_some_and(|code| !(200..300).contains(&code) && !(20000..30000).contains(&code));

    if !success || root.contains_key("error") || meta_failed {
        if let Some(error) = root.get("error").and_then(Value::as_str) {
            return Err(OAuthError::TokenRejected(ProviderError {
                status,
                error: error.to_string(),
                description: root
                    .get("error_description")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                retryable: status >= 500 || status == 429,
            }));
        }
        if let Some(meta) = meta {
            let error = meta
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_string)
                .or_else(|| meta.get("code").map(Value::to_string))
                .unwrap_or_else(|| format!("http_{status}"));
            return Err(OAuthError::TokenRejected(ProviderError {
                status,
                error,
                description: meta
                    .get("message")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                retryable: status >= 500 || status == 429,
            }));
        }
        return Err(unexpected("an error answer without an `error` member"));
    }

    let access_token = match body.get("access_token") {
        Some(Value::String(t)) if !t.trim().is_empty() => Secret::new(t.clone()),
        _ => return Err(unexpected("no access_token in the answer")),
    };
    let refresh_token = body
        .get("refresh_token")
        .and_then(Value::as_str)
        .filter(|t| !t.trim().is_empty())
        .map(Secret::new);
    let expires_in = match body.get("expires_in") {
        Some(Value::Number(n)) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && *f >= 0.0)
                .map(|f| f as u64)
        }),
        Some(Value::String(s)) => s.trim().parse::<u64>().ok(),
        _ => None,
    };
    let scope = match body.get("scope") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(items)) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(" "),
        ),
        _ => None,
    };
    Ok(TokenSet {
        access_token,
        refresh_token,
        token_type: body
            .get("token_type")
            .and_then(Value::as_str)
            .map(str::to_string),
        scope,
        expires_in,
        expires_at_unix_ms: expires_in.map(|s| now_unix_ms.saturating_add(s.saturating_mul(1000))),
    })
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

/// Splits a query into decoded pairs (`+` is a space, as browsers send forms).
fn parse_query(query: &str) -> Result<Vec<(String, String)>, OAuthError> {
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
fn single<'a>(params: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, OAuthError> {
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

/// Constant-time equality (`subtle`); only the lengths may leak, not where the bytes differ.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.ct_eq(b))
}

/// The JSON form of a token set for fixtures and tests (tokens included: it is the output).
pub fn token_set_json(tokens: &TokenSet) -> Value {
    let mut map = Map::new();
    map.insert(
        "access_token".into(),
        Value::String(tokens.access_token.expose().to_string()),
    );
    map.insert(
        "refresh_token".into(),
        tokens
            .refresh_token
            .as_ref()
            .map_or(Value::Null, |t| Value::String(t.expose().to_string())),
    );
    map.insert("token_type".into(), opt_str(&tokens.token_type));
    map.insert("scope".into(), opt_str(&tokens.scope));
    map.insert(
        "expires_in".into(),
        tokens.expires_in.map_or(Value::Null, Value::from),
    );
    map.insert(
        "expires_at_unix_ms".into(),
        tokens.expires_at_unix_ms.map_or(Value::Null, Value::from),
    );
    Value::Object(map)
}

/// The JSON form of an error for fixtures and tests.
pub fn oauth_error_json(error: &OAuthError) -> Value {
    let fields = |errors: &[FieldError]| -> Value {
        errors
            .iter()
            .map(|e| serde_json::json!({"field": e.field, "message": e.message}))
            .collect()
    };
    let provider = |e: &ProviderError| {
        serde_json::json!({
            "status": e.status, "error": e.error, "description": e.description,
            "retryable": e.retryable,
        })
    };
    let kind = error.kind();
    match error {
        OAuthError::InvalidApp(f) | OAuthError::InvalidInput(f) => {
            serde_json::json!({"kind": kind, "fields": fields(f)})
        }
        OAuthError::StateMismatch | OAuthError::BadHmac | OAuthError::MissingHmac => {
            serde_json::json!({"kind": kind})
        }
        OAuthError::MissingParameter(name) => serde_json::json!({"kind": kind, "name": name}),
        OAuthError::AccessDenied(e) | OAuthError::TokenRejected(e) => {
            let mut value = provider(e);
            value["kind"] = Value::from(kind);
            value
        }
        OAuthError::UnexpectedResponse(u) => serde_json::json!({
            "kind": kind, "status": u.status, "reason": u.reason, "excerpt": u.excerpt,
            "retryable": u.retryable,
        }),
    }
}

/// The JSON form of a checked redirect (for fixtures; the code included: it is the output).
pub fn redirect_json(redirect: &OAuthRedirect) -> Value {
    serde_json::json!({
        "code": redirect.code.expose(),
        "state": redirect.state,
        "hmac": match redirect.hmac {
            HmacStatus::Verified => "verified",
            HmacStatus::Unverified => "unverified",
            HmacStatus::Unchecked => "unchecked",
        },
        "params": redirect.params.iter().map(|(k, v)| serde_json::json!([k, v])).collect::<Vec<_>>(),
    })
}

/// OAuth test cases: `tests/oauth/<call>/<scenario>.json` (see `tests/oauth/README.md`).
#[cfg(feature = "fixture")]
pub mod cases {
    use serde::Deserialize;
    use serde_json::{Map, Value};

    use super::{
        oauth_error_json, redirect_json, token_set_json, HmacPolicy, OAuthApp, OAuthError,
        OAuthRedirect, TokenGrant, TokenSet,
    };
    use crate::fixture::{diff, RecordedResponse};
    use crate::secret::Secret;
    use crate::types::{HttpRequest, HttpResponse};

    /// What runs a case: the native core or the component.
    pub trait OAuthBackend {
        /// `oauth-authorization-url`.
        fn authorization_url(
            &mut self,
            app: &OAuthApp,
            scopes: &[String],
            state: &str,
            product: Option<&str>,
        ) -> Result<String, OAuthError>;
        /// `oauth-verify-redirect`.
        fn verify_redirect(
            &mut self,
            app: &OAuthApp,
            query: &str,
            expected_state: &str,
            policy: HmacPolicy,
        ) -> Result<OAuthRedirect, OAuthError>;
        /// `oauth-token-request`.
        fn token_request(
            &mut self,
            app: &OAuthApp,
            grant: &TokenGrant,
        ) -> Result<HttpRequest, OAuthError>;
        /// `oauth-parse-token-response`.
        fn parse_token_response(
            &mut self,
            response: &HttpResponse,
            now_unix_ms: u64,
        ) -> Result<TokenSet, OAuthError>;
    }

    /// The core, called natively.
    pub struct NativeOAuth;

    impl OAuthBackend for NativeOAuth {
        fn authorization_url(
            &mut self,
            app: &OAuthApp,
            scopes: &[String],
            state: &str,
            product: Option<&str>,
        ) -> Result<String, OAuthError> {
            super::authorization_url(app, scopes, state, product)
        }
        fn verify_redirect(
            &mut self,
            app: &OAuthApp,
            query: &str,
            expected_state: &str,
            policy: HmacPolicy,
        ) -> Result<OAuthRedirect, OAuthError> {
            super::verify_redirect(app, query, expected_state, policy)
        }
        fn token_request(
            &mut self,
            app: &OAuthApp,
            grant: &TokenGrant,
        ) -> Result<HttpRequest, OAuthError> {
            super::token_request(app, grant)
        }
        fn parse_token_response(
            &mut self,
            response: &HttpResponse,
            now_unix_ms: u64,
        ) -> Result<TokenSet, OAuthError> {
            super::parse_token_response(response, now_unix_ms)
        }
    }

    /// The app as written in a case.
    #[derive(Deserialize, Debug, Clone)]
    #[serde(deny_unknown_fields)]
    pub struct CaseApp {
        /// Client id.
        pub client_id: String,
        /// Client secret (a test value).
        pub client_secret: String,
        /// Redirect URL.
        pub redirect_uri: String,
        /// Authorization endpoint override.
        #[serde(default)]
        pub authorize_url: Option<String>,
        /// Token endpoint override.
        #[serde(default)]
        pub token_url: Option<String>,
    }

    impl CaseApp {
        /// The core record.
        pub fn to_app(&self) -> OAuthApp {
            OAuthApp {
                client_id: self.client_id.clone(),
                client_secret: Secret::new(self.client_secret.clone()),
                redirect_uri: self.redirect_uri.clone(),
                authorize_url: self.authorize_url.clone(),
                token_url: self.token_url.clone(),
            }
        }
    }

    /// One case file.
    #[derive(Deserialize, Debug, Clone)]
    #[serde(deny_unknown_fields)]
    pub struct OAuthCase {
        /// What the case shows.
        pub description: String,
        /// Where the parameters and shapes come from (and what is assumed).
        pub source: String,
        /// `authorization_url`, `verify_redirect`, `token_request` or `parse_token_response`.
        pub call: String,
        /// The app (not used by `parse_token_response`).
        #[serde(default)]
        pub app: Option<CaseApp>,
        /// `authorization_url`: scopes.
        #[serde(default)]
        pub scopes: Vec<String>,
        /// `authorization_url`: state.
        #[serde(default)]
        pub state: Option<String>,
        /// `authorization_url`: product.
        #[serde(default)]
        pub product: Option<String>,
        /// `verify_redirect`: the redirect's query (or URL).
        #[serde(default)]
        pub query: Option<String>,
        /// `verify_redirect`: the state the host stored.
        #[serde(default)]
        pub expected_state: Option<String>,
        /// `verify_redirect`: `require`, `if_present` (default) or `skip`.
        #[serde(default)]
        pub hmac_policy: Option<String>,
        /// `token_request`: `{"authorization_code": …}` or `{"refresh_token": …}`.
        #[serde(default)]
        pub grant: Option<Map<String, Value>>,
        /// `parse_token_response`: the response.
        #[serde(default)]
        pub response: Option<RecordedResponse>,
        /// `parse_token_response`: host time.
        #[serde(default)]
        pub now_unix_ms: Option<u64>,
        /// Expected result.
        #[serde(default)]
        pub expected: Option<Value>,
        /// Expected error ([`oauth_error_json`] shape).
        #[serde(default)]
        pub expected_error: Option<Value>,
    }

    fn request_json(request: &HttpRequest) -> Value {
        serde_json::json!({
            "method": request.method.as_str(),
            "url": request.url,
            "headers": request
                .headers
                .iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect::<Map<String, Value>>(),
            "body": request.body,
        })
    }

    /// Runs a case; returns the mismatches (empty = pass).
    pub fn run(case: &OAuthCase, backend: &mut dyn OAuthBackend) -> Vec<String> {
        let app = case.app.as_ref().map(CaseApp::to_app);
        let need_app = || {
            app.clone()
                .ok_or_else(|| "the case needs an `app`".to_string())
        };
        let result: Result<Result<Value, OAuthError>, String> = (|| {
            Ok(match case.call.as_str() {
                "authorization_url" => backend
                    .authorization_url(
                        &need_app()?,
                        &case.scopes,
                        case.state.as_deref().unwrap_or(""),
                        case.product.as_deref(),
                    )
                    .map(|url| serde_json::json!({ "url": url })),
                "verify_redirect" => {
                    let policy = match case.hmac_policy.as_deref() {
                        None | Some("if_present") => HmacPolicy::IfPresent,
                        Some("require") => HmacPolicy::Require,
                        Some("skip") => HmacPolicy::Skip,
                        Some(other) => return Err(format!("unknown hmac_policy `{other}`")),
                    };
                    backend
                        .verify_redirect(
                            &need_app()?,
                            case.query.as_deref().unwrap_or(""),
                            case.expected_state.as_deref().unwrap_or(""),
                            policy,
                        )
                        .map(|r| redirect_json(&r))
                }
                "token_request" => {
                    let grant = case.grant.as_ref().ok_or("the case needs a `grant`")?;
                    let grant = match grant.iter().next() {
                        Some((k, Value::String(v))) if grant.len() == 1 => match k.as_str() {
                            "authorization_code" => {
                                TokenGrant::AuthorizationCode(Secret::new(v.clone()))
                            }
                            "refresh_token" => TokenGrant::RefreshToken(Secret::new(v.clone())),
                            other => return Err(format!("unknown grant `{other}`")),
                        },
                        _ => return Err("grant: one member, a string".into()),
                    };
                    backend
                        .token_request(&need_app()?, &grant)
                        .map(|r| request_json(&r))
                }
                "parse_token_response" => {
                    let recorded = case
                        .response
                        .as_ref()
                        .ok_or("the case needs a `response`")?;
                    let response = recorded.to_http_response();
                    backend
                        .parse_token_response(&response, case.now_unix_ms.unwrap_or(0))
                        .map(|t| token_set_json(&t))
                }
                other => return Err(format!("unknown call `{other}`")),
            })
        })();
        let mut problems = Vec::new();
        match (result, &case.expected, &case.expected_error) {
            (Err(e), _, _) => problems.push(format!("case: {e}")),
            (_, Some(_), Some(_)) | (_, None, None) => {
                problems.push("give exactly one of expected / expected_error".into())
            }
            (Ok(Ok(value)), Some(expected), None) => {
                diff(expected, &value, "result", &mut problems)
            }
            (Ok(Err(error)), None, Some(expected)) => {
                diff(expected, &oauth_error_json(&error), "error", &mut problems)
            }
            (Ok(Ok(value)), None, Some(_)) => {
                problems.push(format!("expected an error, got {value}"))
            }
            (Ok(Err(error)), Some(_), None) => problems.push(format!(
                "expected success, got {}",
                oauth_error_json(&error)
            )),
        }
        problems
    }
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
    fn constant_time_eq_cases() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"abcd"));
        assert!(!constant_time_eq(b"", b"a"));
        assert!(constant_time_eq(b"", b""));
    }

    #[test]
    fn query_decoding() {
        assert_eq!(decode_component("a+b%20c%2B").as_deref(), Some("a b c+"));
        assert_eq!(decode_component("%zz"), None);
        assert_eq!(decode_component("%4"), None);
        assert_eq!(decode_component("%C3%A9").as_deref(), Some("é"));
        assert_eq!(decode_component("%FF"), None);
    }
}

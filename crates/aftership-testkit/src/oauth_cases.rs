//! OAuth test cases: `tests/oauth/<call>/<scenario>.json` (see `tests/oauth/README.md`).

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::case::{CallCase, Calls};
use crate::fixture::RecordedResponse;
use aftership_core::oauth::{
    launch_json, oauth_error_json, redirect_json, token_set_json, HmacPolicy, LaunchRequest,
    OAuthApp, OAuthError, OAuthRedirect, TokenFields, TokenGrant, TokenSet,
};
use aftership_core::{HttpRequest, HttpResponse, Secret};

/// OAuth cases, `tests/oauth/<call>/<scenario>.json`, as a case kind.
pub type OAuthCases = Calls<OAuthCase>;

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
    /// `oauth-verify-launch`.
    fn verify_launch(
        &mut self,
        app: &OAuthApp,
        query: &str,
        now_unix_ms: u64,
        tolerance_ms: Option<u64>,
        policy: HmacPolicy,
    ) -> Result<LaunchRequest, OAuthError>;
    /// `oauth-parse-token-response`, or `oauth-parse-token-response-with` when `fields` is not
    /// the default.
    fn parse_token_response(
        &mut self,
        response: &HttpResponse,
        now_unix_ms: u64,
        fields: &TokenFields,
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
        aftership_core::oauth::authorization_url(app, scopes, state, product)
    }
    fn verify_redirect(
        &mut self,
        app: &OAuthApp,
        query: &str,
        expected_state: &str,
        policy: HmacPolicy,
    ) -> Result<OAuthRedirect, OAuthError> {
        aftership_core::oauth::verify_redirect(app, query, expected_state, policy)
    }
    fn token_request(
        &mut self,
        app: &OAuthApp,
        grant: &TokenGrant,
    ) -> Result<HttpRequest, OAuthError> {
        aftership_core::oauth::token_request(app, grant)
    }
    fn verify_launch(
        &mut self,
        app: &OAuthApp,
        query: &str,
        now_unix_ms: u64,
        tolerance_ms: Option<u64>,
        policy: HmacPolicy,
    ) -> Result<LaunchRequest, OAuthError> {
        aftership_core::oauth::verify_launch(app, query, now_unix_ms, tolerance_ms, policy)
    }
    fn parse_token_response(
        &mut self,
        response: &HttpResponse,
        now_unix_ms: u64,
        fields: &TokenFields,
    ) -> Result<TokenSet, OAuthError> {
        if *fields == TokenFields::default() {
            aftership_core::oauth::parse_token_response(response, now_unix_ms)
        } else {
            aftership_core::oauth::parse_token_response_with(response, now_unix_ms, fields)
        }
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
    pub authorize_url: Option<String>,
    /// Token endpoint override.
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
    /// `authorization_url`, `verify_redirect`, `verify_launch`, `token_request` or
    /// `parse_token_response`.
    pub call: String,
    /// The app (not used by `parse_token_response`).
    pub app: Option<CaseApp>,
    /// `authorization_url`: scopes.
    #[serde(default)]
    pub scopes: Vec<String>,
    /// `authorization_url`: state.
    pub state: Option<String>,
    /// `authorization_url`: product.
    pub product: Option<String>,
    /// `verify_redirect` / `verify_launch`: the query (or URL) received.
    pub query: Option<String>,
    /// `verify_redirect`: the state the host stored.
    pub expected_state: Option<String>,
    /// `verify_redirect` / `verify_launch`: `report` (default), `require`, `if_present` or
    /// `skip`.
    pub hmac_policy: Option<String>,
    /// `verify_launch`: freshness tolerance, milliseconds (default 5 minutes).
    pub tolerance_ms: Option<u64>,
    /// `token_request`: `{"authorization_code": …}` or `{"refresh_token": …}`.
    pub grant: Option<Map<String, Value>>,
    /// `parse_token_response`: the response.
    pub response: Option<RecordedResponse>,
    /// `parse_token_response`: member names replacing the RFC 6749 ones (`access_token`,
    /// `refresh_token`, `expires_in`, `token_type`, `scope` → the name to read).
    pub token_fields: Option<Map<String, Value>>,
    /// `parse_token_response` / `verify_launch`: host time.
    pub now_unix_ms: Option<u64>,
    /// Expected result.
    pub expected: Option<Value>,
    /// Expected error ([`oauth_error_json`] shape).
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

fn token_fields(map: Option<&Map<String, Value>>) -> Result<TokenFields, String> {
    let mut fields = TokenFields::default();
    for (key, value) in map.into_iter().flatten() {
        let name = value
            .as_str()
            .ok_or(format!("token_fields.{key}: a string"))?
            .to_string();
        let slot = match key.as_str() {
            "access_token" => &mut fields.access_token,
            "refresh_token" => &mut fields.refresh_token,
            "expires_in" => &mut fields.expires_in,
            "token_type" => &mut fields.token_type,
            "scope" => &mut fields.scope,
            other => return Err(format!("unknown token_fields member `{other}`")),
        };
        *slot = Some(name);
    }
    Ok(fields)
}

fn policy(case: &OAuthCase) -> Result<HmacPolicy, String> {
    match case.hmac_policy.as_deref() {
        None => Ok(HmacPolicy::default()),
        Some(id) => HmacPolicy::parse(id).ok_or_else(|| format!("unknown hmac_policy `{id}`")),
    }
}

/// Runs a case's call on `backend`.
fn call(
    case: &OAuthCase,
    backend: &mut dyn OAuthBackend,
) -> Result<Result<Value, OAuthError>, String> {
    let app = case.app.as_ref().map(CaseApp::to_app);
    let need_app = || {
        app.clone()
            .ok_or_else(|| "the case needs an `app`".to_string())
    };
    Ok(match case.call.as_str() {
        "authorization_url" => backend
            .authorization_url(
                &need_app()?,
                &case.scopes,
                case.state.as_deref().unwrap_or(""),
                case.product.as_deref(),
            )
            .map(|url| serde_json::json!({ "url": url })),
        "verify_launch" => backend
            .verify_launch(
                &need_app()?,
                case.query.as_deref().unwrap_or(""),
                case.now_unix_ms.unwrap_or(0),
                case.tolerance_ms,
                policy(case)?,
            )
            .map(|l| launch_json(&l)),
        "verify_redirect" => {
            let policy = policy(case)?;
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
                    "authorization_code" => TokenGrant::AuthorizationCode(Secret::new(v.clone())),
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
            let fields = token_fields(case.token_fields.as_ref())?;
            backend
                .parse_token_response(&response, case.now_unix_ms.unwrap_or(0), &fields)
                .map(|t| token_set_json(&t))
        }
        other => return Err(format!("unknown call `{other}`")),
    })
}

impl CallCase for OAuthCase {
    const FOLDERS: (&'static str, &'static str) = ("oauth", "call");
    type Backend<'b> = dyn OAuthBackend + 'b;

    fn call(&self, backend: &mut Self::Backend<'_>) -> Result<Result<Value, Value>, String> {
        Ok(call(self, backend)?.map_err(|e| oauth_error_json(&e)))
    }
}

//! Recorded fixtures: one JSON file per case, replayed through a [`Backend`] (the native core or
//! the real component) and compared field by field.
//!
//! File layout: `tests/fixtures/<api-type>/<operation>/<scenario>.json`. A fixture holds the
//! settings (credentials as `{{API_KEY}}`-style placeholders, never real values), the operation
//! and its input, the fixed time, the expected request (or the expected build error), the
//! recorded response and the expected outcome (or error). See `tests/fixtures/README.md`.

use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde_json::{json, Map, Value};

use aftership_core::{
    ApiError, ApiType, AuthMode, ConnectionCheck, ConnectorError, Environment, FieldError,
    HttpRequest, HttpResponse, Outcome, RequestContext, Secret, Settings,
};

/// Operation name a fixture uses for the connection test.
pub const CONNECTION_TEST: &str = "connection_test";

/// Placeholders and the test values the harness puts in their place. None is a real credential.
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("{{API_KEY}}", "test-api-key-0000"),
    ("{{API_SECRET}}", "test-api-secret-0000"),
    ("{{ACCESS_TOKEN}}", "test-access-token-0000"),
    ("{{RSA_PRIVATE_KEY}}", TEST_RSA_PRIVATE_KEY),
];

/// The test-only 2048-bit RSA key (PKCS#8 PEM) behind `{{RSA_PRIVATE_KEY}}`; it has no access
/// anywhere (see `tests/keys/README.md`).
pub const TEST_RSA_PRIVATE_KEY: &str = include_str!("../../../tests/keys/rsa-2048-test.pkcs8.pem");
/// The public half of [`TEST_RSA_PRIVATE_KEY`] (SPKI PEM), to verify signatures.
pub const TEST_RSA_PUBLIC_KEY: &str = include_str!("../../../tests/keys/rsa-2048-test.spki.pem");

/// What runs a fixture: the native core, or the component through wasmtime.
pub trait Backend {
    /// `build-request`.
    fn build_request(
        &mut self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        context: &RequestContext,
    ) -> Result<HttpRequest, ConnectorError>;
    /// `parse-response`.
    fn parse_response(
        &mut self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        response: &HttpResponse,
        context: &RequestContext,
    ) -> Result<Outcome, ConnectorError>;
    /// `connection-test`.
    fn connection_test(
        &mut self,
        settings: &Settings,
        context: &RequestContext,
    ) -> Result<ConnectionCheck, ConnectorError>;
}

/// The core itself, called natively.
pub struct NativeBackend;

impl Backend for NativeBackend {
    fn build_request(
        &mut self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        context: &RequestContext,
    ) -> Result<HttpRequest, ConnectorError> {
        aftership_core::build_request(settings, operation_id, input, context)
    }
    fn parse_response(
        &mut self,
        settings: &Settings,
        operation_id: &str,
        input: &str,
        response: &HttpResponse,
        context: &RequestContext,
    ) -> Result<Outcome, ConnectorError> {
        // The owned variant, as the component uses; `parse_response` has its own tests.
        aftership_core::parse_response_owned(
            settings,
            operation_id,
            input,
            response.clone(),
            context,
        )
    }
    fn connection_test(
        &mut self,
        settings: &Settings,
        context: &RequestContext,
    ) -> Result<ConnectionCheck, ConnectorError> {
        aftership_core::connection_test(settings, context)
    }
}

/// Settings as written in a fixture.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct FixtureSettings {
    /// Connection name.
    #[serde(default = "default_name")]
    pub name: String,
    /// API type id.
    pub api_type: String,
    /// `production` (default) or `sandbox`.
    #[serde(default)]
    pub environment: Option<String>,
    /// `api-key` (default), `aes-signature`, `rsa-signature`, `oauth-token`.
    #[serde(default)]
    pub auth_mode: Option<String>,
    /// Placeholder or documented test value.
    #[serde(default)]
    pub api_key: String,
    /// Placeholder or documented test value.
    #[serde(default)]
    pub api_secret: Option<String>,
    /// Placeholder.
    #[serde(default)]
    pub access_token: Option<String>,
    /// Token header.
    #[serde(default)]
    pub oauth_token_header: Option<String>,
    /// Store id.
    #[serde(default)]
    pub store_id: Option<String>,
    /// Host override.
    #[serde(default)]
    pub base_url: Option<String>,
}

fn default_name() -> String {
    "fixture".to_string()
}

impl FixtureSettings {
    /// Converts to core settings (an unknown enum value is a fixture error).
    pub fn to_settings(&self) -> Result<Settings, String> {
        let api_type = ApiType::parse(&self.api_type)
            .ok_or_else(|| format!("unknown api_type `{}`", self.api_type))?;
        let environment = match self.environment.as_deref() {
            None | Some("production") => Environment::Production,
            Some("sandbox") => Environment::Sandbox,
            Some(other) => return Err(format!("unknown environment `{other}`")),
        };
        let auth_mode = match self.auth_mode.as_deref() {
            None | Some("api-key") => AuthMode::ApiKey,
            Some("aes-signature") => AuthMode::AesSignature,
            Some("rsa-signature") => AuthMode::RsaSignature,
            Some("oauth-token") => AuthMode::OauthToken,
            Some(other) => return Err(format!("unknown auth_mode `{other}`")),
        };
        Ok(Settings {
            name: self.name.clone(),
            api_type,
            environment,
            auth_mode,
            api_key: Secret::new(self.api_key.clone()),
            api_secret: self.api_secret.clone().map(Secret::new),
            access_token: self.access_token.clone().map(Secret::new),
            oauth_token_header: self.oauth_token_header.clone(),
            store_id: self.store_id.clone(),
            base_url: self.base_url.clone(),
        })
    }
}

/// The expected request.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct ExpectedRequest {
    /// Upper-case method.
    pub method: String,
    /// Absolute URL.
    pub url: String,
    /// Every header, lower-case name to value.
    pub headers: Map<String, Value>,
    /// JSON body (compared as JSON), or null for none.
    #[serde(default)]
    pub body: Value,
}

/// The recorded response.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct RecordedResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    #[serde(default)]
    pub headers: Map<String, Value>,
    /// JSON body.
    #[serde(default)]
    pub body: Option<Value>,
    /// Raw body text, for bodies that are not JSON (HTML, truncated).
    #[serde(default)]
    pub body_text: Option<String>,
}

impl RecordedResponse {
    /// The response as the connector receives it (`body_text` verbatim, else `body` as JSON).
    pub fn to_http_response(&self) -> HttpResponse {
        let body = match (&self.body, &self.body_text) {
            (_, Some(text)) => text.clone().into_bytes(),
            (Some(value), None) => value.to_string().into_bytes(),
            (None, None) => Vec::new(),
        };
        HttpResponse {
            status: self.status,
            headers: self
                .headers
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_string),
                    )
                })
                .collect(),
            body,
        }
    }
}

/// One fixture file.
#[derive(Deserialize, Debug, Clone)]
#[serde(deny_unknown_fields)]
pub struct Fixture {
    /// What the case shows.
    pub description: String,
    /// Where the request and response shapes come from (OpenAPI document and example).
    pub source: String,
    /// Connection settings.
    pub settings: FixtureSettings,
    /// Operation id, or `connection_test`.
    pub operation: String,
    /// Operation input (ignored for the connection test).
    #[serde(default = "empty_object")]
    pub input: Value,
    /// Host time, Unix milliseconds.
    pub now_unix_ms: u64,
    /// Optional request id for the context.
    #[serde(default)]
    pub request_id: Option<String>,
    /// Expected request when building succeeds.
    #[serde(default)]
    pub expected_request: Option<ExpectedRequest>,
    /// Expected error when building fails.
    #[serde(default)]
    pub expected_build_error: Option<Value>,
    /// Recorded response, when the case gets that far.
    #[serde(default)]
    pub response: Option<RecordedResponse>,
    /// Expected parse result: `{"data": …, "next_page": …}`.
    #[serde(default)]
    pub expected_outcome: Option<Value>,
    /// Expected parse error.
    #[serde(default)]
    pub expected_error: Option<Value>,
}

fn empty_object() -> Value {
    Value::Object(Map::new())
}

impl Fixture {
    /// Parses fixture text after replacing the credential placeholders with test values.
    pub fn parse(text: &str) -> Result<Fixture, String> {
        let mut text = text.to_string();
        for (placeholder, value) in PLACEHOLDERS {
            // Substitution is textual inside JSON strings: escape the value (the PEM key has
            // line breaks; the other values come out unchanged).
            let escaped = serde_json::to_string(value).map_err(|e| e.to_string())?;
            text = text.replace(placeholder, &escaped[1..escaped.len() - 1]);
        }
        let fixture: Fixture = serde_json::from_str(&text).map_err(|e| e.to_string())?;
        let stages = (
            fixture.expected_request.is_some(),
            fixture.expected_build_error.is_some(),
            fixture.response.is_some(),
            fixture.expected_outcome.is_some() || fixture.expected_error.is_some(),
        );
        match stages {
            (true, false, true, true) | (false, true, false, false) => Ok(fixture),
            (true, false, false, false) => Err(
                "a fixture with an expected_request needs a response and an expected outcome or error".into(),
            ),
            _ => Err("give either expected_request + response + expected_outcome|expected_error, or expected_build_error alone".into()),
        }
    }

    fn context(&self) -> RequestContext {
        RequestContext {
            now_unix_ms: self.now_unix_ms,
            request_id: self.request_id.clone(),
        }
    }
}

/// What a backend produced for a fixture: the built request (or build error) and, when the
/// fixture has a recorded response and the build succeeded, the parse result.
pub struct Produced {
    /// `build-request` (or `connection-test`) result.
    pub built: Result<HttpRequest, ConnectorError>,
    /// `parse-response` result of the recorded response.
    pub parsed: Option<Result<Outcome, ConnectorError>>,
}

/// Runs the fixture's calls through `backend` without comparing anything.
pub fn produce(fixture: &Fixture, backend: &mut dyn Backend) -> Result<Produced, String> {
    let settings = fixture
        .settings
        .to_settings()
        .map_err(|e| format!("settings: {e}"))?;
    let context = fixture.context();
    let (operation, input, built) = if fixture.operation == CONNECTION_TEST {
        match backend.connection_test(&settings, &context) {
            Ok(check) => (check.operation_id, check.input, Ok(check.request)),
            Err(e) => (String::new(), String::new(), Err(e)),
        }
    } else {
        let input = fixture.input.to_string();
        let built = backend.build_request(&settings, &fixture.operation, &input, &context);
        (fixture.operation.clone(), input, built)
    };
    let parsed = match (&built, &fixture.response) {
        (Ok(_), Some(recorded)) => {
            let response = recorded.to_http_response();
            Some(backend.parse_response(&settings, &operation, &input, &response, &context))
        }
        _ => None,
    };
    Ok(Produced { built, parsed })
}

/// Runs one fixture; returns every mismatch found (empty = pass).
pub fn run(fixture: &Fixture, backend: &mut dyn Backend) -> Vec<String> {
    let mut problems = Vec::new();
    let produced = match produce(fixture, backend) {
        Ok(produced) => produced,
        Err(e) => return vec![e],
    };
    match (
        produced.built,
        &fixture.expected_request,
        &fixture.expected_build_error,
    ) {
        (Ok(request), Some(expected), _) => compare_request(expected, &request, &mut problems),
        (Err(error), None, Some(expected)) => {
            diff(expected, &error_json(&error), "build_error", &mut problems);
            return problems;
        }
        (Ok(request), None, _) => {
            problems.push(format!(
                "expected a build error, got a request to {}",
                request.url
            ));
            return problems;
        }
        (Err(error), _, _) => {
            problems.push(format!("build failed: {}", error_json(&error)));
            return problems;
        }
    }

    let Some(parsed) = produced.parsed else {
        return problems;
    };
    match (parsed, &fixture.expected_outcome, &fixture.expected_error) {
        (Ok(outcome), Some(expected), _) => {
            diff(expected, &outcome_json(&outcome), "outcome", &mut problems)
        }
        (Err(error), _, Some(expected)) => {
            diff(expected, &error_json(&error), "error", &mut problems)
        }
        (Ok(outcome), None, _) => problems.push(format!(
            "expected an error, parsed {}",
            outcome_json(&outcome)
        )),
        (Err(error), _, None) => problems.push(format!(
            "expected an outcome, got error {}",
            error_json(&error)
        )),
    }
    problems
}

/// The canonical JSON shape of a built request, as a fixture's `expected_request` writes it.
pub fn request_json(request: &HttpRequest) -> Value {
    let headers: Map<String, Value> = request
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), Value::String(v.clone())))
        .collect();
    json!({
        "method": request.method.as_str(),
        "url": request.url,
        "headers": headers,
        "body": request_body_json(request),
    })
}

fn request_body_json(request: &HttpRequest) -> Value {
    match &request.body {
        None => Value::Null,
        Some(text) => serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone())),
    }
}

fn compare_request(expected: &ExpectedRequest, actual: &HttpRequest, problems: &mut Vec<String>) {
    if expected.method != actual.method.as_str() {
        problems.push(format!(
            "request.method: expected {}, got {}",
            expected.method,
            actual.method.as_str()
        ));
    }
    if expected.url != actual.url {
        problems.push(format!(
            "request.url: expected {}, got {}",
            expected.url, actual.url
        ));
    }
    let actual_headers: Map<String, Value> = actual
        .headers
        .iter()
        .map(|(k, v)| (k.to_ascii_lowercase(), Value::String(v.clone())))
        .collect();
    if actual_headers.len() != actual.headers.len() {
        problems.push("request.headers: a header name is repeated".to_string());
    }
    diff(
        &Value::Object(expected.headers.clone()),
        &Value::Object(actual_headers),
        "request.headers",
        problems,
    );
    diff(
        &expected.body,
        &request_body_json(actual),
        "request.body",
        problems,
    );
}

/// The canonical JSON shape of an outcome, as fixtures write it.
pub fn outcome_json(outcome: &Outcome) -> Value {
    let parse =
        |text: &str| serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string()));
    let mut value = json!({
        "data": parse(&outcome.data),
        "next_page": outcome.next_page.as_deref().map(parse),
    });
    // Only Shipping answers carry documents; other fixtures need not spell out an empty list.
    if !outcome.files.is_empty() {
        value["files"] = outcome
            .files
            .iter()
            .map(|f| {
                json!({
                    "owner_id": f.owner_id,
                    "kind": f.kind,
                    "file_type": f.file_type,
                    "paper_size": f.paper_size,
                    "url": f.url,
                    "content_base64": f.content_base64,
                })
            })
            .collect();
    }
    value
}

fn fields_json(fields: &[FieldError]) -> Value {
    fields
        .iter()
        .map(|f| json!({"field": f.field, "message": f.message}))
        .collect()
}

fn api_json(kind: &str, e: &ApiError) -> Value {
    json!({
        "kind": kind,
        "status": e.status,
        "code": e.code,
        "error_type": e.error_type,
        "message": e.message,
        "details": fields_json(&e.details),
        "retryable": e.retryable,
        "data": e.data.as_deref().map(|d| serde_json::from_str::<Value>(d).unwrap_or(Value::Null)),
    })
}

/// The canonical JSON shape of an error, as fixtures write it.
pub fn error_json(error: &ConnectorError) -> Value {
    let kind = error.kind();
    match error {
        ConnectorError::InvalidSettings(f) | ConnectorError::InvalidInput(f) => {
            json!({"kind": kind, "fields": fields_json(f)})
        }
        ConnectorError::UnknownOperation(message) => json!({"kind": kind, "message": message}),
        ConnectorError::Unauthorized(e)
        | ConnectorError::Forbidden(e)
        | ConnectorError::NotFound(e)
        | ConnectorError::Conflict(e)
        | ConnectorError::Validation(e)
        | ConnectorError::Server(e) => api_json(kind, e),
        ConnectorError::RateLimited(r) => {
            let mut value = api_json(kind, &r.error);
            value["retry_after_ms"] = json!(r.retry_after_ms);
            value
        }
        ConnectorError::UnexpectedResponse(u) => json!({
            "kind": kind,
            "status": u.status,
            "reason": u.reason,
            "excerpt": u.excerpt,
            "retryable": u.retryable,
        }),
    }
}

/// Compares two JSON values, recording each differing path.
pub fn diff(expected: &Value, actual: &Value, path: &str, problems: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                match a.get(key) {
                    Some(av) => diff(ev, av, &format!("{path}.{key}"), problems),
                    None => problems.push(format!("{path}.{key}: expected {ev}, missing")),
                }
            }
            for key in a.keys().filter(|k| !e.contains_key(*k)) {
                problems.push(format!("{path}.{key}: unexpected, got {}", a[key]));
            }
        }
        (Value::Array(e), Value::Array(a)) if e.len() == a.len() => {
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                diff(ev, av, &format!("{path}[{i}]"), problems);
            }
        }
        _ if expected == actual => {}
        _ => problems.push(format!("{path}: expected {expected}, got {actual}")),
    }
}

/// Every `*.json` fixture below `root`, sorted, skipping `README`-like non-JSON files.
pub fn discover(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// Loads and runs every fixture below `root`; returns `(passed, failures)` where each failure is
/// the fixture path and its problems.
pub fn run_all(root: &Path, backend: &mut dyn Backend) -> (usize, Vec<(PathBuf, Vec<String>)>) {
    let mut passed = 0;
    let mut failures = Vec::new();
    for path in discover(root) {
        let problems = match std::fs::read_to_string(&path) {
            Err(e) => vec![format!("read: {e}")],
            Ok(text) => match Fixture::parse(&text) {
                Err(e) => vec![format!("fixture format: {e}")],
                Ok(fixture) => {
                    let mut problems = run(&fixture, backend);
                    problems.extend(layout_problems(&path, &fixture));
                    problems
                }
            },
        };
        if problems.is_empty() {
            passed += 1;
        } else {
            failures.push((path, problems));
        }
    }
    (passed, failures)
}

/// The path must read `<api-type>/<operation id>/<scenario>.json` for the fixture's settings.
pub fn layout_problems(path: &Path, fixture: &Fixture) -> Vec<String> {
    let parts: Vec<String> = path
        .iter()
        .rev()
        .take(3)
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if parts.len() < 3 {
        return vec!["fixture path too short".into()];
    }
    let mut problems = Vec::new();
    if parts[2] != fixture.settings.api_type {
        problems.push(format!(
            "folder {} but api_type {}",
            parts[2], fixture.settings.api_type
        ));
    }
    if parts[1] != fixture.operation {
        problems.push(format!(
            "folder {} but operation {}",
            parts[1], fixture.operation
        ));
    }
    problems
}

//! A sentinel credential is pushed through every operation, every error path, settings
//! validation, webhooks and OAuth: it may only ever appear in the request headers/body that must
//! carry it, never in an error's Display, Debug or fixture JSON, nor in `Debug` of any record
//! that holds it.

use aftership_core::oauth::{self, oauth_error_json, HmacPolicy, OAuthError, TokenGrant};
use aftership_core::webhook::{self, webhook_error_json, WebhookInput, WebhookProduct};
use aftership_core::{
    all_operations, build_request, connection_test, parse_response, validate_settings, ApiType,
    AuthMode, BodySpec, ConnectorError, HttpResponse, RequestContext, Secret, Settings,
    StoreIdRule,
};
use aftership_testkit::fixture::{error_json, TEST_RSA_PRIVATE_KEY};
use aftership_testkit::helpers::{oauth_app, response};

const SENTINEL: &str = "SENTINEL-SECRET-7f3a";

fn context() -> RequestContext {
    RequestContext {
        now_unix_ms: 1_783_327_777_000,
        request_id: Some("req-1".into()),
    }
}

fn assert_clean(text: &str, what: &str) {
    assert!(
        !text.contains(SENTINEL),
        "the sentinel leaked into {what}: {text}"
    );
}

/// An error's Display, Debug and JSON shape (`json`) never show the sentinel.
fn check_shown<E: std::fmt::Display + std::fmt::Debug>(
    error: &E,
    json: serde_json::Value,
    what: &str,
) {
    assert_clean(&error.to_string(), &format!("Display of {what}"));
    assert_clean(&format!("{error:?}"), &format!("Debug of {what}"));
    assert_clean(&json.to_string(), &format!("json of {what}"));
}

fn check_error(error: &ConnectorError, what: &str) {
    check_shown(error, error_json(error), what);
}

/// Every way a credential can sit in the settings of an API type.
fn settings_variants(api_type: ApiType) -> Vec<(String, Settings)> {
    const PLAIN: &str = "plain-key-0000";
    // (label, auth mode, api key, api secret, access token, OAuth token header)
    type Row = (
        &'static str,
        AuthMode,
        &'static str,
        Option<&'static str>,
        Option<&'static str>,
        Option<&'static str>,
    );
    #[rustfmt::skip]
    let table: [Row; 7] = [
        ("api-key", AuthMode::ApiKey, SENTINEL, None, None, None),
        ("aes secret", AuthMode::AesSignature, PLAIN, Some(SENTINEL), None, None),
        ("aes key+secret", AuthMode::AesSignature, SENTINEL, Some(SENTINEL), None, None),
        ("rsa secret not a key", AuthMode::RsaSignature, PLAIN, Some(SENTINEL), None, None),
        ("rsa key", AuthMode::RsaSignature, SENTINEL, Some(TEST_RSA_PRIVATE_KEY), None, None),
        ("oauth token", AuthMode::OauthToken, PLAIN, None, Some(SENTINEL), None),
        ("oauth custom header", AuthMode::OauthToken, PLAIN, None, Some(SENTINEL), Some("x-access-token")),
    ];
    let variant = |(label, mode, key, secret, token, header): Row| {
        let mut s = Settings::new("sentinel", api_type, key);
        s.auth_mode = mode;
        s.store_id = Some("store-1".into());
        s.api_secret = secret.map(Secret::new);
        s.access_token = token.map(Secret::new);
        s.oauth_token_header = header.map(str::to_string);
        (label.to_string(), s)
    };
    table.into_iter().map(variant).collect()
}

fn minimal_input(op: &aftership_core::OperationSpec) -> serde_json::Value {
    let mut input = serde_json::Map::new();
    for name in op.path_params() {
        input.insert(name.to_string(), serde_json::Value::String("x1".into()));
    }
    if !matches!(op.body, BodySpec::None) {
        input.insert("body".into(), serde_json::json!({}));
    }
    serde_json::Value::Object(input)
}

fn bad_inputs(op: &aftership_core::OperationSpec) -> Vec<String> {
    let mut with_unknown = minimal_input(op);
    with_unknown["no_such_member"] = serde_json::json!(1);
    let mut wrong_types = serde_json::Map::new();
    for name in op.path_params() {
        wrong_types.insert(name.to_string(), serde_json::json!({"nested": true}));
    }
    for param in op.query {
        wrong_types.insert(param.name.to_string(), serde_json::json!({"nested": true}));
    }
    if !matches!(op.body, BodySpec::None) {
        wrong_types.insert("body".into(), serde_json::json!([1, 2]));
    }
    vec![
        with_unknown.to_string(),
        serde_json::Value::Object(wrong_types).to_string(),
        "{not json".into(),
        "[1]".into(),
        "\"text\"".into(),
    ]
}

fn error_responses() -> Vec<(String, HttpResponse)> {
    let json = |status: u16, body: serde_json::Value, headers: &[(&str, &str)]| {
        response(status, headers, body.to_string())
    };
    let envelope = |status: u16, code: i64, kind: &str| {
        json(
            status,
            serde_json::json!({"meta": {"code": code, "type": kind, "message": "refused",
                "details": [{"path": "tracking_number", "info": "is invalid"}]}, "data": {}}),
            &[("content-type", "application/json")],
        )
    };
    vec![
        ("401".into(), envelope(401, 401, "Unauthorized")),
        ("403".into(), envelope(403, 403, "Forbidden")),
        ("404".into(), envelope(404, 4004, "NotFound")),
        ("409".into(), envelope(409, 40900, "Conflict")),
        ("412".into(), envelope(412, 41201, "PreconditionFailed")),
        ("422".into(), envelope(422, 42200, "UnprocessableEntity")),
        ("400 under 200".into(), envelope(200, 4104, "BadRequest")),
        (
            "429".into(),
            json(
                429,
                serde_json::json!({"meta": {"code": 429, "type": "TooManyRequests", "message": "slow down"}, "data": {}}),
                &[("retry-after", "2"), ("x-ratelimit-reset", "1783327780")],
            ),
        ),
        ("500".into(), envelope(500, 500, "InternalError")),
        (
            "html 502".into(),
            response(
                502,
                &[("content-type", "text/html")],
                "<html><body>Bad Gateway</body></html>",
            ),
        ),
        (
            "truncated".into(),
            response(200, &[], r#"{"meta":{"code":200},"data":{"id""#),
        ),
        ("empty".into(), response(200, &[], "")),
    ]
}

#[test]
fn settings_debug_hides_every_credential() {
    for api_type in ApiType::ALL {
        for (label, settings) in settings_variants(api_type) {
            assert_clean(
                &format!("{settings:?}"),
                &format!("Debug of settings ({label})"),
            );
            assert_clean(
                &format!("{settings:#?}"),
                &format!("pretty Debug ({label})"),
            );
        }
    }
}

#[test]
fn every_operation_and_error_keeps_the_sentinel_out() {
    let mut built = 0;
    for op in all_operations() {
        let api_type = op.family.api_type();
        for (label, mut settings) in settings_variants(api_type) {
            if op.store_id == StoreIdRule::Required && label == "api-key" {
                // Also the "store id missing" error path once per op.
                let mut no_store = settings.clone();
                no_store.store_id = None;
                if let Err(e) = build_request(&no_store, &op.id(), "{}", &context()) {
                    check_error(&e, &format!("{} without store id", op.id()));
                }
            }
            let what = format!("{} ({label})", op.id());
            let input = minimal_input(op).to_string();
            match build_request(&settings, &op.id(), &input, &context()) {
                Ok(request) => {
                    built += 1;
                    assert_clean(&request.url, &format!("URL of {what}"));
                    if let Some(body) = &request.body {
                        assert_clean(body, &format!("body of {what}"));
                    }
                }
                Err(e) => check_error(&e, &what),
            }
            for bad in bad_inputs(op) {
                if let Err(e) = build_request(&settings, &op.id(), &bad, &context()) {
                    check_error(&e, &format!("{what} with input {bad}"));
                }
            }
            for (name, response) in error_responses() {
                match parse_response(&settings, &op.id(), &input, &response, &context()) {
                    Ok(outcome) => assert_clean(&format!("{outcome:?}"), &what),
                    Err(e) => check_error(&e, &format!("{what} answer {name}")),
                }
            }
            // The wrong family for these settings.
            settings.api_type = if api_type == ApiType::Tracking {
                ApiType::Returns
            } else {
                ApiType::Tracking
            };
            if let Err(e) = build_request(&settings, &op.id(), &input, &context()) {
                check_error(&e, &format!("{what} on another API type"));
            }
        }
    }
    assert!(built > 100, "only {built} requests were built");
}

#[test]
fn connection_tests_keep_the_sentinel_out_of_errors() {
    for api_type in ApiType::ALL {
        for (label, settings) in settings_variants(api_type) {
            match connection_test(&settings, &context()) {
                Ok(check) => assert_clean(&check.request.url, &label),
                Err(e) => check_error(&e, &format!("connection test {label}")),
            }
        }
    }
}

#[test]
fn settings_validation_never_echoes_credentials() {
    let bad_values = [
        format!("{SENTINEL}\r\nx-evil: 1"),
        format!(" {SENTINEL}"),
        format!("{SENTINEL}\u{e9}"),
        format!("{SENTINEL}\0"),
        SENTINEL.repeat(300),
    ];
    for api_type in ApiType::ALL {
        for value in &bad_values {
            let mut cases = Vec::new();
            let mut s = Settings::new("n", api_type, value.as_str());
            cases.push(s.clone());
            s.api_key = Secret::new("k");
            s.auth_mode = AuthMode::OauthToken;
            s.access_token = Some(Secret::new(value.as_str()));
            cases.push(s.clone());
            s.auth_mode = AuthMode::RsaSignature;
            s.api_secret = Some(Secret::new(value.as_str()));
            cases.push(s.clone());
            s.auth_mode = AuthMode::AesSignature;
            // An AES secret is only a MAC key (never sent), so only its length is limited.
            s.api_secret = Some(Secret::new(value.repeat(1000)));
            cases.push(s.clone());
            for settings in cases {
                let errors = validate_settings(&settings);
                assert!(!errors.is_empty(), "{value:?} should be refused");
                let error = ConnectorError::InvalidSettings(errors);
                check_error(&error, "settings validation");
                assert_clean(&format!("{settings:?}"), "Debug of refused settings");
                if let Err(e) = build_request(&settings, "tracking.list_couriers", "{}", &context())
                {
                    check_error(&e, "build with refused settings");
                }
            }
        }
    }
}

#[test]
fn webhook_errors_never_show_the_secret() {
    let body = br#"{"event":"tracking_update","event_id":"e1","ts":1,"msg":{}}"#.to_vec();
    let good = aftership_core::auth::hmac_sha256_base64(SENTINEL.as_bytes(), &body);
    let bodies: Vec<Vec<u8>> = vec![
        body.clone(),
        b"not json".to_vec(),
        br#"{"event":1}"#.to_vec(),
        br#"{"id":"r","event":"return.approved","created_at":"bad","data":{}}"#.to_vec(),
    ];
    for product in [
        WebhookProduct::Tracking,
        WebhookProduct::Returns,
        WebhookProduct::Shipping,
        WebhookProduct::Warranty,
    ] {
        for body in &bodies {
            let sig = aftership_core::auth::hmac_sha256_base64(SENTINEL.as_bytes(), body);
            for headers in [
                vec![],
                vec![("aftership-hmac-sha256".to_string(), sig.clone())],
                vec![("as-signature-hmac-sha256".to_string(), good.clone())],
                vec![(
                    "am-webhook-signature".to_string(),
                    format!("hmac-sha256={sig}"),
                )],
                vec![(
                    "am-webhook-signature".to_string(),
                    "hmac-sha256=garbage".to_string(),
                )],
            ] {
                for (now, tolerance) in [
                    (None, None),
                    (Some(10_000_000u64), Some(1u64)),
                    (None, Some(1)),
                ] {
                    for secret in [
                        SENTINEL.to_string(),
                        format!("{SENTINEL}-other"),
                        String::new(),
                    ] {
                        let input = WebhookInput {
                            product,
                            body: body.clone(),
                            headers: headers.clone(),
                            secret: Secret::new(secret),
                            now_unix_ms: now,
                            tolerance_ms: tolerance,
                        };
                        assert_clean(&format!("{input:?}"), "Debug of webhook input");
                        match webhook::verify_webhook(&input) {
                            Ok(v) => assert_clean(&format!("{v:?}"), "verified webhook"),
                            Err(e) => {
                                assert_clean(&e.to_string(), "webhook error Display");
                                assert_clean(&format!("{e:?}"), "webhook error Debug");
                                assert_clean(
                                    &webhook_error_json(&e).to_string(),
                                    "webhook error json",
                                );
                            }
                        }
                    }
                }
            }
        }
    }
}

fn check_oauth_error(error: &OAuthError, what: &str) {
    check_shown(error, oauth_error_json(error), what);
}

#[test]
fn oauth_never_shows_secrets_codes_or_tokens() {
    let app = oauth_app(SENTINEL);
    assert_clean(&format!("{app:?}"), "Debug of the app");
    let state = "state-0123456789abcdef";
    let mut bad_app = app.clone();
    bad_app.client_id = String::new();
    bad_app.client_secret = Secret::new(format!("{SENTINEL} with space"));
    bad_app.redirect_uri = SENTINEL.into();
    match oauth::authorization_url(&bad_app, &["a".into()], state, None) {
        Err(e) => check_oauth_error(&e, "invalid app"),
        Ok(_) => panic!("bad app accepted"),
    }
    if let Err(e) = oauth::authorization_url(&app, &[], "short", None) {
        check_oauth_error(&e, "bad authorization input");
    }

    // Redirects: the code and the secret must stay out of every error.
    let queries = [
        format!("code={SENTINEL}&state={state}&hmac=00"),
        format!("code={SENTINEL}&state=other-state-000000"),
        format!("code={SENTINEL}&state={state}&state={state}"),
        format!("code={SENTINEL}&state={state}&hmac=%ZZ"),
        format!("error=access_denied&state={state}&code={SENTINEL}"),
        format!("state={state}"),
    ];
    for query in &queries {
        for policy in [HmacPolicy::Require, HmacPolicy::IfPresent, HmacPolicy::Skip] {
            match oauth::verify_redirect(&app, query, state, policy) {
                Ok(redirect) => assert_clean(&format!("{redirect:?}"), "Debug of a redirect"),
                Err(e) => check_oauth_error(&e, &format!("redirect {query}")),
            }
        }
    }

    // Token requests carry the secret in the body (they must), and errors never do.
    for grant in [
        TokenGrant::AuthorizationCode(Secret::new(SENTINEL)),
        TokenGrant::RefreshToken(Secret::new(SENTINEL)),
        TokenGrant::AuthorizationCode(Secret::new(format!("{SENTINEL}\n"))),
        TokenGrant::RefreshToken(Secret::new("")),
    ] {
        assert_clean(&format!("{grant:?}"), "Debug of a grant");
        match oauth::token_request(&app, &grant) {
            Ok(request) => {
                assert_clean(&request.url, "token URL");
                assert!(request
                    .body
                    .as_deref()
                    .is_some_and(|b| b.contains(SENTINEL)));
            }
            Err(e) => check_oauth_error(&e, "token request"),
        }
        if let Err(e) = oauth::token_request(&bad_app, &grant) {
            check_oauth_error(&e, "token request with a bad app");
        }
    }

    // Token answers: the parsed tokens hide themselves; errors never quote a success body.
    let answers = [
        (
            200,
            format!(r#"{{"access_token":"{SENTINEL}","refresh_token":"{SENTINEL}"}}"#),
        ),
        (200, format!(r#"{{"refresh_token":"{SENTINEL}"}}"#)),
        (200, format!(r#"{{"access_token":"{SENTINEL}""#)),
        (200, format!(r#"["{SENTINEL}"]"#)),
        (400, r#"{"error":"invalid_grant"}"#.to_string()),
        (
            401,
            r#"{"meta":{"code":401,"type":"Unauthorized"},"data":{}}"#.to_string(),
        ),
        (503, "<html>down</html>".to_string()),
    ];
    for (status, body) in answers {
        let response = HttpResponse {
            status,
            headers: vec![],
            body: body.into_bytes(),
        };
        match oauth::parse_token_response(&response, 0) {
            Ok(tokens) => assert_clean(&format!("{tokens:?}"), "Debug of a token set"),
            Err(e) => check_oauth_error(&e, &format!("token answer {status}")),
        }
    }
}

/// Issue 9 defect 2: one redaction rule for every output. With a token under a custom header,
/// neither `Debug` nor the redactor's view of headers, URL and body shows any credential.
#[test]
fn the_redactor_masks_every_credential_by_value_and_name() {
    use aftership_core::redact::Redactor;
    for op in all_operations() {
        for (label, mut settings) in settings_variants(op.family.api_type()) {
            let headers: &[Option<&str>] = if settings.auth_mode == AuthMode::OauthToken {
                &[None, Some("x-auth"), Some("X-Auth"), Some("authorization")]
            } else {
                &[None]
            };
            for header in headers {
                if settings.auth_mode == AuthMode::OauthToken {
                    settings.oauth_token_header = header.map(str::to_string);
                }
                let Ok(request) = build_request(
                    &settings,
                    &op.id(),
                    &minimal_input(op).to_string(),
                    &context(),
                ) else {
                    continue;
                };
                let what = format!("{} ({label}, header {header:?})", op.id());
                let redactor = Redactor::new(&settings);
                for (name, value) in redactor.headers(&request.headers) {
                    assert_clean(&value, &format!("header {name} of {what}"));
                    assert!(
                        !redactor.contains_secret(&value),
                        "{what}: header {name} still holds a secret"
                    );
                }
                assert_clean(&format!("{request:?}"), &format!("Debug of {what}"));
                assert_clean(&redactor.text(&request.url), &what);
            }
        }
    }
}

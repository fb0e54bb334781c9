//! Authentication end to end, through the real component: SignString (AES and RSA) requests
//! match the native core and verify with the public key. The signed fixtures and the webhook and
//! OAuth cases run one test per file in `tests/cases.rs`.

use std::time::Instant;

use aftership_core::auth::{request_sign_string, verify_rsa_pss, RSA_SIGNATURE_HEADER};
use aftership_core::{oauth, ApiType, AuthMode, Secret, Settings};
use aftership_testkit::fixture::{TEST_RSA_PRIVATE_KEY, TEST_RSA_PUBLIC_KEY};
use aftership_testkit::helpers::context_at;

mod common;
use common::{cli, host};

fn rsa_settings(api_type: ApiType) -> Settings {
    let mut settings = Settings::new("e2e-rsa", api_type, "c25b1e6fee2348b3a8bd21599b6ac2de");
    settings.auth_mode = AuthMode::RsaSignature;
    settings.api_secret = Some(Secret::new(TEST_RSA_PRIVATE_KEY));
    if api_type == ApiType::Commerce {
        settings.store_id = Some("my-store-1".into());
    }
    settings
}

#[test]
fn the_auth_exports_need_no_host_capability() {
    let needs = host().capability_imports();
    assert!(needs.is_empty(), "imports needing the host: {needs:?}");
}

#[test]
fn rsa_requests_from_the_component_match_the_core_and_verify() {
    for api_type in ApiType::ALL {
        let settings = rsa_settings(api_type);
        for now in [1_783_327_777_000, 1_783_327_777_001] {
            let started = Instant::now();
            let from_component = match host().connection_test(&settings, &context_at(now)) {
                Ok(Ok(check)) => check,
                other => panic!("{api_type:?}: {other:?}"),
            };
            let elapsed = started.elapsed();
            let from_core = aftership_core::connection_test(&settings, &context_at(now))
                .unwrap_or_else(|e| panic!("{api_type:?}: {e}"));
            assert_eq!(
                from_component, from_core,
                "{api_type:?}: the component and the core sign alike"
            );
            let request = &from_component.request;
            let signature = request
                .header(RSA_SIGNATURE_HEADER)
                .unwrap_or_else(|| panic!("{api_type:?}: no RSA signature header"));
            let message = request_sign_string(request).expect("a signed request has a date");
            assert!(
                verify_rsa_pss(TEST_RSA_PUBLIC_KEY, message.as_bytes(), signature),
                "{api_type:?}: the signature verifies with the public key"
            );
            println!("{api_type:?} RSA connection test through the component: {elapsed:?}");
        }
    }
}

#[test]
fn an_rsa_signed_body_verifies_and_a_tampered_one_does_not() {
    let settings = rsa_settings(ApiType::Tracking);
    let input = r#"{"body":{"tracking_number":"123456789","slug":"dhl"}}"#;
    let request = match host().build_request(
        &settings,
        "tracking.create_tracking",
        input,
        &context_at(1_783_327_777_000),
    ) {
        Ok(Ok(request)) => request,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        request.body.as_deref(),
        Some(r#"{"tracking_number":"123456789","slug":"dhl"}"#),
        "the body keeps the caller's member order"
    );
    let signature = request.header(RSA_SIGNATURE_HEADER).expect("signed");
    let message = request_sign_string(&request).expect("sign string");
    assert!(message.contains("D18D95923B0777F6E22076A384321BB5"));
    assert!(verify_rsa_pss(
        TEST_RSA_PUBLIC_KEY,
        message.as_bytes(),
        signature
    ));
    let mut tampered = request.clone();
    tampered.body = Some(r#"{"slug":"dhl","tracking_number":"123456789"}"#.into());
    let tampered_message = request_sign_string(&tampered).expect("sign string");
    assert!(!verify_rsa_pss(
        TEST_RSA_PUBLIC_KEY,
        tampered_message.as_bytes(),
        signature
    ));
}

#[test]
fn a_bad_rsa_key_is_a_settings_error_from_the_component() {
    let mut settings = rsa_settings(ApiType::Shipping);
    settings.api_secret = Some(Secret::new(
        "-----BEGIN PRIVATE KEY-----\nSENTINEL\n-----END PRIVATE KEY-----",
    ));
    let errors = host().validate_settings(&settings).expect("no trap");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].field, "api-secret");
    assert!(!errors[0].message.contains("SENTINEL"));
}

#[test]
fn oauth_scopes_come_from_the_component() {
    for api_type in ApiType::ALL {
        let from_component = host().oauth_scopes(api_type).expect("no trap");
        let from_core: Vec<String> = oauth::scopes_for(api_type)
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(from_component, from_core, "{api_type:?}");
    }
    assert!(host()
        .oauth_scopes(ApiType::Tracking)
        .expect("no trap")
        .contains(&"aftership:tracking:read".to_string()));
}

#[test]
fn the_cli_never_prints_a_credential() {
    const SENTINEL: &str = "SENTINEL-CLI-SECRET-5c1e";
    let dir = std::env::temp_dir().join(format!("aftership-cli-secrets-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, value: serde_json::Value| {
        let path = dir.join(name);
        std::fs::write(&path, value.to_string()).unwrap();
        path.to_string_lossy().into_owned()
    };
    let cases = [
        serde_json::json!({"api_type": "tracking", "api_key": SENTINEL}),
        serde_json::json!({"api_type": "shipping", "api_key": SENTINEL, "auth_mode": "aes-signature", "api_secret": SENTINEL}),
        serde_json::json!({"api_type": "returns", "auth_mode": "oauth-token", "access_token": SENTINEL}),
        // Invalid on purpose: a key with a line break, a sandbox where none exists, a bad RSA key.
        serde_json::json!({"api_type": "tracking", "api_key": format!("{SENTINEL}\r\nx"), "environment": "sandbox"}),
        serde_json::json!({"api_type": "commerce", "api_key": SENTINEL, "auth_mode": "rsa-signature", "api_secret": SENTINEL}),
    ];
    let operations = [
        "tracking.list_trackings",
        "shipping.list_labels",
        "returns.list_returns",
        "tracking.get_tracking_by_id",
        "commerce.list_stores",
    ];
    for (i, (settings, operation)) in cases.iter().zip(operations).enumerate() {
        let file = write(&format!("settings-{i}.json"), settings.clone());
        let build = ["build", "--settings", file.as_str(), "--operation"];
        for args in [
            vec!["validate", "--settings", &file],
            [&build[..], &[operation, "--input", "{}"]].concat(),
            [&build[..], &[operation, "--input", "{\"nope\":1}"]].concat(),
            [&build[..], &["shipping.nope"]].concat(),
        ] {
            let (code, text) = cli(&args);
            assert!(
                !text.contains(SENTINEL),
                "{args:?} printed a credential:\n{text}"
            );
            assert!(!text.is_empty(), "{args:?} printed nothing (exit {code})");
        }
    }
    // A good build prints the request with the credential masked.
    let file = write("ok.json", cases[0].clone());
    let (code, text) = cli(&[
        "build",
        "--settings",
        &file,
        "--operation",
        "tracking.list_trackings",
        "--input",
        "{\"limit\":1}",
    ]);
    assert_eq!(code, 0, "{text}");
    assert!(
        text.contains("as-api-key") && text.contains("***"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

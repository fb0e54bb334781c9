//! A settings file is read in the WIT and manifest spelling (`api-type`) and in the snake_case
//! spelling of the recorded fixtures (`api_type`), to the same settings.

use aftership_core::{ApiType, AuthMode, Environment};
use aftership_testkit::fixture::FixtureSettings;
use serde_json::json;

#[test]
fn kebab_and_snake_members_give_the_same_settings() {
    let kebab = json!({
        "name": "n", "api-type": "shipping", "environment": "sandbox", "auth-mode": "aes-signature",
        "api-key": "key-0000", "api-secret": "secret-0000", "store-id": "s1",
        "base-url": "https://proxy.example.com", "oauth-token-header": "x-auth",
        "access-token": "tok-0000",
    });
    let snake: serde_json::Map<String, serde_json::Value> = kebab
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.replace('-', "_"), v.clone()))
        .collect();
    let read = |value: serde_json::Value| {
        serde_json::from_value::<FixtureSettings>(value)
            .expect("a settings file")
            .to_settings()
            .expect("known ids")
    };
    let from_kebab = read(kebab);
    assert_eq!(from_kebab, read(serde_json::Value::Object(snake)));
    assert_eq!(from_kebab.api_type, ApiType::Shipping);
    assert_eq!(from_kebab.environment, Environment::Sandbox);
    assert_eq!(from_kebab.auth_mode, AuthMode::AesSignature);
    assert_eq!(from_kebab.store_id.as_deref(), Some("s1"));
}

#[test]
fn unknown_ids_and_members_are_refused() {
    let bad_mode = json!({"api_type": "tracking", "auth_mode": "api_key"});
    let raw = serde_json::from_value::<FixtureSettings>(bad_mode).expect("members are known");
    assert_eq!(
        raw.to_settings().unwrap_err(),
        "unknown auth_mode `api_key`"
    );
    let typo = json!({"api-type": "tracking", "api-kye": "k"});
    assert!(serde_json::from_value::<FixtureSettings>(typo).is_err());
}

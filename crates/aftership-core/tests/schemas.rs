//! The JSON Schemas in `connector.json` against a standard validator (the `jsonschema` crate):
//! every schema is valid 2020-12, and the schemas agree with the connector's own validation on
//! every fixture input and on a corpus of connection settings.

use std::path::Path;

use aftership_core::oauth::OAuthApp;
use aftership_core::{
    build_request, find_operation, manifest_value, validate_settings, ApiType, AuthMode,
    ConnectorError, Environment, FieldError, RequestContext, Secret, Settings,
};
use aftership_testkit::fixture::{discover, Fixture};
use serde_json::{json, Value};

fn validator(schema: &Value) -> jsonschema::Validator {
    jsonschema::draft202012::options()
        .should_validate_formats(false)
        .build(schema)
        .unwrap_or_else(|e| panic!("schema does not compile: {e}\n{schema}"))
}

#[test]
fn every_schema_in_the_manifest_is_valid_2020_12() {
    let manifest = manifest_value();
    let mut schemas = vec![manifest["connection"]["schema"].clone()];
    for op in manifest["operations"].as_array().unwrap() {
        schemas.push(op["input_schema"].clone());
    }
    for schema in &schemas {
        assert_eq!(
            schema["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{schema}"
        );
        if let Err(error) = jsonschema::meta::validate(schema) {
            panic!("not a valid 2020-12 schema: {error}\n{schema}");
        }
    }
    // A broken schema is caught (the check can fail).
    assert!(jsonschema::meta::validate(
        &json!({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": 12})
    )
    .is_err());
}

/// For each fixture with an operation input: the connector accepts the input exactly when the
/// operation's input schema does. Build errors that are not about the input (settings, a
/// missing store id) are left out.
#[test]
fn fixture_inputs_agree_with_the_input_schemas() {
    let manifest = manifest_value();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    let (mut accepted, mut refused, mut disagreements) = (0, 0, Vec::new());
    for path in discover(&root) {
        let fixture = Fixture::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if find_operation(&fixture.operation).is_none() {
            continue; // connection tests
        }
        let settings = fixture.settings.to_settings().unwrap();
        let context = RequestContext {
            now_unix_ms: fixture.now_unix_ms,
            request_id: None,
        };
        let connector = match build_request(
            &settings,
            &fixture.operation,
            &fixture.input.to_string(),
            &context,
        ) {
            Ok(_) => true,
            Err(ConnectorError::InvalidInput(_)) => false,
            Err(_) => continue,
        };
        let schema = manifest["operations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|op| op["id"] == fixture.operation.as_str())
            .map(|op| &op["input_schema"])
            .unwrap();
        let by_schema = validator(schema).is_valid(&fixture.input);
        if connector {
            accepted += 1;
        } else {
            refused += 1;
        }
        if connector != by_schema {
            let errors: Vec<String> = validator(schema)
                .iter_errors(&fixture.input)
                .map(|e| format!("{} at {}", e, e.instance_path))
                .collect();
            disagreements.push(format!(
                "{}: connector {}, schema {} {errors:?}",
                path.display(),
                if connector { "accepts" } else { "refuses" },
                if by_schema { "accepts" } else { "refuses" },
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(
        accepted > 150 && refused > 20,
        "{accepted} accepted, {refused} refused"
    );
}

/// Converts a settings object in the manifest's spelling to core settings (absent members take
/// the form's defaults) plus the OAuth app the form collects in OAuth mode.
fn to_settings(object: &Value) -> (Settings, Option<OAuthApp>) {
    let text = |key: &str| object.get(key).and_then(Value::as_str).map(str::to_string);
    let api_type = ApiType::parse(&text("api-type").unwrap()).unwrap();
    let mut settings = Settings::new(
        text("name").unwrap_or_default(),
        api_type,
        text("api-key").unwrap_or_default(),
    );
    settings.environment = match text("environment").as_deref() {
        Some("sandbox") => Environment::Sandbox,
        _ => Environment::Production,
    };
    settings.auth_mode = match text("auth-mode").as_deref() {
        Some("aes-signature") => AuthMode::AesSignature,
        Some("rsa-signature") => AuthMode::RsaSignature,
        Some("oauth-token") => AuthMode::OauthToken,
        _ => AuthMode::ApiKey,
    };
    settings.api_secret = text("api-secret").map(Secret::new);
    settings.access_token = text("access-token").map(Secret::new);
    settings.oauth_token_header = text("oauth-token-header");
    settings.store_id = text("store-id");
    settings.base_url = text("base-url");
    let app = (settings.auth_mode == AuthMode::OauthToken).then(|| OAuthApp {
        client_id: text("oauth-client-id").unwrap_or_default(),
        client_secret: Secret::new(text("oauth-client-secret").unwrap_or_default()),
        redirect_uri: text("oauth-redirect-uri").unwrap_or_default(),
        authorize_url: text("oauth-authorize-url"),
        token_url: text("oauth-token-url"),
    });
    (settings, app)
}

fn settings_corpus() -> Vec<(Value, &'static str)> {
    let rsa = include_str!("../../../tests/keys/rsa-2048-test.pkcs8.pem");
    let oauth = json!({
        "name": "OAuth", "api-type": "tracking", "auth-mode": "oauth-token", "access-token": "tok_123",
        "oauth-client-id": "client", "oauth-client-secret": "s3cret",
        "oauth-redirect-uri": "https://example.com/callback", "oauth-product": "aftership"
    });
    let with = |base: &Value, key: &str, value: Value| {
        let mut v = base.clone();
        if value.is_null() {
            v.as_object_mut().unwrap().remove(key);
        } else {
            v[key] = value;
        }
        v
    };
    let plain = json!({"name": "Main", "api-type": "tracking", "api-key": "key_123"});
    let aes = with(&plain, "auth-mode", json!("aes-signature"));
    let rsa_mode = with(&plain, "auth-mode", json!("rsa-signature"));
    // (base, member to set (null: to remove), its value, what the case is)
    #[rustfmt::skip]
    let edits = [
        (&plain, "name", json!("  "), "blank name"),
        (&plain, "name", json!("n".repeat(201)), "long name"),
        (&plain, "name", Value::Null, "no name"),
        (&plain, "api-key", Value::Null, "no key"),
        (&plain, "api-key", json!("   "), "blank key"),
        (&plain, "api-key", json!("abc\r\nx-evil: 1"), "header injection in key"),
        (&plain, "api-key", json!(" key"), "key with leading space"),
        (&plain, "environment", json!("sandbox"), "tracking has no sandbox"),
        (&plain, "environment", json!("production"), "production spelled out"),
        (&plain, "store-id", json!("a\r\nb"), "bad store id on tracking"),
        (&plain, "store-id", json!("store_1"), "store id on tracking"),
        (&plain, "base-url", json!("ftp://x"), "bad base URL"),
        (&plain, "base-url", json!("https://proxy.example.com/"), "proxy"),
        (&plain, "base-url", json!("https://proxy.example.com/v1"), "base URL with a path"),
        (&plain, "base-url", json!("http://127.0.0.1:8080"), "loopback"),
        (&plain, "api-secret", json!("ignored in api-key mode"), "stray secret"),
        (&plain, "oauth-token-header", json!("bad header"), "stray bad header name"),
        (&plain, "unknown", json!("x"), "unknown member"),
        (&aes, "api-secret", json!("s"), "AES with a secret"),
        (&rsa_mode, "api-secret", json!(rsa), "RSA with a key"),
        (&rsa_mode, "api-secret", json!(" "), "RSA with a blank key"),
        (&oauth, "access-token", Value::Null, "OAuth without a token"),
        (&oauth, "oauth-token-header", json!("x-access-token"), "OAuth custom header"),
        (&oauth, "oauth-token-header", json!("bad header"), "OAuth bad header name"),
        (&oauth, "api-key", json!("also_a_key"), "OAuth with a key too"),
        (&oauth, "api-key", json!("bad\nkey"), "OAuth with a bad key"),
        (&oauth, "oauth-client-id", Value::Null, "OAuth without a client id"),
        (&oauth, "oauth-redirect-uri", json!("http://example.com/cb"), "plain-http redirect"),
        (&oauth, "oauth-redirect-uri", json!("http://localhost:3000/cb"), "loopback redirect"),
        (&oauth, "oauth-token-url", json!("ftp://x"), "bad token URL"),
        (&oauth, "oauth-scopes", json!(["aftership:tracking:read"]), "scopes"),
        (&oauth, "oauth-product", Value::Null, "OAuth without a product"),
        (&oauth, "oauth-product", json!(" postmen "), "product with spaces around"),
        (&oauth, "oauth-product", json!("bad product!"), "bad product"),
        (&oauth, "oauth-product", json!("p".repeat(65)), "long product"),
    ];
    let mut corpus = vec![
        (plain.clone(), "plain API key"),
        (aes.clone(), "AES without a secret"),
        (oauth.clone(), "OAuth"),
    ];
    for (base, key, value, label) in edits {
        corpus.push((with(base, key, value), label));
    }
    for t in ApiType::ALL {
        let base = with(&plain, "api-type", json!(t.as_str()));
        corpus.push((base.clone(), "each type"));
        corpus.push((
            with(&base, "environment", json!("sandbox")),
            "sandbox per type",
        ));
        corpus.push((with(&base, "store-id", json!(" s1 ")), "store id per type"));
        corpus.push((
            with(&base, "store-id", json!("s".repeat(129))),
            "long store id",
        ));
    }
    corpus
}

#[test]
fn settings_agree_with_the_connection_schema() {
    let manifest = manifest_value();
    let schema = validator(&manifest["connection"]["schema"]);
    let mut disagreements = Vec::new();
    let (mut good, mut bad) = (0, 0);
    for (object, label) in settings_corpus() {
        let by_schema = schema.is_valid(&object);
        let known = object.as_object().unwrap().keys().all(|k| {
            manifest["connection"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["id"] == k.as_str())
        });
        let (settings, app) = to_settings(&object);
        let mut errors = validate_settings(&settings);
        if let Some(app) = app {
            errors.extend(app.validate());
            let product = object.get("oauth-product").and_then(Value::as_str);
            if let Err(message) = aftership_core::oauth::check_product(product) {
                errors.push(FieldError::new("oauth-product", message));
            }
        }
        let by_connector = known && errors.is_empty();
        if by_connector {
            good += 1;
        } else {
            bad += 1;
        }
        if by_schema != by_connector {
            disagreements.push(format!(
                "{label}: connector {by_connector} ({errors:?}), schema {by_schema} {:?}\n  {object}",
                schema.iter_errors(&object).map(|e| e.to_string()).collect::<Vec<_>>()
            ));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
    assert!(good >= 15 && bad >= 15, "{good} good, {bad} bad");
}

/// What the schema cannot say: an RSA key that is well formed text but not a key. The
/// connector refuses it; the schema only checks that some text is there.
#[test]
fn documented_gap_rsa_key_parsing() {
    let manifest = manifest_value();
    let schema = validator(&manifest["connection"]["schema"]);
    let object = json!({"name": "n", "api-type": "tracking", "api-key": "k", "auth-mode": "rsa-signature",
        "api-secret": "-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----"});
    assert!(schema.is_valid(&object));
    assert!(!validate_settings(&to_settings(&object).0).is_empty());
}

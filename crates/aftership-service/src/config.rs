//! The service's settings, one `wasi:config/store` key each: the connection settings (named as
//! the settings file's members), the bearer token clients must send, the webhook secret and the
//! timeout of one outgoing request. Read and checked at the first request of an instance; a bad
//! one is a typed `invalid_settings` error naming the key, never its value.

use aftership_core::{
    validate_settings, ApiType, AuthMode, ConnectorError, Environment, FieldError, Secret, Settings,
};

/// Keys of the connection settings, in the settings file's spelling.
pub const SETTING_KEYS: &[&str] = &[
    "name",
    "api_type",
    "environment",
    "auth_mode",
    "api_key",
    "api_secret",
    "access_token",
    "oauth_token_header",
    "store_id",
    "base_url",
];

/// The bearer token every route but `/v1/health` requires.
pub const SERVICE_TOKEN: &str = "service_token";
/// The secret webhooks are verified with (optional: without it every webhook is refused).
pub const WEBHOOK_SECRET: &str = "webhook_secret";
/// Milliseconds one outgoing request may take, connect to last byte (optional).
pub const TIMEOUT_MS: &str = "timeout_ms";

/// Shortest service token accepted: a guessable token would open the AfterShip account to anyone
/// who can reach the service.
pub const MIN_TOKEN_CHARS: usize = 16;
/// Default of [`TIMEOUT_MS`].
pub const DEFAULT_TIMEOUT_MS: u64 = 30_000;
/// Bounds of [`TIMEOUT_MS`].
pub const TIMEOUT_RANGE_MS: std::ops::RangeInclusive<u64> = 100..=300_000;

/// The config store could not be read (its own message is dropped: it may quote a value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoreError;

/// Everything the service reads from the config store.
#[derive(Clone, Debug)]
pub struct Config {
    /// The AfterShip connection.
    pub settings: Settings,
    /// What clients send as `authorization: Bearer <token>`.
    pub service_token: Secret,
    /// The webhook secret, when set.
    pub webhook_secret: Option<Secret>,
    /// Timeout of one outgoing request, milliseconds.
    pub timeout_ms: u64,
}

/// Reads and checks every key through `get` (the store's `get`: `Err` when the store failed).
/// All problems are reported at once, each naming its key.
pub fn load(
    mut get: impl FnMut(&str) -> Result<Option<String>, StoreError>,
) -> Result<Config, ConnectorError> {
    let mut errors = Vec::new();
    let mut read = |key: &str, errors: &mut Vec<FieldError>| -> Option<String> {
        match get(key) {
            Ok(Some(value)) if !value.trim().is_empty() => Some(value),
            Ok(_) => None,
            Err(StoreError) => {
                errors.push(FieldError::new(key, "the config store could not be read"));
                None
            }
        }
    };
    let api_type = match read("api_type", &mut errors) {
        Some(id) => ApiType::parse(id.trim()).or_else(|| {
            errors.push(FieldError::new(
                "api_type",
                one_of(&ApiType::ALL.map(ApiType::as_str)),
            ));
            None
        }),
        None => {
            errors.push(FieldError::new("api_type", "required"));
            None
        }
    };
    let environment = match read("environment", &mut errors) {
        Some(id) => Environment::parse(id.trim()).unwrap_or_else(|| {
            errors.push(FieldError::new(
                "environment",
                one_of(&Environment::ALL.map(Environment::as_str)),
            ));
            Environment::default()
        }),
        None => Environment::default(),
    };
    let auth_mode = match read("auth_mode", &mut errors) {
        Some(id) => AuthMode::parse(id.trim()).unwrap_or_else(|| {
            errors.push(FieldError::new(
                "auth_mode",
                one_of(&AuthMode::ALL.map(AuthMode::as_str)),
            ));
            AuthMode::default()
        }),
        None => AuthMode::default(),
    };
    let name = read("name", &mut errors).unwrap_or_else(|| "aftership".to_string());
    let api_key = read("api_key", &mut errors).unwrap_or_default();
    let api_secret = read("api_secret", &mut errors).map(Secret::new);
    let access_token = read("access_token", &mut errors).map(Secret::new);
    let oauth_token_header = read("oauth_token_header", &mut errors);
    let store_id = read("store_id", &mut errors);
    let base_url = read("base_url", &mut errors);
    let service_token = read(SERVICE_TOKEN, &mut errors).map(Secret::new);
    match &service_token {
        None => errors.push(FieldError::new(
            SERVICE_TOKEN,
            "required: the bearer token clients must send",
        )),
        Some(token) if token.expose().chars().count() < MIN_TOKEN_CHARS => {
            errors.push(FieldError::new(
                SERVICE_TOKEN,
                format!("must be at least {MIN_TOKEN_CHARS} characters"),
            ))
        }
        Some(token) if token.expose().chars().any(|c| !c.is_ascii_graphic()) => errors.push(
            FieldError::new(SERVICE_TOKEN, "must be printable ASCII without spaces"),
        ),
        Some(_) => {}
    }
    let webhook_secret = read(WEBHOOK_SECRET, &mut errors).map(Secret::new);
    let timeout_ms = match read(TIMEOUT_MS, &mut errors) {
        None => DEFAULT_TIMEOUT_MS,
        Some(text) => match text.trim().parse::<u64>() {
            Ok(ms) if TIMEOUT_RANGE_MS.contains(&ms) => ms,
            _ => {
                errors.push(FieldError::new(
                    TIMEOUT_MS,
                    format!(
                        "must be a whole number of milliseconds from {} to {}",
                        TIMEOUT_RANGE_MS.start(),
                        TIMEOUT_RANGE_MS.end()
                    ),
                ));
                DEFAULT_TIMEOUT_MS
            }
        },
    };
    let (Some(api_type), Some(service_token)) = (api_type, service_token) else {
        return Err(ConnectorError::InvalidSettings(errors));
    };
    let settings = Settings {
        name,
        api_type,
        environment,
        auth_mode,
        api_key: Secret::new(api_key),
        api_secret,
        access_token,
        oauth_token_header,
        store_id,
        base_url,
    };
    // The core's checks name its fields in the WIT spelling (`api-key`); the keys here are the
    // settings file's (`api_key`).
    errors.extend(
        validate_settings(&settings)
            .into_iter()
            .map(|e| FieldError::new(e.field.replace('-', "_"), e.message)),
    );
    if !errors.is_empty() {
        return Err(ConnectorError::InvalidSettings(errors));
    }
    Ok(Config {
        settings,
        service_token,
        webhook_secret,
        timeout_ms,
    })
}

fn one_of(ids: &[&str]) -> String {
    format!("must be one of: {}", ids.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn store(pairs: &[(&str, &str)]) -> impl FnMut(&str) -> Result<Option<String>, StoreError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key| Ok(map.get(key).cloned())
    }

    const TOKEN: &str = "a-service-token-long-enough";

    #[test]
    fn a_complete_store_gives_the_settings() {
        let config = load(store(&[
            ("api_type", "tracking"),
            ("api_key", "key-123"),
            (SERVICE_TOKEN, TOKEN),
            (TIMEOUT_MS, "1500"),
        ]))
        .unwrap();
        assert_eq!(config.settings.api_type, ApiType::Tracking);
        assert_eq!(config.settings.api_key.expose(), "key-123");
        assert_eq!(config.timeout_ms, 1500);
        assert!(config.webhook_secret.is_none());
    }

    #[test]
    fn every_bad_key_is_named_and_no_value_is_shown() {
        let error = load(store(&[
            ("api_type", "trackingz-secretish"),
            ("auth_mode", "hunter2-mode"),
            (SERVICE_TOKEN, "short-tok"),
            (TIMEOUT_MS, "12"),
        ]))
        .unwrap_err();
        let ConnectorError::InvalidSettings(fields) = &error else {
            panic!("expected invalid_settings, got {error:?}");
        };
        let named: Vec<&str> = fields.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(named, ["api_type", "auth_mode", SERVICE_TOKEN, TIMEOUT_MS]);
        let text = format!("{error} {error:?}");
        for value in ["trackingz-secretish", "hunter2-mode", "short-tok"] {
            assert!(!text.contains(value), "{value} leaked: {text}");
        }
    }

    #[test]
    fn the_core_checks_run_with_the_keys_spelled_as_the_store_spells_them() {
        let error = load(store(&[("api_type", "tracking"), (SERVICE_TOKEN, TOKEN)])).unwrap_err();
        let ConnectorError::InvalidSettings(fields) = &error else {
            panic!("expected invalid_settings, got {error:?}");
        };
        assert!(fields.iter().any(|f| f.field == "api_key"), "{fields:?}");
    }

    #[test]
    fn a_failing_store_is_a_settings_error_too() {
        let error = load(|_| Err(StoreError)).unwrap_err();
        assert_eq!(error.kind(), "invalid_settings");
    }
}

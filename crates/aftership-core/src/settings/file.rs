//! The settings file: connection settings as JSON text, read by the CLI (`--settings`) and written
//! in every recorded fixture. Credentials arrive as plain strings and become [`Secret`]s at once.

use serde::Deserialize;

use super::{ApiType, AuthMode, Environment, Settings};
use crate::secret::Secret;

/// Settings as written in a settings file (the CLI's `--settings`) or a recorded fixture.
/// Members are read in the WIT and manifest spelling (`api-type`, `auth-mode`, …) or in the
/// snake_case spelling the recorded fixtures (and the Node and Python replays that read them)
/// use (`api_type`, `auth_mode`, …). `Debug` masks the credentials.
#[derive(Deserialize, Clone)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    /// Connection name.
    #[serde(default = "default_name")]
    pub name: String,
    /// API type id.
    #[serde(alias = "api-type")]
    pub api_type: String,
    /// `production` (default) or `sandbox`.
    #[serde(default)]
    pub environment: Option<String>,
    /// `api-key` (default), `aes-signature`, `rsa-signature`, `oauth-token`.
    #[serde(default)]
    #[serde(alias = "auth-mode")]
    pub auth_mode: Option<String>,
    /// Placeholder or documented test value.
    #[serde(default)]
    #[serde(alias = "api-key")]
    pub api_key: String,
    /// Placeholder or documented test value.
    #[serde(default)]
    #[serde(alias = "api-secret")]
    pub api_secret: Option<String>,
    /// Placeholder.
    #[serde(default)]
    #[serde(alias = "access-token")]
    pub access_token: Option<String>,
    /// Token header.
    #[serde(default)]
    #[serde(alias = "oauth-token-header")]
    pub oauth_token_header: Option<String>,
    /// Store id.
    #[serde(default)]
    #[serde(alias = "store-id")]
    pub store_id: Option<String>,
    /// Host override.
    #[serde(default)]
    #[serde(alias = "base-url")]
    pub base_url: Option<String>,
}

fn default_name() -> String {
    "fixture".to_string()
}

impl SettingsFile {
    /// Converts to core settings (an unknown enum value is a fixture error).
    pub fn to_settings(&self) -> Result<Settings, String> {
        let api_type = ApiType::parse(&self.api_type)
            .ok_or_else(|| format!("unknown api_type `{}`", self.api_type))?;
        let environment = match self.environment.as_deref() {
            None => Environment::default(),
            Some(id) => {
                Environment::parse(id).ok_or_else(|| format!("unknown environment `{id}`"))?
            }
        };
        let auth_mode = match self.auth_mode.as_deref() {
            None => AuthMode::default(),
            Some(id) => AuthMode::parse(id).ok_or_else(|| format!("unknown auth_mode `{id}`"))?,
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

impl std::fmt::Debug for SettingsFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let masked = |value: Option<&String>| value.map(|_| "***");
        f.debug_struct("SettingsFile")
            .field("name", &self.name)
            .field("api_type", &self.api_type)
            .field("environment", &self.environment)
            .field("auth_mode", &self.auth_mode)
            .field("api_key", &masked(Some(&self.api_key)))
            .field("api_secret", &masked(self.api_secret.as_ref()))
            .field("access_token", &masked(self.access_token.as_ref()))
            .field("oauth_token_header", &self.oauth_token_header)
            .field("store_id", &self.store_id)
            .field("base_url", &self.base_url)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_spellings_and_masks_credentials_in_debug() {
        let file: SettingsFile = serde_json::from_str(
            r#"{"api-type":"tracking","api_key":"key-SENTINEL-1","access-token":"tok-SENTINEL-2",
                "auth_mode":"oauth-token"}"#,
        )
        .expect("a settings file");
        let settings = file.to_settings().expect("settings");
        assert_eq!(settings.api_type, ApiType::Tracking);
        assert_eq!(settings.auth_mode, AuthMode::OauthToken);
        let shown = format!("{file:?}");
        assert!(!shown.contains("SENTINEL"), "{shown}");
        assert!(shown.contains("api_key: Some(\"***\")"), "{shown}");
        let unknown = serde_json::from_str::<SettingsFile>(r#"{"api_type":"tracking","x":1}"#);
        assert!(unknown.is_err());
        let bad = SettingsFile {
            api_type: "nope".into(),
            ..file
        };
        assert_eq!(bad.to_settings().unwrap_err(), "unknown api_type `nope`");
    }
}

//! Connection settings: the record a connection form fills in ([`Settings`]), its field list
//! ([`fields`], which drives the form, the JSON Schema and the redaction), and its validation
//! (every bad field at once, for a form to show).

mod fields;
mod form;
mod validate;

pub use crate::sets::{ApiType, AuthMode, Environment};
pub(crate) use fields::connection_fields;
#[cfg(feature = "manifest")]
pub(crate) use form::FieldSpec;
pub use validate::validate_settings;
pub(crate) use validate::{check_settings, RsaKeyCheck};

use crate::secret::Secret;

/// Everything the connection form collects. `Debug` never shows a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// Display name.
    pub name: String,
    /// Product.
    pub api_type: ApiType,
    /// Host family.
    pub environment: Environment,
    /// Authentication mode.
    pub auth_mode: AuthMode,
    /// API key.
    pub api_key: Secret,
    /// AES secret or RSA PKCS#8 PEM key.
    pub api_secret: Option<Secret>,
    /// OAuth access token.
    pub access_token: Option<Secret>,
    /// Header carrying the OAuth token (default `authorization`, value `Bearer <token>`).
    pub oauth_token_header: Option<String>,
    /// `as-store-id`.
    pub store_id: Option<String>,
    /// Scheme and host override (proxy, loopback tests).
    pub base_url: Option<String>,
}

impl Settings {
    /// Plain API-key settings for a type, production host.
    pub fn new(name: impl Into<String>, api_type: ApiType, api_key: impl Into<String>) -> Self {
        Settings {
            name: name.into(),
            api_type,
            environment: Environment::Production,
            auth_mode: AuthMode::ApiKey,
            api_key: Secret::new(api_key.into()),
            api_secret: None,
            access_token: None,
            oauth_token_header: None,
            store_id: None,
            base_url: None,
        }
    }

    /// The store id when it is set to something.
    pub fn store_id(&self) -> Option<&str> {
        self.store_id
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    /// The form ids of the record's members, in form order (`name`, `api-type`, …, `base-url`):
    /// the connection form's fields outside the OAuth app group, as the WIT
    /// `connection-settings` record and settings files name them.
    pub fn member_ids() -> impl Iterator<Item = &'static str> {
        connection_fields()
            .iter()
            .filter(|f| f.group.is_none())
            .map(|f| f.id)
    }

    /// Scheme and host requests go to.
    pub fn origin(&self) -> &str {
        match self.base_url.as_deref().map(str::trim) {
            Some(url) if !url.is_empty() => url.trim_end_matches('/'),
            _ => self.environment.origin(),
        }
    }
}

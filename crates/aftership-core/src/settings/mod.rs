//! Connection settings: the record a connection form fills in ([`Settings`]), its field list
//! ([`fields`], which drives the form, the JSON Schema and the redaction), and its validation
//! (every bad field at once, for a form to show).

mod base_url;
mod fields;
mod file;
mod form;
mod validate;

pub use crate::sets::{ApiType, AuthMode, Environment};
pub(crate) use fields::connection_fields;
pub use fields::Settings;
pub use file::SettingsFile;
#[cfg(feature = "manifest")]
pub(crate) use form::FieldSpec;
pub use validate::validate_settings;
pub(crate) use validate::{check_settings, RsaKeyCheck};

impl Settings {
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

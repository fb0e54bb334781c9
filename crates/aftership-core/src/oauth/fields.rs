//! The member names of the token endpoint's answer. AfterShip does not document its token
//! response, so the RFC 6749 §5.1 names are only defaults a platform can replace.

use super::OAuthError;
use crate::error::FieldError;

/// Names to read a token answer with; `None` (or blank) keeps the RFC 6749 name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TokenFields {
    /// Default `access_token`.
    pub access_token: Option<String>,
    /// Default `refresh_token`.
    pub refresh_token: Option<String>,
    /// Default `expires_in` (seconds).
    pub expires_in: Option<String>,
    /// Default `token_type`.
    pub token_type: Option<String>,
    /// Default `scope`.
    pub scope: Option<String>,
}

/// The names in use, after defaults.
pub(super) struct FieldNames<'a> {
    pub access_token: &'a str,
    pub refresh_token: &'a str,
    pub expires_in: &'a str,
    pub token_type: &'a str,
    pub scope: &'a str,
}

impl TokenFields {
    /// Every bad name at once (`token-fields.<name>`): at most 64 printable ASCII characters.
    pub(super) fn names(&self) -> Result<FieldNames<'_>, OAuthError> {
        let mut errors = Vec::new();
        let names = FieldNames {
            access_token: pick(
                &mut errors,
                &self.access_token,
                "access-token",
                "access_token",
            ),
            refresh_token: pick(
                &mut errors,
                &self.refresh_token,
                "refresh-token",
                "refresh_token",
            ),
            expires_in: pick(&mut errors, &self.expires_in, "expires-in", "expires_in"),
            token_type: pick(&mut errors, &self.token_type, "token-type", "token_type"),
            scope: pick(&mut errors, &self.scope, "scope", "scope"),
        };
        if errors.is_empty() {
            Ok(names)
        } else {
            Err(OAuthError::InvalidInput(errors))
        }
    }
}

fn pick<'a>(
    errors: &mut Vec<FieldError>,
    given: &'a Option<String>,
    wit: &str,
    default: &'static str,
) -> &'a str {
    match given.as_deref().map(str::trim).filter(|n| !n.is_empty()) {
        None => default,
        Some(name) if name.len() <= 64 && name.bytes().all(|b| b.is_ascii_graphic()) => name,
        Some(_) => {
            errors.push(FieldError::new(
                format!("token-fields.{wit}"),
                "a member name: printable ASCII without spaces, at most 64 characters",
            ));
            default
        }
    }
}

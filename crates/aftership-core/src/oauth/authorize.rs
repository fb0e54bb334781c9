//! The consent URL the merchant is sent to.

use super::{check_state, is_printable, non_blank, OAuthApp, OAuthError};
use crate::encode::encode_query;
use crate::error::FieldError;

/// Builds the URL to send the merchant to: `client_id`, `product` (when given), `redirect_uri`,
/// `response_type=code`, `scope` (space-separated) and `state`, sorted by name and percent-encoded.
/// `state` should be at least 16 unguessable characters, stored by the host for the redirect.
pub fn authorization_url(
    app: &OAuthApp,
    scopes: &[String],
    state: &str,
    product: Option<&str>,
) -> Result<String, OAuthError> {
    let errors = app.validate();
    if !errors.is_empty() {
        return Err(OAuthError::InvalidApp(errors));
    }
    let mut errors = Vec::new();
    if scopes.is_empty() {
        errors.push(FieldError::new("scopes", "at least one scope is required"));
    }
    for (i, scope) in scopes.iter().enumerate() {
        if scope.is_empty() || !is_printable(scope) {
            errors.push(FieldError::new(
                format!("scopes[{i}]"),
                "a scope is printable ASCII without spaces",
            ));
        }
    }
    check_state(state, &mut errors);
    let product = non_blank(product);
    if let Some(p) = product {
        if !is_printable(p) || p.len() > 64 {
            errors.push(FieldError::new(
                "product",
                "printable ASCII without spaces, at most 64 characters",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(OAuthError::InvalidInput(errors));
    }
    let mut pairs = vec![
        ("client_id".to_string(), app.client_id.clone()),
        ("redirect_uri".to_string(), app.redirect_uri.clone()),
        ("response_type".to_string(), "code".to_string()),
        ("scope".to_string(), scopes.join(" ")),
        ("state".to_string(), state.to_string()),
    ];
    if let Some(p) = product {
        pairs.push(("product".to_string(), p.to_string()));
    }
    let base = app.authorize_url();
    let sep = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{sep}{}", encode_query(&mut pairs)))
}

//! The consent URL the merchant is sent to.
//!
//! Parameters per AfterShip's "Get Authorize" page
//! (aftership.com/docs/oauth/c5a2e6e1c63ed-get-authorize): `product`, `client_id`,
//! `response_type` ("must be set to code"), `scope` ("Split by comma") and `state`; the sibling
//! "Request Grant" operation (aftership.com/docs/oauth/242b4583fa61f-request-grant) marks
//! `scope`, `client_id`, `redirect_uri`, `response_type` and `product` all required.

use super::{check_product, check_state, is_printable, OAuthApp, OAuthError};
use crate::encode::percent_encode;
use crate::error::FieldError;

/// Builds the URL to send the merchant to: `client_id`, `product`, `redirect_uri`,
/// `response_type=code`, `scope` and `state`, sorted by name and percent-encoded. The scopes are
/// joined by a literal comma (each scope percent-encoded), as AfterShip documents. `product` is
/// required (`None` or blank is an `invalid_input` error on `product`): AfterShip requires it but
/// publishes no list of values; take it from the App URL launch request (see
/// [`super::verify_launch`]). `state` should be at least 16 unguessable characters, stored by the
/// host for the redirect.
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
    if let Err(message) = check_product(product) {
        errors.push(FieldError::new("product", message));
    }
    if scopes.is_empty() {
        errors.push(FieldError::new("scopes", "at least one scope is required"));
    }
    for (i, scope) in scopes.iter().enumerate() {
        if scope.is_empty() || !is_printable(scope) || scope.contains(',') {
            errors.push(FieldError::new(
                format!("scopes[{i}]"),
                "a scope is printable ASCII without spaces or commas",
            ));
        }
    }
    check_state(state, &mut errors);
    if !errors.is_empty() {
        return Err(OAuthError::InvalidInput(errors));
    }
    let product = product.unwrap_or_default().trim();
    let scope = scopes
        .iter()
        .map(|s| percent_encode(s))
        .collect::<Vec<_>>()
        .join(",");
    // Sorted by name, like every other query the connector builds.
    let query = [
        ("client_id", percent_encode(&app.client_id)),
        ("product", percent_encode(product)),
        ("redirect_uri", percent_encode(&app.redirect_uri)),
        ("response_type", "code".to_string()),
        ("scope", scope),
        ("state", percent_encode(state)),
    ]
    .iter()
    .map(|(name, value)| format!("{name}={value}"))
    .collect::<Vec<_>>()
    .join("&");
    let base = app.authorize_url();
    let sep = if base.contains('?') { '&' } else { '?' };
    Ok(format!("{base}{sep}{query}"))
}

//! The App URL launch request: when a merchant opens the app from AfterShip, the App URL receives
//! `product`, `timestamp` and an HMAC-SHA256 signature (oauth-facts J, from a third-party digest
//! of AfterShip's getting-started page; AfterShip registers the App URL per app: getting-started,
//! aftership.com/docs/shipping/quickstart/authentication/oauth/getting-started).
//!
//! Assumed (UNCONFIRMED): the signature travels in a parameter named `hmac` and uses the same
//! recipe as the redirect's (see [`super::HmacPolicy`]); `timestamp` is Unix seconds (a value of
//! 10^11 or more is read as milliseconds, so either form works for any present-day time; an
//! RFC 3339 date-time is accepted too, so an unexpected format does not refuse every launch).

use serde_json::Value;

use super::redirect::{check_hmac, query_params, single};
use super::{check_product, HmacPolicy, HmacStatus, OAuthApp, OAuthError};
use crate::error::FieldError;

/// How far `timestamp` may be from the host's clock (either way) when the caller gives no
/// tolerance: 5 minutes.
pub const DEFAULT_LAUNCH_TOLERANCE_MS: u64 = 5 * 60 * 1000;

/// Below this a `timestamp` is read as seconds, from it on as milliseconds.
const MILLISECONDS_FROM: u64 = 100_000_000_000;

/// A checked launch request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaunchRequest {
    /// AfterShip's `product`: pass it to [`super::authorization_url`].
    pub product: String,
    /// `timestamp`, as Unix milliseconds.
    pub timestamp_unix_ms: u64,
    /// What is known about the signature (only `Verified` means it matched).
    pub hmac: HmacStatus,
    /// Every parameter except `hmac`, decoded, in received order (e.g. a shop or account id).
    pub params: Vec<(String, String)>,
}

/// Checks the App URL launch request. `query` is its query string (or whole URL); `now_unix_ms`
/// is the host's clock (the request context's time); `tolerance_ms` defaults to
/// [`DEFAULT_LAUNCH_TOLERANCE_MS`]. Order: the signature per `policy` (the default
/// [`HmacPolicy::Report`] reports, [`HmacPolicy::Require`] refuses), then `timestamp` (always
/// enforced: a request further than the tolerance from now is [`OAuthError::StaleRequest`]),
/// then `product` (required, the same rule as at authorize). Unless `hmac` is
/// [`HmacStatus::Verified`], the request proves nothing about who sent it: use it to pick the
/// `product` for consent, never to sign a merchant in.
pub fn verify_launch(
    app: &OAuthApp,
    query: &str,
    now_unix_ms: u64,
    tolerance_ms: Option<u64>,
    policy: HmacPolicy,
) -> Result<LaunchRequest, OAuthError> {
    if app.client_secret.is_blank() && policy != HmacPolicy::Skip {
        return Err(OAuthError::InvalidApp(vec![FieldError::new(
            "client-secret",
            "required to verify the launch request's hmac",
        )]));
    }
    let params = query_params(query)?;
    let hmac = check_hmac(policy, app, &params)?;

    let timestamp = match single(&params, "timestamp")? {
        None | Some("") => return Err(OAuthError::MissingParameter("timestamp".into())),
        Some(t) => t,
    };
    let Some(timestamp_unix_ms) = parse_timestamp(timestamp) else {
        return Err(OAuthError::input(
            "timestamp",
            "Unix seconds (or milliseconds) or an RFC 3339 date-time",
        ));
    };
    let tolerance_ms = tolerance_ms.unwrap_or(DEFAULT_LAUNCH_TOLERANCE_MS);
    if timestamp_unix_ms.abs_diff(now_unix_ms) > tolerance_ms {
        return Err(OAuthError::StaleRequest {
            timestamp_unix_ms,
            now_unix_ms,
            tolerance_ms,
        });
    }

    let product = match single(&params, "product")? {
        None | Some("") => return Err(OAuthError::MissingParameter("product".into())),
        Some(p) => check_product(Some(p))
            .map_err(|message| OAuthError::input("product", message))?
            .to_string(),
    };
    Ok(LaunchRequest {
        product,
        timestamp_unix_ms,
        hmac,
        params: params.into_iter().filter(|(k, _)| k != "hmac").collect(),
    })
}

fn parse_timestamp(text: &str) -> Option<u64> {
    if text.len() > 64 {
        return None;
    }
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return crate::webhook::parse_rfc3339_ms(text).and_then(|ms| u64::try_from(ms).ok());
    }
    if text.is_empty() || text.len() > 16 {
        return None;
    }
    let value: u64 = text.parse().ok()?;
    Some(if value >= MILLISECONDS_FROM {
        value
    } else {
        value * 1000
    })
}

/// The JSON form of a checked launch request (for fixtures).
pub fn launch_json(launch: &LaunchRequest) -> Value {
    serde_json::json!({
        "product": launch.product,
        "timestamp_unix_ms": launch.timestamp_unix_ms,
        "hmac": launch.hmac.as_str(),
        "params": launch.params.iter().map(|(k, v)| serde_json::json!([k, v])).collect::<Vec<_>>(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_seconds_or_milliseconds() {
        assert_eq!(parse_timestamp("1783327770"), Some(1_783_327_770_000));
        assert_eq!(parse_timestamp("1783327770123"), Some(1_783_327_770_123));
        assert_eq!(parse_timestamp("0"), Some(0));
        assert_eq!(
            parse_timestamp("2026-07-06T08:49:37Z"),
            Some(1_783_327_777_000)
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "12a",
            "99999999999999999",
            " 1",
            "1969-12-31T23:59:59Z",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }
}

//! The wait a rate-limited answer asks for (`retry-after-ms`), with its ceiling, and the rule for
//! sending a failed request again that every driver of the core shares (runner, WASI-HTTP service).

use crate::types::HttpResponse;

/// Longest wait `retry-after-ms` reports: one hour. AfterShip's limits are per second and its
/// documented quotas reset within the hour, so a longer hint is a broken or hostile header;
/// a host that honours it blindly would stall a flow for ages (u64::MAX before this ceiling).
pub const MAX_RETRY_AFTER_MS: u64 = 3_600_000;

/// The wait a 429 asks for, at most [`MAX_RETRY_AFTER_MS`]: `retry-after` as seconds or as an
/// HTTP-date (RFC 9110 §10.2.3, relative to the request context's time; a past date is 0), else
/// `x-ratelimit-reset` / `ratelimit-reset` (a Unix timestamp in seconds per AfterShip's docs;
/// small values are taken as seconds to wait).
pub(crate) fn retry_after_ms(response: &HttpResponse, now_ms: u64) -> Option<u64> {
    let number = |name: &str| -> Option<f64> {
        let v: f64 = response.header(name)?.trim().parse().ok()?;
        (v.is_finite() && v >= 0.0).then_some(v)
    };
    // `as u64` saturates, and the ceiling then applies.
    let millis = |seconds: f64| ((seconds * 1000.0) as u64).min(MAX_RETRY_AFTER_MS);
    if let Some(seconds) = number("retry-after") {
        return Some(millis(seconds));
    }
    if let Some(date) = response.header("retry-after").and_then(http_date_ms) {
        return Some(date.saturating_sub(now_ms).min(MAX_RETRY_AFTER_MS));
    }
    let reset = number("x-ratelimit-reset").or_else(|| number("ratelimit-reset"))?;
    if reset >= 1_000_000_000.0 {
        Some(
            ((reset * 1000.0) as u64)
                .saturating_sub(now_ms)
                .min(MAX_RETRY_AFTER_MS),
        )
    } else {
        Some(millis(reset))
    }
}

/// An HTTP-date (IMF-fixdate, or the obsolete RFC 850 / asctime forms) as Unix milliseconds.
fn http_date_ms(text: &str) -> Option<u64> {
    let time = httpdate::parse_http_date(text.trim()).ok()?;
    let since = time.duration_since(std::time::UNIX_EPOCH).ok()?;
    u64::try_from(since.as_millis()).ok()
}

/// How a failed attempt may be sent again (see [`retry_advice`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryAdvice {
    /// Wait exactly this many milliseconds (AfterShip said so).
    AfterMs(u64),
    /// Exponential backoff with full jitter ([`backoff_ceiling_ms`]).
    Backoff,
}

/// Whether an error answer to a `method` request may be sent again, and how: a rate limit for
/// every method (AfterShip refused it, nothing happened); a retryable server error or gateway
/// page only for reads, unless `retry_unsafe` (a create behind a 502 may have gone through);
/// nothing else. The runner and the WASI-HTTP service share this rule.
pub fn retry_advice(
    method: crate::Method,
    error: &crate::ConnectorError,
    retry_unsafe: bool,
) -> Option<RetryAdvice> {
    use crate::ConnectorError as E;
    let safe = method == crate::Method::Get || retry_unsafe;
    match error {
        E::RateLimited(limit) => Some(
            limit
                .retry_after_ms
                .map(RetryAdvice::AfterMs)
                .unwrap_or(RetryAdvice::Backoff),
        ),
        E::Server(error) if error.retryable && safe => Some(RetryAdvice::Backoff),
        E::UnexpectedResponse(u) if u.retryable && safe => Some(RetryAdvice::Backoff),
        _ => None,
    }
}

/// The backoff ceiling before attempt `attempt + 1` (attempts count from 1): `base_ms * 2^(attempt
/// - 1)`, at most `cap_ms`. Full jitter waits a random time in `0..=ceiling`.
pub fn backoff_ceiling_ms(attempt: u32, base_ms: u64, cap_ms: u64) -> u64 {
    let exp = attempt.saturating_sub(1).min(20);
    base_ms.saturating_mul(1u64 << exp).min(cap_ms)
}

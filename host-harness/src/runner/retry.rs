//! When to send a request again, and how long to wait first.
//!
//! - `rate_limited` (429, or Shipping's 4172): wait `retry-after-ms` (exponential backoff when the
//!   answer gave no wait), for every operation: AfterShip refused the request, nothing happened.
//! - retryable server errors (5xx envelopes, HTML gateway pages) and transport failures:
//!   exponential backoff with full jitter (`random(0, min(cap, base * 2^n))`).
//! - Operations that create or change things (any method but GET) are sent again only when the
//!   request provably never left this machine (DNS, connect or TLS failure) or was rate limited,
//!   unless the user opts in (`--retry-unsafe`): a 502 or a reset after sending may hide a
//!   create that went through, and a second create would duplicate it.
//! - Attempts and total time are capped.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aftership_core::retry::{backoff_ceiling_ms, retry_advice, RetryAdvice};
use aftership_core::{ConnectorError, Method};

use super::http::TransportError;

/// Limits of the retry loop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included (1 = never retry).
    pub max_attempts: u32,
    /// No retry starts after this much time since the first attempt.
    pub max_elapsed: Duration,
    /// First backoff ceiling.
    pub base: Duration,
    /// Largest backoff ceiling.
    pub cap: Duration,
    /// Retry creates and changes after ambiguous failures too.
    pub retry_unsafe: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            max_elapsed: Duration::from_secs(120),
            base: Duration::from_millis(250),
            cap: Duration::from_secs(20),
            retry_unsafe: false,
        }
    }
}

/// What went wrong with one attempt, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure<'a> {
    /// The component parsed an error answer.
    Connector(&'a ConnectorError),
    /// No answer.
    Transport(&'a TransportError),
}

/// How to retry, when a retry is allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// Wait exactly this long (AfterShip said so).
    After(Duration),
    /// Exponential backoff with full jitter.
    Backoff,
}

impl RetryPolicy {
    /// Whether (and how) a failed attempt of a `method` request may be sent again.
    pub fn decide(&self, method: Method, failure: Failure<'_>) -> Option<Retry> {
        match failure {
            Failure::Connector(error) => {
                retry_advice(method, error, self.retry_unsafe).map(|advice| match advice {
                    RetryAdvice::AfterMs(ms) => Retry::After(Duration::from_millis(ms)),
                    RetryAdvice::Backoff => Retry::Backoff,
                })
            }
            Failure::Transport(t)
                if !t.maybe_sent || method == Method::Get || self.retry_unsafe =>
            {
                Some(Retry::Backoff)
            }
            Failure::Transport(_) => None,
        }
    }

    /// The backoff before attempt `attempt + 1` (attempt counts from 1): full jitter.
    pub fn backoff(&self, attempt: u32, rng: &mut Jitter) -> Duration {
        let ceiling = backoff_ceiling_ms(
            attempt,
            self.base.as_millis() as u64,
            self.cap.as_millis() as u64,
        );
        Duration::from_millis(rng.below(ceiling + 1))
    }
}

/// A small xorshift generator for jitter (not for anything secret).
#[derive(Clone, Debug)]
pub struct Jitter(u64);

impl Jitter {
    /// Seeded from the clock and a per-thread counter.
    pub fn new(salt: u64) -> Self {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        Self((nanos ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1)
    }

    /// A value in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        if n == 0 {
            0
        } else {
            x % n
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aftership_core::{ApiError, RateLimit, Unexpected};

    fn server() -> ConnectorError {
        ConnectorError::Server(ApiError {
            status: 503,
            retryable: true,
            ..ApiError::default()
        })
    }

    #[test]
    fn a_429_is_retried_for_every_method_after_the_wait_it_gave() {
        let policy = RetryPolicy::default();
        let limited = ConnectorError::RateLimited(RateLimit {
            retry_after_ms: Some(1500),
            error: ApiError::default(),
        });
        for method in [Method::Get, Method::Post, Method::Delete] {
            assert_eq!(
                policy.decide(method, Failure::Connector(&limited)),
                Some(Retry::After(Duration::from_millis(1500)))
            );
        }
    }

    #[test]
    fn server_errors_are_retried_only_for_reads_unless_opted_in() {
        let policy = RetryPolicy::default();
        let html = ConnectorError::UnexpectedResponse(Unexpected {
            status: 502,
            reason: "html".into(),
            excerpt: String::new(),
            retryable: true,
        });
        for error in [server(), html] {
            assert_eq!(
                policy.decide(Method::Get, Failure::Connector(&error)),
                Some(Retry::Backoff)
            );
            assert_eq!(
                policy.decide(Method::Post, Failure::Connector(&error)),
                None
            );
            let opted = RetryPolicy {
                retry_unsafe: true,
                ..policy
            };
            assert_eq!(
                opted.decide(Method::Post, Failure::Connector(&error)),
                Some(Retry::Backoff)
            );
        }
    }

    #[test]
    fn transport_failures_retry_creates_only_when_nothing_was_sent() {
        let policy = RetryPolicy::default();
        let refused = TransportError {
            message: "refused".into(),
            maybe_sent: false,
        };
        let reset = TransportError {
            message: "reset".into(),
            maybe_sent: true,
        };
        assert_eq!(
            policy.decide(Method::Post, Failure::Transport(&refused)),
            Some(Retry::Backoff)
        );
        assert_eq!(
            policy.decide(Method::Post, Failure::Transport(&reset)),
            None
        );
        assert_eq!(
            policy.decide(Method::Get, Failure::Transport(&reset)),
            Some(Retry::Backoff)
        );
    }

    #[test]
    fn client_errors_are_never_retried() {
        let policy = RetryPolicy {
            retry_unsafe: true,
            ..RetryPolicy::default()
        };
        let error = ConnectorError::Unauthorized(ApiError::default());
        assert_eq!(policy.decide(Method::Get, Failure::Connector(&error)), None);
    }

    #[test]
    fn backoff_is_full_jitter_under_a_growing_capped_ceiling() {
        let policy = RetryPolicy::default();
        let mut rng = Jitter::new(7);
        for attempt in 1..30 {
            let ceiling = policy
                .base
                .saturating_mul(1 << (attempt - 1).min(20))
                .min(policy.cap);
            for _ in 0..50 {
                assert!(policy.backoff(attempt, &mut rng) <= ceiling);
            }
        }
        let spread: std::collections::HashSet<Duration> =
            (0..50).map(|_| policy.backoff(4, &mut rng)).collect();
        assert!(spread.len() > 10, "jitter should spread the waits");
    }
}

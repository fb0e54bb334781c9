//! Pacing: one evenly spaced token bucket per (API key, rate-limit family).
//!
//! A bucket of rate `r` hands out one slot every `1/r` seconds with no burst, so any one-second
//! window sees at most `r + 1` requests, whatever the number of worker threads. A 429 or an answer
//! with `x-ratelimit-remaining: 0` pushes the bucket's next slot past the reset time, which slows
//! every thread sharing the bucket. Own code rather than `governor`: the bucket needs a "pause
//! until" operation driven by AfterShip's headers and an interruptible wait, which is a dozen
//! lines here.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use aftership_core::HttpResponse;

/// Longest pause the headers may impose on a bucket (a wrong clock must not stall a run).
pub const MAX_PAUSE: Duration = Duration::from_secs(60);

/// Identifies a bucket: a fingerprint of the API key (never the key) and the family id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct BucketKey {
    key_fingerprint: u64,
    family: String,
}

impl BucketKey {
    /// The bucket of `family` for this credential.
    pub fn new(credential: &str, family: &str) -> Self {
        let mut hasher = DefaultHasher::new();
        credential.hash(&mut hasher);
        Self {
            key_fingerprint: hasher.finish(),
            family: family.to_string(),
        }
    }
}

#[derive(Debug)]
struct Bucket {
    interval: Duration,
    next_free: Instant,
}

/// The buckets of one run, shared by its threads.
#[derive(Debug, Default)]
pub struct Pacer {
    enabled: bool,
    buckets: Mutex<HashMap<BucketKey, Bucket>>,
}

impl Pacer {
    /// A pacer; when `enabled` is false every wait returns at once (benchmarks, stand-ins).
    pub fn new(enabled: bool) -> Self {
        Self {
            enabled,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether pacing is on.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Reserves the next slot of `key` at `per_second` and returns when it is due. Returns
    /// `false` (without waiting further) when `stop` was raised and `interruptible` is set.
    pub fn acquire(
        &self,
        key: &BucketKey,
        per_second: f64,
        stop: &AtomicBool,
        interruptible: bool,
    ) -> bool {
        if !self.enabled || per_second.is_nan() || per_second <= 0.0 {
            return true;
        }
        let due = {
            let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
            let now = Instant::now();
            let bucket = buckets.entry(key.clone()).or_insert_with(|| Bucket {
                interval: Duration::from_secs_f64(1.0 / per_second),
                next_free: now,
            });
            bucket.interval = Duration::from_secs_f64(1.0 / per_second);
            let due = bucket.next_free.max(now);
            bucket.next_free = due + bucket.interval;
            due
        };
        sleep_until(due, stop, interruptible)
    }

    /// No slot of `key` before `until` (at most [`MAX_PAUSE`] from now).
    pub fn pause(&self, key: &BucketKey, until: Instant) {
        if !self.enabled {
            return;
        }
        let until = until.min(Instant::now() + MAX_PAUSE);
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(bucket) = buckets.get_mut(key) {
            bucket.next_free = bucket.next_free.max(until);
        }
    }

    /// Applies what an answer says about the window: `x-ratelimit-remaining: 0` (or
    /// `ratelimit-remaining: 0`) pauses the bucket until the reset the headers give (one second
    /// when they give none).
    pub fn observe(&self, key: &BucketKey, response: &HttpResponse, now_unix_ms: u64) {
        let remaining = response
            .header("x-ratelimit-remaining")
            .or_else(|| response.header("ratelimit-remaining"))
            .and_then(|v| v.trim().parse::<f64>().ok());
        if remaining != Some(0.0) {
            return;
        }
        let wait = reset_wait(response, now_unix_ms).unwrap_or(Duration::from_secs(1));
        self.pause(key, Instant::now() + wait);
    }
}

/// The wait until the window resets, from `x-ratelimit-reset` / `ratelimit-reset` (a Unix time in
/// seconds per AfterShip's docs; small values are read as seconds to wait, like the core does).
pub fn reset_wait(response: &HttpResponse, now_unix_ms: u64) -> Option<Duration> {
    let reset: f64 = response
        .header("x-ratelimit-reset")
        .or_else(|| response.header("ratelimit-reset"))?
        .trim()
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite() && *v >= 0.0)?;
    let ms = if reset >= 1_000_000_000.0 {
        ((reset * 1000.0) as u64).saturating_sub(now_unix_ms)
    } else {
        (reset * 1000.0) as u64
    };
    Some(Duration::from_millis(ms).min(MAX_PAUSE))
}

/// Sleeps until `due` in short slices; returns false early when `stop` is raised and the wait is
/// `interruptible`.
pub fn sleep_until(due: Instant, stop: &AtomicBool, interruptible: bool) -> bool {
    loop {
        let now = Instant::now();
        if now >= due {
            return true;
        }
        if interruptible && stop.load(Ordering::Relaxed) {
            return false;
        }
        std::thread::sleep((due - now).min(Duration::from_millis(50)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_evenly_spaced() {
        let pacer = Pacer::new(true);
        let key = BucketKey::new("k", "tracking");
        let stop = AtomicBool::new(false);
        let start = Instant::now();
        for _ in 0..6 {
            assert!(pacer.acquire(&key, 100.0, &stop, true));
        }
        // Slots at 0, 10, …, 50 ms: the sixth is due 50 ms after the first.
        assert!(start.elapsed() >= Duration::from_millis(49));
    }

    #[test]
    fn buckets_are_per_key_and_family() {
        assert_ne!(BucketKey::new("a", "x"), BucketKey::new("b", "x"));
        assert_ne!(BucketKey::new("a", "x"), BucketKey::new("a", "y"));
        assert_eq!(BucketKey::new("a", "x"), BucketKey::new("a", "x"));
    }

    #[test]
    fn remaining_zero_pauses_until_reset() {
        let pacer = Pacer::new(true);
        let key = BucketKey::new("k", "f");
        let stop = AtomicBool::new(false);
        assert!(pacer.acquire(&key, 1000.0, &stop, true));
        let response = HttpResponse {
            status: 200,
            headers: vec![
                ("X-RateLimit-Remaining".into(), "0".into()),
                ("X-RateLimit-Reset".into(), "0.2".into()),
            ],
            body: Vec::new(),
        };
        pacer.observe(&key, &response, 0);
        let start = Instant::now();
        assert!(pacer.acquire(&key, 1000.0, &stop, true));
        assert!(start.elapsed() >= Duration::from_millis(190));
    }

    #[test]
    fn reset_accepts_unix_time_and_seconds() {
        let at = |v: &str| HttpResponse {
            status: 429,
            headers: vec![("ratelimit-reset".into(), v.into())],
            body: Vec::new(),
        };
        let now_ms = 1_800_000_000_000;
        assert_eq!(
            reset_wait(&at("1800000002"), now_ms),
            Some(Duration::from_secs(2))
        );
        assert_eq!(reset_wait(&at("3"), now_ms), Some(Duration::from_secs(3)));
        assert_eq!(reset_wait(&at("x"), now_ms), None);
    }

    #[test]
    fn a_raised_stop_ends_an_interruptible_wait() {
        let stop = AtomicBool::new(true);
        let due = Instant::now() + Duration::from_secs(30);
        assert!(!sleep_until(due, &stop, true));
    }
}

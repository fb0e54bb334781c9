//! Name resolution for the runner's HTTP client: ureq's resolver, with each answer kept for a
//! short while.
//!
//! ureq resolves the host on every request, even when it then reuses a pooled keep-alive
//! connection. With a timeout set (the runner always sets one), its resolver runs each lookup on
//! a new thread so that the lookup can be abandoned. `strace -c` on a 1,000-page loopback export
//! counted 1,001 `clone3` calls, one thread per page, with the stack `mmap`, `mprotect`,
//! `madvise` and `munmap` that go with each. Answers are now kept for [`KEEP_FOR`]. That is
//! shorter than any TTL AfterShip's hosts are likely to use, and a pooled connection already
//! sticks to the address it was opened to. Failures are never kept.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a resolved address list is reused.
pub const KEEP_FOR: Duration = Duration::from_secs(30);

/// ureq's [`DefaultResolver`] behind a cache keyed by scheme and authority.
#[derive(Debug, Default)]
pub struct CachingResolver {
    inner: DefaultResolver,
    answers: Mutex<HashMap<String, (Instant, ResolvedSocketAddrs)>>,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = format!(
            "{}://{}",
            uri.scheme_str().unwrap_or_default(),
            uri.authority().map(|a| a.as_str()).unwrap_or_default()
        );
        let now = Instant::now();
        {
            let answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((at, addrs)) = answers.get(&key) {
                if now.duration_since(*at) < KEEP_FOR {
                    return Ok(addrs.clone());
                }
            }
        }
        let addrs = self.inner.resolve(uri, config, timeout)?;
        let mut answers = self.answers.lock().unwrap_or_else(|e| e.into_inner());
        answers.retain(|_, (at, _)| now.duration_since(*at) < KEEP_FOR);
        answers.insert(key, (now, addrs.clone()));
        Ok(addrs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ureq::Timeout;

    fn resolve(
        resolver: &CachingResolver,
        uri: &str,
    ) -> Result<Vec<std::net::SocketAddr>, ureq::Error> {
        let uri: Uri = uri.parse().unwrap();
        let timeout = NextTimeout {
            after: Duration::from_secs(5).into(),
            reason: Timeout::Resolve,
            per_read: None,
            per_write: None,
        };
        resolver
            .resolve(&uri, &Config::default(), timeout)
            .map(|addrs| addrs.to_vec())
    }

    #[test]
    fn an_answer_is_reused_and_failures_are_not_kept() {
        let resolver = CachingResolver::default();
        let first = resolve(&resolver, "http://127.0.0.1:8080/a").unwrap();
        assert_eq!(first, ["127.0.0.1:8080".parse().unwrap()]);
        assert_eq!(resolver.answers.lock().unwrap().len(), 1);
        // Same authority, other path: served from the cache.
        assert_eq!(
            resolve(&resolver, "http://127.0.0.1:8080/b").unwrap(),
            first
        );
        assert_eq!(resolver.answers.lock().unwrap().len(), 1);
        // Another port is another entry.
        let other = resolve(&resolver, "http://127.0.0.1:9090/").unwrap();
        assert_eq!(other, ["127.0.0.1:9090".parse().unwrap()]);
        assert_eq!(resolver.answers.lock().unwrap().len(), 2);
        // A name that cannot resolve is an error and leaves nothing behind.
        assert!(resolve(&resolver, "http://no-such-host.invalid/").is_err());
        assert_eq!(resolver.answers.lock().unwrap().len(), 2);
    }
}

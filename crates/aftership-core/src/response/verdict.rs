//! The two rules every AfterShip answer is judged by, shared by the API parser
//! (`response/classify.rs`) and the OAuth token parser (`oauth/token.rs`), so the two cannot
//! disagree: which `meta.code` means success, and which failures are worth retrying.

/// Is `meta.code` a success code? 1xx-3xx (Tracking-style HTTP-like codes), 3xxx (legacy Postmen,
/// Shipping) or 2xxxx (Returns, Commerce, Protection). A family may still count one of these as a
/// failure (`FamilyRules::failure_codes`, applied by the caller that knows the family).
pub(crate) fn is_success_code(code: i64) -> bool {
    (100..400).contains(&code) || (3000..4000).contains(&code) || (20000..30000).contains(&code)
}

/// Can the same request succeed later? For a 429 (too many requests) and any 5xx, whatever the
/// body said; an answer's own `meta.retryable` overrides this where the caller reads one.
pub(crate) fn is_retryable_status(status: u16) -> bool {
    status == 429 || status >= 500
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_codes_cover_every_documented_width() {
        for code in [200, 201, 204, 301, 3001, 3999, 20000, 20100, 29999] {
            assert!(is_success_code(code), "{code}");
        }
        for code in [0, 99, 400, 401, 500, 2999, 4001, 4172, 40001, 50000, -200] {
            assert!(!is_success_code(code), "{code}");
        }
    }

    #[test]
    fn retryable_means_429_or_5xx() {
        for status in [429, 500, 502, 503, 599] {
            assert!(is_retryable_status(status), "{status}");
        }
        for status in [200, 400, 401, 404, 409, 422, 428, 430, 499] {
            assert!(!is_retryable_status(status), "{status}");
        }
    }
}

//! Stable-toolchain fuzzing for the connector core (issue 9): structured generators over raw
//! bytes (`arbitrary`), oracles that check properties (not just "no crash"), a seeded driver and
//! a corpus of past findings replayed by `cargo test`.

mod auth_targets;
pub mod cases;
pub mod gen;
pub mod oracles;
pub mod targets;

use std::panic::{catch_unwind, AssertUnwindSafe};

pub use targets::TARGETS;

/// A small, fast, seeded PRNG (SplitMix64) for the driver's byte buffers.
#[derive(Clone, Debug)]
pub struct SplitMix(pub u64);

impl SplitMix {
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fills a buffer of random length (mostly short, sometimes long).
    pub fn bytes(&mut self, out: &mut Vec<u8>) {
        out.clear();
        let len = match self.next_u64() % 16 {
            0 => (self.next_u64() % 16_384) as usize,
            _ => (self.next_u64() % 512) as usize,
        };
        while out.len() < len {
            out.extend_from_slice(&self.next_u64().to_le_bytes());
        }
        out.truncate(len);
    }
}

/// Runs one case; a panic is a finding too.
pub fn run_case(target: &str, bytes: &[u8]) -> Result<(), String> {
    match catch_unwind(AssertUnwindSafe(|| targets::run(target, bytes))) {
        Ok(result) => result,
        Err(panic) => Err(format!(
            "panic: {}",
            panic
                .downcast_ref::<String>()
                .map(String::as_str)
                .or_else(|| panic.downcast_ref::<&str>().copied())
                .unwrap_or("(no message)")
        )),
    }
}

/// Hex text of bytes (corpus files).
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bytes of hex text.
pub fn from_hex(text: &str) -> Option<Vec<u8>> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok())
        .collect()
}

/// Counters of what the oracles actually checked (printed by the driver, so a run that never
/// reaches an oracle shows up).
pub mod stats {
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Requests built (all request oracles applied).
    pub static BUILT: AtomicU64 = AtomicU64::new(0);
    /// Signatures verified over an independently rebuilt SignString.
    pub static SIGNED: AtomicU64 = AtomicU64::new(0);
    /// Next-page inputs rebuilt by the same operation.
    pub static NEXT_PAGES: AtomicU64 = AtomicU64::new(0);
    /// Responses parsed to an outcome.
    pub static PARSED_OK: AtomicU64 = AtomicU64::new(0);
    /// Errors checked for secrets.
    pub static ERRORS: AtomicU64 = AtomicU64::new(0);
    /// Webhooks accepted (signature re-checked).
    pub static WEBHOOKS_OK: AtomicU64 = AtomicU64::new(0);

    /// Adds one to a counter.
    pub fn hit(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// All counters as `name=value` text, reset to zero.
    pub fn take() -> String {
        [
            ("built", &BUILT),
            ("signed", &SIGNED),
            ("next_pages", &NEXT_PAGES),
            ("parsed_ok", &PARSED_OK),
            ("errors", &ERRORS),
            ("webhooks_ok", &WEBHOOKS_OK),
        ]
        .iter()
        .map(|(name, c)| format!("{name}={}", c.swap(0, Ordering::Relaxed)))
        .collect::<Vec<_>>()
        .join(" ")
    }
}

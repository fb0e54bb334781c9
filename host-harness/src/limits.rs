//! Resource limits applied to every call.

use std::time::Duration;

use crate::MAX_MEMORY_BYTES;

/// How often the background thread advances the engine's epoch.
pub const EPOCH_TICK: Duration = Duration::from_millis(10);

/// Resource limits applied to every call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Maximum size of the guest's linear memory, in bytes (at most [`MAX_MEMORY_BYTES`]). The
    /// guest starts at about 0.4 MiB (256 KiB shadow stack plus data), so a cap below that fails
    /// at instantiation.
    pub memory_bytes: usize,
    /// Wall-time budget of one call (instantiation included).
    pub timeout: Duration,
}

impl Limits {
    /// 192 MiB of linear memory, two seconds per call.
    ///
    /// The memory cap is six times the core's input cap
    /// ([`aftership_core::MAX_INPUT_BYTES`], 32 MiB), so every input the connector accepts can be
    /// built: an e-mail input at the cap (one large base64 attachment, the shape of AfterShip's
    /// largest documented inputs) measured 160 MiB of guest memory (the input, its parsed form
    /// and the serialized body). Inputs made of millions of tiny JSON values need more (each
    /// value takes about 48 bytes in the guest); those fail with [`crate::HostError::OutOfMemory`],
    /// which names the cap.
    pub const DEFAULT: Limits = Limits {
        memory_bytes: 6 * aftership_core::MAX_INPUT_BYTES,
        timeout: Duration::from_secs(2),
    };

    /// The memory cap in force: [`Limits::memory_bytes`], but never above [`MAX_MEMORY_BYTES`]
    /// (the size of a pool slot).
    pub fn effective_memory_bytes(&self) -> usize {
        self.memory_bytes.min(MAX_MEMORY_BYTES)
    }

    /// The epoch deadline (in ticks) a store gets for this timeout.
    pub(crate) fn deadline_ticks(&self) -> u64 {
        let tick = EPOCH_TICK.as_nanos();
        let ticks = self.timeout.as_nanos().div_ceil(tick);
        u64::try_from(ticks).unwrap_or(u64::MAX)
    }
}

// The default memory cap must hold an input at the input cap (measured: 5x; see above).
const _: () = assert!(Limits::DEFAULT.memory_bytes >= 5 * aftership_core::MAX_INPUT_BYTES);
const _: () = assert!(Limits::DEFAULT.memory_bytes <= MAX_MEMORY_BYTES);

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deadline_ticks_round_up() {
        let limits = |ms| Limits {
            memory_bytes: 1,
            timeout: Duration::from_millis(ms),
        };
        assert_eq!(limits(0).deadline_ticks(), 0);
        assert_eq!(limits(1).deadline_ticks(), 1);
        assert_eq!(limits(10).deadline_ticks(), 1);
        assert_eq!(limits(11).deadline_ticks(), 2);
        assert_eq!(Limits::DEFAULT.deadline_ticks(), 200);
    }
}

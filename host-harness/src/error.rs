//! [`HostError`]: what went wrong in the runtime.

use std::time::Duration;

/// What went wrong in the runtime, as opposed to an answer of the connector itself
/// ([`aftership_core::ConnectorError`]). New cases may be added: match with a wildcard arm.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum HostError {
    /// The engine could not be configured or the component could not be compiled or linked.
    #[error("loading the component failed: {0}")]
    Load(String),
    /// The call used more linear memory than [`crate::Limits::memory_bytes`] allows.
    #[error(
        "`{export}` ran out of memory: it needed more than the guest memory cap of {} \
         ({limit_bytes} bytes, `Limits::memory_bytes`); the call was abandoned",
        mebibytes(*limit_bytes)
    )]
    OutOfMemory {
        /// The export being called.
        export: &'static str,
        /// The limit in force.
        limit_bytes: usize,
    },
    /// The call ran past [`crate::Limits::timeout`].
    #[error(
        "`{export}` ran past its deadline of {} ms and was interrupted",
        timeout.as_millis()
    )]
    Deadline {
        /// The export being called.
        export: &'static str,
        /// The timeout in force.
        timeout: Duration,
    },
    /// The guest trapped (a panic in the connector ends in `unreachable`).
    #[error("`{export}` trapped: {message}")]
    Trap {
        /// The export being called.
        export: &'static str,
        /// Trap description and wasm backtrace, when available.
        message: String,
    },
}

/// `8 MiB`, `1.5 MiB`: a byte count for messages.
fn mebibytes(bytes: usize) -> String {
    if bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{:.2} MiB", bytes as f64 / f64::from(1 << 20))
    }
}

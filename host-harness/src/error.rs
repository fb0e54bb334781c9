//! [`HostError`]: what went wrong in the runtime.

use std::fmt;
use std::time::Duration;

/// What went wrong in the runtime, as opposed to an answer of the connector itself
/// ([`ConnectorError`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HostError {
    /// The engine could not be configured or the component could not be compiled or linked.
    Load(String),
    /// The call used more linear memory than [`Limits::memory_bytes`] allows.
    OutOfMemory {
        /// The export being called.
        export: &'static str,
        /// The limit in force.
        limit_bytes: usize,
    },
    /// The call ran past [`Limits::timeout`].
    Deadline {
        /// The export being called.
        export: &'static str,
        /// The timeout in force.
        timeout: Duration,
    },
    /// The guest trapped (a panic in the connector ends in `unreachable`).
    Trap {
        /// The export being called.
        export: &'static str,
        /// Trap description and wasm backtrace, when available.
        message: String,
    },
}

impl fmt::Display for HostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HostError::Load(message) => write!(f, "loading the component failed: {message}"),
            HostError::OutOfMemory {
                export,
                limit_bytes,
            } => write!(
                f,
                "`{export}` ran out of memory: it needed more than the guest memory cap of {} \
                 ({limit_bytes} bytes, `Limits::memory_bytes`); the call was abandoned",
                mebibytes(*limit_bytes)
            ),
            HostError::Deadline { export, timeout } => write!(
                f,
                "`{export}` ran past its deadline of {} ms and was interrupted",
                timeout.as_millis()
            ),
            HostError::Trap { export, message } => {
                write!(f, "`{export}` trapped: {message}")
            }
        }
    }
}

impl std::error::Error for HostError {}

/// `8 MiB`, `1.5 MiB`: a byte count for messages.
fn mebibytes(bytes: usize) -> String {
    if bytes.is_multiple_of(1 << 20) {
        format!("{} MiB", bytes >> 20)
    } else {
        format!("{:.2} MiB", bytes as f64 / f64::from(1 << 20))
    }
}

//! The stored trigger state: a small versioned JSON document.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::TriggerError;

/// The state format this connector reads and writes.
pub const STATE_VERSION: u64 = 1;

/// A walk through the listing in progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Walk {
    /// Records older than this (Unix ms) are not emitted in this walk; `None`: no lower bound.
    pub floor: Option<i64>,
    /// The next page's input, once the first page was read.
    pub next: Option<String>,
}

/// The whole state.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerState {
    /// [`STATE_VERSION`].
    pub version: u64,
    /// The trigger id.
    pub trigger: String,
    /// Newest cursor (Unix ms) at the end of the last finished walk; the next floor is this minus
    /// the lookback.
    pub watermark: Option<i64>,
    /// Newest cursor seen so far (Unix ms).
    pub high: Option<i64>,
    /// Dedupe keys of emitted records within the lookback window of `high`, with their cursor.
    pub seen: BTreeMap<String, i64>,
    /// The walk in progress.
    pub walk: Option<Walk>,
}

impl TriggerState {
    /// A fresh state whose first walk starts at `watermark` minus the lookback.
    pub fn new(trigger: &str, watermark: Option<i64>) -> Self {
        Self {
            version: STATE_VERSION,
            trigger: trigger.to_string(),
            watermark,
            high: None,
            seen: BTreeMap::new(),
            walk: None,
        }
    }

    /// Reads a stored state for `trigger`: the version is checked first, so a state of another
    /// version is refused by name even when its shape changed too.
    pub fn parse(text: &str, trigger: &str) -> Result<Self, TriggerError> {
        let value: serde_json::Value = serde_json::from_str(text)
            .map_err(|e| TriggerError::InvalidState(format!("not JSON: {e}")))?;
        let version = value
            .get("version")
            .and_then(serde_json::Value::as_u64)
            .ok_or_else(|| TriggerError::InvalidState("version: missing or not a number".into()))?;
        if version != STATE_VERSION {
            return Err(TriggerError::StateVersion {
                found: version,
                expected: STATE_VERSION,
            });
        }
        let state: TriggerState =
            serde_json::from_value(value).map_err(|e| TriggerError::InvalidState(e.to_string()))?;
        if state.trigger != trigger {
            return Err(TriggerError::StateTrigger {
                found: state.trigger,
                expected: trigger.to_string(),
            });
        }
        Ok(state)
    }

    /// The state as compact JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

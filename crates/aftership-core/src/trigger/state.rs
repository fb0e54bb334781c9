//! The stored trigger state: a small versioned JSON document.
//!
//! Read and written by hand over `serde_json::Value` rather than with serde derives: the
//! component carries this code, and the derived (de)serializers for these few members cost
//! several kilobytes of wasm.

use serde_json::{json, Map, Value};

use super::TriggerError;

/// The state format this connector reads and writes.
pub const STATE_VERSION: u64 = 1;

/// A walk through the listing in progress.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Walk {
    /// Records older than this (Unix ms) are not emitted in this walk; `None`: no lower bound.
    pub floor: Option<i64>,
    /// The next page's input, once the first page was read.
    pub next: Option<String>,
}

/// The whole state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerState {
    /// The trigger id.
    pub trigger: String,
    /// Newest cursor (Unix ms) at the end of the last finished walk; the next floor is this minus
    /// the lookback.
    pub watermark: Option<i64>,
    /// Newest cursor seen so far (Unix ms).
    pub high: Option<i64>,
    /// Dedupe keys of emitted records within the lookback window of `high`, with their cursor.
    pub seen: Map<String, Value>,
    /// The walk in progress.
    pub walk: Option<Walk>,
}

fn invalid(message: &str) -> TriggerError {
    TriggerError::InvalidState(message.to_string())
}

/// An optional integer member.
fn opt_i64(object: &Map<String, Value>, name: &str) -> Result<Option<i64>, TriggerError> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => v
            .as_i64()
            .map(Some)
            .ok_or_else(|| TriggerError::InvalidState(format!("{name}: not an integer"))),
    }
}

impl TriggerState {
    /// A fresh state whose first walk starts at `watermark` minus the lookback.
    pub fn new(trigger: &str, watermark: Option<i64>) -> Self {
        Self {
            trigger: trigger.to_string(),
            watermark,
            high: None,
            seen: Map::new(),
            walk: None,
        }
    }

    /// Whether a record with this dedupe key was emitted.
    pub fn has_seen(&self, key: &str) -> bool {
        self.seen.contains_key(key)
    }

    /// Reads a stored state for `trigger`: the version is checked first, so a state of another
    /// version is refused by name even when its shape changed too.
    pub fn parse(text: &str, trigger: &str) -> Result<Self, TriggerError> {
        let value: Value = serde_json::from_str(text)
            .map_err(|e| TriggerError::InvalidState(format!("not JSON: {e}")))?;
        let Value::Object(object) = value else {
            return Err(invalid("not a JSON object"));
        };
        let version = object
            .get("version")
            .and_then(Value::as_u64)
            .ok_or_else(|| invalid("version: missing or not a number"))?;
        if version != STATE_VERSION {
            return Err(TriggerError::StateVersion {
                found: version,
                expected: STATE_VERSION,
            });
        }
        let found = object
            .get("trigger")
            .and_then(Value::as_str)
            .ok_or_else(|| invalid("trigger: missing or not a string"))?;
        if found != trigger {
            return Err(TriggerError::StateTrigger {
                found: found.to_string(),
                expected: trigger.to_string(),
            });
        }
        let seen = match object.get("seen") {
            Some(Value::Object(seen)) => seen.clone(),
            _ => return Err(invalid("seen: missing or not an object")),
        };
        if seen.values().any(|v| !v.is_i64()) {
            return Err(invalid("seen: every value must be an integer"));
        }
        let walk = match object.get("walk") {
            None | Some(Value::Null) => None,
            Some(Value::Object(walk)) => Some(Walk {
                floor: opt_i64(walk, "floor")?,
                next: match walk.get("next") {
                    None | Some(Value::Null) => None,
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(_) => return Err(invalid("walk.next: not a string")),
                },
            }),
            Some(_) => return Err(invalid("walk: not an object")),
        };
        Ok(Self {
            trigger: found.to_string(),
            watermark: opt_i64(&object, "watermark")?,
            high: opt_i64(&object, "high")?,
            seen,
            walk,
        })
    }

    /// The state as compact JSON text.
    pub fn to_json(&self) -> String {
        json!({
            "version": STATE_VERSION,
            "trigger": self.trigger,
            "watermark": self.watermark,
            "high": self.high,
            "seen": self.seen,
            "walk": self.walk.as_ref().map(|w| json!({"floor": w.floor, "next": w.next})),
        })
        .to_string()
    }
}

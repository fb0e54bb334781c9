//! Lenient readers of envelope members: AfterShip sometimes sends numbers and flags as strings.

use serde_json::Value;

/// A whole number given as a JSON number or a numeric string.
pub(crate) fn lenient_int(value: Option<&Value>) -> Option<i64> {
    match value? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A flag given as a JSON boolean or the strings `true` / `false`.
pub(super) fn lenient_bool(value: Option<&Value>) -> Option<bool> {
    match value? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s == "true" => Some(true),
        Value::String(s) if s == "false" => Some(false),
        _ => None,
    }
}

/// Text given as a JSON string (other scalars are written out; null and empty are none).
pub(super) fn lenient_text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) if s.trim().is_empty() => None,
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

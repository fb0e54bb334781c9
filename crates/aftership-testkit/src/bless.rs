//! Bless mode: rewrites a fixture's expected blocks (`expected_request`, `expected_build_error`,
//! `expected_outcome` / `expected_error`) from what a backend produces, so a cross-cutting change
//! is one command plus a reviewed diff. Only blocks that differ are replaced; a file whose blocks
//! all match is left byte for byte. Test credential values are written back as placeholders.

use std::path::Path;

use serde_json::{Map, Value};

use crate::fixture::{
    error_json, outcome_json, produce, request_json, Backend, Fixture, PLACEHOLDERS,
};

/// Environment variable that turns bless mode on in the fixture harness (`1`).
pub const BLESS_ENV: &str = "AFTERSHIP_BLESS";

/// Whether [`BLESS_ENV`] asks for blessing.
pub fn bless_requested() -> bool {
    std::env::var(BLESS_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Blesses the fixture file at `path`; returns whether the file was rewritten. A change of shape
/// (a request that now fails to build, or a build error that now builds) is refused: it needs a
/// recorded response or its removal, which only a person can decide.
pub fn bless_file(path: &Path, backend: &mut dyn Backend) -> Result<bool, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read: {e}"))?;
    let Some(new_text) = bless_text(&text, backend)? else {
        return Ok(false);
    };
    std::fs::write(path, new_text).map_err(|e| format!("write: {e}"))?;
    Ok(true)
}

/// Blesses fixture text; `None` when every expected block already matches.
pub fn bless_text(text: &str, backend: &mut dyn Backend) -> Result<Option<String>, String> {
    let fixture = Fixture::parse(text).map_err(|e| format!("fixture format: {e}"))?;
    let mut raw: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let Some(raw_map) = raw.as_object_mut() else {
        return Err("a fixture is a JSON object".into());
    };
    let produced = produce(&fixture, backend)?;
    let mut changed = false;
    match (
        &produced.built,
        raw_map.contains_key("expected_build_error"),
    ) {
        (Ok(request), false) => {
            let mut new = request_json(request);
            let had_body = raw_map
                .get("expected_request")
                .is_some_and(|old| old.get("body").is_some());
            if !had_body && new["body"].is_null() {
                if let Some(map) = new.as_object_mut() {
                    map.remove("body");
                }
            }
            changed |= replace(raw_map, "expected_request", "expected_request", new);
        }
        (Err(error), true) => {
            changed |= replace(
                raw_map,
                "expected_build_error",
                "expected_build_error",
                error_json(error),
            );
        }
        (Ok(request), true) => {
            return Err(format!(
                "now builds a request to {}: record a response for it",
                request.url
            ))
        }
        (Err(error), false) => return Err(format!("now fails to build: {}", error_json(error))),
    }
    if let Some(parsed) = &produced.parsed {
        let old_key = if raw_map.contains_key("expected_outcome") {
            "expected_outcome"
        } else if raw_map.contains_key("expected_error") {
            "expected_error"
        } else {
            return Err("no expected_outcome or expected_error block".into());
        };
        let (new_key, new) = match parsed {
            Ok(outcome) => ("expected_outcome", outcome_json(outcome)),
            Err(error) => ("expected_error", error_json(error)),
        };
        changed |= replace(raw_map, old_key, new_key, new);
    }
    if !changed {
        return Ok(None);
    }
    let mut out = serde_json::to_string_pretty(&raw).map_err(|e| e.to_string())?;
    out.push('\n');
    Ok(Some(out))
}

/// Puts `new` (with placeholders restored) under `new_key` in place of `old_key` when it differs
/// from what is there (compared after placeholder substitution, as the runner compares). Under the same
/// key, objects are merged member by member, so unchanged members keep their place and spelling
/// and the reviewed diff shows only what changed.
fn replace(map: &mut Map<String, Value>, old_key: &str, new_key: &str, new: Value) -> bool {
    if old_key == new_key {
        let Some(slot) = map.get_mut(old_key) else {
            return false;
        };
        return merge(slot, new);
    }
    let new = restore_placeholders(new);
    let entries = std::mem::take(map);
    for (key, value) in entries {
        if key == old_key {
            map.insert(new_key.to_string(), new.clone());
        } else {
            map.insert(key, value);
        }
    }
    true
}

/// Updates `slot` to `new`; returns whether anything changed.
fn merge(slot: &mut Value, new: Value) -> bool {
    match (slot, new) {
        (Value::Object(old), Value::Object(mut new)) => {
            let before = old.len();
            old.retain(|k, _| new.contains_key(k));
            let mut changed = old.len() != before;
            for (key, value) in old.iter_mut() {
                if let Some(new_value) = new.remove(key) {
                    changed |= merge(value, new_value);
                }
            }
            for (key, value) in new {
                old.insert(key, restore_placeholders(value));
                changed = true;
            }
            changed
        }
        (slot, new) => {
            if substitute(slot) == new {
                false
            } else {
                *slot = restore_placeholders(new);
                true
            }
        }
    }
}

fn map_strings(value: Value, f: &dyn Fn(String) -> String) -> Value {
    match value {
        Value::String(s) => Value::String(f(s)),
        Value::Array(items) => Value::Array(items.into_iter().map(|v| map_strings(v, f)).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, map_strings(v, f)))
                .collect(),
        ),
        other => other,
    }
}

fn substitute(value: &Value) -> Value {
    map_strings(value.clone(), &|mut s| {
        for (placeholder, test_value) in PLACEHOLDERS {
            s = s.replace(placeholder, test_value);
        }
        s
    })
}

fn restore_placeholders(value: Value) -> Value {
    map_strings(value, &|mut s| {
        for (placeholder, test_value) in PLACEHOLDERS {
            s = s.replace(test_value, placeholder);
        }
        s
    })
}

//! Bless mode: rewrites a case's expected blocks from what a backend produces, so a cross-cutting
//! change is one command plus a reviewed diff. Which blocks a kind has comes from
//! [`CaseKind::blocks`]: a fixture's `expected_request`, `expected_build_error`,
//! `expected_outcome` / `expected_error`; an OAuth or webhook case's `expected` /
//! `expected_error`. Only members that differ are replaced; a file whose blocks all match is left
//! byte for byte. Test credential values are written back as placeholders.

use std::path::Path;

use serde_json::{Map, Value};

use crate::case::CaseKind;

/// Placeholders and the test values behind them.
type Placeholders = [(&'static str, &'static str)];

/// Environment variable that turns bless mode on in the fixture harness (`1`).
pub const BLESS_ENV: &str = "AFTERSHIP_BLESS";

/// Whether [`BLESS_ENV`] asks for blessing.
pub fn bless_requested() -> bool {
    std::env::var(BLESS_ENV).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// Blesses the case file at `path`; returns whether the file was rewritten. A change of shape
/// (a fixture request that now fails to build, or a build error that now builds) is refused: it
/// needs a recorded response or its removal, which only a person can decide.
pub fn bless_file<K: CaseKind>(path: &Path, backend: &mut K::Backend<'_>) -> Result<bool, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("read: {e}"))?;
    let Some(new_text) = bless_text::<K>(&text, backend)? else {
        return Ok(false);
    };
    std::fs::write(path, new_text).map_err(|e| format!("write: {e}"))?;
    Ok(true)
}

/// Blesses case text; `None` when every expected block already matches.
pub fn bless_text<K: CaseKind>(
    text: &str,
    backend: &mut K::Backend<'_>,
) -> Result<Option<String>, String> {
    let case = K::parse(text).map_err(|e| format!("case format: {e}"))?;
    let mut raw: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
    let Some(raw_map) = raw.as_object_mut() else {
        return Err("a case is a JSON object".into());
    };
    let produced = K::produce(&case, backend)?;
    let mut changed = false;
    for block in K::blocks(raw_map, &produced)? {
        let Some(old_key) = block.replaces.iter().find(|k| raw_map.contains_key(**k)) else {
            return Err(format!("no {} block", block.replaces.join(" or ")));
        };
        let placeholders = K::PLACEHOLDERS;
        changed |= replace(raw_map, old_key, block.key, block.value, placeholders);
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
fn replace(
    map: &mut Map<String, Value>,
    old_key: &str,
    new_key: &str,
    new: Value,
    placeholders: &Placeholders,
) -> bool {
    if old_key == new_key {
        let Some(slot) = map.get_mut(old_key) else {
            return false;
        };
        return merge(slot, new, placeholders);
    }
    let new = restore_placeholders(new, placeholders);
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
fn merge(slot: &mut Value, new: Value, placeholders: &Placeholders) -> bool {
    match (slot, new) {
        (Value::Object(old), Value::Object(mut new)) => {
            let before = old.len();
            old.retain(|k, _| new.contains_key(k));
            let mut changed = old.len() != before;
            for (key, value) in old.iter_mut() {
                if let Some(new_value) = new.remove(key) {
                    changed |= merge(value, new_value, placeholders);
                }
            }
            for (key, value) in new {
                old.insert(key, restore_placeholders(value, placeholders));
                changed = true;
            }
            changed
        }
        (slot, new) => {
            if substitute(slot, placeholders) == new {
                false
            } else {
                *slot = restore_placeholders(new, placeholders);
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

fn substitute(value: &Value, placeholders: &Placeholders) -> Value {
    swap_placeholders(value.clone(), placeholders, true)
}

fn restore_placeholders(value: Value, placeholders: &Placeholders) -> Value {
    swap_placeholders(value, placeholders, false)
}

/// Replaces each placeholder by its test value (`to_test`), or each test value by its placeholder.
fn swap_placeholders(value: Value, placeholders: &Placeholders, to_test: bool) -> Value {
    map_strings(value, &|mut s| {
        for &(placeholder, test_value) in placeholders {
            let (from, to) = if to_test {
                (placeholder, test_value)
            } else {
                (test_value, placeholder)
            };
            s = s.replace(from, to);
        }
        s
    })
}

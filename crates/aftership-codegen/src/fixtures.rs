//! What the recorded cases (`tests/fixtures/<api type>/<operation>/<case>.json`) give the
//! metadata: example values of input members, and the parsed outputs of successful calls.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::{Map, Value};

/// How many distinct examples a member keeps.
const MAX_EXAMPLES: usize = 3;

/// Inputs and outputs of the successful recorded cases, by operation id.
#[derive(Debug, Default)]
pub struct Recorded {
    /// Operation id to (case file, input) of each successful case, sorted by file.
    inputs: BTreeMap<String, Vec<(String, Value)>>,
    /// Operation id to (case file, parsed `data`), `ok.json` first.
    outputs: BTreeMap<String, Vec<(String, Value)>>,
}

impl Recorded {
    /// Reads every case below `root`.
    pub fn load(root: &Path) -> Result<Recorded> {
        let mut files = Vec::new();
        collect(root, &mut files)?;
        files.sort();
        let mut recorded = Recorded::default();
        for path in files {
            let text = std::fs::read_to_string(&path).with_context(|| format!("{path:?}"))?;
            let case: Value =
                serde_json::from_str(&text).with_context(|| format!("parsing {path:?}"))?;
            let (Some(op), Some(outcome)) = (
                case.get("operation").and_then(Value::as_str),
                case.get("expected_outcome"),
            ) else {
                continue;
            };
            // Named from the repository root, the same on every machine.
            let rel = path
                .strip_prefix(root)
                .unwrap_or(&path)
                .to_string_lossy()
                .replace('\\', "/");
            let name = format!("tests/fixtures/{rel}");
            recorded.inputs.entry(op.to_string()).or_default().push((
                name.clone(),
                case.get("input").cloned().unwrap_or(Value::Null),
            ));
            if let Some(data) = outcome.get("data") {
                let list = recorded.outputs.entry(op.to_string()).or_default();
                let entry = (name.clone(), data.clone());
                if name.ends_with("/ok.json") {
                    list.insert(0, entry);
                } else {
                    list.push(entry);
                }
            }
        }
        Ok(recorded)
    }

    /// The parsed outputs of an operation's successful cases, `ok.json` first.
    pub fn outputs(&self, op: &str) -> &[(String, Value)] {
        self.outputs.get(op).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Example values by input path (`slug`, `body.a.b`, `body.a[].b`): scalars and lists of
    /// scalars, at most three distinct each, none holding a placeholder.
    pub fn examples(&self, op: &str) -> BTreeMap<String, Vec<Value>> {
        let mut out: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (_, input) in self.inputs.get(op).into_iter().flatten() {
            if let Value::Object(map) = input {
                for (k, v) in map {
                    walk(k, v, &mut out);
                }
            }
        }
        out
    }
}

fn collect(dir: &Path, out: &mut Vec<std::path::PathBuf>) -> Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {dir:?}"))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().and_then(|e| e.to_str()) == Some("json") {
            out.push(path);
        }
    }
    Ok(())
}

fn is_example(v: &Value) -> bool {
    match v {
        Value::String(s) => !s.contains("{{") && s.len() <= 200,
        Value::Number(_) | Value::Bool(_) => true,
        Value::Array(items) => {
            !items.is_empty()
                && items.len() <= 5
                && items
                    .iter()
                    .all(|i| !i.is_array() && !i.is_object() && !i.is_null() && is_example(i))
        }
        _ => false,
    }
}

fn walk(path: &str, value: &Value, out: &mut BTreeMap<String, Vec<Value>>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                walk(&format!("{path}.{k}"), v, out);
            }
        }
        Value::Array(items) if items.iter().any(Value::is_object) => {
            for item in items {
                walk(&format!("{path}[]"), item, out);
            }
        }
        v if is_example(v) => {
            let list = out.entry(path.to_string()).or_default();
            if list.len() < MAX_EXAMPLES && !list.contains(v) {
                list.push(v.clone());
            }
        }
        _ => {}
    }
}

/// A sample small enough for a manifest: arrays keep their first two items.
pub fn shrink(value: &Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.iter().take(2).map(shrink).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), shrink(v))).collect())
        }
        other => other.clone(),
    }
}

/// One value holding every member any of `values` has (the first non-null wins), so a schema
/// inferred from it covers all recorded cases.
pub fn merge_values<'a>(values: impl Iterator<Item = &'a Value>) -> Value {
    let mut out = Value::Null;
    for v in values {
        out = merge(out, v);
    }
    out
}

fn merge(into: Value, v: &Value) -> Value {
    match (into, v) {
        (Value::Null, v) => v.clone(),
        (Value::Object(mut a), Value::Object(b)) => {
            for (k, bv) in b {
                let av = a.remove(k).unwrap_or(Value::Null);
                a.insert(k.clone(), merge(av, bv));
            }
            Value::Object(a)
        }
        (Value::Array(mut a), Value::Array(b)) => {
            a.extend(b.iter().cloned());
            Value::Array(a)
        }
        (a, _) => a,
    }
}

/// An empty JSON object.
pub fn empty() -> Value {
    Value::Object(Map::new())
}

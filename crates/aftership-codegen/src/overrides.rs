//! The hand facts of `spec/metadata.yml`: routes, important members, option sources, read-only
//! and destructive actions, side effects.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use serde::Deserialize;
use serde_json::Value;

/// The hand facts, read.
#[derive(Debug, Default)]
pub struct Overrides {
    /// Operation id to the documented route (`GET /base/path`) it follows.
    pub routes: BTreeMap<String, String>,
    /// Operation id to the member paths a typical flow sets.
    pub important: BTreeMap<String, Vec<String>>,
    /// `<operation id> <path>` to its option source.
    pub options: BTreeMap<String, Value>,
    /// POST operations that only read, and why.
    pub read_only: (Vec<String>, String),
    /// Operations that undo or cancel, with the reason.
    pub destructive: BTreeMap<String, String>,
    /// Operation id to its side effects (`{effect, reason}`).
    pub side_effects: BTreeMap<String, Vec<Value>>,
    /// Corrections to documented members (`{field, set, drop, reason}`).
    pub corrections: Vec<Value>,
    /// Corrections to documented output schemas (`{operations, pointer, set or replace, reason}`).
    pub output_corrections: Vec<Value>,
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array)
        .map(|l| {
            l.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// `spec/metadata.yml` as written; an unknown section is an error, so a misspelt one is not
/// silently ignored.
#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct File {
    routes: BTreeMap<String, String>,
    important: BTreeMap<String, Vec<String>>,
    options: Vec<OptionGroup>,
    read_only: ReadOnly,
    destructive: BTreeMap<String, String>,
    side_effects: BTreeMap<String, Vec<Value>>,
    corrections: Vec<Value>,
    output_corrections: Vec<Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionGroup {
    source: Value,
    fields: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
struct ReadOnly {
    reason: String,
    operations: Vec<String>,
}

impl Overrides {
    /// Reads the file.
    pub fn load(path: &Path) -> Result<Overrides> {
        let text = std::fs::read_to_string(path).with_context(|| format!("reading {path:?}"))?;
        let file: File =
            serde_norway::from_str(&text).with_context(|| format!("parsing {path:?}"))?;
        let mut options = BTreeMap::new();
        for group in file.options {
            for field in group.fields {
                if options
                    .insert(field.clone(), group.source.clone())
                    .is_some()
                {
                    return Err(anyhow!("{field} has two option sources"));
                }
            }
        }
        for c in file.corrections.iter().chain(&file.output_corrections) {
            if c.get("reason")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .is_empty()
            {
                return Err(anyhow!("a correction has no reason: {c}"));
            }
        }
        Ok(Overrides {
            routes: file.routes,
            important: file.important,
            options,
            read_only: (file.read_only.operations, file.read_only.reason),
            destructive: file.destructive,
            side_effects: file.side_effects,
            corrections: file.corrections,
            output_corrections: file.output_corrections,
        })
    }

    /// Applies the corrections of operation `op` to its documented body.
    pub fn correct(&self, op: &str, body: &mut Value) -> Result<()> {
        for c in &self.corrections {
            let field = c.get("field").and_then(Value::as_str).unwrap_or_default();
            let Some((op_id, path)) = field.split_once(' ') else {
                return Err(anyhow!(
                    "correction field `{field}` is not `<operation> <path>`"
                ));
            };
            if op_id != op {
                continue;
            }
            let member = locate(body, path)
                .ok_or_else(|| anyhow!("correction: {field} is not a documented member"))?;
            let Value::Object(member) = member else {
                continue;
            };
            for key in strings(c.get("drop")) {
                member.remove(&key);
            }
            for (k, v) in c
                .get("set")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                member.insert(k.clone(), v.clone());
            }
        }
        Ok(())
    }
}

impl Overrides {
    /// Applies the output corrections of operation `op` to its output schema.
    pub fn correct_output(&self, op: &str, schema: &mut Value) {
        for c in &self.output_corrections {
            if !strings(c.get("operations")).iter().any(|o| o == op) {
                continue;
            }
            let pointer = c.get("pointer").and_then(Value::as_str).unwrap_or_default();
            if let (Some(member), Some(new)) = (schema.pointer_mut(pointer), c.get("replace")) {
                *member = new.clone();
                continue;
            }
            if let Some(Value::Object(member)) = schema.pointer_mut(pointer) {
                for (k, v) in c
                    .get("set")
                    .and_then(Value::as_object)
                    .into_iter()
                    .flatten()
                {
                    member.insert(k.clone(), v.clone());
                }
            }
        }
    }
}

/// The member at `body.a.b` / `body.a[].b` in a body schema.
fn locate<'v>(body: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let rest = path.strip_prefix("body")?;
    let mut node = body;
    for seg in rest.split('.').filter(|s| !s.is_empty()) {
        let (name, each) = match seg.strip_suffix("[]") {
            Some(n) => (n, true),
            None => (seg, false),
        };
        node = node.get_mut("properties")?.get_mut(name)?;
        if each {
            node = node.get_mut("items")?;
        }
    }
    Some(node)
}

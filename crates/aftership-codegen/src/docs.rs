//! Reading the vendored documents in `spec/`: the request-side extracts (`spec/request/`, plain
//! OpenAPI with `components`) and the response-side extracts (`spec/response/`, one entry per
//! operation with its response schema and the documents' field descriptions).
//!
//! Both are indexed by route: method + full path (server base path + path, every `{param}`
//! written `{}`), the same key the connector's catalog gives each operation.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{anyhow, Context, Result};
use serde_json::{Map, Value};

/// One documented operation, request and response side merged.
#[derive(Clone, Debug, Default)]
pub struct DocOperation {
    /// Document file(s) the facts come from.
    pub files: Vec<String>,
    /// The document's `operationId`.
    pub operation_id: String,
    /// Summary (the documents' operation title).
    pub summary: Option<String>,
    /// Path and query parameters.
    pub params: Vec<DocParam>,
    /// Request body schema, references inlined.
    pub body: Option<Value>,
    /// Descriptions of body members by dotted path (`a.b`, `a[].b`).
    pub body_descriptions: BTreeMap<String, String>,
    /// Descriptions of parameters by name.
    pub param_descriptions: BTreeMap<String, String>,
    /// Schema of the response's `data` (or whole body), `$ref`s into `response_defs`.
    pub response: Option<Value>,
    /// Definitions the response schema refers to (`#/defs/Name`).
    pub response_defs: Map<String, Value>,
}

/// A path or query parameter.
#[derive(Clone, Debug)]
pub struct DocParam {
    /// Name.
    pub name: String,
    /// `path` or `query`.
    pub location: String,
    /// Whether the document marks it required.
    pub required: bool,
    /// Its schema.
    pub schema: Value,
}

/// Every documented operation, by route key.
#[derive(Debug, Default)]
pub struct Docs {
    /// Route key (`GET /tracking/2026-07/trackings/{}`) to operation.
    pub operations: BTreeMap<String, DocOperation>,
}

/// The route key of a method and full path.
pub fn route_key(method: &str, full_path: &str) -> String {
    let mut out = String::with_capacity(full_path.len());
    let mut in_param = false;
    for c in full_path.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    let trimmed = out.trim_end_matches('/');
    format!("{} {}", method.to_ascii_uppercase(), trimmed)
}

/// The path part of a server URL, without a trailing slash.
fn base_path(server: &str) -> String {
    let rest = server
        .split_once("://")
        .map(|(_, r)| r)
        .unwrap_or(server)
        .to_string();
    let path = rest.find('/').map(|i| &rest[i..]).unwrap_or("");
    path.trim_end_matches('/').to_string()
}

fn read_yaml(path: &Path) -> Result<Value> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {path:?}"))?;
    serde_norway::from_str(&text).with_context(|| format!("parsing {path:?}"))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn sorted_files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {dir:?}"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yml" | "yaml" | "json")
            )
        })
        .collect();
    files.sort();
    Ok(files)
}

impl Docs {
    /// Reads `spec/request/` and `spec/response/` below `spec`.
    pub fn load(spec: &Path) -> Result<Docs> {
        let mut docs = Docs::default();
        for path in sorted_files(&spec.join("request"))? {
            docs.add_request_document(&file_name(&path), &read_yaml(&path)?)?;
        }
        for path in sorted_files(&spec.join("response"))? {
            docs.add_response_document(&file_name(&path), &read_yaml(&path)?)?;
        }
        Ok(docs)
    }

    /// The documented operation at a route key.
    pub fn get(&self, key: &str) -> Option<&DocOperation> {
        self.operations.get(key)
    }

    fn entry(&mut self, key: String, file: &str) -> &mut DocOperation {
        let op = self.operations.entry(key).or_default();
        if !op.files.iter().any(|f| f == file) {
            op.files.push(file.to_string());
        }
        op
    }

    fn add_request_document(&mut self, file: &str, doc: &Value) -> Result<()> {
        let bases = servers(doc.get("servers"));
        let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
            return Ok(());
        };
        for (path, item) in paths {
            let Some(item) = item.as_object() else {
                continue;
            };
            let shared_params = item.get("parameters").cloned().unwrap_or(Value::Null);
            for (method, op) in item {
                if !matches!(method.as_str(), "get" | "post" | "put" | "patch" | "delete") {
                    continue;
                }
                let mut params = Vec::new();
                for list in [&shared_params, op.get("parameters").unwrap_or(&Value::Null)] {
                    for p in list.as_array().into_iter().flatten() {
                        let p = resolve(doc, p, 0);
                        if let Some(param) = doc_param(&p) {
                            params.push(param);
                        }
                    }
                }
                let body = op
                    .get("requestBody")
                    .map(|rb| resolve(doc, rb, 0))
                    .and_then(|rb| rb.pointer("/content/application~1json/schema").cloned())
                    .map(|s| inline(doc, &s, 0));
                let descriptions: BTreeMap<String, String> = params
                    .iter()
                    .filter_map(|p: &DocParam| {
                        p.schema
                            .get("description")
                            .and_then(Value::as_str)
                            .map(|d| (p.name.clone(), d.to_string()))
                    })
                    .collect();
                for base in &bases {
                    let key = route_key(method, &format!("{base}{path}"));
                    let entry = self.entry(key, file);
                    entry.operation_id = op
                        .get("operationId")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                    if entry.summary.is_none() {
                        entry.summary = op
                            .get("summary")
                            .and_then(Value::as_str)
                            .map(str::to_string);
                    }
                    // Two documents may describe one route (the v4 skeleton and the legacy
                    // SDK's bodies): neither erases what the other said.
                    if !params.is_empty() {
                        entry.params = params.clone();
                    }
                    if body.is_some() {
                        entry.body = body.clone();
                    }
                    for (k, v) in &descriptions {
                        entry
                            .param_descriptions
                            .entry(k.clone())
                            .or_insert(v.clone());
                    }
                }
            }
        }
        Ok(())
    }

    fn add_response_document(&mut self, file: &str, doc: &Value) -> Result<()> {
        let bases = servers(doc.get("servers"));
        let defs = doc
            .get("defs")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default();
        let ops = doc
            .get("operations")
            .and_then(Value::as_array)
            .ok_or_else(|| anyhow!("{file}: no `operations` list"))?;
        for op in ops {
            let method = op.get("method").and_then(Value::as_str).unwrap_or("");
            let path = op.get("path").and_then(Value::as_str).unwrap_or("");
            for base in &bases {
                let key = route_key(method, &format!("{base}{path}"));
                let entry = self.entry(key, file);
                if entry.operation_id.is_empty() {
                    entry.operation_id = op
                        .get("operationId")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string();
                }
                if let Some(s) = op.get("summary").and_then(Value::as_str) {
                    entry.summary = Some(s.to_string());
                }
                for (k, v) in string_map(op.get("parameters")) {
                    entry.param_descriptions.insert(k, v);
                }
                for (k, v) in string_map(op.get("request_body_descriptions")) {
                    entry.body_descriptions.insert(k, v);
                }
                // Warranty and Personalization carry their full request side here.
                if let Some(full) = op.get("parameters_full").and_then(Value::as_array) {
                    entry.params = full.iter().filter_map(flat_param).collect();
                }
                if let Some(body) = op.get("request_body").filter(|b| b.is_object()) {
                    entry.body = Some(body.clone());
                }
                if let Some(data) = op.pointer("/response/data") {
                    entry.response = Some(data.clone());
                    entry.response_defs = defs.clone();
                }
            }
        }
        Ok(())
    }
}

fn string_map(value: Option<&Value>) -> Vec<(String, String)> {
    value
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn servers(value: Option<&Value>) -> Vec<String> {
    let mut bases: Vec<String> = Vec::new();
    for s in value.and_then(Value::as_array).into_iter().flatten() {
        let url = s
            .as_str()
            .or_else(|| s.get("url").and_then(Value::as_str))
            .unwrap_or_default();
        let base = base_path(url);
        if !bases.contains(&base) {
            bases.push(base);
        }
    }
    bases
}

/// A parameter in OpenAPI form (`name`, `in`, `required`, `schema`, `description`).
fn doc_param(p: &Value) -> Option<DocParam> {
    let location = p.get("in")?.as_str()?;
    if !matches!(location, "path" | "query") {
        return None;
    }
    let mut schema = p
        .get("schema")
        .cloned()
        .unwrap_or(Value::Object(Map::new()));
    if let (Some(d), Value::Object(m)) = (p.get("description"), &mut schema) {
        m.entry("description").or_insert(d.clone());
    }
    Some(DocParam {
        name: p.get("name")?.as_str()?.to_string(),
        location: location.to_string(),
        required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
        schema,
    })
}

/// A parameter in the flat form of the Warranty/Personalization extracts.
fn flat_param(p: &Value) -> Option<DocParam> {
    let location = p.get("in")?.as_str()?;
    if !matches!(location, "path" | "query") {
        return None;
    }
    let mut schema = Map::new();
    for key in [
        "type",
        "format",
        "enum",
        "minimum",
        "maximum",
        "default",
        "description",
    ] {
        if let Some(v) = p.get(key) {
            schema.insert(key.into(), v.clone());
        }
    }
    Some(DocParam {
        name: p.get("name")?.as_str()?.to_string(),
        location: location.to_string(),
        required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
        schema: Value::Object(schema),
    })
}

/// Follows a `$ref` into the document (`#/components/...`), once.
fn resolve(doc: &Value, value: &Value, depth: usize) -> Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) if depth < 16 => {
            let pointer = r.trim_start_matches('#');
            match doc.pointer(pointer) {
                Some(target) => resolve(doc, target, depth + 1),
                None => value.clone(),
            }
        }
        _ => value.clone(),
    }
}

/// The schema with every `$ref` replaced by its target (a cycle stops at depth 12).
fn inline(doc: &Value, value: &Value, depth: usize) -> Value {
    if depth > 12 {
        return Value::Object(Map::new());
    }
    match value {
        Value::Object(map) => {
            if map.contains_key("$ref") {
                let target = resolve(doc, value, 0);
                if target.get("$ref").is_some() {
                    return Value::Object(Map::new());
                }
                return inline(doc, &target, depth + 1);
            }
            Value::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), inline(doc, v, depth + 1)))
                    .collect(),
            )
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| inline(doc, v, depth)).collect()),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_keys_ignore_parameter_names_and_trailing_slashes() {
        assert_eq!(
            route_key("get", "/tracking/2026-07/trackings/{id}"),
            route_key("GET", "/tracking/2026-07/trackings/{tracking_id}/")
        );
        assert_ne!(
            route_key("get", "/a/{x}"),
            route_key("post", "/a/{x}"),
            "the method is part of the key"
        );
        assert_eq!(
            base_path("https://api.aftership.com/address/2024-07/"),
            "/address/2024-07"
        );
    }
}

//! The operation-metadata generator.
//!
//! Reads AfterShip's documents vendored in `spec/` (request and response extracts, with their
//! provenance), the hand facts in `spec/metadata.yml` and the recorded cases in `tests/fixtures`,
//! and writes `crates/aftership-core/src/manifest/metadata.json`: per operation, the documented
//! members of its input (titles, descriptions, types, formats, bounds, enums as titled choices,
//! examples), its output schema and a sample output, its option sources, the members a typical
//! flow sets, and its hints. The core merges this with the validator's own tree when it writes
//! `connector.json` (`manifest/metadata.rs`), so validation and the requests on the wire do not
//! depend on it.
//!
//! Run `cargo run -p aftership-codegen -- --write` after changing a document or the hand facts;
//! the drift test (`tests/drift.rs`) fails until the checked-in file matches.

pub mod docs;
pub mod fixtures;
pub mod hints;
pub mod overrides;
pub mod schema;
pub mod types;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use aftership_core::{all_operations, BodySpec, OperationSpec};
use anyhow::Result;
use serde_json::{json, Map, Value};

use docs::{route_key, DocOperation, Docs};
use fixtures::Recorded;
use overrides::Overrides;

/// Where the generated file lives, relative to the repository root.
pub const OUTPUT: &str = "crates/aftership-core/src/manifest/metadata.json";

/// The repository root (two levels above this crate).
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The documented operation an operation of the catalog follows, if any.
pub fn documented<'d>(
    docs: &'d Docs,
    overrides: &Overrides,
    op: &OperationSpec,
) -> Option<&'d DocOperation> {
    let own = route_key(
        op.method.as_str(),
        &format!("{}{}", op.family.base_path(), op.path),
    );
    let request = docs.get(&own);
    match overrides.routes.get(&op.id()) {
        // A routed operation takes the other route's response side, and its own request side
        // where it has one.
        Some(route) => {
            let (method, path) = route.split_once(' ').unwrap_or(("GET", route));
            docs.get(&route_key(method, path)).or(request)
        }
        None => request,
    }
}

/// The whole generated document.
pub fn generate(root: &Path) -> Result<Value> {
    let docs = Docs::load(&root.join("spec"))?;
    let overrides = Overrides::load(&root.join("spec/metadata.yml"))?;
    let recorded = Recorded::load(&root.join("tests/fixtures"))?;
    let mut operations = Map::new();
    for op in all_operations() {
        let id = op.id();
        let doc = documented(&docs, &overrides, op);
        let own_request = docs.get(&route_key(
            op.method.as_str(),
            &format!("{}{}", op.family.base_path(), op.path),
        ));
        operations.insert(
            id.clone(),
            operation(op, doc, own_request, &overrides, &recorded)?,
        );
    }
    Ok(json!({
        "generated_by": "crates/aftership-codegen from spec/ (see spec/SOURCES.md); do not edit",
        "operations": operations,
        "webhooks": webhook_payloads(&root.join("tests/webhooks"))?,
    }))
}

/// Every generated file: (path relative to the root, text). The metadata first; the packages'
/// types are written from the manifest the core makes with that metadata.
pub fn outputs(root: &Path) -> Result<Vec<(&'static str, String)>> {
    let metadata = generate(root)?;
    let manifest = aftership_core::manifest_value_with_metadata(&metadata);
    Ok(vec![
        (OUTPUT, render(&metadata)),
        (types::TYPESCRIPT, types::typescript(&manifest)),
        (types::PYTHON, types::python(&manifest)),
    ])
}

/// The payload schema of each product's webhook deliveries, inferred from its recorded valid
/// delivery (`tests/webhooks/<product>/valid.json`): AfterShip documents none.
fn webhook_payloads(dir: &Path) -> Result<Value> {
    let mut out = Map::new();
    let mut products: Vec<_> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("valid.json").is_file())
        .collect();
    products.sort();
    for product in products {
        let name = product
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(product.join("valid.json"))?)?;
        let body: Value = serde_json::from_str(case["body_text"].as_str().unwrap_or("null"))?;
        let mut schema = schema::infer(None, &body);
        if let Value::Object(m) = &mut schema {
            let mut head = Map::new();
            head.insert(
                "$schema".into(),
                json!("https://json-schema.org/draft/2020-12/schema"),
            );
            head.insert(
                "title".into(),
                json!(format!("{} webhook delivery", schema::humanize(&name))),
            );
            head.extend(std::mem::take(m));
            head.insert(
                "x-source".into(),
                json!(format!(
                    "inferred from the recorded delivery tests/webhooks/{name}/valid.json"
                )),
            );
            *m = head;
        }
        out.insert(name, schema);
    }
    Ok(Value::Object(out))
}

/// The generated document as text (pretty, with a trailing newline).
pub fn render(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("plain JSON");
    text.push('\n');
    text
}

fn operation(
    op: &OperationSpec,
    doc: Option<&DocOperation>,
    own_request: Option<&DocOperation>,
    overrides: &Overrides,
    recorded: &Recorded,
) -> Result<Value> {
    let id = op.id();
    let request_doc = own_request.or(doc);
    let mut out = Map::new();
    let mut sources: Vec<String> = request_doc.map(|d| d.files.clone()).unwrap_or_default();
    if let Some(d) = doc {
        for f in &d.files {
            if !sources.contains(f) {
                sources.push(f.clone());
            }
        }
    }
    out.insert("documents".into(), json!(sources));
    if let Some(d) = request_doc {
        let descriptions = merged_param_descriptions(request_doc, doc);
        let mut params = Map::new();
        for p in &d.params {
            let mut schema = p.schema.clone();
            if let (Some(desc), Value::Object(m)) = (descriptions.get(&p.name), &mut schema) {
                m.insert("description".into(), json!(desc));
            }
            let mut member = schema::input_member(&p.name, &schema, &BTreeMap::new(), &p.name);
            if let Value::Object(m) = &mut member {
                m.insert("in".into(), json!(p.location));
                if p.required {
                    m.insert("x-documented-required".into(), json!(true));
                }
            }
            params.insert(p.name.clone(), member);
        }
        // Parameters only the response extract describes (the request extract may skip one).
        for (name, desc) in &descriptions {
            if !params.contains_key(name) && op.path.contains(&format!("{{{name}}}")) {
                params.insert(
                    name.clone(),
                    json!({"title": schema::humanize(name), "description": desc, "type": "string", "in": "path"}),
                );
            }
        }
        out.insert("params".into(), Value::Object(params));
        let body_descriptions = merged_body_descriptions(request_doc, doc);
        // A body only where the connector sends one (one GET route documents a body).
        let sends_body = matches!(op.body, BodySpec::Json { .. });
        if let (true, Some(body)) = (sends_body, &d.body) {
            let mut body = schema::input_member("body", body, &body_descriptions, "");
            overrides.correct(&id, &mut body)?;
            out.insert("body".into(), body);
        }
    }
    out.insert("examples".into(), json!(recorded.examples(&id)));
    let important: Vec<&String> = overrides.important.get(&id).into_iter().flatten().collect();
    out.insert("important".into(), json!(important));
    let options: Map<String, Value> = overrides
        .options
        .iter()
        .filter_map(|(field, source)| {
            let (op_id, path) = field.split_once(' ')?;
            (op_id == id).then(|| (path.to_string(), source.clone()))
        })
        .collect();
    out.insert("options".into(), Value::Object(options));
    let (mut output, sample) = output(op, doc, recorded)?;
    overrides.correct_output(&id, &mut output);
    out.insert("output_schema".into(), output);
    out.insert("sample_output".into(), sample);
    out.insert("hints".into(), hints::hints(op, out.get("body"), overrides));
    Ok(Value::Object(out))
}

fn merged_param_descriptions(
    request: Option<&DocOperation>,
    response: Option<&DocOperation>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for d in [request, response].into_iter().flatten() {
        for (k, v) in &d.param_descriptions {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

fn merged_body_descriptions(
    request: Option<&DocOperation>,
    response: Option<&DocOperation>,
) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for d in [request, response].into_iter().flatten() {
        for (k, v) in &d.body_descriptions {
            out.insert(k.clone(), v.clone());
        }
    }
    out
}

/// The output schema (documented, or inferred from the recorded examples) and a sample.
fn output(
    op: &OperationSpec,
    doc: Option<&DocOperation>,
    recorded: &Recorded,
) -> Result<(Value, Value)> {
    let id = op.id();
    let samples = recorded.outputs(&id);
    let sample = samples
        .first()
        .map(|(_, v)| fixtures::shrink(v))
        .unwrap_or(Value::Null);
    let title = format!("{} (output)", op.title);
    let mut schema = match doc.and_then(|d| d.response.as_ref().map(|r| (d, r))) {
        Some((d, data)) => {
            let mut root = schema::output_member(None, data);
            let mut defs = Map::new();
            let mut pending = BTreeSet::new();
            schema::refs(&root, &mut pending);
            while let Some(name) = pending.pop_first() {
                if defs.contains_key(&name) {
                    continue;
                }
                let Some(def) = d.response_defs.get(&name) else {
                    continue;
                };
                // `Tag.v1` reads "Tag": the document's version suffix is no title.
                let title = match name.rsplit_once(".v") {
                    Some((stem, v)) if v.chars().all(|c| c.is_ascii_digit()) => stem,
                    _ => name.as_str(),
                };
                let def = schema::output_member(Some(title), def);
                let mut more = BTreeSet::new();
                schema::refs(&def, &mut more);
                defs.insert(name, def);
                pending.extend(more.into_iter().filter(|n| !defs.contains_key(n)));
            }
            if let Value::Object(m) = &mut root {
                if !defs.is_empty() {
                    m.insert("$defs".into(), Value::Object(defs));
                }
                m.insert(
                    "x-source".into(),
                    json!(format!(
                        "AfterShip OAS {} (response schema)",
                        d.files.join(", ")
                    )),
                );
            }
            root
        }
        None => {
            // No document describes this response: the recorded examples are the floor.
            let merged = fixtures::merge_values(samples.iter().map(|(_, v)| v));
            let mut root = schema::infer(None, &merged);
            if let Value::Object(m) = &mut root {
                let files: Vec<&str> = samples.iter().map(|(f, _)| f.as_str()).collect();
                m.insert(
                    "x-source".into(),
                    json!(format!(
                        "inferred from the recorded examples {}",
                        files.join(", ")
                    )),
                );
            }
            root
        }
    };
    if let Value::Object(m) = &mut schema {
        let mut head = Map::new();
        head.insert(
            "$schema".into(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        head.insert("title".into(), json!(title));
        for (k, v) in std::mem::take(m) {
            if k != "title" {
                head.insert(k, v);
            }
        }
        *m = head;
    }
    Ok((schema, sample))
}

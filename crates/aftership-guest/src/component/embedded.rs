//! The manifest the component answers with, generated at build time.
//!
//! `build.rs` runs the core's manifest builders natively and embeds their output as raw DEFLATE:
//! `connector.json` is about 355 KB of text that deflates to about 18 KB, while the builders
//! (connection form, JSON Schema writers) and their manifest-only strings took about 120 KB of
//! the component. The `manifest` export inflates it; `operations` takes each input schema from
//! it. `build.rs` includes this file too and checks, before embedding, that these functions give
//! back exactly the builders' text for the manifest and for every operation's schema.

use serde_json::Value;

/// `connector.json`, deflated by build.rs (only the component embeds it; build.rs includes this
/// file for the readers below).
#[cfg(target_arch = "wasm32")]
static MANIFEST_DEFLATED: &[u8] =
    include_bytes!(concat!(env!("OUT_DIR"), "/connector.json.deflate"));

// build.rs checked that the embedded bytes inflate to the builders' manifest and that every
// operation's schema reads back from it, so the empty fallbacks below are never reached.

/// The manifest text (the `manifest` export): the embedded compact JSON, indented back.
#[cfg(target_arch = "wasm32")]
pub fn manifest() -> String {
    inflate(MANIFEST_DEFLATED)
        .map(|compact| indent(&compact))
        .unwrap_or_default()
}

/// Every operation's id and input schema (compact JSON), read from the embedded manifest.
#[cfg(target_arch = "wasm32")]
pub fn operation_schemas() -> Vec<(String, String)> {
    inflate(MANIFEST_DEFLATED)
        .and_then(|text| input_schemas(&text))
        .unwrap_or_default()
}

/// The schema of operation `id` in [`operation_schemas`]'s list.
#[cfg(target_arch = "wasm32")]
pub fn schema_of(schemas: &[(String, String)], id: &str) -> String {
    schemas
        .iter()
        .find(|(schema_id, _)| schema_id == id)
        .map(|(_, schema)| schema.clone())
        .unwrap_or_default()
}

/// Compact JSON text indented as `serde_json::to_string_pretty` writes it (two spaces, `": "`,
/// empty `{}` and `[]` kept), plus the trailing newline `connector.json` ends with. Embedding the
/// compact text and indenting it here keeps about a third of the bytes out of the component;
/// build.rs checks the result equals the builders' text exactly.
pub fn indent(compact: &str) -> String {
    let bytes = compact.as_bytes();
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut i = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    let mut start = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if in_string {
            if escaped {
                escaped = false;
            } else if b == b'\\' {
                escaped = true;
            } else if b == b'"' {
                in_string = false;
            }
            i += 1;
            continue;
        }
        match b {
            b'"' => {
                in_string = true;
                i += 1;
            }
            b'{' | b'[' => {
                out.push_str(&compact[start..=i]);
                let close = if b == b'{' { b'}' } else { b']' };
                if bytes.get(i + 1) == Some(&close) {
                    out.push(close as char);
                    i += 2;
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                    i += 1;
                }
                start = i;
            }
            b'}' | b']' => {
                out.push_str(&compact[start..i]);
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(b as char);
                i += 1;
                start = i;
            }
            b',' => {
                out.push_str(&compact[start..=i]);
                newline(&mut out, depth);
                i += 1;
                start = i;
            }
            b':' => {
                out.push_str(&compact[start..=i]);
                out.push(' ');
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push_str(&compact[start..]);
    out.push('\n');
    out
}

/// Bound for the decompressor: far above the manifest's size, far below the memory cap.
const MAX_MANIFEST_BYTES: usize = 8 << 20;

/// The manifest text from its raw DEFLATE bytes (`None` when they are damaged).
pub fn inflate(deflated: &[u8]) -> Option<String> {
    let bytes =
        miniz_oxide::inflate::decompress_to_vec_with_limit(deflated, MAX_MANIFEST_BYTES).ok()?;
    String::from_utf8(bytes).ok()
}

/// Every operation's id and its `input_schema` as compact JSON text (what
/// `aftership_core::input_schema(op).to_string()` gives), in manifest order.
pub fn input_schemas(manifest: &str) -> Option<Vec<(String, String)>> {
    let manifest: Value = serde_json::from_str(manifest).ok()?;
    manifest
        .get("operations")?
        .as_array()?
        .iter()
        .map(|op| {
            let id = op.get("id")?.as_str()?.to_string();
            Some((id, op.get("input_schema")?.to_string()))
        })
        .collect()
}

//! The manifest the component answers with, generated at build time.
//!
//! `build.rs` runs the core's manifest builders natively and embeds their output, compact, with
//! each output definition that repeats across operations stored once ([`pack`]), as raw
//! DEFLATE: DEFLATE's 32 KB window cannot match a definition repeated operations apart (a Returns
//! `Return` is 36 KB), so `connector.json` (about 5 MB) embeds in about 115 KB instead of 210 KB;
//! the builders (connection form, JSON Schema writers) and their manifest-only strings took about
//! 120 KB of the component. The `manifest` export inflates, unpacks and indents it; `operations`
//! takes each input schema from it. `build.rs` includes this file too and checks, before
//! embedding, that these functions give back exactly the builders' text for the manifest and for
//! every operation's schema.

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
        .and_then(|packed| unpack(&packed))
        .map(|compact| indent(&compact))
        .unwrap_or_default()
}

/// Every operation's id and input schema (compact JSON), read from the embedded manifest.
#[cfg(target_arch = "wasm32")]
pub fn operation_schemas() -> Vec<(String, String)> {
    inflate(MANIFEST_DEFLATED)
        .and_then(|packed| unpack(&packed))
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

/// Marks a stored text in [`pack`]'s output: a raw control character never occurs in JSON text
/// (strings escape them), so a marker cannot be mistaken for content.
const MARK: char = '\u{1}';

/// `compact` with each occurrence of every text in `shared` (longest first) replaced by
/// `MARK index MARK`, preceded by the shared texts, each as `length MARK text`, and their count:
/// `count MARK (length MARK text)* manifest`.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub fn pack(compact: &str, shared: &[String]) -> String {
    let mut shared: Vec<&String> = shared.iter().collect();
    shared.sort_by_key(|t| std::cmp::Reverse(t.len()));
    let mut main = compact.to_string();
    let mut kept: Vec<&String> = Vec::new();
    for text in shared {
        if main.matches(text.as_str()).count() >= 2 {
            main = main.replace(text.as_str(), &format!("{MARK}{}{MARK}", kept.len()));
            kept.push(text);
        }
    }
    let mut out = format!("{}{MARK}", kept.len());
    for text in kept {
        out.push_str(&format!("{}{MARK}{text}", text.len()));
    }
    out.push_str(&main);
    out
}

/// The manifest as it is embedded: compact text, every `$defs` member (at least 256 bytes) that
/// repeats stored once ([`pack`]), raw DEFLATE at miniz's best level. Build scripts only.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub fn deflate_manifest(manifest: &Value) -> Vec<u8> {
    let mut shared = Vec::new();
    definitions(manifest, &mut shared);
    let packed = pack(&manifest.to_string(), &shared);
    miniz_oxide::deflate::compress_to_vec(packed.as_bytes(), 10)
}

/// The compact text of every `$defs` member (at least 256 bytes) anywhere in `value`.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
fn definitions(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, member) in map {
                if key == "$defs" {
                    for def in member.as_object().into_iter().flat_map(|d| d.values()) {
                        let text = def.to_string();
                        if text.len() >= 256 && !out.contains(&text) {
                            out.push(text);
                        }
                    }
                }
                definitions(member, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| definitions(v, out)),
        _ => {}
    }
}

/// [`pack`]'s input back (`None` when the text is damaged).
pub fn unpack(packed: &str) -> Option<String> {
    let (count, mut rest) = packed.split_once(MARK)?;
    let count: usize = count.parse().ok()?;
    let mut shared = Vec::with_capacity(count);
    for _ in 0..count {
        let (len, tail) = rest.split_once(MARK)?;
        let len: usize = len.parse().ok()?;
        shared.push(tail.get(..len)?);
        rest = tail.get(len..)?;
    }
    let mut out =
        String::with_capacity(rest.len() + shared.iter().map(|s| s.len() * 4).sum::<usize>());
    let mut parts = rest.split(MARK);
    out.push_str(parts.next()?);
    while let Some(index) = parts.next() {
        out.push_str(shared.get(index.parse::<usize>().ok()?)?);
        out.push_str(parts.next()?);
    }
    Some(out)
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

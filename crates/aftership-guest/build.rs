//! Build settings of the wasm guest that cargo profiles cannot express, and its embedded manifest.
//!
//! The shadow stack: rustc's wasm default is 1 MiB, placed first in linear memory, so every
//! instance starts with 1 MiB of its memory cap spent on stack. The connector's deepest paths
//! (serde_json at its 128-level nesting limit, RSA-PSS signing) use far less (see
//! `STACK_BYTES`); with the stack first, an overflow runs below address 0 and traps instead of
//! corrupting data.
//!
//! The manifest: this script runs the core's manifest builders natively (the `manifest` feature,
//! which the component's own copy of the core leaves off) and writes `connector.json` deflated
//! to `OUT_DIR` for the component to embed (see `src/component/embedded.rs`).

use std::path::PathBuf;

#[path = "src/component/embedded.rs"]
mod embedded;

/// Shadow-stack size of the guest in bytes.
const STACK_BYTES: u32 = 256 << 10;

/// Initial linear memory of the guest: the stack, the data segments (about 290 KiB, most of it the deflated manifest), and an
/// arena the guest's allocator (`src/arena.rs`) serves small calls from without `memory.grow`.
/// Pages of it that a call never touches cost nothing (copy-on-write, pooled slots).
const INITIAL_MEMORY_BYTES: u32 = 640 << 10;

/// File name of the deflated manifest in `OUT_DIR` (`include_bytes!` in the component).
const MANIFEST_FILE: &str = "connector.json.deflate";

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target_arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if target_arch == "wasm32" {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size={STACK_BYTES}");
        println!("cargo:rustc-link-arg-cdylib=--initial-memory={INITIAL_MEMORY_BYTES}");
        embed_manifest();
    }
}

/// Deflates the manifest and checks that the component's readers give back the builders' text.
fn embed_manifest() {
    let text = aftership_core::manifest_json();
    // Compact, repeated output definitions once, deflated (`embedded::deflate_manifest`).
    let deflated = embedded::deflate_manifest(&aftership_core::manifest_value());
    let inflated = embedded::inflate(&deflated)
        .and_then(|p| embedded::unpack(&p))
        .map(|c| embedded::indent(&c));
    assert!(
        inflated.as_deref() == Some(text.as_str()),
        "the deflated manifest does not inflate and indent back to the manifest"
    );
    let schemas = embedded::input_schemas(&text).expect("the manifest lists operations");
    let native: Vec<(String, String)> = aftership_core::all_operations()
        .map(|op| (op.id(), aftership_core::input_schema(op).to_string()))
        .collect();
    assert!(
        schemas == native,
        "the input schemas read from the manifest differ from the core's input_schema()"
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join(MANIFEST_FILE), deflated).expect("writing the deflated manifest");
}

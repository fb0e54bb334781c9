//! Embeds the manifest the way the connector component does (compact, repeated output
//! definitions once, deflated; `aftership-guest/src/component/embedded.rs` reads it back), so
//! `GET /v1/manifest` answers with `connector.json` without the service carrying the manifest
//! builders and the multi-megabyte metadata they read.

use std::path::PathBuf;

#[allow(dead_code)]
#[path = "../aftership-guest/src/component/embedded.rs"]
mod embedded;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=../aftership-guest/src/component/embedded.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default() != "wasm32" {
        return;
    }
    let text = aftership_core::manifest_json();
    let value = aftership_core::manifest_value();
    let deflated = embedded::deflate_manifest(&value);
    let back = embedded::inflate(&deflated)
        .and_then(|p| embedded::unpack(&p))
        .map(|c| embedded::indent(&c));
    assert!(
        back.as_deref() == Some(text.as_str()),
        "the embedded manifest does not read back to the manifest"
    );
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("connector.json.deflate"), deflated).expect("writing the manifest");
}

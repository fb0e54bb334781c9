//! `deploy/spin.toml` and `deploy/wasmcloud.yaml` are generated from the connector manifest's
//! `outbound_hosts` (`src/deploy.rs`); this test fails when they drift. `AFTERSHIP_BLESS=1`
//! rewrites them.

use std::path::PathBuf;

use aftership_harness::deploy::{spin_toml, wasmcloud_yaml};

fn check(file: &str, expected: String) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("deploy")
        .join(file);
    if std::env::var_os("AFTERSHIP_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &expected).expect("writing the deployment manifest");
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is out of date: run `AFTERSHIP_BLESS=1 cargo test -p aftership-harness --test deploy`",
        path.display()
    );
}

#[test]
fn the_deployment_manifests_match_the_connector_manifest() {
    let manifest = aftership_core::manifest_value();
    check("spin.toml", spin_toml(&manifest).expect("spin.toml"));
    check(
        "wasmcloud.yaml",
        wasmcloud_yaml(&manifest).expect("wasmcloud.yaml"),
    );
}

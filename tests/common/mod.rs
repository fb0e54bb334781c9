//! Helpers shared by the end-to-end suites in this folder (each includes it with `mod common;`):
//! the one component per test binary, the workspace paths and the CLI binary.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use aftership_harness::Host;

pub mod component_oauth;

/// One compiled component per test binary (compiling takes about a second in a debug build).
pub fn host() -> &'static Host {
    static HOST: OnceLock<Host> = OnceLock::new();
    HOST.get_or_init(|| match Host::new() {
        Ok(host) => host,
        Err(e) => panic!("the embedded component must load: {e}"),
    })
}

/// The workspace root (the harness's parent folder).
pub fn workspace_root() -> PathBuf {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness.parent().unwrap_or(harness).to_path_buf()
}

/// The folder of the recorded cases, `tests/`.
pub fn tests_root() -> PathBuf {
    workspace_root().join("tests")
}

/// Runs the CLI binary; returns its exit code and its stdout followed by its stderr.
pub fn cli(args: &[&str]) -> (i32, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_aftership-harness"))
        .args(args)
        .output()
        .expect("the CLI runs");
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    (output.status.code().unwrap_or(-1), text)
}

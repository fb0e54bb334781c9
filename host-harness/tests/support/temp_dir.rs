//! A scratch folder per test, removed when the test ends (the runner and trigger tests write
//! settings, state, journals and outputs into one).

#![allow(dead_code)]

use std::path::PathBuf;

/// A fresh folder under the system's temporary directory, named after the suite and the test.
pub struct TempDir(PathBuf);

impl TempDir {
    /// Creates (or empties) `as-<suite>-<name>-<pid>`.
    pub fn new(suite: &str, name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("as-{suite}-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }

    /// The path of `name` inside the folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// Writes `value` as JSON to `name` and returns its path as text (what `--settings` takes).
    pub fn write_json(&self, name: &str, value: &serde_json::Value) -> String {
        let path = self.path(name);
        std::fs::write(&path, value.to_string()).unwrap();
        path.to_string_lossy().into_owned()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

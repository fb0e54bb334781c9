//! Resume state files: small JSON documents replaced atomically (written beside, then renamed),
//! so an interruption at any instant leaves either the old or the new state, never half of one.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// Writes `value` to `path` atomically.
pub fn save(path: &Path, value: &Value) -> std::io::Result<()> {
    let mut tmp = PathBuf::from(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state".to_string());
    tmp.set_file_name(format!(".{name}.tmp"));
    {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(value.to_string().as_bytes())?;
        file.write_all(b"\n")?;
        file.sync_all()?;
    }
    std::fs::rename(&tmp, path)
}

/// Reads a state file; `Ok(None)` when it does not exist yet.
pub fn load(path: &Path) -> Result<Option<Value>, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| format!("state file `{}` is not JSON: {e}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read state file `{}`: {e}", path.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_replaces_and_load_reads_back() {
        let dir = std::env::temp_dir().join(format!("as-state-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("s.json");
        assert_eq!(load(&path).unwrap(), None);
        save(&path, &serde_json::json!({"a": 1})).unwrap();
        save(&path, &serde_json::json!({"a": 2})).unwrap();
        assert_eq!(load(&path).unwrap(), Some(serde_json::json!({"a": 2})));
        assert!(!dir.join(".s.json.tmp").exists());
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! The bulk journal: each line's intent, written before its request is sent, and its outcome,
//! written as soon as it is known (not when its turn in the ordered output comes).
//!
//! JSON Lines appended to `<state>.journal`, each written whole with one `write` and synced to
//! disk before the request goes out, so after a crash (SIGKILL, power loss) the journal tells
//! apart the lines never sent, the lines whose answer is known (their result line is in the
//! journal and is reused as is) and the lines sent with no known answer. A torn last line is
//! ignored. The first line names the run (operation and input), so a journal of another run is
//! refused rather than misread.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::{json, Value};

/// What an earlier run recorded about one line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    /// Its request was about to be sent.
    pub sent: bool,
    /// Its result line and status (`ok`, `existed`, `unknown` or an error kind), once known.
    pub outcome: Option<(String, String)>,
}

/// The journal of one bulk run.
#[derive(Debug)]
pub struct Journal {
    file: Option<Mutex<File>>,
    earlier: BTreeMap<usize, Entry>,
}

/// The journal path for a state file: `<state>.journal`.
pub fn path_for(state: &Path) -> PathBuf {
    let mut name = state.as_os_str().to_owned();
    name.push(".journal");
    PathBuf::from(name)
}

impl Journal {
    /// No journal (no state file given): nothing is recorded.
    pub fn none() -> Self {
        Self {
            file: None,
            earlier: BTreeMap::new(),
        }
    }

    /// Opens (or starts) the journal at `path` for this run; `fresh` discards an earlier one.
    pub fn open(path: &Path, operation: &str, input: &str, fresh: bool) -> Result<Self, String> {
        let header = json!({"kind": "bulk-journal", "operation": operation, "input": input});
        let mut earlier = BTreeMap::new();
        let existing = if fresh {
            None
        } else {
            match std::fs::read_to_string(path) {
                Ok(text) => Some(text),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
                Err(e) => return Err(format!("cannot read journal `{}`: {e}", path.display())),
            }
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| format!("cannot open journal `{}`: {e}", path.display()))?;
        match existing.filter(|t| !t.is_empty()) {
            Some(text) => {
                let mut lines = text.split_inclusive('\n');
                let first: Option<Value> = lines
                    .next()
                    .and_then(|l| serde_json::from_str(l.trim_end()).ok());
                if first.as_ref() != Some(&header) {
                    return Err(format!(
                        "journal `{}` belongs to another run; use a new state file",
                        path.display()
                    ));
                }
                for line in lines {
                    // A line cut by the crash has no newline (or no valid JSON): never acted on.
                    let Some(Ok(record)) =
                        line.strip_suffix('\n').map(serde_json::from_str::<Value>)
                    else {
                        continue;
                    };
                    let Some(index) = record["i"].as_u64() else {
                        continue;
                    };
                    let entry: &mut Entry = earlier.entry(index as usize).or_default();
                    if record["sent"] == true {
                        entry.sent = true;
                    }
                    if let (Some(line), Some(status)) =
                        (record["line"].as_str(), record["status"].as_str())
                    {
                        entry.outcome = Some((line.to_string(), status.to_string()));
                    }
                }
                // Make sure the next record starts on a line of its own.
                if !text.ends_with('\n') {
                    file.write_all(b"\n").map_err(|e| e.to_string())?;
                }
            }
            None => {
                file.set_len(0).map_err(|e| e.to_string())?;
                file.write_all(format!("{header}\n").as_bytes())
                    .and_then(|()| file.sync_data())
                    .map_err(|e| format!("cannot write journal `{}`: {e}", path.display()))?;
            }
        }
        Ok(Self {
            file: Some(Mutex::new(file)),
            earlier,
        })
    }

    /// What an earlier run recorded about line `index`.
    pub fn earlier(&self, index: usize) -> Option<&Entry> {
        self.earlier.get(&index)
    }

    /// Records that line `index` is about to be sent; returns once that is on disk.
    pub fn intent(&self, index: usize) -> std::io::Result<()> {
        self.append(&json!({"i": index, "sent": true}))
    }

    /// Records line `index`'s result line and status.
    pub fn outcome(&self, index: usize, line: &str, status: &str) -> std::io::Result<()> {
        self.append(&json!({"i": index, "line": line, "status": status}))
    }

    fn append(&self, record: &Value) -> std::io::Result<()> {
        let Some(file) = &self.file else {
            return Ok(());
        };
        let mut bytes = record.to_string().into_bytes();
        bytes.push(b'\n');
        let mut file = file
            .lock()
            .map_err(|_| std::io::Error::other("journal lock poisoned"))?;
        file.write_all(&bytes)?;
        file.sync_data()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_survive_reopening_and_a_torn_line_is_ignored() {
        let dir = std::env::temp_dir().join(format!("as-journal-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("j");
        {
            let journal = Journal::open(&path, "op", "in", true).unwrap();
            journal.intent(0).unwrap();
            journal.outcome(0, "{\"line\":1}", "ok").unwrap();
            journal.intent(1).unwrap();
        }
        // A crash in the middle of writing line 2's outcome.
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(b"{\"i\":1,\"line\":\"x\",\"sta").unwrap();
        drop(file);
        let journal = Journal::open(&path, "op", "in", false).unwrap();
        assert_eq!(
            journal.earlier(0).unwrap().outcome,
            Some(("{\"line\":1}".to_string(), "ok".to_string()))
        );
        assert_eq!(
            journal.earlier(1),
            Some(&Entry {
                sent: true,
                outcome: None
            })
        );
        assert_eq!(journal.earlier(2), None);
        journal.intent(2).unwrap();
        drop(journal);
        let journal = Journal::open(&path, "op", "in", false).unwrap();
        assert!(journal.earlier(2).unwrap().sent);
        assert!(Journal::open(&path, "other", "in", false)
            .unwrap_err()
            .contains("another run"));
        std::fs::remove_dir_all(&dir).ok();
    }
}

//! The core is sans-IO: its sources name no file-system API (the test machinery that reads fixture
//! files lives in `crates/aftership-testkit`).

use std::path::Path;

fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir)
        .expect("readable source folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn core_sources_touch_no_file_system() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "only {} source files found", files.len());
    let mut offenders = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable source");
        for (n, line) in text.lines().enumerate() {
            if [
                "std::fs",
                "fs::read",
                "fs::write",
                "File::open",
                "File::create",
            ]
            .iter()
            .any(|api| line.contains(api))
            {
                offenders.push(format!("{}:{}: {}", path.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "file-system use in the core:\n{}",
        offenders.join("\n")
    );
}

//! `cargo run -p aftership-codegen -- --write` regenerates the operation metadata from `spec/`
//! and the packages' operation types from it; without `--write` it only says whether the
//! checked-in files are current (exit 1 when not).

use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "--print-manifest") {
        // The manifest the core writes with the current metadata (for size checks).
        print!("{}", aftership_core::manifest_json());
        return ExitCode::SUCCESS;
    }
    let write = std::env::args().any(|a| a == "--write");
    let root = aftership_codegen::repo_root();
    let files = match aftership_codegen::outputs(&root) {
        Ok(files) => files,
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let mut stale = 0;
    for (path, text) in files {
        let full = root.join(path);
        let current = std::fs::read_to_string(&full).unwrap_or_default();
        if current == text {
            println!("{path} is current");
        } else if write {
            if let Err(e) = std::fs::write(&full, &text) {
                eprintln!("error: writing {}: {e}", full.display());
                return ExitCode::FAILURE;
            }
            println!("wrote {path} ({} bytes)", text.len());
        } else {
            eprintln!("{path} is stale: run `cargo run -p aftership-codegen -- --write`");
            stale += 1;
        }
    }
    if stale > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

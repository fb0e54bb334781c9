//! `cargo run -p aftership-codegen -- --write` regenerates the operation metadata from `spec/`;
//! without `--write` it only says whether the checked-in file is current (exit 1 when not).

use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args().any(|a| a == "--print-manifest") {
        // The manifest the core writes with the current metadata (for size checks).
        print!("{}", aftership_core::manifest_json());
        return ExitCode::SUCCESS;
    }
    let write = std::env::args().any(|a| a == "--write");
    let root = aftership_codegen::repo_root();
    let text = match aftership_codegen::generate(&root) {
        Ok(v) => aftership_codegen::render(&v),
        Err(e) => {
            eprintln!("error: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    let path = root.join(aftership_codegen::OUTPUT);
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if write {
        if current != text {
            if let Err(e) = std::fs::write(&path, &text) {
                eprintln!("error: writing {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            println!("wrote {} ({} bytes)", aftership_codegen::OUTPUT, text.len());
        } else {
            println!("{} is current", aftership_codegen::OUTPUT);
        }
        ExitCode::SUCCESS
    } else if current == text {
        println!("{} is current", aftership_codegen::OUTPUT);
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "{} is stale: run `cargo run -p aftership-codegen -- --write`",
            aftership_codegen::OUTPUT
        );
        ExitCode::FAILURE
    }
}

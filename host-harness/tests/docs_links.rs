//! The README is the front door and the topic pages live in `docs/`: every relative link in the
//! repository's own documents must lead to a file that exists, and the README keeps the two
//! set-up commands that `.ci/run` relies on.

use std::path::{Path, PathBuf};

/// Pages the README lists that other branches add (triggers, the service, the warranty and
/// personalization API types, operation metadata). Tolerated while absent; once merged, they
/// are checked like every other link.
const PENDING_PAGES: [&str; 4] = [
    "docs/triggers.md",
    "docs/service.md",
    "docs/warranty-personalization.md",
    "docs/operation-metadata.md",
];

fn root() -> PathBuf {
    let harness = Path::new(env!("CARGO_MANIFEST_DIR"));
    harness.parent().unwrap_or(harness).to_path_buf()
}

/// The documents checked: the root pages, `docs/*.md` and the host packages' READMEs.
fn documents(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = [
        "README.md",
        "CONTRIBUTING.md",
        "SECURITY.md",
        "CHANGELOG.md",
        "hosts/node/README.md",
        "hosts/python/README.md",
    ]
    .iter()
    .map(|f| root.join(f))
    .collect();
    let docs = std::fs::read_dir(root.join("docs")).expect("docs/ exists");
    files.extend(
        docs.filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "md")),
    );
    files
}

/// Targets of `[text](target)` links, outside fenced code blocks.
fn link_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        let mut rest = line;
        while let Some(at) = rest.find("](") {
            let tail = &rest[at + 2..];
            let Some(end) = tail.find(')') else { break };
            targets.push(tail[..end].to_string());
            rest = &tail[end..];
        }
    }
    targets
}

#[test]
fn every_relative_link_leads_to_a_file() {
    let root = root();
    let mut broken = Vec::new();
    let mut checked = 0;
    for doc in documents(&root) {
        let text = std::fs::read_to_string(&doc).unwrap_or_else(|e| panic!("{doc:?}: {e}"));
        for target in link_targets(&text) {
            let path = target.split('#').next().unwrap_or("");
            if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
                continue;
            }
            let resolved = doc.parent().expect("a folder").join(path);
            checked += 1;
            if resolved.exists() {
                continue;
            }
            if !PENDING_PAGES.iter().any(|p| root.join(p) == resolved) {
                broken.push(format!("{}: {target}", doc.display()));
            }
        }
    }
    assert!(
        checked > 30,
        "only {checked} links found: is the parser broken?"
    );
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn the_readme_keeps_the_two_set_up_commands_and_ci_runs_the_suite() {
    let root = root();
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let setup = readme
        .split("## Set-up")
        .nth(1)
        .and_then(|s| s.split("\n## ").next())
        .expect("a Set-up section");
    let commands: Vec<&str> = setup
        .split("```sh")
        .nth(1)
        .and_then(|s| s.split("```").next())
        .expect("a sh block")
        .lines()
        .filter_map(|l| l.split('#').next())
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(commands, ["cargo run", "bash scripts/test-all.sh"]);
    let ci = std::fs::read_to_string(root.join(".ci/run")).expect(".ci/run");
    assert!(
        ci.lines().any(|l| l.trim() == "bash scripts/test-all.sh"),
        ".ci/run must run the whole suite"
    );
}

#[test]
fn the_link_parser_finds_links_and_skips_code() {
    let text = "see [a](docs/a.md#x) and [b](https://x.y)\n```sh\n[c](no.md)\n```\n[d](e.md)";
    assert_eq!(link_targets(text), ["docs/a.md#x", "https://x.y", "e.md"]);
}

/// `[workspace.package] version` of the root manifest.
fn workspace_version(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let section = manifest
        .split("[workspace.package]")
        .nth(1)
        .expect("a [workspace.package] table");
    section
        .lines()
        .find_map(|l| l.trim().strip_prefix("version = \""))
        .and_then(|v| v.strip_suffix('"'))
        .expect("a version")
        .to_string()
}

#[test]
fn one_version_for_the_wit_package_the_packages_and_the_changelog() {
    let root = root();
    let version = workspace_version(&root);
    for wit in ["api.wit", "types.wit", "world.wit"] {
        let text = std::fs::read_to_string(root.join("wit").join(wit)).expect("a WIT file");
        assert!(
            text.starts_with(&format!("package aftership:connector@{version};")),
            "wit/{wit} must declare aftership:connector@{version}"
        );
    }
    let package = std::fs::read_to_string(root.join("hosts/node/package.json")).expect("json");
    let package: serde_json::Value = serde_json::from_str(&package).expect("package.json");
    assert_eq!(
        package["version"],
        version.as_str(),
        "hosts/node/package.json"
    );
    let changelog = std::fs::read_to_string(root.join("CHANGELOG.md")).expect("CHANGELOG.md");
    for heading in ["## [Unreleased]".to_string(), format!("## [{version}]")] {
        assert!(
            changelog.lines().any(|l| l.trim() == heading),
            "CHANGELOG.md needs a `{heading}` section"
        );
    }
}

//! The product does not depend on the test kit: `aftership-testkit` may appear in the harness's
//! `[dev-dependencies]` only, never under `[dependencies]` (or a target-specific one).

/// The dependency names of every `[…dependencies]` table whose header satisfies `pick`.
fn dependencies(manifest: &str, pick: impl Fn(&str) -> bool) -> Vec<String> {
    let mut names = Vec::new();
    let mut inside = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line.ends_with("dependencies]") && pick(line);
            continue;
        }
        if inside && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim();
                names.push(name.strip_suffix(".workspace").unwrap_or(name).to_string());
            }
        }
    }
    names
}

#[test]
fn the_test_kit_is_a_dev_dependency_only() {
    let manifest = include_str!("../Cargo.toml");
    let normal = dependencies(manifest, |h| !h.contains("dev-") && !h.contains("build-"));
    let dev = dependencies(manifest, |h| h.contains("dev-dependencies"));
    assert!(normal.iter().any(|n| n == "aftership-core"), "{normal:?}");
    assert!(
        !normal.iter().any(|n| n == "aftership-testkit"),
        "{normal:?}"
    );
    assert!(dev.iter().any(|n| n == "aftership-testkit"), "{dev:?}");
}

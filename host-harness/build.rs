//! Builds each wasm artifact of [`ARTIFACTS`] for `wasm32-unknown-unknown` with a nested cargo,
//! turns its core module into a component with `wit-component`, and hands the component's path to
//! the crate in the artifact's variable (`AFTERSHIP_COMPONENT` for the zero-import connector,
//! `AFTERSHIP_SERVICE_COMPONENT` for the WASI-HTTP service). A plain `cargo test` / `cargo run` on
//! a fresh machine therefore builds everything, adding the wasm target through rustup when the
//! toolchain lacks it.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const GUEST_PROFILE: &str = "guest-release";

/// One component this script builds.
struct Artifact {
    /// The workspace package built for wasm.
    package: &'static str,
    /// The variable that carries the component's path to the crate.
    env: &'static str,
    /// The component's file name in `OUT_DIR`.
    file: &'static str,
    /// The variable that says whether wasm-opt ran (the size budget test reads it), if any.
    wasm_opt_env: Option<&'static str>,
}

/// Every component, each from its own nested build: one build would unify the packages' features
/// of shared crates (the service turns on the core's `manifest` feature, which the connector
/// leaves off), so the connector component stays byte for byte what it was alone.
const ARTIFACTS: &[Artifact] = &[
    Artifact {
        package: "aftership-guest",
        env: "AFTERSHIP_COMPONENT",
        file: "aftership_connector.wasm",
        wasm_opt_env: Some("AFTERSHIP_WASM_OPT_APPLIED"),
    },
    Artifact {
        package: "aftership-service",
        env: "AFTERSHIP_SERVICE_COMPONENT",
        file: "aftership_service.wasm",
        wasm_opt_env: None,
    },
];

/// Variables cargo hands to build scripts (or a coverage tool sets) that must not leak into the
/// nested wasm build: host rustflags, instrumentation, a wrapper such as clippy-driver, or a target
/// dir the outer cargo holds locked.
const SCRUBBED_ENV: &[&str] = &[
    "CARGO_ENCODED_RUSTFLAGS",
    "RUSTFLAGS",
    "CARGO_BUILD_RUSTFLAGS",
    "CARGO_TARGET_DIR",
    "CARGO_BUILD_TARGET",
    "RUSTC_WORKSPACE_WRAPPER",
    "LLVM_PROFILE_FILE",
    "CARGO_LLVM_COV",
];

fn main() -> Result<()> {
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let workspace = manifest_dir
        .parent()
        .context("host-harness must sit inside the workspace")?
        .to_path_buf();
    let out_dir = PathBuf::from(env::var("OUT_DIR")?);

    watch_inputs(&workspace);
    println!("cargo:rerun-if-env-changed=CARGO_NET_OFFLINE");
    println!("cargo:rerun-if-env-changed=CARGO_TARGET_DIR");
    println!("cargo:rerun-if-env-changed=AFTERSHIP_WASM_OPT");

    ensure_wasm_target(&workspace)?;

    // Its own target dir: the outer cargo holds the lock on the main one. Follow an explicit
    // CARGO_TARGET_DIR so that a build in a scratch dir is really clean.
    let target_dir = match env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("wasm-guest"),
        _ => workspace.join("target").join("wasm-guest"),
    };
    for artifact in ARTIFACTS {
        build_artifact(artifact, &workspace, &target_dir, &out_dir)?;
    }
    Ok(())
}

/// Builds one artifact's module, optimises it, encodes the component and announces its path.
fn build_artifact(
    artifact: &Artifact,
    workspace: &Path,
    target_dir: &Path,
    out_dir: &Path,
) -> Result<()> {
    let module_path = build_guest(artifact.package, workspace, target_dir)?;
    let module_path = optimize(artifact, &module_path, out_dir);

    let module = std::fs::read(&module_path).with_context(|| {
        format!(
            "reading the {} module {}",
            artifact.package,
            module_path.display()
        )
    })?;
    let component = wit_component::ComponentEncoder::default()
        .module(&module)
        .with_context(|| {
            format!(
                "the {} module carries no usable component-type section",
                artifact.package
            )
        })?
        .validate(true)
        .encode()
        .with_context(|| format!("turning the {} module into a component", artifact.package))?;
    let component_path = out_dir.join(artifact.file);
    std::fs::write(&component_path, &component)
        .with_context(|| format!("writing {}", component_path.display()))?;
    println!(
        "cargo:rustc-env={}={}",
        artifact.env,
        component_path.display()
    );
    Ok(())
}

/// Feature flags of the guest module (rustc's wasm32 defaults) that binaryen must accept.
const WASM_OPT_FEATURES: &[&str] = &[
    "--enable-bulk-memory",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-multivalue",
    "--enable-reference-types",
];

/// Runs binaryen's `wasm-opt -Oz` on the guest module when it is installed (`.ci/binaryen.sh`
/// installs it; `AFTERSHIP_WASM_OPT` names another binary, or `0` to skip). Measured on the
/// connector: -18% bytes (585,067 -> 480,288 for the core module) at the cost of a few seconds
/// per guest rebuild. Without it the build still works and says so; the component is larger and
/// the size budget test tells which budget applies. Sets `AFTERSHIP_WASM_OPT_APPLIED` for it.
fn optimize(artifact: &Artifact, module: &Path, out_dir: &Path) -> PathBuf {
    let tool = env::var("AFTERSHIP_WASM_OPT").unwrap_or_else(|_| "wasm-opt".to_string());
    let applied = |yes: bool| {
        if let Some(name) = artifact.wasm_opt_env {
            println!("cargo:rustc-env={name}={}", u8::from(yes));
        }
    };
    let skip = |why: String| {
        println!(
            "cargo:warning={why}; the {} component is built without wasm-opt (larger)",
            artifact.package
        );
        applied(false);
        module.to_path_buf()
    };
    if tool == "0" {
        applied(false);
        return module.to_path_buf();
    }
    let stem = artifact.package.replace('-', "_");
    let optimized = out_dir.join(format!("{stem}.opt.wasm"));
    let status = Command::new(&tool)
        .arg("-Oz")
        .args(WASM_OPT_FEATURES)
        .arg(module)
        .arg("-o")
        .arg(&optimized)
        .output();
    match status {
        Ok(output) if output.status.success() && optimized.is_file() => {
            applied(true);
            optimized
        }
        Ok(output) => skip(format!(
            "`{tool} -Oz` failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(e) => skip(format!(
            "`{tool}` not found ({e}); install binaryen (Debian: `apt-get install binaryen`)"
        )),
    }
}

/// `rerun-if-changed` for every input of the guest build. Only existing paths are named: a
/// missing one would make cargo rerun this script on every build.
fn watch_inputs(workspace: &Path) {
    let inputs = [
        "crates/aftership-guest/src",
        "crates/aftership-guest/Cargo.toml",
        "crates/aftership-guest/build.rs",
        "crates/aftership-service/src",
        "crates/aftership-service/wit",
        "crates/aftership-service/Cargo.toml",
        "crates/aftership-testkit/src",
        "crates/aftership-testkit/Cargo.toml",
        "crates/aftership-core/src",
        "crates/aftership-core/Cargo.toml",
        "crates/aftership-wit-convert/src",
        "crates/aftership-wit-convert/Cargo.toml",
        "wit",
        "Cargo.lock",
        // The guest-release profile lives in the root manifest.
        "Cargo.toml",
    ];
    for input in inputs {
        let path = workspace.join(input);
        if path.exists() {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
}

/// Adds the wasm target with rustup when the active toolchain's sysroot lacks it.
fn ensure_wasm_target(workspace: &Path) -> Result<()> {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
    let output = Command::new(&rustc)
        .args(["--print", "sysroot"])
        .output()
        .with_context(|| format!("running `{rustc} --print sysroot`"))?;
    if !output.status.success() {
        bail!(
            "`{rustc} --print sysroot` failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let sysroot = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
    if sysroot.join("lib/rustlib").join(WASM_TARGET).exists() {
        return Ok(());
    }
    println!(
        "cargo:warning=installing the {WASM_TARGET} target with rustup (needed to build the connector component)"
    );
    let status = Command::new("rustup")
        .args(["target", "add", WASM_TARGET])
        .current_dir(workspace)
        .status();
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(status) => bail!(
            "`rustup target add {WASM_TARGET}` failed ({status}); install the target by hand and rebuild"
        ),
        Err(e) => bail!(
            "the {WASM_TARGET} target is missing from {} and rustup could not be run ({e}); \
             install the target for this toolchain (with rustup: `rustup target add {WASM_TARGET}`) and rebuild",
            sysroot.display()
        ),
    }
}

/// Runs the nested `cargo build` of one package and returns its core module's path.
fn build_guest(package: &str, workspace: &Path, target_dir: &Path) -> Result<PathBuf> {
    let cargo = env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut command = Command::new(&cargo);
    command
        .current_dir(workspace)
        .args(["build", "--package", package, "--target", WASM_TARGET])
        .args(["--profile", GUEST_PROFILE])
        .arg("--target-dir")
        .arg(target_dir);
    if env::var_os("CARGO_NET_OFFLINE").is_some_and(|v| !v.is_empty() && v != "false") {
        command.arg("--offline");
    }
    for name in SCRUBBED_ENV {
        command.env_remove(name);
    }
    // Cargo's stdout is reserved for build-script directives, so capture everything and show it
    // only when the nested build fails.
    let output = command
        .output()
        .with_context(|| format!("running `{cargo} build` for {package}"))?;
    if !output.status.success() {
        bail!(
            "building {package} for {WASM_TARGET} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let module = target_dir
        .join(WASM_TARGET)
        .join(GUEST_PROFILE)
        .join(format!("{}.wasm", package.replace('-', "_")));
    if !module.exists() {
        bail!(
            "the {package} build succeeded but {} is missing",
            module.display()
        );
    }
    Ok(module)
}

//! The compiled-code cache: a `.cwasm` per component and engine, in cargo's `OUT_DIR`.

use std::hash::{Hash, Hasher};
use std::path::Path;

use wasmtime::component::Component;
use wasmtime::Engine;

use crate::runtime::compile;
use crate::HostError;

const CACHE_PREFIX: &str = "aftership_connector-";

/// Loads compiled code from `dir` when a `.cwasm` for these bytes and this engine exists;
/// otherwise compiles and stores it (atomically: written aside, then renamed), removing
/// caches of older builds. Cache problems are never errors: they only cost a compilation.
pub(crate) fn load_cached(
    engine: &Engine,
    bytes: &[u8],
    dir: &Path,
) -> Result<Component, HostError> {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    engine.precompile_compatibility_hash().hash(&mut hasher);
    let name = format!("{CACHE_PREFIX}{:016x}.cwasm", hasher.finish());
    let path = dir.join(&name);
    if path.is_file() {
        if let Ok(component) = deserialize_cached(engine, &path) {
            return Ok(component);
        }
    }
    let component = compile(engine, bytes)?;
    if let Ok(serialized) = component.serialize() {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for entry in entries.flatten() {
                let old = entry.file_name().to_string_lossy().into_owned();
                if old.starts_with(CACHE_PREFIX) && old.ends_with(".cwasm") && old != name {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        let aside = dir.join(format!(".{name}.{}.tmp", std::process::id()));
        if std::fs::write(&aside, &serialized).is_ok() {
            let _ = std::fs::rename(&aside, &path);
        }
        let _ = std::fs::remove_file(&aside);
    }
    Ok(component)
}

/// Maps a `.cwasm` this crate wrote into memory.
#[allow(unsafe_code)]
fn deserialize_cached(engine: &Engine, path: &Path) -> wasmtime::Result<Component> {
    // SAFETY: `deserialize_file` trusts the file to be compiled code from `Component::serialize`.
    // Only `load_cached` writes these files, into cargo's private build output, atomically
    // (write aside + rename), under a name that hashes the component bytes and the engine's
    // compatibility settings; wasmtime itself also rejects artifacts of another version or
    // configuration, which sends us back to compiling.
    unsafe { Component::deserialize_file(engine, path) }
}

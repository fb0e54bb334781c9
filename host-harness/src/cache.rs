//! The compiled-code cache: a `.cwasm` per component and engine, in cargo's `OUT_DIR`.

use std::hash::{Hash, Hasher};
use std::path::Path;

use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::Engine;

use crate::runtime::compile;
use crate::HostError;

const CACHE_PREFIX: &str = "aftership_connector-";

/// The cache file's name: `aftership_connector-<sha256>.cwasm`, the SHA-256 of the component
/// bytes followed by what the engine's compatibility key feeds to a [`Hasher`]. SHA-256 is the
/// same on every Rust version (std's `DefaultHasher` is not promised to be), so a toolchain
/// update does not orphan the cache under a new name each time.
fn cache_name(bytes: &[u8], engine_key: impl Hash) -> String {
    let mut hasher = Sha256Hasher(Sha256::new());
    hasher.0.update(bytes);
    engine_key.hash(&mut hasher);
    let digest = hasher.0.finalize();
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("{CACHE_PREFIX}{hex}.cwasm")
}

/// A [`Hasher`] that feeds SHA-256 (to take in a value that only offers [`Hash`]).
struct Sha256Hasher(Sha256);

impl Hasher for Sha256Hasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Unused (the digest is read from the inner state): the first 8 bytes of the digest so far.
    fn finish(&self) -> u64 {
        let digest = self.0.clone().finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&digest[..8]);
        u64::from_be_bytes(first)
    }
}

/// Loads compiled code from `dir` when a `.cwasm` for these bytes and this engine exists;
/// otherwise compiles and stores it (atomically: written aside, then renamed), removing
/// caches of older builds. Cache problems are never errors: they only cost a compilation.
pub(crate) fn load_cached(
    engine: &Engine,
    bytes: &[u8],
    dir: &Path,
) -> Result<Component, HostError> {
    let name = cache_name(bytes, engine.precompile_compatibility_hash());
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The smallest valid component: the preamble of an empty one (compiles in microseconds).
    const EMPTY_COMPONENT: &[u8] = b"\0asm\x0d\x00\x01\x00";

    #[test]
    fn the_name_is_the_sha256_of_the_bytes_and_the_engine_key() {
        // `str` feeds its bytes and then 0xff to a Hasher.
        let expected = Sha256::new()
            .chain_update(b"component")
            .chain_update(b"engine-a\xff")
            .finalize();
        let hex: String = expected.iter().map(|b| format!("{b:02x}")).collect();
        let name = cache_name(b"component", "engine-a");
        assert_eq!(name, format!("aftership_connector-{hex}.cwasm"));
        // Pinned: the same inputs name the same file on every toolchain.
        assert_eq!(
            cache_name(b"", ""),
            "aftership_connector-a8100ae6aa1940d0b663bb31cd466142ebbdbd5187131b92d93818987832eb89.cwasm"
        );
        assert_ne!(name, cache_name(b"component", "engine-b"));
        assert_ne!(name, cache_name(b"componenT", "engine-a"));
    }

    #[test]
    fn the_cache_is_written_once_and_replaces_older_builds() {
        let dir = std::env::temp_dir().join(format!("aftership-cache-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let stale = dir.join(format!("{CACHE_PREFIX}0123456789abcdef.cwasm"));
        std::fs::write(&stale, b"older build").unwrap();
        let engine = Engine::default();
        let name = cache_name(EMPTY_COMPONENT, engine.precompile_compatibility_hash());

        load_cached(&engine, EMPTY_COMPONENT, &dir).unwrap();
        let written = std::fs::read(dir.join(&name)).unwrap();
        assert!(!written.is_empty());
        assert!(!stale.exists(), "the cache of an older build is removed");
        // A second load maps the file instead of writing it again.
        load_cached(&engine, EMPTY_COMPONENT, &dir).unwrap();
        assert_eq!(std::fs::read(dir.join(&name)).unwrap(), written);
        let files = std::fs::read_dir(&dir).unwrap().count();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(files, 1);
    }
}

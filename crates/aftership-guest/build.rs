//! Link settings of the wasm guest that cargo profiles cannot express.
//!
//! The shadow stack: rustc's wasm default is 1 MiB, placed first in linear memory, so every
//! instance starts with 1 MiB of its memory cap spent on stack. The connector's deepest paths
//! (serde_json at its 128-level nesting limit, RSA-PSS signing) use far less (see
//! `STACK_BYTES`); with the stack first, an overflow runs below address 0 and traps instead of
//! corrupting data.

/// Shadow-stack size of the guest in bytes.
const STACK_BYTES: u32 = 256 << 10;

/// Initial linear memory of the guest: the stack, the data segments (about 110 KiB), and an
/// arena the guest's allocator (`src/arena.rs`) serves small calls from without `memory.grow`.
/// Pages of it that a call never touches cost nothing (copy-on-write, pooled slots).
const INITIAL_MEMORY_BYTES: u32 = 448 << 10;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let target_arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    if target_arch == "wasm32" {
        println!("cargo:rustc-link-arg-cdylib=-zstack-size={STACK_BYTES}");
        println!("cargo:rustc-link-arg-cdylib=--initial-memory={INITIAL_MEMORY_BYTES}");
    }
}

//! The component: wit-bindgen glue between the WIT `connector` world and `aftership-core`.
//! All logic lives in the core crate; this file only converts records.

#[cfg(target_arch = "wasm32")]
mod arena;
#[cfg(target_arch = "wasm32")]
mod component;

/// Small calls allocate from the initial memory instead of growing it (see `arena.rs`).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: arena::Arena = arena::Arena::new();

//! The component: wit-bindgen glue between the WIT `connector` world and `aftership-core`.
//! All logic lives in the core crate; this file only converts records.

#[cfg(target_arch = "wasm32")]
mod component;

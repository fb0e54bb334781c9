//! The AfterShip connector as a WASI-HTTP service component: it exports
//! `wasi:http/incoming-handler`, reads its settings from `wasi:config/store` and calls AfterShip
//! through `wasi:http/outgoing-handler`. The core (`aftership-core`) builds every request and
//! parses every answer, exactly as in the zero-import connector component; this crate holds the
//! routes ([`service`]), the settings keys ([`config`]) and the WASI glue (wasm32 only).
//! `docs/service.md` describes the routes, the keys and the security model.

pub mod config;
#[cfg(target_arch = "wasm32")]
mod glue;
pub mod service;

//! The AfterShip connector as a WASI-HTTP service component: it exports
//! `wasi:http/incoming-handler`, reads its settings from `wasi:config/store` and calls AfterShip
//! through `wasi:http/outgoing-handler`. The core (`aftership-core`) builds every request and
//! parses every answer, exactly as in the zero-import connector component; this crate holds the
//! routes ([`service`]), the settings keys ([`config`]) and the WASI glue (wasm32 only).
//! `docs/service.md` describes the routes, the keys and the security model.

pub mod config;
/// The embedded manifest's reader, shared with the connector component.
#[allow(dead_code)]
#[path = "../../aftership-guest/src/component/embedded.rs"]
mod embedded;
#[cfg(target_arch = "wasm32")]
mod glue;
pub mod service;

/// `connector.json`: in the component, the embedded copy (build.rs); natively, the builders'.
pub fn manifest_text() -> String {
    #[cfg(target_arch = "wasm32")]
    {
        embedded::manifest()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        aftership_core::manifest_json()
    }
}

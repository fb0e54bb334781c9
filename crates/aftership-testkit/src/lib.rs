//! Test machinery for the AfterShip connector, kept out of the product crate (the core reads no
//! files): one generic case runner ([`case`]) that the fixtures, OAuth cases and webhook cases go
//! through, case discovery, and the bless writer that rewrites a case's expected blocks from what
//! a backend produces. Also the shapes every driver of the component prints, which the CLI runner
//! and the WASI-HTTP service share: the JSON of outcomes and errors (`fixture`) and the items of a
//! listing page ([`listing`]). They live here, not in the core, so the connector component does
//! not change when they do.

pub mod bless;
pub mod case;
pub mod fixture;
pub mod helpers;
pub mod inputs;
pub mod listing;
pub mod oauth_cases;
pub mod webhook_cases;

//! Test machinery for the AfterShip connector, kept out of the product crate (the core reads no
//! files): the fixture model and runner, the OAuth and webhook case runners, case discovery and
//! the bless writer that rewrites a fixture's expected blocks from what a backend produces.

pub mod bless;
pub mod fixture;
pub mod inputs;
pub mod oauth_cases;
pub mod webhook_cases;

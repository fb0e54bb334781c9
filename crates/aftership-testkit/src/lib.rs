//! Test machinery for the AfterShip connector, kept out of the product (a dev-dependency only):
//! the bless writer that rewrites a case's expected blocks from what a backend produces, the OAuth
//! and webhook case kinds, and test helpers. The fixture format and the generic case runner the
//! CLI also uses live in `aftership-fixtures`, re-exported here as [`case`] and [`fixture`] so
//! every suite reaches all case machinery through one crate.

pub mod bless;
pub use aftership_fixtures::{case, fixture, listing};
pub mod helpers;
pub mod inputs;
pub mod oauth_cases;
pub mod webhook_cases;

//! Test machinery for the AfterShip connector, kept out of the product crate (the core reads no
//! files): one generic case runner ([`case`]) that the fixtures, OAuth cases and webhook cases go
//! through, case discovery, and the bless writer that rewrites a case's expected blocks from what
//! a backend produces.

pub mod bless;
pub mod case;
pub mod fixture;
pub mod helpers;
pub mod inputs;
pub mod oauth_cases;
pub mod webhook_cases;

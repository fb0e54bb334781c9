//! The recorded-fixture format of the AfterShip connector: one JSON file per exchange (settings
//! with placeholder credentials, operation, input, expected request, recorded response, expected
//! outcome or error), and the generic case runner that loads such a file, runs it on a backend
//! (the native core or the real component) and compares what came back.
//!
//! It is part of the product: the CLI replays fixtures (`replay`, the default command of
//! `cargo run`) and writes them (`call --record`). The test-only machinery (bless writer, OAuth
//! and webhook case kinds, test helpers) stays in `aftership-testkit`.

pub mod case;
pub mod fixture;
pub mod listing;

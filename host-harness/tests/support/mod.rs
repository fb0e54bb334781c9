//! Test support shared by the runner's integration tests.

pub mod standin;

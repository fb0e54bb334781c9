//! Test support shared by the runner's integration tests.

pub mod service_host;
pub mod standin;
pub mod temp_dir;

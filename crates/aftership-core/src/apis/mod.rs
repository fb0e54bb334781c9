//! One module per API family, each a static table of its operations.

pub mod address;
pub mod commerce;
pub mod members;
pub mod parser;
pub mod personalization;
pub mod protection;
pub mod returns;
pub mod shipping;
pub mod tracking;
pub mod tracking_v4;
pub mod warranty;

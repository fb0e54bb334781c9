//! tracking_v4 operations.

use crate::catalog::OperationSpec;

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[];

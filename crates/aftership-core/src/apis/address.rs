//! Address API 2024-07 (`/address/2024-07`): address validation and standardization.
//! Facts: AfterShip OAS `aftership-address-api-openapi.yml` (operation `post-addresses/validate`)
//! and the Address request-errors page. Envelope `{meta:{code,message,details}, data}` without
//! `meta.type`; an invalid request is answered HTTP 200 with `meta.code` 4104.
//!
//! The OAS requires `request_address` (with `street_1` and `country_region.code`); all are checked
//! before a request is built. Only the connection test skips them: it sends an empty body on
//! purpose (a good key is answered with 4104, a bad one with 401).

use crate::catalog::{BodySpec, Family, FamilyRules, OperationSpec};
use crate::types::Method;

const F: Family = Family::Address;

/// No code of its own (4104 under HTTP 200 is the generic `4xxx` validation error). The only
/// Address operation is the connection test: an empty address is answered with a 4104
/// validation error when the key is good, and 401 when it is not (the required body fields are
/// not enforced for the probe, so a good key gets that validation answer).
pub const RULES: FamilyRules = FamilyRules::probing("validate_address", r#"{"body":{}}"#);

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[OperationSpec::new(
    F,
    "validate_address",
    "Validate an address",
    Method::Post,
    "/addresses/validate",
    "AfterShip OAS aftership-address-api-openapi.yml, POST /addresses/validate (post-addresses/validate)",
)
.with_body(BodySpec::json(&[
    "request_address",
    "request_address.street_1",
    "request_address.country_region",
    "request_address.country_region.code",
]))];

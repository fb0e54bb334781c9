//! Parser API (`/admin/2022-01`): order and tracking extraction from e-mails.
//! Facts: AfterShip OAS `openapi/_original/aftership-parser-api-openapi.yml` (operations
//! `email-parses-v2`, `email-parses`) and the Parser request-errors page. Success is `meta.code`
//! 200 or 20000; HTTP 422 with `meta.code` 20001 means the e-mail held no order, and its `data`
//! still carries `confidence_score` (kept in the error's `data`).
//!
//! V2 requires `headers` and `body` (the e-mail body object); V1 (`parse_email`) requires `subject`
//! and `from`. Only the connection test skips those checks: it sends an empty body to
//! `/email-parses` and reads AfterShip's 422 (good key) or 401 (bad key).

use crate::catalog::{BodySpec, Family, FamilyRules, OperationSpec};
use crate::types::Method;

const F: Family = Family::Parser;

/// Parser's own code, from the Parser request-errors page: 20001 "Unable to parse the order
/// information" sits in the 2xxxx success range but is a failure. Parser has no cheap read, so
/// the connection test sends an empty body to `/email-parses` (required body fields are not
/// enforced for the probe): a good key is answered 422, a bad one 401.
pub const RULES: FamilyRules = FamilyRules {
    failure_codes: &[20001],
    ..FamilyRules::probing("parse_email", r#"{"body":{}}"#)
};

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    OperationSpec::new(
        F,
        "parse_email_v2",
        "Parse an e-mail (v2)",
        Method::Post,
        "/email-parses-v2",
        "AfterShip OAS _original/aftership-parser-api-openapi.yml, POST /email-parses-v2 (email-parses-v2)",
    )
    .with_body(BodySpec::json(&[
        "headers",
        "body",
        "headers[].name",
        "headers[].value",
        "body.attachments[].filename",
        "body.attachments[].content_type",
        "body.attachments[].data",
    ])),
    OperationSpec::new(
        F,
        "parse_email",
        "Parse an e-mail (v1)",
        Method::Post,
        "/email-parses",
        "AfterShip OAS _original/aftership-parser-api-openapi.yml, POST /email-parses (email-parses)",
    )
    .with_body(BodySpec::json(&["subject", "from"])),
];

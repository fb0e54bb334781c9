//! Members API (`/admin/2022-01`): organization memberships and roles.
//! Facts: AfterShip OAS `openapi/_original/aftership-members-api-openapi.yml` and the Members
//! request-errors page. Envelope `{meta:{code,type,message,errors}, data}` with 3-digit codes;
//! business codes 10001–10004 come under HTTP 422. Memberships page by `page`/`limit`
//! (`data.pagination {page, limit, total}`, limit at most 200).

use crate::catalog::{BodySpec, Family, FamilyRules, OperationSpec, Paging, Param};
use crate::types::Method;

const F: Family = Family::Members;

/// No code of its own; the connection test lists roles, the cheapest authenticated read.
pub const RULES: FamilyRules = FamilyRules::probing("list_roles", "{}");

/// Every documented operation of this family.
pub static OPERATIONS: &[OperationSpec] = &[
    OperationSpec::new(
        F,
        "list_memberships",
        "List memberships",
        Method::Get,
        "/memberships",
        "AfterShip OAS _original/aftership-members-api-openapi.yml, GET /memberships (get-memberships)",
    )
    .with_query(&[
        Param::text("email"),
        Param::int("page", 1, i32::MAX as i64),
        Param::int("limit", 1, i32::MAX as i64),
    ])
    .with_paging(Paging::PageLimit),
    OperationSpec::new(
        F,
        "create_membership",
        "Add a member",
        Method::Post,
        "/memberships",
        "AfterShip OAS _original/aftership-members-api-openapi.yml, POST /memberships (post-memberships)",
    )
    .with_body(BodySpec::json(&["account", "role", "account.email", "role.code"])),
    OperationSpec::new(
        F,
        "get_membership",
        "Get a membership",
        Method::Get,
        "/memberships/{id}",
        "AfterShip OAS _original/aftership-members-api-openapi.yml, GET /memberships/{id} (get-memberships-id)",
    ),
    OperationSpec::new(
        F,
        "update_membership",
        "Change a member's role",
        Method::Patch,
        "/memberships/{id}",
        "AfterShip OAS _original/aftership-members-api-openapi.yml, PATCH /memberships/{id} (patch-memberships-:id)",
    )
    .with_body(BodySpec::json(&["role", "role.code"])),
    OperationSpec::new(
        F,
        "delete_membership",
        "Remove a member",
        Method::Delete,
        "/memberships/{id}",
        "AfterShip OAS _original/aftership-members-api-openapi.yml, DELETE /memberships/{id} (delete-memberships-:id)",
    ),
    OperationSpec::new(
        F,
        "list_roles",
        "List roles",
        Method::Get,
        "/roles",
        "AfterShip OAS _original/aftership-members-api-openapi.yml, GET /roles (get-roles)",
    ),
];

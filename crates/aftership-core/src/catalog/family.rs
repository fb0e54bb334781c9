//! The API families: base path, version, auth header and operation table of each.

use crate::apis;
use crate::settings::ApiType;

use super::family_rules::FamilyRules;
use super::OperationSpec;

/// An API family: one base path, auth header and error style. Tracking has two (2026-07, v4).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Family {
    /// Tracking 2026-07.
    Tracking,
    /// Legacy Tracking v4.
    TrackingV4,
    /// Shipping v3.
    Shipping,
    /// Returns 2026-07.
    Returns,
    /// Commerce 2026-07.
    Commerce,
    /// Address 2024-07.
    Address,
    /// Parser admin/2022-01.
    Parser,
    /// Members admin/2022-01.
    Members,
    /// Protection admin/2022-01.
    Protection,
    /// Warranty 2026-07.
    Warranty,
    /// Personalization 2025-01.
    Personalization,
}

impl Family {
    /// Every family, in catalog order.
    pub const ALL: [Family; 11] = [
        Family::Tracking,
        Family::TrackingV4,
        Family::Shipping,
        Family::Returns,
        Family::Commerce,
        Family::Address,
        Family::Parser,
        Family::Members,
        Family::Protection,
        Family::Warranty,
        Family::Personalization,
    ];

    /// Prefix of operation ids (`<prefix>.<operation>`).
    pub fn id(self) -> &'static str {
        match self {
            Family::Tracking => "tracking",
            Family::TrackingV4 => "tracking_v4",
            Family::Shipping => "shipping",
            Family::Returns => "returns",
            Family::Commerce => "commerce",
            Family::Address => "address",
            Family::Parser => "parser",
            Family::Members => "members",
            Family::Protection => "protection",
            Family::Warranty => "warranty",
            Family::Personalization => "personalization",
        }
    }

    /// The API type whose connections offer this family.
    pub fn api_type(self) -> ApiType {
        match self {
            Family::Tracking | Family::TrackingV4 => ApiType::Tracking,
            Family::Shipping => ApiType::Shipping,
            Family::Returns => ApiType::Returns,
            Family::Commerce => ApiType::Commerce,
            Family::Address => ApiType::Address,
            Family::Parser => ApiType::Parser,
            Family::Members => ApiType::Members,
            Family::Protection => ApiType::Protection,
            Family::Warranty => ApiType::Warranty,
            Family::Personalization => ApiType::Personalization,
        }
    }

    /// Path prefix (version included) appended to the host.
    pub fn base_path(self) -> &'static str {
        match self {
            Family::Tracking => "/tracking/2026-07",
            Family::TrackingV4 => "/v4",
            Family::Shipping => "/postmen/v3",
            Family::Returns => "/returns/2026-07",
            Family::Commerce => "/commerce/2026-07",
            Family::Address => "/address/2024-07",
            Family::Parser | Family::Members | Family::Protection => "/admin/2022-01",
            Family::Warranty => "/warranty/2026-07",
            Family::Personalization => "/personalization/2025-01",
        }
    }

    /// API version label.
    pub fn version(self) -> &'static str {
        match self {
            Family::Tracking | Family::Returns | Family::Commerce | Family::Warranty => "2026-07",
            Family::TrackingV4 => "v4",
            Family::Shipping => "v3",
            Family::Address => "2024-07",
            Family::Parser | Family::Members | Family::Protection => "2022-01",
            Family::Personalization => "2025-01",
        }
    }

    /// Header carrying the API key (legacy v4 uses `aftership-api-key`).
    pub fn api_key_header(self) -> &'static str {
        match self {
            Family::TrackingV4 => "aftership-api-key",
            _ => "as-api-key",
        }
    }

    /// The family's operation table.
    pub fn operations(self) -> &'static [OperationSpec] {
        match self {
            Family::Tracking => apis::tracking::OPERATIONS,
            Family::TrackingV4 => apis::tracking_v4::OPERATIONS,
            Family::Shipping => apis::shipping::OPERATIONS,
            Family::Returns => apis::returns::OPERATIONS,
            Family::Commerce => apis::commerce::OPERATIONS,
            Family::Address => apis::address::OPERATIONS,
            Family::Parser => apis::parser::OPERATIONS,
            Family::Members => apis::members::OPERATIONS,
            Family::Protection => apis::protection::OPERATIONS,
            Family::Warranty => apis::warranty::OPERATIONS,
            Family::Personalization => apis::personalization::OPERATIONS,
        }
    }

    /// The family's own rules (code mappings, documents, connection test), declared beside its
    /// operation table.
    pub fn rules(self) -> &'static FamilyRules {
        match self {
            Family::Tracking => &apis::tracking::RULES,
            Family::TrackingV4 => &apis::tracking_v4::RULES,
            Family::Shipping => &apis::shipping::RULES,
            Family::Returns => &apis::returns::RULES,
            Family::Commerce => &apis::commerce::RULES,
            Family::Address => &apis::address::RULES,
            Family::Parser => &apis::parser::RULES,
            Family::Members => &apis::members::RULES,
            Family::Protection => &apis::protection::RULES,
            Family::Warranty => &apis::warranty::RULES,
            Family::Personalization => &apis::personalization::RULES,
        }
    }

    /// Organisation-wide rate limit (requests per second) where AfterShip documents one and
    /// the operation has no limit of its own (Warranty: 10 per second per organization;
    /// Personalization documents per-endpoint limits only, set on its operations).
    pub fn default_rate_limit(self) -> Option<u32> {
        match self {
            Family::Tracking | Family::Protection | Family::Personalization => None,
            _ => Some(10),
        }
    }
}

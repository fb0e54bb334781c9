//! What sets one API family apart from the generic request builder and response parser.
//!
//! Each family declares its [`FamilyRules`] beside its operation table (`apis/<family>.rs`,
//! `RULES`), with the citations for each rule; `request.rs` and `response.rs` only consult them
//! through [`Family::rules`](super::Family::rules), so fixing one family's code mapping or adding
//! a family never touches the generic code.

use serde_json::value::RawValue;

use crate::response::PageData;
use crate::types::DocumentFile;

/// Reads a listing's paging members and its documents in one pass; `None` when the one-pass
/// reading fails, and the two are then read on their own.
pub(crate) type PagedFiles = fn(&RawValue) -> Option<(PageData, Vec<DocumentFile>)>;

/// `meta.code`s that stand for one HTTP-like status.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeStatus {
    /// The codes.
    pub codes: &'static [i64],
    /// The HTTP-like status they stand for (404 not found, 429 rate limited, 500 server side …).
    pub status: u16,
}

/// `meta.code`s that blame a connection setting rather than the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SettingsCode {
    /// The HTTP-like status the codes come with.
    pub status: u16,
    /// Smallest code of the range.
    pub first: i64,
    /// Largest code of the range.
    pub last: i64,
    /// The settings field the error names.
    pub field: &'static str,
}

impl SettingsCode {
    /// Whether an answer with this status and code is one of these.
    pub fn matches(&self, status: u16, code: i64) -> bool {
        self.status == status && (self.first..=self.last).contains(&code)
    }
}

/// The cheapest authenticated call of an API type, sent by the connection test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Probe {
    /// Operation name within the family.
    pub operation: &'static str,
    /// Input of the call (JSON text).
    pub input: &'static str,
}

/// A family's own reading of answers and its connection test.
#[derive(Clone, Copy, Debug)]
pub struct FamilyRules {
    /// `meta.code`s inside a success range that still mean failure.
    pub failure_codes: &'static [i64],
    /// `meta.code`s answered under a non-error HTTP status that stand for a particular status;
    /// consulted before the generic mapping (`4xxx` → 400, `5xxx` → 500, `HHHxx` → `HHH`).
    pub code_statuses: &'static [CodeStatus],
    /// Error codes that name a settings field instead of the input.
    pub settings_codes: &'static [SettingsCode],
    /// The documents a success's `data` points to.
    pub files: Option<fn(&RawValue) -> Vec<DocumentFile>>,
    /// [`Self::files`] together with the paging members, in one pass over a listing's `data`
    /// (the largest answers AfterShip sends); same results as reading them apart.
    pub(crate) paged_files: Option<PagedFiles>,
    /// The connection test of the family's API type (exactly one family per API type has one).
    pub probe: Option<Probe>,
}

impl FamilyRules {
    /// No departure from the generic rules.
    pub const GENERIC: FamilyRules = FamilyRules {
        failure_codes: &[],
        code_statuses: &[],
        settings_codes: &[],
        files: None,
        paged_files: None,
        probe: None,
    };

    /// The generic rules, with this connection test (operation name within the family, input).
    pub const fn probing(operation: &'static str, input: &'static str) -> FamilyRules {
        FamilyRules {
            probe: Some(Probe { operation, input }),
            ..FamilyRules::GENERIC
        }
    }

    /// The status a non-success `meta.code` stands for, if the family maps it itself.
    pub fn status_for_code(&self, code: i64) -> Option<u16> {
        self.code_statuses
            .iter()
            .find(|c| c.codes.contains(&code))
            .map(|c| c.status)
    }

    /// The settings field an error answer blames, if any.
    pub fn settings_field(&self, status: u16, code: i64) -> Option<&'static str> {
        self.settings_codes
            .iter()
            .find(|c| c.matches(status, code))
            .map(|c| c.field)
    }
}

//! The next page's input and the documents of a success's `data`, read in one pass when the
//! family can (its [`FamilyRules::paged_files`]) and the operation needs both: reading them
//! separately scans a 1 MiB label listing twice (`cargo bench -p aftership-harness`).

use serde_json::value::RawValue;

use super::paging::{next_page, next_page_from};
use crate::catalog::{FamilyRules, OperationSpec, Paging};
use crate::error::ConnectorError;
use crate::types::DocumentFile;

/// The next page's input and the documents of a success's `data`.
///
/// If the one-pass reading fails, each is read on its own, so an odd answer gives the same
/// result as the separate readers.
pub(super) fn page_and_files(
    op: &OperationSpec,
    rules: &FamilyRules,
    input: &str,
    data: Option<&RawValue>,
) -> Result<(Option<String>, Vec<DocumentFile>), ConnectorError> {
    if let (Some(read_both), Some(data)) = (rules.paged_files, data) {
        if op.paging != Paging::None {
            if let Some((page, files)) = read_both(data) {
                return Ok((next_page_from(op, input, page)?, files));
            }
        }
    }
    let next_page = match op.paging {
        Paging::None => None,
        _ => next_page(op, input, data)?,
    };
    let files = match (rules.files, data) {
        (Some(files), Some(data)) => files(data),
        _ => Vec::new(),
    };
    Ok((next_page, files))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::find_operation;

    /// The one-pass reader against the two separate readers.
    fn both_ways(json: &str) -> [(Option<String>, Vec<DocumentFile>); 2] {
        let op = find_operation("shipping.list_labels").unwrap();
        let rules = op.family.rules();
        let data: Box<RawValue> = serde_json::from_str(json).unwrap();
        let input = r#"{"limit":2}"#;
        let once = page_and_files(op, rules, input, Some(&data)).unwrap();
        let apart = (
            next_page(op, input, Some(&data)).unwrap(),
            (rules.files.unwrap())(&data),
        );
        [once, apart]
    }

    #[test]
    fn one_pass_reads_the_token_and_every_label_file() {
        let [once, apart] = both_ways(
            r#"{"next_token":"t2","limit":2,"labels":[{"id":"a","files":{"label":{"url":"u1"}}},{"id":"b","files":{"invoice":{"url":"u2"},"label":null}}]}"#,
        );
        assert_eq!(once, apart);
        assert_eq!(once.0.as_deref(), Some(r#"{"limit":2,"next_token":"t2"}"#));
        let urls: Vec<_> = once.1.iter().map(|f| f.url.as_deref()).collect();
        assert_eq!(urls, [Some("u1"), Some("u2")]);
    }

    #[test]
    fn an_odd_member_keeps_the_other_reading() {
        // `labels` of the wrong type: no documents, but the next page is still found.
        let [once, apart] = both_ways(r#"{"next_token":"t2","labels":"none"}"#);
        assert_eq!(once, apart);
        assert!(once.0.is_some() && once.1.is_empty());
        // A repeated paging member: no next page, the documents are still read.
        let [once, apart] = both_ways(
            r#"{"next_token":"t2","next_token":"t3","labels":[{"id":"a","files":{"label":{"url":"u1"}}}]}"#,
        );
        assert_eq!(once, apart);
        assert!(once.0.is_none() && once.1.len() == 1);
    }
}

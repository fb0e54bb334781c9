//! The paging members and the documents of an answer's `data`, read in one pass when an
//! operation needs both (a Shipping label or manifest listing, the largest answers AfterShip
//! sends): reading them separately scans a 1 MiB listing twice (`cargo bench -p
//! aftership-harness`, the label listing cases).

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::{next_page, next_page_from, PageData};
use crate::catalog::{Family, OperationSpec, Paging};
use crate::error::ConnectorError;
use crate::files::{shipping_files, FileKinds, FilesView, OwnerFiles};
use crate::types::DocumentFile;

/// [`PageData`] and [`FilesView`] in one struct (no `#[serde(flatten)]`, which would buffer).
#[derive(Deserialize)]
struct PagedFiles {
    #[serde(default)]
    pagination: Option<Value>,
    #[serde(default)]
    next_token: Option<Value>,
    #[serde(default)]
    page: Option<Value>,
    #[serde(default)]
    limit: Option<Value>,
    #[serde(default)]
    count: Option<Value>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    files: Option<FileKinds>,
    #[serde(default)]
    labels: Option<OwnerFiles>,
    #[serde(default)]
    manifests: Option<OwnerFiles>,
}

/// The next page's input and the documents of a success's `data`.
///
/// One pass when both are wanted. If that pass fails (a member of an unexpected type, a repeated
/// member), each is read on its own as before, so an odd answer gives the same result as the
/// separate readers: the one-pass reader accepts exactly what both of them accept.
pub(super) fn page_and_files(
    op: &OperationSpec,
    input: &str,
    data: Option<&RawValue>,
) -> Result<(Option<String>, Vec<DocumentFile>), ConnectorError> {
    if let (Family::Shipping, Some(data)) = (op.family, data) {
        if op.paging != Paging::None {
            if let Ok(both) = serde_json::from_str::<PagedFiles>(data.get()) {
                let page = PageData {
                    pagination: both.pagination,
                    next_token: both.next_token,
                    page: both.page,
                    limit: both.limit,
                    count: both.count,
                };
                let files = FilesView {
                    id: both.id,
                    files: both.files,
                    labels: both.labels,
                    manifests: both.manifests,
                };
                return Ok((next_page_from(op, input, page)?, files.into_files()));
            }
        }
    }
    let next_page = match op.paging {
        Paging::None => None,
        _ => next_page(op, input, data)?,
    };
    let files = match (op.family, data) {
        (Family::Shipping, Some(data)) => shipping_files(data),
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
        let data: Box<RawValue> = serde_json::from_str(json).unwrap();
        let input = r#"{"limit":2}"#;
        let once = page_and_files(op, input, Some(&data)).unwrap();
        let apart = (
            next_page(op, input, Some(&data)).unwrap(),
            shipping_files(&data),
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

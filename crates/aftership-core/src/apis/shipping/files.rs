//! The documents a Shipping answer points to (`files` of a label or manifest, or of every entry
//! of a listing), read in one streaming pass over the envelope's `data`.
//!
//! Memory matters here: a label listing is the largest answer AfterShip sends. Each listing entry
//! is turned into its [`DocumentFile`]s as soon as it is read, so the only copies kept are the
//! small fields of the result (no JSON value of an entry, no list of entries); everything else is skipped
//! in place (the guest memory a large listing needs is measured by `cargo bench -p
//! aftership-harness`).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::response::PageData;
use crate::types::DocumentFile;

/// One file entry: `{"url", "file_type", "paper_size", "content"}`.
#[derive(Deserialize)]
struct FileInfo {
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    file_type: Option<String>,
    #[serde(default)]
    paper_size: Option<String>,
    #[serde(default)]
    content: Option<String>,
}

/// `files` of one owner, `{"label": {…}, "invoice": null, …}`: a map, so kinds come out sorted
/// and the last of a repeated kind is kept.
#[derive(Deserialize, Default)]
pub(crate) struct FileKinds(BTreeMap<String, Option<FileInfo>>);

/// A label or manifest: its `id` and `files` (every other member is skipped).
#[derive(Deserialize, Default)]
struct FilesOwner {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    files: Option<FileKinds>,
}

impl FilesOwner {
    fn push_into(self, out: &mut Vec<DocumentFile>) {
        let id = self.id;
        for (kind, info) in self.files.unwrap_or_default().0 {
            let Some(info) = info else { continue };
            out.push(DocumentFile {
                owner_id: id.clone(),
                kind,
                file_type: info.file_type,
                paper_size: info.paper_size,
                url: info.url,
                content_base64: info.content,
            });
        }
    }
}

/// A listing (`labels` or `manifests`), flattened into documents entry by entry.
pub(crate) struct OwnerFiles(Vec<DocumentFile>);

impl<'de> Deserialize<'de> for OwnerFiles {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct OwnersVisitor;
        impl<'de> Visitor<'de> for OwnersVisitor {
            type Value = OwnerFiles;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of labels or manifests")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OwnerFiles, A::Error> {
                let mut out = Vec::new();
                while let Some(owner) = seq.next_element::<FilesOwner>()? {
                    owner.push_into(&mut out);
                }
                Ok(OwnerFiles(out))
            }
        }
        deserializer.deserialize_seq(OwnersVisitor)
    }
}

/// A Shipping answer: one label/manifest (`data.files`) or a listing (`data.labels[].files`,
/// `data.manifests[].files`). No `#[serde(flatten)]`: it would buffer the whole answer.
#[derive(Deserialize, Default)]
pub(crate) struct FilesView {
    #[serde(default)]
    pub(crate) id: Option<String>,
    #[serde(default)]
    pub(crate) files: Option<FileKinds>,
    #[serde(default)]
    pub(crate) labels: Option<OwnerFiles>,
    #[serde(default)]
    pub(crate) manifests: Option<OwnerFiles>,
}

/// The documents a Shipping answer points to, in answer order (the single owner, then labels,
/// then manifests; kinds sorted within an owner). An answer of another shape has none.
pub(crate) fn shipping_files(data: &RawValue) -> Vec<DocumentFile> {
    match serde_json::from_str::<FilesView>(data.get()) {
        Ok(view) => view.into_files(),
        Err(_) => Vec::new(),
    }
}

/// A listing's paging members and [`FilesView`] in one struct (no `#[serde(flatten)]`, which
/// would buffer), so a 1 MiB label listing is scanned once instead of twice (`cargo bench -p
/// aftership-harness`, the label listing cases).
#[derive(Deserialize)]
struct PagedFilesView {
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

/// The paging members and the documents of a listing's `data` in one pass; `None` when that
/// pass fails (a member of an unexpected type, a repeated member), so the caller reads each on
/// its own and an odd answer gives the same result as the separate readers.
pub(crate) fn paged_files(data: &RawValue) -> Option<(PageData, Vec<DocumentFile>)> {
    let both = serde_json::from_str::<PagedFilesView>(data.get()).ok()?;
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
    Some((page, files.into_files()))
}

impl FilesView {
    /// The documents, in answer order (see [`shipping_files`]).
    pub(crate) fn into_files(self) -> Vec<DocumentFile> {
        let mut out = Vec::new();
        FilesOwner {
            id: self.id,
            files: self.files,
        }
        .push_into(&mut out);
        for listing in [self.labels, self.manifests].into_iter().flatten() {
            if out.is_empty() {
                out = listing.0;
            } else {
                out.extend(listing.0);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(json: &str) -> Vec<DocumentFile> {
        shipping_files(&serde_json::from_str::<Box<RawValue>>(json).unwrap())
    }

    #[test]
    fn a_listing_keeps_answer_order_and_sorts_kinds_within_an_owner() {
        let got = files(
            r#"{"manifests":[{"id":"m1","files":{"manifest":{"url":"u3","file_type":"pdf"}}}],
                "labels":[{"files":{"label":{"url":"u1"},"invoice":{"url":"u0","paper_size":"a4"}},"id":"l1","x":[1,{"y":2}]},
                          {"id":"l2","files":{"label":null}}]}"#,
        );
        let summary: Vec<(Option<&str>, &str, Option<&str>)> = got
            .iter()
            .map(|f| (f.owner_id.as_deref(), f.kind.as_str(), f.url.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                (Some("l1"), "invoice", Some("u0")),
                (Some("l1"), "label", Some("u1")),
                (Some("m1"), "manifest", Some("u3")),
            ]
        );
        assert_eq!(got[0].paper_size.as_deref(), Some("a4"));
        assert_eq!(got[2].file_type.as_deref(), Some("pdf"));
    }

    #[test]
    fn a_single_label_and_a_repeated_kind() {
        let got = files(
            r#"{"id":"l9","files":{"label":{"url":"old"},"qr_code":{"content":"QUJD"},"label":{"url":"new"}}}"#,
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].kind, "label");
        assert_eq!(
            got[0].url.as_deref(),
            Some("new"),
            "the last of a repeated kind wins"
        );
        assert_eq!(got[1].content_base64.as_deref(), Some("QUJD"));
        assert!(got.iter().all(|f| f.owner_id.as_deref() == Some("l9")));
    }

    #[test]
    fn other_shapes_have_no_documents() {
        assert!(files(r#"{"labels":"none"}"#).is_empty());
        assert!(files(r#"[1,2]"#).is_empty());
        assert!(files(r#"{"labels":null,"files":null}"#).is_empty());
    }
}

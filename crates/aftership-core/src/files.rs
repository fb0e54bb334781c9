//! The documents a Shipping answer points to (`files` of a label or manifest, or of every entry
//! of a listing), read in one streaming pass over the envelope's `data`.
//!
//! Memory matters here: a label listing is the largest answer AfterShip sends. Each listing entry
//! is turned into its [`DocumentFile`]s as soon as it is read, so the only copies kept are the
//! small fields of the result (no per-entry map or intermediate list); everything else is skipped
//! in place (the guest memory a large listing needs is measured by `cargo bench -p
//! aftership-harness`).

use std::fmt;

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;

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

/// `files` of one owner, `{"label": {…}, "invoice": null, …}`: kinds sorted, the last of a
/// repeated kind kept (as a map would).
#[derive(Default)]
pub(crate) struct FileKinds(Vec<(String, Option<FileInfo>)>);

impl<'de> Deserialize<'de> for FileKinds {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KindsVisitor;
        impl<'de> Visitor<'de> for KindsVisitor {
            type Value = FileKinds;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map of files")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<FileKinds, A::Error> {
                let mut kinds = Vec::new();
                while let Some(entry) = map.next_entry::<String, Option<FileInfo>>()? {
                    kinds.push(entry);
                }
                // Stable sort of the reversed list, then keep the first of each kind: the last
                // occurrence in the answer wins.
                kinds.reverse();
                kinds.sort_by(|a, b| a.0.cmp(&b.0));
                kinds.dedup_by(|later, first| later.0 == first.0);
                Ok(FileKinds(kinds))
            }
        }
        deserializer.deserialize_map(KindsVisitor)
    }
}

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

//! Plain records shared by builders and parsers; they mirror the WIT `types` interface.

use serde::{Deserialize, Serialize};
use strum::{EnumString, IntoStaticStr, VariantArray};

/// HTTP methods AfterShip uses.
#[derive(
    Clone,
    Copy,
    Debug,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    IntoStaticStr,
    EnumString,
    VariantArray,
)]
#[serde(rename_all = "UPPERCASE")]
#[strum(serialize_all = "UPPERCASE")]
pub enum Method {
    /// GET
    Get,
    /// POST
    Post,
    /// PUT
    Put,
    /// PATCH
    Patch,
    /// DELETE
    Delete,
}

impl Method {
    /// Upper-case name, as on the wire and in the SignString.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// What a pure component cannot know by itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    /// Milliseconds since the Unix epoch, UTC.
    pub now_unix_ms: u64,
    /// Optional correlation id, sent as `request-id`.
    pub request_id: Option<String>,
}

/// A request ready to send. Header names are lower-case. `Debug` shows only the values of
/// headers that never carry a credential (see [`crate::redact`]).
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// Method.
    pub method: Method,
    /// Absolute URL with the percent-encoded query.
    pub url: String,
    /// Headers in send order.
    pub headers: Vec<(String, String)>,
    /// Body text (JSON or form), if any.
    pub body: Option<String>,
}

impl std::fmt::Debug for HttpRequest {
    /// Masks by the crate's one redaction rule ([`crate::redact`]) with no settings at hand:
    /// only headers that never carry a credential show their values.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers = crate::redact::Redactor::default().headers(&self.headers);
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

impl HttpRequest {
    /// The first header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

/// What the host received.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HttpResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers as received.
    pub headers: Vec<(String, String)>,
    /// Raw body bytes.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The first header with this (case-insensitive) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        header_value(&self.headers, name)
    }
}

/// A parsed success.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The envelope's `data`, as JSON text.
    pub data: String,
    /// Input for the next page, as JSON text, when there is one.
    pub next_page: Option<String>,
    /// Shipping documents found in `data`, as typed fields (empty for other answers).
    pub files: Vec<DocumentFile>,
}

/// A document a Shipping answer points to: `files.<kind>` of a label or a manifest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentFile {
    /// `id` of the label or manifest it belongs to, when the answer names it.
    pub owner_id: Option<String>,
    /// Key under `files` (`label`, `invoice`, `customs_declaration`, `manifest`, …).
    pub kind: String,
    /// File type (`pdf`, `zpl`, `png`, …).
    pub file_type: Option<String>,
    /// Paper size (`4x6`, `a4`, …).
    pub paper_size: Option<String>,
    /// Download URL.
    pub url: Option<String>,
    /// Inline base64 content, when the answer carries it.
    pub content_base64: Option<String>,
}

pub(crate) fn header_value<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

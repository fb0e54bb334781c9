//! The `{meta, data}` envelope, decoded without copying `data`.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use super::lenient::lenient_int;
use crate::details::Details;

/// AfterShip's answer envelope; `data` stays a slice of the body.
#[derive(Deserialize)]
pub(super) struct Envelope<'a> {
    #[serde(default)]
    pub(super) meta: Option<Meta>,
    #[serde(borrow, default)]
    pub(super) data: Option<&'a RawValue>,
}

#[derive(Deserialize, Default)]
/// Every member is read as any JSON value and interpreted leniently, so one oddly typed member
/// (a string code, an object instead of a details array) never hides the whole error.
pub(super) struct Meta {
    #[serde(default)]
    pub(super) code: Option<Value>,
    #[serde(default, rename = "type")]
    pub(super) error_type: Option<Value>,
    #[serde(default)]
    pub(super) message: Option<Value>,
    #[serde(default)]
    pub(super) details: Details,
    #[serde(default)]
    pub(super) errors: Details,
    #[serde(default)]
    pub(super) retryable: Option<Value>,
}

impl Meta {
    /// `meta.code` as a whole number, if it is one.
    pub(super) fn code(&self) -> Option<i64> {
        lenient_int(self.code.as_ref())
    }
}

/// Decodes the envelope (an empty body is an empty envelope), or says why the body is unusable.
pub(super) fn decode(body: &[u8]) -> Result<Envelope<'_>, String> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Envelope {
            meta: None,
            data: None,
        });
    }
    let text = std::str::from_utf8(body).map_err(|_| "the body is not UTF-8".to_string())?;
    serde_json::from_str::<Envelope<'_>>(text).map_err(|e| {
        if e.is_eof() {
            "the JSON body is truncated".to_string()
        } else if text.trim_start().starts_with('<') {
            "the body is HTML or XML, not JSON".to_string()
        } else {
            format!("the body is not an AfterShip JSON envelope ({e})")
        }
    })
}

//! The next page's input, from a listing's paging members.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::lenient::{lenient_bool, lenient_int, lenient_text};
use crate::catalog::{OperationSpec, Paging, ParamKind};
use crate::error::ConnectorError;
use crate::request::parse_input;

#[derive(Deserialize, Default)]
/// The paging members of a listing's `data`, read leniently (numbers may come as strings);
/// every other member is skipped in place.
pub(crate) struct PageData {
    #[serde(default)]
    pub(crate) pagination: Option<Value>,
    #[serde(default)]
    pub(crate) next_token: Option<Value>,
    #[serde(default)]
    pub(crate) page: Option<Value>,
    #[serde(default)]
    pub(crate) limit: Option<Value>,
    #[serde(default)]
    pub(crate) count: Option<Value>,
}

/// The documented range of the operation's `page` parameter, if it has one.
fn page_range(op: &OperationSpec) -> Option<(i64, i64)> {
    op.query
        .iter()
        .find(|q| q.name == "page")
        .and_then(|q| match q.kind {
            ParamKind::Integer { min, max } => Some((min, max)),
            _ => None,
        })
}

/// The input of the next page, or `None` at the end of the listing.
///
/// The next-page input is always one the same operation accepts: a page-numbered listing ends
/// (no next page) when the next page number would be beyond the operation's documented
/// maximum (`page` ≤ 200 for most Commerce and Returns listings), even if AfterShip says
/// `has_next_page: true`; a caller that needs more must narrow the filter (e.g. a date range).
/// Clamping is not an option: asking for the last page again would loop forever.
pub(super) fn next_page(
    op: &OperationSpec,
    input: &str,
    data: Option<&RawValue>,
) -> Result<Option<String>, ConnectorError> {
    let Some(data) = data else { return Ok(None) };
    let page: PageData = serde_json::from_str(data.get()).unwrap_or_default();
    next_page_from(op, input, page)
}

/// [`next_page`] with the paging members already read.
pub(super) fn next_page_from(
    op: &OperationSpec,
    input: &str,
    page: PageData,
) -> Result<Option<String>, ConnectorError> {
    let paging = op.paging;
    let pagination = |key: &str| page.pagination.as_ref().and_then(|p| p.get(key));
    let mut input: Map<String, Value> = parse_input(input)?;
    let next = match paging {
        Paging::None => return Ok(None),
        Paging::Cursor => match lenient_text(pagination("next_cursor")) {
            Some(cursor) if lenient_bool(pagination("has_next_page")) != Some(false) => {
                input.insert("cursor".into(), Value::String(cursor));
                true
            }
            _ => false,
        },
        Paging::NextToken => match lenient_text(page.next_token.as_ref()) {
            Some(token) => {
                input.insert("next_token".into(), Value::String(token));
                true
            }
            None => false,
        },
        Paging::BodyPage { max } => {
            let body = input.get("body").and_then(Value::as_object);
            let current = lenient_int(pagination("page"))
                .or(lenient_int(body.and_then(|b| b.get("page"))))
                .unwrap_or(1);
            let limit =
                lenient_int(pagination("limit")).or(lenient_int(body.and_then(|b| b.get("limit"))));
            let more = match (
                lenient_bool(pagination("has_next_page")),
                lenient_int(pagination("total")),
                limit,
            ) {
                (Some(more), _, _) => more,
                (None, Some(total), Some(limit)) if limit > 0 => {
                    current.checked_mul(limit).is_some_and(|seen| seen < total)
                }
                _ => false,
            };
            match current
                .checked_add(1)
                .filter(|next| more && (1..=max).contains(next))
            {
                Some(next) => {
                    let mut body = body.cloned().unwrap_or_default();
                    body.insert("page".into(), Value::from(next));
                    input.insert("body".into(), Value::Object(body));
                    true
                }
                None => false,
            }
        }
        Paging::PageLimit => {
            let current = lenient_int(pagination("page"))
                .or(lenient_int(page.page.as_ref()))
                .or(lenient_int(input.get("page")))
                .unwrap_or(1);
            let limit = lenient_int(pagination("limit"))
                .or(lenient_int(page.limit.as_ref()))
                .or(lenient_int(input.get("limit")));
            let more = match (
                lenient_bool(pagination("has_next_page")),
                lenient_int(pagination("total")).or(lenient_int(page.count.as_ref())),
                limit,
            ) {
                (Some(more), _, _) => more,
                (None, Some(total), Some(limit)) if limit > 0 => {
                    current.checked_mul(limit).is_some_and(|seen| seen < total)
                }
                _ => false,
            };
            // A page number with no successor (i64::MAX), or one the operation refuses, ends
            // paging instead of handing back an input `build-request` would refuse.
            let allowed =
                |next: &i64| page_range(op).is_some_and(|(min, max)| (min..=max).contains(next));
            match current.checked_add(1).filter(|_| more).filter(allowed) {
                Some(next) => {
                    input.insert("page".into(), Value::from(next));
                    true
                }
                None => false,
            }
        }
    };
    Ok(next.then(|| crate::encode::json_text(&input)))
}

//! Triggers: "a tracking was updated", "a label was created", as pure functions over a small
//! JSON state the host stores.
//!
//! A poll is one walk through a listing. [`start`] turns the stored state (or a `since` time)
//! into the first page's input: the server filter set to the watermark minus a lookback window.
//! [`step`] takes the state and one parsed page (the `data` and the next page's input that
//! `parse-response` gave) and returns the records to emit (oldest first), the next state, and the
//! next page's input or `None` when the walk is over. Nothing trusts the server: AfterShip does
//! not document the order of `GET /trackings`, and `updated_at_min` has been reported as not
//! reliably honoured, so every record is filtered again here (cursor at or after the floor, and
//! not already emitted), whatever page it arrives on.
//!
//! The state is versioned ([`STATE_VERSION`]); a state of another version is refused with
//! [`TriggerError::StateVersion`], never guessed at. It stays bounded: it remembers the dedupe
//! keys of records within the lookback window of the newest cursor seen, and no others (older
//! records are below every later floor, so remembering them would change nothing).

mod specs;
mod state;

use serde_json::{Map, Value};

pub use specs::{
    find_trigger, time_filter_for, Dedupe, PollSpec, TriggerKind, TriggerSpec, WebhookSpec,
    DEFAULT_LOOKBACK_MS, RETURNS_EVENTS, SHIPPING_EVENTS, TRACKING_EVENTS, TRIGGERS,
    WEBHOOK_ALGORITHM, WEBHOOK_SETUP,
};
pub use state::{TriggerState, Walk, STATE_VERSION};

use crate::webhook::parse_rfc3339_ms;

/// Why a trigger call was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TriggerError {
    /// No trigger has this id.
    #[error("unknown trigger `{0}`")]
    UnknownTrigger(String),
    /// The trigger is fed by webhooks; it has no poll.
    #[error("trigger `{0}` is a webhook trigger: it is not polled")]
    NotPolled(String),
    /// The state text is not a trigger state.
    #[error("invalid trigger state: {0}")]
    InvalidState(String),
    /// The state was written by another version of the trigger logic.
    #[error("trigger state version {found} is not supported (this connector reads version {expected}); start again from a `since` time")]
    StateVersion {
        /// The state's `version`.
        found: u64,
        /// The version this connector reads and writes.
        expected: u64,
    },
    /// The state belongs to another trigger.
    #[error("trigger state belongs to trigger `{found}`, not `{expected}`")]
    StateTrigger {
        /// The state's `trigger`.
        found: String,
        /// The trigger called.
        expected: String,
    },
    /// `since` is not an RFC 3339 date-time.
    #[error("since: `{0}` is not an RFC 3339 date-time (2026-01-31T08:00:00Z)")]
    InvalidSince(String),
    /// The page is not what the listing returns.
    #[error("invalid page: {0}")]
    InvalidPage(String),
    /// `step` was called on a state with no walk in progress.
    #[error("no poll in progress: call start before step")]
    NoWalk,
}

impl TriggerError {
    /// Snake-case kind, for hosts and JSON.
    pub fn kind(&self) -> &'static str {
        match self {
            TriggerError::UnknownTrigger(_) => "unknown_trigger",
            TriggerError::NotPolled(_) => "not_polled",
            TriggerError::InvalidState(_) => "invalid_state",
            TriggerError::StateVersion { .. } => "state_version",
            TriggerError::StateTrigger { .. } => "state_trigger",
            TriggerError::InvalidSince(_) => "invalid_since",
            TriggerError::InvalidPage(_) => "invalid_page",
            TriggerError::NoWalk => "no_walk",
        }
    }
}

/// What [`start`] returns: the call to make and the state to pass to [`step`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Start {
    /// The listing operation to call.
    pub operation: String,
    /// Its input (JSON text).
    pub input: String,
    /// The state for [`step`] (JSON text).
    pub state: String,
}

/// What [`step`] returns.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// Records to emit, oldest first, each as compact JSON text.
    pub records: Vec<String>,
    /// The state to store (JSON text). Store it together with the emitted records.
    pub state: String,
    /// The next page's input, or `None` when this poll is over.
    pub next_input: Option<String>,
}

fn poll_spec(trigger: &str) -> Result<(&'static TriggerSpec, &'static PollSpec), TriggerError> {
    let spec = find_trigger(trigger).ok_or_else(|| TriggerError::UnknownTrigger(trigger.into()))?;
    let poll = spec
        .poll()
        .ok_or_else(|| TriggerError::NotPolled(trigger.into()))?;
    Ok((spec, poll))
}

/// The first page of a poll. With a stored `state`, it continues an unfinished walk or starts
/// a new one at the watermark minus the lookback (`since` is then ignored); without one it starts
/// at `since` (RFC 3339), or with no lower bound when `since` is `None`. `now_unix_ms` caps the
/// server filter (a filter in the future would hide everything).
pub fn start(
    trigger: &str,
    state: Option<&str>,
    since: Option<&str>,
    now_unix_ms: i64,
) -> Result<Start, TriggerError> {
    let (spec, poll) = poll_spec(trigger)?;
    let mut state = match state {
        Some(text) => TriggerState::parse(text, spec.id)?,
        None => {
            let since = since
                .map(|s| parse_rfc3339_ms(s).ok_or_else(|| TriggerError::InvalidSince(s.into())))
                .transpose()?;
            TriggerState::new(spec.id, since.map(|s| s.saturating_add(poll.lookback_ms)))
        }
    };
    if let Some(Walk {
        next: Some(next), ..
    }) = &state.walk
    {
        return Ok(Start {
            operation: poll.operation.to_string(),
            input: next.clone(),
            state: state.to_json(),
        });
    }
    let floor = state.watermark.map(|w| w.saturating_sub(poll.lookback_ms));
    state.walk = Some(Walk { floor, next: None });
    Ok(Start {
        operation: poll.operation.to_string(),
        input: first_input(poll, floor.map(|f| f.min(now_unix_ms))),
        state: state.to_json(),
    })
}

/// The first page's input: the constant members, the page size and the server filter.
fn first_input(poll: &PollSpec, floor: Option<i64>) -> String {
    let mut input: Map<String, Value> = serde_json::from_str(poll.extra_input).unwrap_or_default();
    input.insert(poll.page_size.0.into(), Value::from(poll.page_size.1));
    if let (Some(filter), Some(floor)) = (poll.filter, floor) {
        input.insert(filter.into(), Value::String(filter_time(floor)));
    }
    Value::Object(input).to_string()
}

/// `YYYY-MM-DDTHH:MM:SS+00:00` (the Tracking filter format), rounded down to the second.
pub fn filter_time(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let (year, month, day) = crate::civil_from_days(secs.div_euclid(86_400));
    let rem = secs.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+00:00",
        rem / 3600,
        (rem % 3600) / 60,
        rem % 60
    )
}

/// One page of a poll: `data` is the listing's data (JSON text) and `next_page` the next page's
/// input that `parse-response` returned with it.
pub fn step(
    trigger: &str,
    state: &str,
    data: &str,
    next_page: Option<&str>,
) -> Result<Step, TriggerError> {
    let (spec, poll) = poll_spec(trigger)?;
    let mut state = TriggerState::parse(state, spec.id)?;
    let walk = state.walk.clone().ok_or(TriggerError::NoWalk)?;
    let page: Value = serde_json::from_str(data)
        .map_err(|e| TriggerError::InvalidPage(format!("data is not JSON: {e}")))?;
    let items = page
        .get(poll.items_path)
        .and_then(Value::as_array)
        .ok_or_else(|| {
            TriggerError::InvalidPage(format!("data.{} is not an array", poll.items_path))
        })?;
    let mut emitted: Vec<(i64, String)> = Vec::new();
    let mut all_older = !items.is_empty();
    for (i, item) in items.iter().enumerate() {
        let id = match item.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => {
                return Err(TriggerError::InvalidPage(format!(
                    "data.{}[{i}].id is missing",
                    poll.items_path
                )))
            }
        };
        let cursor_text = item.get(poll.cursor_field).and_then(Value::as_str);
        let cursor = cursor_text.and_then(parse_rfc3339_ms);
        let Some(cursor) = cursor else {
            return Err(TriggerError::InvalidPage(format!(
                "data.{}[{i}].{} is not an RFC 3339 date-time",
                poll.items_path, poll.cursor_field
            )));
        };
        state.high = Some(state.high.map_or(cursor, |h| h.max(cursor)));
        if walk.floor.is_some_and(|floor| cursor < floor) {
            continue;
        }
        all_older = false;
        let key = match poll.dedupe {
            Dedupe::Id => id,
            Dedupe::IdAndCursor => format!("{id}@{}", cursor_text.unwrap_or_default()),
        };
        if state.has_seen(&key) {
            continue;
        }
        state.seen.insert(key, Value::from(cursor));
        // Oldest first; records of the same instant keep the page's order. (An insertion by
        // binary search rather than a sort: a page holds at most 200 records, and the
        // standard sort would add kilobytes to the component.)
        let at = emitted.partition_point(|(c, _)| *c <= cursor);
        emitted.insert(at, (cursor, item.to_string()));
    }
    let done = next_page.is_none() || (poll.newest_first && all_older);
    if done {
        state.watermark = match (state.watermark, state.high) {
            (Some(w), Some(h)) => Some(w.max(h)),
            (w, h) => w.or(h),
        };
        state.walk = None;
    } else {
        state.walk = Some(Walk {
            floor: walk.floor,
            next: next_page.map(str::to_string),
        });
    }
    if let Some(high) = state.high {
        let keep_from = high.saturating_sub(poll.lookback_ms);
        state
            .seen
            .retain(|_, cursor| cursor.as_i64().is_some_and(|c| c >= keep_from));
    }
    Ok(Step {
        records: emitted.into_iter().map(|(_, r)| r).collect(),
        state: state.to_json(),
        next_input: if done {
            None
        } else {
            next_page.map(str::to_string)
        },
    })
}

#[cfg(test)]
mod tests;

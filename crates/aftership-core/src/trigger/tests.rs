use serde_json::{json, Value};

use super::*;

const UPDATED: &str = "tracking.tracking_updated";
const T0: &str = "2026-03-01T10:00:00Z";

fn ms(text: &str) -> i64 {
    parse_rfc3339_ms(text).unwrap()
}

fn page(records: &[(&str, &str)]) -> String {
    let trackings: Vec<Value> = records
        .iter()
        .map(|(id, at)| json!({"id": id, "updated_at": at, "created_at": "2026-01-01T00:00:00Z"}))
        .collect();
    json!({"pagination": {"has_next_page": false}, "trackings": trackings}).to_string()
}

fn ids(step: &Step) -> Vec<String> {
    step.records
        .iter()
        .map(|r| {
            let v: Value = serde_json::from_str(r).unwrap();
            format!(
                "{}@{}",
                v["id"].as_str().unwrap(),
                v["updated_at"].as_str().unwrap()
            )
        })
        .collect()
}

/// One whole poll over `pages` (each page's next input is `p<n>`), from `state`.
fn poll(state: Option<&str>, since: Option<&str>, pages: &[String]) -> (Vec<String>, String) {
    let started = start(UPDATED, state, since, ms("2026-06-01T00:00:00Z")).unwrap();
    let mut state = started.state;
    let mut emitted = Vec::new();
    for (i, data) in pages.iter().enumerate() {
        let next = (i + 1 < pages.len()).then(|| format!("{{\"cursor\":\"p{}\"}}", i + 1));
        let step = step(UPDATED, &state, data, next.as_deref()).unwrap();
        emitted.extend(ids(&step));
        state = step.state;
        assert_eq!(step.next_input, next);
    }
    (emitted, state)
}

#[test]
fn start_sets_the_server_filter_to_since_and_later_to_watermark_minus_lookback() {
    let first = start(UPDATED, None, Some(T0), 0).unwrap();
    let input: Value = serde_json::from_str(&first.input).unwrap();
    assert_eq!(first.operation, "tracking.list_trackings");
    assert_eq!(
        input,
        json!({"limit": 200, "updated_at_min": "1970-01-01T00:00:00+00:00"})
    );
    // The filter is capped at `now`; with a later `now` it is `since` itself.
    let first = start(UPDATED, None, Some(T0), ms("2026-06-01T00:00:00Z")).unwrap();
    let input: Value = serde_json::from_str(&first.input).unwrap();
    assert_eq!(input["updated_at_min"], "2026-03-01T10:00:00+00:00");

    let (_, state) = poll(None, Some(T0), &[page(&[("a", "2026-03-02T12:30:00Z")])]);
    let again = start(
        UPDATED,
        Some(&state),
        Some("2020-01-01T00:00:00Z"),
        i64::MAX,
    )
    .unwrap();
    let input: Value = serde_json::from_str(&again.input).unwrap();
    assert_eq!(input["updated_at_min"], "2026-03-02T12:20:00+00:00");
}

#[test]
fn records_come_once_per_update_even_in_the_same_second_as_the_newest_seen() {
    let (first, state) = poll(
        None,
        Some(T0),
        &[page(&[
            ("a", "2026-03-01T10:00:05Z"),
            ("b", "2026-03-01T10:00:09Z"),
        ])],
    );
    assert_eq!(first, ["a@2026-03-01T10:00:05Z", "b@2026-03-01T10:00:09Z"]);
    // c is written in the same second as b, after the poll; a changes; b is unchanged.
    let (second, state) = poll(
        Some(&state),
        None,
        &[page(&[
            ("b", "2026-03-01T10:00:09Z"),
            ("c", "2026-03-01T10:00:09Z"),
            ("a", "2026-03-01T10:00:12Z"),
        ])],
    );
    assert_eq!(second, ["c@2026-03-01T10:00:09Z", "a@2026-03-01T10:00:12Z"]);
    let (third, _) = poll(
        Some(&state),
        None,
        &[page(&[
            ("a", "2026-03-01T10:00:12Z"),
            ("c", "2026-03-01T10:00:09Z"),
        ])],
    );
    assert!(third.is_empty(), "{third:?}");
}

#[test]
fn a_server_that_ignores_the_filter_still_yields_only_new_records() {
    let old = ("old", "2025-12-01T00:00:00Z");
    let (first, state) = poll(
        None,
        Some(T0),
        &[page(&[old, ("a", "2026-03-01T11:00:00Z")])],
    );
    // `old` is before `since`: dropped although the server sent it.
    assert_eq!(first, ["a@2026-03-01T11:00:00Z"]);
    let (second, _) = poll(
        Some(&state),
        None,
        &[page(&[
            old,
            ("a", "2026-03-01T11:00:00Z"),
            ("n", "2026-03-01T11:00:01Z"),
        ])],
    );
    assert_eq!(second, ["n@2026-03-01T11:00:01Z"]);
}

#[test]
fn unordered_pages_lose_nothing_and_emit_oldest_first() {
    // The newest record comes first and an older one on a later page: the floor of the walk
    // stays where it started, so the older one is still emitted.
    let pages = [
        page(&[("z", "2026-03-05T00:00:00Z"), ("x", "2026-03-02T00:00:00Z")]),
        page(&[("y", "2026-03-01T10:30:00Z")]),
    ];
    let (emitted, state) = poll(None, Some(T0), &pages);
    assert_eq!(
        emitted,
        [
            "x@2026-03-02T00:00:00Z",
            "z@2026-03-05T00:00:00Z",
            "y@2026-03-01T10:30:00Z"
        ]
    );
    let state: Value = serde_json::from_str(&state).unwrap();
    assert_eq!(state["watermark"], ms("2026-03-05T00:00:00Z"));
    assert_eq!(state["walk"], Value::Null);
}

#[test]
fn an_unfinished_walk_resumes_at_its_next_page() {
    let started = start(UPDATED, None, Some(T0), i64::MAX).unwrap();
    let step = step(
        UPDATED,
        &started.state,
        &page(&[("a", "2026-03-01T10:00:05Z")]),
        Some(r#"{"cursor":"c2"}"#),
    )
    .unwrap();
    let resumed = start(UPDATED, Some(&step.state), None, i64::MAX).unwrap();
    assert_eq!(resumed.input, r#"{"cursor":"c2"}"#);
}

#[test]
fn state_of_another_version_or_trigger_is_refused_by_name() {
    let (_, state) = poll(None, Some(T0), &[page(&[("a", "2026-03-01T10:00:05Z")])]);
    let mut old: Value = serde_json::from_str(&state).unwrap();
    old["version"] = json!(0);
    old["cursor"] = json!("shape of an older format");
    let error = start(UPDATED, Some(&old.to_string()), None, 0).unwrap_err();
    assert_eq!(
        error,
        TriggerError::StateVersion {
            found: 0,
            expected: STATE_VERSION
        }
    );
    assert_eq!(error.kind(), "state_version");
    assert!(error.to_string().contains("version 0"), "{error}");
    let error = step(UPDATED, &old.to_string(), &page(&[]), None).unwrap_err();
    assert_eq!(error.kind(), "state_version");

    let error = start("tracking.tracking_created", Some(&state), None, 0).unwrap_err();
    assert!(
        matches!(error, TriggerError::StateTrigger { .. }),
        "{error:?}"
    );
    assert_eq!(
        start(UPDATED, Some("{\"version\":1}"), None, 0)
            .unwrap_err()
            .kind(),
        "invalid_state"
    );
    assert_eq!(
        start(UPDATED, Some("nope"), None, 0).unwrap_err().kind(),
        "invalid_state"
    );
}

#[test]
fn bad_arguments_and_pages_get_typed_errors() {
    assert_eq!(
        start("x.y", None, None, 0).unwrap_err(),
        TriggerError::UnknownTrigger("x.y".into())
    );
    assert_eq!(
        start("tracking.webhook", None, None, 0).unwrap_err().kind(),
        "not_polled"
    );
    assert_eq!(
        start(UPDATED, None, Some("yesterday"), 0).unwrap_err(),
        TriggerError::InvalidSince("yesterday".into())
    );
    let started = start(UPDATED, None, None, 0).unwrap();
    let error = step(UPDATED, &started.state, r#"{"labels":[]}"#, None).unwrap_err();
    assert_eq!(
        error,
        TriggerError::InvalidPage("data.trackings is not an array".into())
    );
    let error = step(
        UPDATED,
        &started.state,
        r#"{"trackings":[{"id":"a"}]}"#,
        None,
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("trackings[0].updated_at"),
        "{error}"
    );
    let finished = step(UPDATED, &started.state, &page(&[]), None).unwrap();
    assert_eq!(
        step(UPDATED, &finished.state, &page(&[]), None).unwrap_err(),
        TriggerError::NoWalk
    );
}

#[test]
fn state_stays_bounded_to_the_lookback_window() {
    // 2000 records an hour apart each, over many polls: the state remembers only those within
    // the lookback of the newest one.
    let mut state: Option<String> = None;
    let base = ms(T0);
    let mut total = 0;
    for poll_no in 0..20 {
        let records: Vec<(String, String)> = (0..100)
            .map(|i| {
                let n = poll_no * 100 + i;
                (
                    format!("t{n}"),
                    filter_time(base + n * 3_600_000).replace("+00:00", "Z"),
                )
            })
            .collect();
        let refs: Vec<(&str, &str)> = records
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let (emitted, next) = poll(state.as_deref(), Some(T0), &[page(&refs)]);
        total += emitted.len();
        state = Some(next);
    }
    assert_eq!(total, 2000);
    let state: Value = serde_json::from_str(state.as_deref().unwrap()).unwrap();
    let seen = state["seen"].as_object().unwrap();
    assert_eq!(
        seen.len(),
        1,
        "only the newest record is within 10 minutes: {seen:?}"
    );
    assert!(state.to_string().len() < 400);
}

#[test]
fn newest_first_listings_stop_at_the_first_page_older_than_the_floor() {
    let trigger = "commerce.order_updated";
    let order = |id: &str, at: &str| json!({"id": id, "source_updated_at": at});
    let started = start(trigger, None, Some(T0), i64::MAX).unwrap();
    let input: Value = serde_json::from_str(&started.input).unwrap();
    assert_eq!(input, json!({"sort": "-source_updated_at", "limit": 50}));
    let first =
        json!({"orders": [order("2", "2026-03-03T00:00:00Z"), order("1", "2026-03-02T00:00:00Z")]});
    let step1 = step(
        trigger,
        &started.state,
        &first.to_string(),
        Some("{\"page\":2}"),
    )
    .unwrap();
    assert_eq!(step1.records.len(), 2);
    assert_eq!(step1.next_input.as_deref(), Some("{\"page\":2}"));
    let older = json!({"orders": [order("0", "2026-02-01T00:00:00Z")]});
    let step2 = step(
        trigger,
        &step1.state,
        &older.to_string(),
        Some("{\"page\":3}"),
    )
    .unwrap();
    assert!(step2.records.is_empty());
    assert_eq!(
        step2.next_input, None,
        "a page wholly older than the floor ends the walk"
    );
}

#[test]
fn every_trigger_names_a_listing_that_exists_and_its_filter() {
    for spec in TRIGGERS {
        match spec.kind {
            TriggerKind::Poll(p) => {
                let op =
                    crate::find_operation(p.operation).unwrap_or_else(|| panic!("{}", p.operation));
                let names: Vec<&str> = op.query.iter().map(|q| q.name).collect();
                if let Some(filter) = p.filter {
                    assert!(names.contains(&filter), "{} has no {filter}", p.operation);
                }
                assert!(
                    names.contains(&p.page_size.0),
                    "{} has no {}",
                    p.operation,
                    p.page_size.0
                );
            }
            TriggerKind::Webhook(w) => assert!(!w.events.is_empty() && !w.dedupe.is_empty()),
        }
    }
    assert_eq!(
        time_filter_for("tracking.list_trackings").unwrap().filter,
        Some("updated_at_min")
    );
    assert_eq!(time_filter_for("commerce.list_orders"), None);
}

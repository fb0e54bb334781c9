//! End-to-end suite: everything here runs through the real component (built by the harness's
//! build script, compiled once per test binary) inside wasmtime. The recorded fixtures run one
//! test per case in `tests/cases.rs`.

use std::time::Duration;

use aftership_core::{ApiType, HttpResponse, Settings};
use aftership_harness::{Host, HostError, Limits};
use aftership_testkit::helpers::context;
use serde_json::{json, Value};

mod common;
use common::{host, workspace_root};

fn settings(api_type: ApiType) -> Settings {
    Settings::new("e2e", api_type, "test-api-key-0000")
}

#[test]
fn component_needs_no_host_capability() {
    // `Host::new` already instantiated it with an empty linker; check the type as well.
    let needs = host().capability_imports();
    assert!(
        needs.is_empty(),
        "the connector must need nothing from its host, but imports {needs:?}"
    );
}

#[test]
fn component_imports_nothing() {
    let host = host();
    let imports: Vec<String> = host
        .component()
        .component_type()
        .imports(host.engine())
        .map(|(name, _)| name.to_string())
        .collect();
    assert!(
        imports.is_empty(),
        "the connector must import nothing, found {imports:?}. Types-only imports come from a \
         world that `use`s an interface; exporting those interfaces (`export types;`) and moving \
         the functions into an exported interface removes them"
    );
}

#[test]
fn connector_json_matches_the_component_manifest() {
    let manifest = match host().manifest() {
        Ok(text) => text,
        Err(e) => panic!("manifest() failed: {e}"),
    };
    assert_eq!(
        manifest,
        aftership_core::manifest_json(),
        "the component's manifest differs from the native core's: rebuild the component"
    );
    let path = workspace_root().join("connector.json");
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == manifest,
        "{} is missing or out of date; regenerate it with \
         `cargo run -p aftership-harness -- manifest --write`",
        path.display()
    );
}

#[test]
fn component_catalog_matches_the_core() {
    for api_type in ApiType::ALL {
        let operations = match host().operations(api_type) {
            Ok(list) => list,
            Err(e) => panic!("operations({}) failed: {e}", api_type.as_str()),
        };
        let from_component: Vec<&str> = operations.iter().map(|op| op.id.as_str()).collect();
        let native: Vec<String> = aftership_core::operations_for(api_type)
            .map(|op| op.id())
            .collect();
        assert_eq!(from_component, native, "catalog of {}", api_type.as_str());
        assert!(operations.iter().all(|op| op.api_type == api_type));
        // The component reads the schemas from its embedded manifest: the text must be exactly
        // what the core's builder gives.
        for (op, native) in operations
            .iter()
            .zip(aftership_core::operations_for(api_type))
        {
            assert_eq!(
                op.input_schema,
                aftership_core::input_schema(native).to_string(),
                "{}: input schema",
                op.id
            );
            assert_eq!(
                (op.title.as_str(), op.path.as_str()),
                (native.title, native.path)
            );
        }
    }
}

#[test]
fn settings_errors_cross_the_boundary() {
    let mut bad = settings(ApiType::Tracking);
    bad.api_key = aftership_core::Secret::new("");
    let errors = match host().validate_settings(&bad) {
        Ok(errors) => errors,
        Err(e) => panic!("validate_settings trapped: {e}"),
    };
    assert!(
        errors.iter().any(|e| e.field == "api-key"),
        "expected an api-key error, got {errors:?}"
    );
    let good = host().validate_settings(&settings(ApiType::Tracking));
    assert_eq!(good, Ok(Vec::new()));
}

fn small_call_succeeds(host: &Host) {
    let built = host.build_request(
        &settings(ApiType::Tracking),
        "tracking.get_tracking_by_id",
        r#"{"id":"5b74f4958776db0e00b6f5ed"}"#,
        &context(),
    );
    match built {
        Ok(Ok(request)) => assert!(
            request.url.ends_with("/trackings/5b74f4958776db0e00b6f5ed"),
            "{}",
            request.url
        ),
        other => panic!("a normal call must succeed, got {other:?}"),
    }
}

#[test]
fn out_of_memory_is_a_typed_error_and_does_not_poison_the_host() {
    let limits = Limits {
        memory_bytes: 4 << 20,
        timeout: Duration::from_secs(10),
    };
    let small = host().limited(limits);
    small_call_succeeds(&small);
    let huge = format!(r#"{{"id":"{}"}}"#, "x".repeat(8 << 20));
    let result = small.build_request(
        &settings(ApiType::Tracking),
        "tracking.get_tracking_by_id",
        &huge,
        &context(),
    );
    match result {
        Err(HostError::OutOfMemory { limit_bytes, .. }) => assert_eq!(limit_bytes, 4 << 20),
        other => panic!("expected an out-of-memory host error, got {other:?}"),
    }
    // A fresh store per call: the same host keeps working after the trap.
    small_call_succeeds(&small);
    small_call_succeeds(host());
}

#[test]
fn an_expired_deadline_interrupts_the_call() {
    let expired = host().limited(Limits {
        timeout: Duration::ZERO,
        ..Limits::DEFAULT
    });
    match expired.manifest() {
        Err(HostError::Deadline { export, timeout }) => {
            assert_eq!(export, "manifest");
            assert_eq!(timeout, Duration::ZERO);
        }
        other => panic!("expected a deadline host error, got {other:?}"),
    }
    // Other hosts sharing the engine are unaffected.
    small_call_succeeds(host());
}

// ---- multi-page walks, one per paging scheme, with faked response pages ----

/// Follows `next_page` from `first_input` through `pages` (response bodies). Page `i > 0` must be
/// requested with `markers[i - 1]` in its URL; the last page must end the walk.
fn walk(api_type: ApiType, operation: &str, first_input: Value, pages: &[Value], markers: &[&str]) {
    let host = host();
    let settings = settings(api_type);
    let known = match host.operations(api_type) {
        Ok(list) => list,
        Err(e) => panic!("operations failed: {e}"),
    };
    match known.iter().find(|op| op.id == operation) {
        None => panic!("operation {operation} is not in the catalog yet"),
        Some(op) => assert!(op.paginated, "{operation} must be marked paginated"),
    }
    let mut input = first_input.to_string();
    for (i, body) in pages.iter().enumerate() {
        let request = match host.build_request(&settings, operation, &input, &context()) {
            Ok(Ok(request)) => request,
            other => panic!("{operation} page {}: build failed: {other:?}", i + 1),
        };
        let native = aftership_core::build_request(&settings, operation, &input, &context());
        assert_eq!(
            native.as_ref(),
            Ok(&request),
            "component and native core disagree"
        );
        if i > 0 {
            let marker = markers[i - 1];
            assert!(
                request.url.contains(marker),
                "{operation} page {}: expected `{marker}` in {}",
                i + 1,
                request.url
            );
        }
        let response = HttpResponse {
            status: 200,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
        };
        let outcome = match host.parse_response(&settings, operation, &input, &response, &context())
        {
            Ok(Ok(outcome)) => outcome,
            other => panic!("{operation} page {}: parse failed: {other:?}", i + 1),
        };
        let expected_data = &body["data"];
        let data: Value = serde_json::from_str(&outcome.data).unwrap_or(Value::Null);
        assert_eq!(&data, expected_data, "{operation} page {}: data", i + 1);
        match (outcome.next_page, i + 1 == pages.len()) {
            (Some(next), false) => input = next,
            (None, true) => return,
            (Some(next), true) => panic!("{operation}: the last page still offers {next}"),
            (None, false) => panic!("{operation}: the walk stopped after page {}", i + 1),
        }
    }
}

#[test]
fn walks_a_cursor_listing() {
    let page = |cursor: Option<&str>, more: bool, ids: &[&str]| {
        json!({
            "meta": {"code": 200},
            "data": {
                "pagination": {"total": 5, "next_cursor": cursor, "has_next_page": more},
                "trackings": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
            }
        })
    };
    walk(
        ApiType::Tracking,
        "tracking.list_trackings",
        json!({"limit": 2}),
        &[
            page(Some("c2"), true, &["t1", "t2"]),
            page(Some("c3"), true, &["t3", "t4"]),
            page(None, false, &["t5"]),
        ],
        &["cursor=c2", "cursor=c3"],
    );
}

#[test]
fn walks_a_legacy_page_limit_listing_by_count() {
    let page = |n: i64, ids: &[&str]| {
        json!({
            "meta": {"code": 200},
            "data": {
                "page": n, "limit": 2, "count": 5,
                "trackings": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
            }
        })
    };
    walk(
        ApiType::Tracking,
        "tracking_v4.list_trackings",
        json!({"limit": 2}),
        &[
            page(1, &["t1", "t2"]),
            page(2, &["t3", "t4"]),
            page(3, &["t5"]),
        ],
        &["page=2", "page=3"],
    );
}

#[test]
fn walks_a_next_token_listing() {
    let page = |token: Option<&str>, ids: &[&str]| {
        let mut data = json!({
            "labels": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
        });
        if let Some(token) = token {
            data["next_token"] = json!(token);
        }
        json!({"meta": {"code": 200, "message": "OK", "details": []}, "data": data})
    };
    walk(
        ApiType::Shipping,
        "shipping.list_labels",
        json!({"limit": 2}),
        &[
            page(Some("tok2"), &["l1", "l2"]),
            page(Some("tok3"), &["l3", "l4"]),
            page(None, &["l5"]),
        ],
        &["next_token=tok2", "next_token=tok3"],
    );
}

#[test]
fn walks_a_page_limit_listing_by_has_next_page() {
    let page = |n: i64, more: bool, ids: &[&str]| {
        json!({
            "meta": {"code": 20000, "type": "OK", "message": "Everything worked as expected"},
            "data": {
                "returns": ids.iter().map(|id| json!({"id": id})).collect::<Vec<_>>(),
                "pagination": {"total": 5, "page": n, "limit": 2, "has_next_page": more},
            }
        })
    };
    walk(
        ApiType::Returns,
        "returns.list_returns",
        json!({"limit": 2}),
        &[
            page(1, true, &["r1", "r2"]),
            page(2, true, &["r3", "r4"]),
            page(3, false, &["r5"]),
        ],
        &["page=2", "page=3"],
    );
}

/// Every option source (`x-options`) in the component's manifest resolves with the component
/// alone, as a host would: build the source operation's request, take the recorded answer to
/// it, parse that, and read the values and labels at the given paths.
#[test]
fn option_sources_resolve_through_the_component() {
    use aftership_testkit::fixture::{discover, Fixture};
    use std::collections::BTreeMap;

    fn sources(schema: &Value, out: &mut Vec<Value>) {
        if let Some(s) = schema.get("x-options") {
            out.push(s.clone());
        }
        for member in schema
            .get("properties")
            .and_then(Value::as_object)
            .into_iter()
            .flat_map(|p| p.values())
        {
            sources(member, out);
        }
        if let Some(items) = schema.get("items") {
            sources(items, out);
        }
    }
    fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
        path.split('.').try_fold(v, |v, seg| v.get(seg))
    }

    let manifest: Value = serde_json::from_str(&host().manifest().unwrap()).unwrap();
    let mut wanted = Vec::new();
    for op in manifest["operations"].as_array().unwrap() {
        sources(&op["input_schema"], &mut wanted);
    }
    assert!(wanted.len() >= 70, "only {} option sources", wanted.len());
    let cases: Vec<Fixture> = discover(&workspace_root().join("tests/fixtures"))
        .into_iter()
        .map(|p| Fixture::parse(&std::fs::read_to_string(p).unwrap()).unwrap())
        .collect();
    let mut resolved: BTreeMap<String, usize> = BTreeMap::new();
    for source in &wanted {
        let key = source.to_string();
        if resolved.contains_key(&key) {
            continue;
        }
        let op = source["operation"].as_str().unwrap();
        let case = cases
            .iter()
            .find(|c| c.operation == op && c.expected_outcome.is_some())
            .unwrap_or_else(|| panic!("no recorded case of {op}"));
        let settings = case.settings.to_settings().unwrap();
        let input = source["input"].to_string();
        let request = host()
            .build_request(
                &settings,
                op,
                &input,
                &aftership_testkit::helpers::context_at(case.now_unix_ms),
            )
            .unwrap()
            .unwrap_or_else(|e| panic!("{op}: the option source's input does not build: {e:?}"));
        assert_eq!(
            request.method.as_str(),
            "GET",
            "{op}: an option source only reads"
        );
        let outcome = host()
            .parse_response(
                &settings,
                op,
                &input,
                &case.response.as_ref().unwrap().to_http_response(),
                &aftership_testkit::helpers::context_at(case.now_unix_ms),
            )
            .unwrap()
            .unwrap_or_else(|e| panic!("{op}: {e:?}"));
        let data: Value = serde_json::from_str(&outcome.data).unwrap();
        let items = at(&data, source["items_path"].as_str().unwrap())
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{op}: no list at {}", source["items_path"]));
        let options: Vec<(String, String)> = items
            .iter()
            .filter_map(|item| {
                let value = at(item, source["value_path"].as_str().unwrap())?;
                let value = value
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or(value.to_string());
                let label = at(item, source["label_path"].as_str().unwrap())
                    .and_then(Value::as_str)
                    .unwrap_or(&value)
                    .to_string();
                Some((value, label))
            })
            .collect();
        assert_eq!(options.len(), items.len(), "{op}: an item without a value");
        assert!(
            options.iter().all(|(v, l)| !v.is_empty() && !l.is_empty()),
            "{op}"
        );
        resolved.insert(key, options.len());
    }
    assert!(resolved.len() >= 15, "{} distinct sources", resolved.len());
}

/// The component's `trigger-start` / `trigger-step` answer exactly what the core's do, for a
/// whole poll (two pages, an unordered and filter-ignoring server) and for the refusals.
#[test]
fn trigger_exports_equal_the_native_functions() {
    use aftership_core::trigger;
    let host = host();
    let id = "tracking.tracking_updated";
    let now = 1_780_000_000_000;
    let since = Some("2026-03-01T10:00:00Z");
    let native = trigger::start(id, None, since, now).unwrap();
    let wasm = host.trigger_start(id, None, since, now).unwrap().unwrap();
    assert_eq!(wasm, native);
    let pages = [
        (
            json!({"trackings": [
                {"id": "b", "updated_at": "2026-03-02T00:00:00Z"},
                {"id": "old", "updated_at": "2025-01-01T00:00:00Z"},
                {"id": "a", "updated_at": "2026-03-01T12:00:00Z"},
            ]}),
            Some("{\"cursor\":\"c2\"}"),
        ),
        (
            json!({"trackings": [{"id": "b", "updated_at": "2026-03-02T00:00:00Z"}]}),
            None,
        ),
    ];
    let mut state = native.state;
    for (data, next) in pages {
        let data = data.to_string();
        let native = trigger::step(id, &state, &data, next).unwrap();
        let wasm = host.trigger_step(id, &state, &data, next).unwrap().unwrap();
        assert_eq!(wasm, native);
        state = native.state;
    }
    let mut old: Value = serde_json::from_str(&state).unwrap();
    old["version"] = json!(0);
    let refused = host
        .trigger_start(id, Some(&old.to_string()), None, now)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        refused.error,
        trigger::TriggerError::StateVersion {
            found: 0,
            expected: trigger::STATE_VERSION
        }
    );
    assert_eq!(refused.kind, "state_version");
    let refused = host
        .trigger_step("nope.none", &state, "{}", None)
        .unwrap()
        .unwrap_err();
    assert_eq!(
        refused.error,
        trigger::TriggerError::UnknownTrigger("nope.none".into())
    );
}

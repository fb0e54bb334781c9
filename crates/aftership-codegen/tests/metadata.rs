//! The generated operation metadata against its sources: the checked-in file is what the
//! generator writes, every documented request member is in the input schemas with the documented
//! type and choices, every recorded response validates against its output schema, every option
//! source resolves from a recorded list case, and every operation carries its hints.

use std::collections::BTreeSet;

use aftership_codegen::{generate, outputs, render, repo_root, schema::types_of, OUTPUT};
use aftership_core::{manifest_value, parse_response, RequestContext};
use aftership_testkit::fixture::{discover, Fixture};
use serde_json::{Map, Value};

fn operations() -> Vec<Value> {
    manifest_value()["operations"].as_array().unwrap().clone()
}

fn fixtures() -> Vec<Fixture> {
    discover(&repo_root().join("tests/fixtures"))
        .into_iter()
        .map(|p| Fixture::parse(&std::fs::read_to_string(&p).unwrap()).unwrap())
        .collect()
}

#[test]
fn the_checked_in_files_are_what_the_generator_writes() {
    let files = outputs(&repo_root()).unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0].1, render(&generate(&repo_root()).unwrap()));
    for (path, text) in files {
        let current = std::fs::read_to_string(repo_root().join(path)).unwrap_or_default();
        assert!(
            text == current,
            "{path} is stale: run `cargo run -p aftership-codegen -- --write`"
        );
    }
}

/// The non-null JSON types of a schema (`integer` counted as `number`'s kind where it matters).
fn kinds(schema: &Value) -> BTreeSet<String> {
    types_of(schema)
        .into_iter()
        .filter(|t| t != "null")
        .collect()
}

fn choices(schema: &Value) -> BTreeSet<String> {
    schema
        .get("oneOf")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(|c| c.get("const"))
                .filter(|c| !c.is_null())
                .map(|c| c.to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// Walks a documented member and its counterpart in the manifest, counting members and
/// collecting differences (`path: what`).
fn compare(
    doc: &Value,
    ours: Option<&Value>,
    path: &str,
    seen: &mut usize,
    found: &mut usize,
    diffs: &mut Vec<String>,
) {
    *seen += 1;
    let Some(ours) = ours else {
        diffs.push(format!("{path}: missing"));
        return;
    };
    *found += 1;
    let (dk, ok) = (kinds(doc), kinds(ours));
    if !dk.is_empty() && !ok.is_empty() && dk != ok {
        diffs.push(format!(
            "{path}: type {dk:?} documented, {ok:?} in the manifest"
        ));
    }
    let (dc, oc) = (choices(doc), choices(ours));
    if !dc.is_empty() && dc != oc {
        diffs.push(format!(
            "{path}: choices {dc:?} documented, {oc:?} in the manifest"
        ));
    }
    if let Some(props) = doc.get("properties").and_then(Value::as_object) {
        for (name, member) in props {
            let theirs = ours.get("properties").and_then(|p| p.get(name));
            compare(
                member,
                theirs,
                &format!("{path}.{name}"),
                seen,
                found,
                diffs,
            );
        }
    }
    if let Some(items) = doc.get("items") {
        compare(
            items,
            ours.get("items"),
            &format!("{path}[]"),
            seen,
            found,
            diffs,
        );
    }
}

/// Differences the manifest keeps on purpose, each a rule of how the connector reads a query
/// parameter; anything else fails the test:
/// - a comma-separated list the documents type as a string also takes an array;
/// - a page or a limit the documents type as text or any number is a whole number;
/// - a repeated `name[]=` parameter is the input member `name` (an array).
fn expected_difference(line: &str) -> bool {
    if line.contains(".body") {
        // Personalization search pages in the body: its page and limit are whole numbers too.
        return line
            .ends_with(".body.page: type {\"number\"} documented, {\"integer\"} in the manifest")
            || line.ends_with(
                ".body.limit: type {\"number\"} documented, {\"integer\"} in the manifest",
            );
    }
    line.ends_with(r#"type {"string"} documented, {"array", "string"} in the manifest"#)
        || ((line.contains(" page:") || line.contains(" limit:"))
            && line.ends_with(r#"documented, {"integer"} in the manifest"#))
        || (line.ends_with("[]: missing"))
}

#[test]
fn every_documented_request_member_is_in_the_input_schema_with_its_type_and_choices() {
    let metadata: Value =
        serde_json::from_str(&std::fs::read_to_string(repo_root().join(OUTPUT)).unwrap()).unwrap();
    let (mut seen, mut found, mut diffs) = (0, 0, Vec::new());
    let (mut body_seen, mut body_found) = (0, 0);
    for op in operations() {
        let id = op["id"].as_str().unwrap();
        let meta = &metadata["operations"][id];
        let input = &op["input_schema"];
        if let Some(body) = meta.get("body") {
            let before = (seen, found);
            compare(
                body,
                input["properties"].get("body"),
                &format!("{id} .body"),
                &mut seen,
                &mut found,
                &mut diffs,
            );
            body_seen += seen - before.0;
            body_found += found - before.1;
        }
        for (name, param) in meta["params"].as_object().into_iter().flatten() {
            compare(
                param,
                input["properties"].get(name),
                &format!("{id} {name}"),
                &mut seen,
                &mut found,
                &mut diffs,
            );
        }
    }
    println!("documented members: {seen}, in the manifest: {found}; body members {body_found} of {body_seen}");
    for d in diffs.iter().filter(|d| expected_difference(d)) {
        println!("kept: {d}");
    }
    let unexpected: Vec<&String> = diffs.iter().filter(|d| !expected_difference(d)).collect();
    assert!(
        unexpected.is_empty(),
        "{} difference(s):\n{}",
        unexpected.len(),
        unexpected
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(
        body_found, body_seen,
        "every documented body member is described"
    );
    assert!(
        body_seen > 1500,
        "the documents describe {body_seen} body members"
    );
    // The check can fail: a member left out is reported.
    let mut probe = Vec::new();
    compare(
        &serde_json::json!({"properties": {"a": {"type": "string"}}}),
        Some(&serde_json::json!({"properties": {}})),
        "probe",
        &mut 0,
        &mut 0,
        &mut probe,
    );
    assert_eq!(probe, ["probe.a: missing"]);
}

#[test]
fn create_tracking_has_all_37_documented_members_typed_and_titled() {
    let op = operations()
        .into_iter()
        .find(|o| o["id"] == "tracking.create_tracking")
        .unwrap();
    let body = &op["input_schema"]["properties"]["body"];
    let props = body["properties"].as_object().unwrap();
    assert_eq!(props.len(), 37, "{:?}", props.keys().collect::<Vec<_>>());
    for (name, member) in props {
        assert!(
            member["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{name} has no title"
        );
        assert!(member.get("type").is_some(), "{name} has no type");
        assert!(
            member.get("x-visibility").is_some(),
            "{name} has no visibility"
        );
    }
    assert_eq!(props["tracking_number"]["x-visibility"], "important");
    assert_eq!(props["note"]["x-visibility"], "advanced");
    let delivery: Vec<&str> = props["delivery_type"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|c| c["const"].as_str())
        .collect();
    assert_eq!(
        delivery,
        ["pickup_at_store", "door_to_door", "pickup_at_courier"]
    );
    assert_eq!(
        props["slug"]["x-options"]["operation"],
        "tracking.list_couriers"
    );
}

#[test]
fn every_recorded_response_validates_against_its_output_schema() {
    let ops = operations();
    let mut checked = 0;
    let mut failures = Vec::new();
    for fixture in fixtures() {
        let Some(outcome) = &fixture.expected_outcome else {
            continue;
        };
        let Some(op) = ops.iter().find(|o| o["id"] == fixture.operation.as_str()) else {
            continue;
        };
        let schema = &op["output_schema"];
        let validator = jsonschema::draft202012::options()
            .should_validate_formats(false)
            .build(schema)
            .unwrap_or_else(|e| {
                panic!("{}: output schema does not compile: {e}", fixture.operation)
            });
        let data = &outcome["data"];
        let errors: Vec<String> = validator
            .iter_errors(data)
            .map(|e| e.to_string())
            .take(3)
            .collect();
        if !errors.is_empty() {
            failures.push(format!(
                "{} ({}): {errors:?}",
                fixture.operation,
                fixture.description.chars().take(60).collect::<String>()
            ));
        }
        checked += 1;
    }
    assert!(checked > 150, "only {checked} recorded responses");
    assert!(
        failures.is_empty(),
        "{} of {checked} recorded responses fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn every_operation_has_an_output_schema_a_sample_and_hints() {
    for op in operations() {
        let id = op["id"].as_str().unwrap();
        let out = &op["output_schema"];
        assert_eq!(
            out["$schema"], "https://json-schema.org/draft/2020-12/schema",
            "{id}"
        );
        assert!(
            out["x-source"].as_str().is_some_and(|s| !s.is_empty()),
            "{id}: output schema names no source"
        );
        assert!(op.get("sample_output").is_some(), "{id}: no sample");
        let hints = &op["hints"];
        assert!(
            ["search", "get", "create", "update", "delete", "action"]
                .contains(&hints["kind"].as_str().unwrap_or("")),
            "{id}: kind"
        );
        for key in ["read_only", "destructive", "idempotent"] {
            assert!(hints[key].is_boolean(), "{id}: {key}");
        }
        for effect in hints["side_effects"].as_array().unwrap() {
            assert!(
                effect["reason"].as_str().is_some_and(|r| !r.is_empty()),
                "{id}: a side effect without its reason"
            );
        }
        if op["method"] == "GET" {
            assert_eq!(hints["read_only"], true, "{id}");
        }
    }
    let label = operations()
        .into_iter()
        .find(|o| o["id"] == "shipping.create_label")
        .unwrap();
    assert_eq!(label["hints"]["side_effects"][0]["effect"], "costs_money");
    let approve = operations()
        .into_iter()
        .find(|o| o["id"] == "returns.approve_return_by_id")
        .unwrap();
    assert!(approve["hints"]["side_effects"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["effect"] == "notifies_customer"));
}

#[test]
fn the_get_tracking_output_has_every_member_of_the_official_sdks_tracking_model() {
    let text =
        std::fs::read_to_string(repo_root().join("spec/sdk/tracking-sdk-17-tracking-fields.txt"))
            .unwrap();
    let fields: Vec<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .collect();
    assert!(fields.len() >= 80, "{} fields", fields.len());
    let op = operations()
        .into_iter()
        .find(|o| o["id"] == "tracking.get_tracking_by_id")
        .unwrap();
    let schema = &op["output_schema"];
    let tracking = match schema["$ref"].as_str() {
        Some(r) => &schema["$defs"][r.rsplit('/').next().unwrap()],
        None => schema,
    };
    let props = tracking["properties"].as_object().unwrap();
    let missing: Vec<&&str> = fields.iter().filter(|f| !props.contains_key(**f)).collect();
    assert!(missing.is_empty(), "missing {missing:?}");
}

/// The value at a dotted path.
fn at<'v>(value: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.')
        .filter(|s| !s.is_empty())
        .try_fold(value, |v, seg| v.get(seg))
}

fn option_sources(schema: &Value, path: &str, out: &mut Vec<(String, Value)>) {
    let Some(map) = schema.as_object() else {
        return;
    };
    if let Some(source) = map.get("x-options") {
        out.push((path.to_string(), source.clone()));
    }
    for (name, member) in map
        .get("properties")
        .and_then(Value::as_object)
        .unwrap_or(&Map::new())
    {
        option_sources(member, &format!("{path}.{name}"), out);
    }
    if let Some(items) = map.get("items") {
        option_sources(items, &format!("{path}[]"), out);
    }
}

#[test]
fn every_option_source_resolves_from_a_recorded_list_case() {
    let fixtures = fixtures();
    let mut resolved = 0;
    for op in operations() {
        let mut sources = Vec::new();
        option_sources(
            &op["input_schema"],
            op["id"].as_str().unwrap(),
            &mut sources,
        );
        for (field, source) in sources {
            let source_op = source["operation"].as_str().unwrap();
            let case = fixtures
                .iter()
                .find(|f| f.operation == source_op && f.expected_outcome.is_some())
                .unwrap_or_else(|| panic!("{field}: no recorded case of {source_op}"));
            let settings = case.settings.to_settings().unwrap();
            let response = case.response.as_ref().unwrap().to_http_response();
            let context = RequestContext {
                now_unix_ms: case.now_unix_ms,
                request_id: None,
            };
            let outcome = parse_response(
                &settings,
                source_op,
                &source["input"].to_string(),
                &response,
                &context,
            )
            .unwrap_or_else(|e| panic!("{field}: {source_op} does not parse: {e}"));
            let data: Value = serde_json::from_str(&outcome.data).unwrap();
            let items = at(&data, source["items_path"].as_str().unwrap())
                .and_then(Value::as_array)
                .unwrap_or_else(|| {
                    panic!(
                        "{field}: no list at {} in {source_op}'s data",
                        source["items_path"]
                    )
                });
            assert!(!items.is_empty(), "{field}: empty list");
            for item in items {
                let value = at(item, source["value_path"].as_str().unwrap());
                assert!(
                    value.is_some_and(|v| v.as_str().is_some_and(|s| !s.is_empty()) || v.is_number()),
                    "{field}: an item of {source_op} has no value at {}",
                    source["value_path"]
                );
            }
            resolved += 1;
        }
    }
    // Every field spec/metadata.yml gives a source is a member of its operation's input.
    let configured =
        aftership_codegen::overrides::Overrides::load(&repo_root().join("spec/metadata.yml"))
            .unwrap()
            .options
            .len();
    assert_eq!(
        resolved, configured,
        "an option source names a field the input does not have"
    );
    assert!(resolved >= 70, "only {resolved} option sources resolved");
}

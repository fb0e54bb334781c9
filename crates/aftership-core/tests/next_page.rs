//! The next-page input a listing hands back is always accepted by `build-request` of the same
//! operation, also at and beyond the operation's documented page maximum.

use aftership_core::{
    all_operations, build_request, parse_response, ApiType, HttpResponse, OperationSpec, Paging,
    ParamKind, Settings,
};
use aftership_testkit::helpers::context;
use serde_json::{json, Map, Value};

mod common;
use common::valid_input;

fn settings(api_type: ApiType) -> Settings {
    let mut s = Settings::new("paging", api_type, "key-123");
    s.store_id = Some("store-1".into());
    s
}

fn page_range(op: &OperationSpec) -> (i64, i64) {
    let param = op
        .query
        .iter()
        .find(|q| q.name == "page")
        .unwrap_or_else(|| panic!("{} pages by number but has no page parameter", op.id()));
    match param.kind {
        ParamKind::Integer { min, max } => (min, max),
        _ => panic!("{}: page is not an integer", op.id()),
    }
}

/// Parses a 200 whose `data` says there is more, and returns the next-page input (if any)
/// after checking the same operation builds it.
fn next_of(op: &OperationSpec, input: &Map<String, Value>, data: Value) -> Option<String> {
    let s = settings(op.family.api_type());
    let input = Value::Object(input.clone()).to_string();
    build_request(&s, &op.id(), &input, &context())
        .unwrap_or_else(|e| panic!("{}: input {input} refused: {e}", op.id()));
    let response = HttpResponse {
        status: 200,
        headers: vec![],
        body: json!({"meta": {"code": 200}, "data": data})
            .to_string()
            .into_bytes(),
    };
    let outcome = parse_response(&s, &op.id(), &input, &response, &context())
        .unwrap_or_else(|e| panic!("{}: {e}", op.id()));
    if let Some(next) = &outcome.next_page {
        build_request(&s, &op.id(), next, &context()).unwrap_or_else(|e| {
            panic!(
                "{}: next-page input {next} is refused by the same operation: {e}",
                op.id()
            )
        });
    }
    outcome.next_page
}

#[test]
fn page_numbered_listings_stop_at_their_documented_maximum() {
    let mut listings = 0;
    for op in all_operations().filter(|op| op.paging == Paging::PageLimit) {
        listings += 1;
        let (min, max) = page_range(op);
        let mut checked_pages = vec![min, max];
        if max > min + 1 {
            checked_pages.push(max - 1);
        }
        for page in checked_pages {
            let mut input = valid_input(op);
            input.insert("page".into(), json!(page));
            // The answer claims more pages, in each shape AfterShip uses.
            let answers = [
                json!({"pagination": {"page": page, "limit": 10, "has_next_page": true}}),
                json!({"pagination": {"page": page, "limit": 10, "total": i64::MAX}}),
                json!({"page": page, "limit": 10, "count": i64::MAX}),
                // A server that reports a page number the operation would refuse.
                json!({"pagination": {"page": max + 5, "has_next_page": true}}),
                json!({"pagination": {"page": -3, "has_next_page": true}}),
            ];
            for data in answers {
                let next = next_of(op, &input, data.clone());
                if page == max || data["pagination"]["page"] != json!(page) {
                    if let Some(next) = &next {
                        let n: Value = serde_json::from_str(next).unwrap();
                        assert!(
                            (min..=max).contains(&n["page"].as_i64().unwrap()),
                            "{} page {page}, {data}: {next}",
                            op.id()
                        );
                    }
                }
                if page == max {
                    assert_eq!(next, None, "{} ends at page {max}", op.id());
                } else if data["pagination"]["page"] == json!(page) || data["page"] == json!(page) {
                    let next: Value = serde_json::from_str(&next.unwrap()).unwrap();
                    assert_eq!(next["page"], json!(page + 1), "{}", op.id());
                }
            }
        }
    }
    assert!(listings >= 5, "only {listings} page-numbered listings");
}

#[test]
fn cursor_and_token_listings_hand_back_inputs_they_accept() {
    let mut checked = 0;
    for op in all_operations().filter(|op| matches!(op.paging, Paging::Cursor | Paging::NextToken))
    {
        let input = valid_input(op);
        for token in [
            "abc",
            "a b/c?d",
            "..",
            "%2e",
            "é",
            "x".repeat(2000).as_str(),
        ] {
            let data = json!({
                "pagination": {"next_cursor": token, "has_next_page": true},
                "next_token": token,
            });
            let next = next_of(op, &input, data);
            assert!(next.is_some(), "{} with {token:?}: no next page", op.id());
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// Body-paged listings (Personalization search): the next page is `body.page + 1` while
/// `page * limit < total`, keeps the rest of the body, and ends at the documented maximum.
#[test]
fn body_paged_listings_move_the_page_inside_the_body_and_stop_at_their_maximum() {
    let mut listings = 0;
    for op in all_operations().filter(|op| matches!(op.paging, Paging::BodyPage { .. })) {
        let Paging::BodyPage { max } = op.paging else {
            unreachable!()
        };
        listings += 1;
        let mut input = valid_input(op);
        input.insert("body".into(), json!({"query": "shirt", "limit": 10}));
        // No page given: page 1; 10 of 25 seen, so page 2 follows with the query kept.
        let next = next_of(
            op,
            &input,
            json!({"pagination": {"limit": 10, "page": 1, "total": 25}}),
        )
        .expect("a second page");
        let next: Value = serde_json::from_str(&next).unwrap();
        assert_eq!(
            next["body"],
            json!({"query": "shirt", "limit": 10, "page": 2})
        );
        // 30 of 25 seen: the end.
        input.insert("body".into(), json!({"limit": 10, "page": 3}));
        let end = json!({"pagination": {"limit": 10, "page": 3, "total": 25}});
        assert_eq!(next_of(op, &input, end), None, "{}", op.id());
        // The documented maximum ends paging even when more are said to exist.
        input.insert("body".into(), json!({"limit": 1, "page": max}));
        let more = json!({"pagination": {"limit": 1, "page": max, "total": i64::MAX}});
        assert_eq!(next_of(op, &input, more), None, "{}", op.id());
        // The answer's page number wins over the input's, as for query paging.
        input.insert("body".into(), json!({"limit": 5}));
        let answered = json!({"pagination": {"limit": 5, "page": 4, "total": 100}});
        let next: Value = serde_json::from_str(&next_of(op, &input, answered).unwrap()).unwrap();
        assert_eq!(next["body"]["page"], json!(5));
    }
    assert_eq!(
        listings, 1,
        "Personalization search is the one body-paged listing"
    );
}

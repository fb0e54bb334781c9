//! The harness's caps agree with each other and with the guest: an input at the core's input cap
//! fits the default memory cap, inputs over it are refused with an error naming the cap, an
//! exhausted memory cap names that cap, and the guest's (reduced) shadow stack holds the deepest
//! JSON the core accepts.

use std::sync::OnceLock;

use aftership_core::{
    ApiType, ConnectorError, HttpResponse, RequestContext, Settings, MAX_INPUT_BYTES,
};
use aftership_harness::{Host, HostError, Limits};

fn host() -> &'static Host {
    static HOST: OnceLock<Host> = OnceLock::new();
    HOST.get_or_init(|| Host::new().expect("the component loads"))
}

const CONTEXT: RequestContext = RequestContext {
    now_unix_ms: 1_783_327_777_000,
    request_id: None,
};

/// A Parser v2 input of exactly `len` bytes: an e-mail with one base64 attachment, the shape of
/// the largest inputs AfterShip documents.
fn email_input(len: usize) -> String {
    let head = r#"{"body":{"headers":[{"name":"subject","value":"Your order"}],"body":{"html":"<p>Order 1001</p>","attachments":[{"filename":"label.pdf","content_type":"application/pdf","data":""#;
    let tail = r#""}]}}}"#;
    let fill = len - head.len() - tail.len();
    let mut input = String::with_capacity(len);
    input.push_str(head);
    input.extend(std::iter::repeat_n('A', fill));
    input.push_str(tail);
    assert_eq!(input.len(), len);
    input
}

fn parser() -> Settings {
    Settings::new("limits", ApiType::Parser, "limits-key")
}

#[test]
fn an_input_at_the_input_cap_fits_the_default_memory_cap() {
    let input = email_input(MAX_INPUT_BYTES);
    let request = host()
        .build_request(&parser(), "parser.parse_email_v2", &input, &CONTEXT)
        .expect("no host error: the default memory cap must hold an input at the input cap")
        .expect("the e-mail input is valid");
    assert!(request
        .body
        .as_ref()
        .is_some_and(|b| b.len() >= MAX_INPUT_BYTES - 200));
}

#[test]
fn an_input_over_the_cap_is_refused_naming_the_cap() {
    let input = email_input(MAX_INPUT_BYTES + 1);
    let error = host()
        .build_request(&parser(), "parser.parse_email_v2", &input, &CONTEXT)
        .expect("refused by the connector, not by the host")
        .expect_err("over the input cap");
    match error {
        ConnectorError::InvalidInput(fields) => {
            assert_eq!(fields[0].field, "input");
            assert!(
                fields[0].message.contains(&MAX_INPUT_BYTES.to_string())
                    && fields[0].message.contains("32 MiB"),
                "the message names the cap: {}",
                fields[0].message
            );
        }
        other => panic!("expected invalid-input, got {other:?}"),
    }
}

#[test]
fn an_exhausted_memory_cap_is_named_in_the_error() {
    let small = host().limited(Limits {
        memory_bytes: 8 << 20,
        ..Limits::DEFAULT
    });
    let input = email_input(6 << 20);
    let error = small
        .build_request(&parser(), "parser.parse_email_v2", &input, &CONTEXT)
        .expect_err("6 MiB of input cannot be built in 8 MiB of memory");
    assert_eq!(
        error,
        HostError::OutOfMemory {
            export: "build-request",
            limit_bytes: 8 << 20
        }
    );
    let text = error.to_string();
    assert!(
        text.contains("8 MiB") && text.contains("memory cap"),
        "the message names the cap: {text}"
    );
}

/// `depth` nested arrays around a value.
fn nested(depth: usize) -> String {
    format!("{}1{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn the_guest_stack_holds_the_deepest_json_the_core_accepts() {
    let tracking = Settings::new("limits", ApiType::Tracking, "limits-key");
    // serde_json refuses nesting beyond 128 levels; just below that must work through the
    // component (the guest's shadow stack is smaller than rustc's default).
    let body = format!(
        r#"{{"meta":{{"code":200}},"data":{{"id":"t1","deep":{}}}}}"#,
        nested(120)
    );
    let response = HttpResponse {
        status: 200,
        headers: vec![],
        body: body.into_bytes(),
    };
    let outcome = host()
        .parse_response(
            &tracking,
            "tracking.get_tracking_by_id",
            r#"{"id":"t1"}"#,
            &response,
            &CONTEXT,
        )
        .expect("no trap")
        .expect("parsed");
    assert!(outcome.data.contains(&nested(120)));

    let input = format!(
        r#"{{"body":{{"tracking_number":"1Z999AA10123456784","slug":"ups","custom_fields":{{"deep":{}}}}}}}"#,
        nested(120)
    );
    // Accepted or refused as input, but never a trap.
    host()
        .build_request(&tracking, "tracking.create_tracking", &input, &CONTEXT)
        .expect("no trap on deeply nested input")
        .ok();
    let too_deep = format!(r#"{{"body":{{"x":{}}}}}"#, nested(400));
    let refused = host()
        .build_request(&tracking, "tracking.create_tracking", &too_deep, &CONTEXT)
        .expect("no trap on nesting beyond the parser's limit");
    assert!(matches!(refused, Err(ConnectorError::InvalidInput(_))));
}

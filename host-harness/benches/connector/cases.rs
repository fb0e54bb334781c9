//! The measured cases: typical calls, large listings, every recorded fixture per API type, and
//! the guest memory large listings need.

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use aftership_core::{ApiType, AuthMode, HttpResponse, RequestContext, Settings};
use aftership_harness::{Host, Limits};
use aftership_testkit::fixture::{discover, Fixture};

use crate::{median_pair, print_row, Row};

const CONTEXT: RequestContext = RequestContext {
    now_unix_ms: 1_783_327_777_000,
    request_id: None,
};

pub const CREATE: &str = r#"{"body":{"tracking_number":"1Z999AA10123456784","slug":"ups","title":"Order #1001","order_id":"1001","customers":[{"role":"buyer","name":"Ada","email":"ada@example.com","language":"en"}],"custom_fields":{"channel":"web","priority":"high"},"order_promised_delivery_date":{"promised_delivery_date":"2026-07-10"},"destination_country_region":"USA","destination_city":"New York","destination_postal_code":"10001"}}"#;

/// A Shipping label listing of about `target_bytes`, the largest bodies AfterShip sends.
pub fn label_listing(target_bytes: usize) -> Vec<u8> {
    let label = r#"{"id":"3b3e4a8f-5b5a-4c8e-9a3e-2c1f0d9e8b7a","status":"created","tracking_numbers":["794644790138"],"files":{"label":{"paper_size":"4x6","url":"https://sandbox-download.postmen.com/label/2026-07-06/3b3e4a8f.pdf","file_type":"pdf"},"invoice":null},"rate":{"service_type":"fedex_ground","total_charge":{"amount":12.34,"currency":"USD"}},"created_at":"2026-07-06T08:49:37+00:00"}"#;
    let count = target_bytes / (label.len() + 1) + 1;
    let mut body = String::with_capacity(target_bytes + 256);
    body.push_str(r#"{"meta":{"code":200,"message":"OK","details":[]},"data":{"next_token":"tok-2","limit":200,"labels":["#);
    for i in 0..count {
        if i > 0 {
            body.push(',');
        }
        body.push_str(label);
    }
    body.push_str("]}}");
    body.into_bytes()
}

/// Measures one case natively and through the component and prints it.
fn case(
    group: &'static str,
    name: String,
    (batches, per_batch): (usize, u32),
    mut native: impl FnMut(),
    mut component: impl FnMut(),
) -> Row {
    // Warm both paths (caches, pool slots) before timing.
    native();
    component();
    let (native, component) = median_pair(batches, per_batch, &mut native, &mut component);
    let row = Row {
        group,
        name,
        native,
        component,
    };
    print_row(&row);
    row
}

fn build(
    host: &Host,
    settings: &Settings,
    op: &str,
    input: &str,
    group: &'static str,
    name: &str,
    runs: (usize, u32),
) -> Row {
    case(
        group,
        name.to_string(),
        runs,
        || {
            black_box(aftership_core::build_request(settings, op, input, &CONTEXT).unwrap());
        },
        || {
            black_box(
                host.build_request(settings, op, input, &CONTEXT)
                    .unwrap()
                    .unwrap(),
            );
        },
    )
}

fn parse(
    host: &Host,
    settings: &Settings,
    op: &str,
    input: &str,
    response: &HttpResponse,
    name: String,
    runs: (usize, u32),
) -> Row {
    case(
        "calls",
        name,
        runs,
        || {
            black_box(
                aftership_core::parse_response(settings, op, input, response, &CONTEXT).unwrap(),
            );
        },
        || {
            black_box(
                host.parse_response(settings, op, input, response, &CONTEXT)
                    .unwrap()
                    .unwrap(),
            );
        },
    )
}

/// The typical single calls.
pub fn single_cases(host: &Host) -> Vec<Row> {
    let tracking = Settings::new("bench", ApiType::Tracking, "bench-key");
    let mut rows = vec![case(
        "calls",
        "validate-settings (fixed per-call cost)".into(),
        (15, 400),
        || {
            black_box(aftership_core::validate_settings(&tracking));
        },
        || {
            black_box(host.validate_settings(&tracking).unwrap());
        },
    )];
    let op = "tracking.create_tracking";
    rows.push(build(
        host,
        &tracking,
        op,
        CREATE,
        "calls",
        "build-request, create tracking (0.5 KB)",
        (15, 400),
    ));
    let mut aes = tracking.clone();
    aes.auth_mode = AuthMode::AesSignature;
    aes.api_secret = Some("bench-secret".into());
    rows.push(build(
        host,
        &aes,
        op,
        CREATE,
        "calls",
        "build-request, same, AES-signed",
        (15, 400),
    ));
    let mut rsa = tracking.clone();
    rsa.auth_mode = AuthMode::RsaSignature;
    rsa.api_secret = Some(aftership_testkit::fixture::TEST_RSA_PRIVATE_KEY.into());
    rows.push(build(
        host,
        &rsa,
        op,
        CREATE,
        "calls",
        "build-request, same, RSA-PSS-signed (2048)",
        (7, 10),
    ));

    let small = HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"meta":{"code":200},"data":{"id":"t1","tracking_number":"1Z999AA10123456784","slug":"ups","tag":"InTransit","checkpoints":[]}}"#.to_vec(),
    };
    rows.push(parse(
        host,
        &tracking,
        "tracking.get_tracking_by_id",
        r#"{"id":"t1"}"#,
        &small,
        "parse-response, one tracking".into(),
        (15, 400),
    ));

    let shipping = Settings::new("bench", ApiType::Shipping, "bench-key");
    for (size, runs) in [(1 << 20, (9, 5)), (4 << 20, (7, 2))] {
        let big = HttpResponse {
            status: 200,
            headers: vec![],
            body: label_listing(size),
        };
        let name = format!("parse-response, label listing ({} KiB)", size >> 10);
        rows.push(parse(
            host,
            &shipping,
            "shipping.list_labels",
            r#"{"limit":200}"#,
            &big,
            name,
            runs,
        ));
    }
    rows
}

const API_TYPES: [(ApiType, &str); 10] = [
    (ApiType::Tracking, "tracking"),
    (ApiType::Shipping, "shipping"),
    (ApiType::Returns, "returns"),
    (ApiType::Commerce, "commerce"),
    (ApiType::Address, "address"),
    (ApiType::Parser, "parser"),
    (ApiType::Members, "members"),
    (ApiType::Protection, "protection"),
    (ApiType::Warranty, "warranty"),
    (ApiType::Personalization, "personalization"),
];

struct Recorded {
    settings: Settings,
    operation: String,
    input: String,
    context: RequestContext,
    response: Option<HttpResponse>,
}

fn recorded(api: ApiType) -> (Vec<Recorded>, Vec<Recorded>) {
    let root = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures"));
    let (mut builds, mut parses) = (Vec::new(), Vec::new());
    for path in discover(root) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(fixture) = Fixture::parse(&text) else {
            continue;
        };
        let Ok(settings) = fixture.settings.to_settings() else {
            continue;
        };
        if settings.api_type != api {
            continue;
        }
        let context = RequestContext {
            now_unix_ms: fixture.now_unix_ms,
            request_id: fixture.request_id.clone(),
        };
        let input = fixture.input.to_string();
        let ok_build = fixture.expected_request.is_some()
            && aftership_core::build_request(&settings, &fixture.operation, &input, &context)
                .is_ok();
        let response = fixture.response.as_ref().map(|r| r.to_http_response());
        let ok_parse = fixture.expected_outcome.is_some()
            && response.as_ref().is_some_and(|r| {
                aftership_core::parse_response(&settings, &fixture.operation, &input, r, &context)
                    .is_ok()
            });
        let case = |response| Recorded {
            settings: settings.clone(),
            operation: fixture.operation.clone(),
            input: input.clone(),
            context: context.clone(),
            response,
        };
        if ok_build {
            builds.push(case(None));
        }
        if ok_parse {
            parses.push(case(response));
        }
    }
    (builds, parses)
}

/// Build and parse over every recorded fixture of each API type: mean time per call.
pub fn per_api_type(host: &Host) -> Vec<Row> {
    let mut rows = Vec::new();
    for (api, label) in API_TYPES {
        let (builds, parses) = recorded(api);
        if !builds.is_empty() {
            let n = builds.len() as u32;
            let mut row = case(
                "per API type",
                format!("build-request, {label} ({n} fixtures)"),
                (9, 5),
                || {
                    for c in &builds {
                        black_box(
                            aftership_core::build_request(
                                &c.settings,
                                &c.operation,
                                &c.input,
                                &c.context,
                            )
                            .ok(),
                        );
                    }
                },
                || {
                    for c in &builds {
                        black_box(
                            host.build_request(&c.settings, &c.operation, &c.input, &c.context)
                                .unwrap()
                                .ok(),
                        );
                    }
                },
            );
            row.native /= n;
            row.component /= n;
            rows.push(row);
        }
        if !parses.is_empty() {
            let n = parses.len() as u32;
            let mut row = case(
                "per API type",
                format!("parse-response, {label} ({n} fixtures)"),
                (9, 5),
                || {
                    for c in &parses {
                        let r = c.response.as_ref().unwrap();
                        black_box(
                            aftership_core::parse_response(
                                &c.settings,
                                &c.operation,
                                &c.input,
                                r,
                                &c.context,
                            )
                            .ok(),
                        );
                    }
                },
                || {
                    for c in &parses {
                        let r = c.response.as_ref().unwrap();
                        black_box(
                            host.parse_response(&c.settings, &c.operation, &c.input, r, &c.context)
                                .unwrap()
                                .ok(),
                        );
                    }
                },
            );
            row.native /= n;
            row.component /= n;
            rows.push(row);
        }
    }
    rows
}

/// Smallest memory cap (to 64 KiB) that still parses a label listing of each size: returns
/// `(body bytes, cap bytes)` for the 4 MiB and the 1 MiB listing.
pub fn memory(host: &Host) -> Vec<(usize, usize)> {
    let shipping = Settings::new("bench", ApiType::Shipping, "bench-key");
    let mut out = Vec::new();
    for size in [4 << 20, 1 << 20] {
        let big = HttpResponse {
            status: 200,
            headers: vec![],
            body: label_listing(size),
        };
        let (mut low, mut high) = (64usize << 10, 256usize << 20);
        while high - low > 64 << 10 {
            let mid = (low + high) / 2;
            let limited = host.limited(Limits {
                memory_bytes: mid,
                timeout: Duration::from_secs(10),
            });
            match limited.parse_response(
                &shipping,
                "shipping.list_labels",
                r#"{"limit":200}"#,
                &big,
                &CONTEXT,
            ) {
                Ok(Ok(_)) => high = mid,
                _ => low = mid,
            }
        }
        println!(
            "guest memory needed to parse the {} KiB listing: {:.2} MiB ({:.2}x the body)",
            big.body.len() >> 10,
            high as f64 / (1 << 20) as f64,
            high as f64 / big.body.len() as f64
        );
        out.push((big.body.len(), high));
    }
    out
}

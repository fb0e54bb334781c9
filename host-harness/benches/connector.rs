//! Speed and memory figures of the component against the native core, measured in one run so the
//! ratios hold on a shared, noisy machine: `cargo bench -p aftership-harness`.
//!
//! Prints, for each case, the median time per call natively and through the component (fresh
//! store and instance per call, as the harness runs in production) and their ratio; the cost of
//! compiling the component; and the smallest guest memory cap that still parses a large Shipping
//! listing, as a multiple of the response size.

use std::hint::black_box;
use std::time::{Duration, Instant};

use aftership_core::{ApiType, HttpResponse, RequestContext, Settings};
use aftership_harness::{Host, Limits, COMPONENT_BYTES};

const CONTEXT: RequestContext = RequestContext {
    now_unix_ms: 1_783_327_777_000,
    request_id: None,
};

/// Median time per call over `batches` batches of `per_batch` calls.
fn median_per_call(batches: usize, per_batch: u32, mut call: impl FnMut()) -> Duration {
    let mut samples: Vec<Duration> = (0..batches)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_batch {
                call();
            }
            start.elapsed() / per_batch
        })
        .collect();
    samples.sort();
    samples[samples.len() / 2]
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn report(name: &str, native: Duration, wasm: Duration) {
    println!(
        "{name:<44} native {:>9.1} µs   component {:>9.1} µs   ratio {:>6.1}x",
        micros(native),
        micros(wasm),
        wasm.as_secs_f64() / native.as_secs_f64()
    );
}

/// A Shipping label listing of about `target_bytes`, the largest bodies AfterShip sends.
fn label_listing(target_bytes: usize) -> Vec<u8> {
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

fn main() {
    println!("component: {} bytes", COMPONENT_BYTES.len());
    let start = Instant::now();
    let host = Host::from_bytes(COMPONENT_BYTES, Limits::DEFAULT).expect("component compiles");
    println!(
        "compile (no cache): {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );
    // The first `Host::new` may compile and write the `.cwasm` cache; the second loads it.
    drop(Host::new().expect("component loads"));
    let start = Instant::now();
    drop(Host::new().expect("component loads"));
    println!(
        "load from the .cwasm cache: {:.1} ms",
        start.elapsed().as_secs_f64() * 1e3
    );

    let tracking = Settings::new("bench", ApiType::Tracking, "bench-key");
    // Every component call gets a fresh store and instance; this is that fixed cost.
    let native = median_per_call(15, 400, || {
        black_box(aftership_core::validate_settings(&tracking));
    });
    let fixed = median_per_call(15, 200, || {
        black_box(host.validate_settings(&tracking).unwrap());
    });
    report("validate-settings (fixed per-call cost)", native, fixed);
    let create = r#"{"body":{"tracking_number":"1Z999AA10123456784","slug":"ups","title":"Order #1001","order_id":"1001","customers":[{"role":"buyer","name":"Ada","email":"ada@example.com","language":"en"}],"custom_fields":{"channel":"web","priority":"high"},"order_promised_delivery_date":{"promised_delivery_date":"2026-07-10"},"destination_country_region":"USA","destination_city":"New York","destination_postal_code":"10001"}}"#;
    let native = median_per_call(15, 400, || {
        black_box(
            aftership_core::build_request(&tracking, "tracking.create_tracking", create, &CONTEXT)
                .unwrap(),
        );
    });
    let wasm = median_per_call(15, 200, || {
        black_box(
            host.build_request(&tracking, "tracking.create_tracking", create, &CONTEXT)
                .unwrap()
                .unwrap(),
        );
    });
    report("build-request, create tracking (0.5 KB)", native, wasm);

    let mut signed = tracking.clone();
    signed.auth_mode = aftership_core::AuthMode::AesSignature;
    signed.api_secret = Some("bench-secret".into());
    let native = median_per_call(15, 400, || {
        black_box(
            aftership_core::build_request(&signed, "tracking.create_tracking", create, &CONTEXT)
                .unwrap(),
        );
    });
    let wasm = median_per_call(15, 200, || {
        black_box(
            host.build_request(&signed, "tracking.create_tracking", create, &CONTEXT)
                .unwrap()
                .unwrap(),
        );
    });
    report("build-request, same, AES-signed", native, wasm);

    let mut rsa = tracking.clone();
    rsa.auth_mode = aftership_core::AuthMode::RsaSignature;
    rsa.api_secret = Some(aftership_core::fixture::TEST_RSA_PRIVATE_KEY.into());
    let native = median_per_call(5, 10, || {
        black_box(
            aftership_core::build_request(&rsa, "tracking.create_tracking", create, &CONTEXT)
                .unwrap(),
        );
    });
    let wasm = median_per_call(5, 10, || {
        black_box(
            host.build_request(&rsa, "tracking.create_tracking", create, &CONTEXT)
                .unwrap()
                .unwrap(),
        );
    });
    report("build-request, same, RSA-PSS-signed (2048)", native, wasm);

    let small = HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: br#"{"meta":{"code":200},"data":{"id":"t1","tracking_number":"1Z999AA10123456784","slug":"ups","tag":"InTransit","checkpoints":[]}}"#.to_vec(),
    };
    let input = r#"{"id":"t1"}"#;
    let native = median_per_call(15, 400, || {
        black_box(
            aftership_core::parse_response(
                &tracking,
                "tracking.get_tracking_by_id",
                input,
                &small,
                &CONTEXT,
            )
            .unwrap(),
        );
    });
    let wasm = median_per_call(15, 200, || {
        black_box(
            host.parse_response(
                &tracking,
                "tracking.get_tracking_by_id",
                input,
                &small,
                &CONTEXT,
            )
            .unwrap()
            .unwrap(),
        );
    });
    report("parse-response, one tracking", native, wasm);

    let shipping = Settings::new("bench", ApiType::Shipping, "bench-key");
    let big = HttpResponse {
        status: 200,
        headers: vec![],
        body: label_listing(4 << 20),
    };
    let list_input = r#"{"limit":200}"#;
    let native = median_per_call(7, 3, || {
        black_box(
            aftership_core::parse_response(
                &shipping,
                "shipping.list_labels",
                list_input,
                &big,
                &CONTEXT,
            )
            .unwrap(),
        );
    });
    let wasm = median_per_call(7, 3, || {
        black_box(
            host.parse_response(
                &shipping,
                "shipping.list_labels",
                list_input,
                &big,
                &CONTEXT,
            )
            .unwrap()
            .unwrap(),
        );
    });
    report(
        &format!(
            "parse-response, label listing ({} KiB)",
            big.body.len() >> 10
        ),
        native,
        wasm,
    );

    // Smallest memory cap (64 KiB pages) that still parses the 4 MiB listing.
    let (mut low, mut high) = (1usize << 20, 256usize << 20);
    while high - low > 64 << 10 {
        let mid = (low + high) / 2;
        let limited = host.limited(Limits {
            memory_bytes: mid,
            timeout: Duration::from_secs(10),
        });
        match limited.parse_response(
            &shipping,
            "shipping.list_labels",
            list_input,
            &big,
            &CONTEXT,
        ) {
            Ok(Ok(_)) => high = mid,
            _ => low = mid,
        }
    }
    println!(
        "guest memory needed to parse the {} KiB listing: {:.1} MiB ({:.2}x the body)",
        big.body.len() >> 10,
        high as f64 / (1 << 20) as f64,
        high as f64 / big.body.len() as f64
    );
}

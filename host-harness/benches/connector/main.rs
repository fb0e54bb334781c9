//! Speed, memory and size figures of the component against the native core, measured in one run
//! so the ratios hold on a shared, noisy machine: `cargo bench -p aftership-harness`.
//!
//! Prints the fixed cost of a fresh store and instance (and where it goes, per engine setting),
//! each case natively and through the component (fresh store and instance per call, as the
//! harness runs in production) with their ratio, build and parse per API type over the recorded
//! fixtures, the smallest guest memory that parses large listings, the component's size, and a
//! summary against the targets of the speed issue, then the same calls through the Node and
//! Python packages when they are built (`scripts/bench-hosts.sh`; `-- --no-hosts` skips them).
//! With `-- --report [DIR]` it also writes a markdown report and a PNG chart (default DIR:
//! `target/benchmark-report`). `-- --fixed-only` prints the fixed-cost sections alone, and
//! `-- --probe fixed|build|listing|listing-native SECONDS` runs one call in a loop for a profiler;
//! `-- --redraw-chart REPORT.md` draws a report's chart again from its table; `-- --sdk-only`
//! runs the runner-against-the-official-SDK export alone (`scripts/stage-bench-sdk.sh` installs
//! the SDK).

mod cases;
mod fixed;
mod report;
mod sdk;

use std::time::{Duration, Instant};

use aftership_harness::{Host, Limits, COMPONENT_BYTES};

/// One measured case: the same call natively and through the component.
pub struct Row {
    /// Section of the table.
    pub group: &'static str,
    /// What is called.
    pub name: String,
    /// Median native CPU time per call.
    pub native: Duration,
    /// Median component CPU time per call (fresh store and instance).
    pub component: Duration,
}

impl Row {
    /// Component time over native time.
    pub fn ratio(&self) -> f64 {
        self.component.as_secs_f64() / self.native.as_secs_f64()
    }
}

/// One line of the summary against the issue's targets.
pub struct Target {
    /// The figure.
    pub figure: &'static str,
    /// Its value, formatted.
    pub value: String,
    /// The target, formatted.
    pub target: &'static str,
    /// Whether the value meets it.
    pub met: bool,
}

/// CPU time this thread has used (`CLOCK_THREAD_CPUTIME_ID`, nanosecond resolution): what the
/// benchmark times, rather than the wall clock, because the machine is shared. A call runs
/// wholly on the calling thread (the guest, wasmtime and the kernel work it causes), so its CPU
/// time is its cost, while the wall clock also counts the time other processes held the core
/// (with a dozen runnable processes on two cores nearly every batch is preempted).
pub fn thread_cpu() -> Duration {
    #[allow(unsafe_code)]
    // SAFETY: `clock_gettime` only writes the `timespec` it is given.
    let ts = unsafe {
        let mut ts: libc::timespec = std::mem::zeroed();
        libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts);
        ts
    };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Median CPU time per call over `batches` batches of `per_batch` calls.
pub fn median_per_call(batches: usize, per_batch: u32, mut call: impl FnMut()) -> Duration {
    let mut samples: Vec<Duration> = (0..batches).map(|_| batch(per_batch, &mut call)).collect();
    samples.sort();
    samples[samples.len() / 2]
}

/// CPU time per call of one batch.
fn batch(per_batch: u32, call: &mut impl FnMut()) -> Duration {
    let start = thread_cpu();
    for _ in 0..per_batch {
        call();
    }
    (thread_cpu() - start) / per_batch
}

/// Median CPU times per call of `a` and of `b`, their batches alternating, so both sides of a
/// ratio see the same machine.
pub fn median_pair(
    batches: usize,
    per_batch: u32,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (Duration, Duration) {
    let (mut sa, mut sb) = (Vec::with_capacity(batches), Vec::with_capacity(batches));
    for _ in 0..batches {
        sa.push(batch(per_batch, &mut a));
        sb.push(batch(per_batch, &mut b));
    }
    sa.sort();
    sb.sort();
    (sa[batches / 2], sb[batches / 2])
}

/// Microseconds as a float.
pub fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// Prints one row as it is measured.
pub fn print_row(row: &Row) {
    println!(
        "{:<52} native {:>10.1} µs   component {:>10.1} µs   ratio {:>6.2}x",
        row.name,
        micros(row.native),
        micros(row.component),
        row.ratio()
    );
}

/// Size of the gzip file of `bytes` at the best level (deflate stream plus the 18-byte frame).
pub fn gzip_size(bytes: &[u8]) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("in-memory write");
    encoder.finish().expect("in-memory write").len() + 18
}

/// The same calls through the npm and Python packages, in this run (`scripts/bench-hosts.sh`),
/// when both are built; `--no-hosts` skips them. Returns what the script printed.
fn hosts() -> Option<String> {
    println!("\n## The same calls through the Node and Python packages (scripts/bench-hosts.sh)");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = std::env::var("PYTHON")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| root.join("target/hosts-venv/bin/python"));
    if !root.join("hosts/node/gen/connector.js").is_file() || !python.is_file() {
        println!(
            "skipped: build the hosts first (.ci/hosts.sh, or `npm ci && npm run build` in \
             hosts/node and a Python with the package installed, given as PYTHON)"
        );
        return None;
    }
    let output = std::process::Command::new("bash")
        .arg(root.join("scripts/bench-hosts.sh"))
        .env("PYTHON", &python)
        .stderr(std::process::Stdio::inherit())
        .output();
    match output {
        Ok(out) if out.status.success() => {
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            print!("{text}");
            Some(text)
        }
        Ok(out) => {
            // What the script printed before it failed still helps find why.
            print!("{}", String::from_utf8_lossy(&out.stdout));
            println!("scripts/bench-hosts.sh failed: {}", out.status);
            None
        }
        Err(e) => {
            println!("scripts/bench-hosts.sh could not run: {e}");
            None
        }
    }
}

/// Runs one call in a loop for `seconds` (see `--probe`).
fn probe(what: &str, seconds: f64) {
    use aftership_core::{ApiType, HttpResponse, RequestContext, Settings};
    let host = Host::new().expect("component loads");
    let tracking = Settings::new("bench", ApiType::Tracking, "k");
    let shipping = Settings::new("bench", ApiType::Shipping, "k");
    let context = RequestContext {
        now_unix_ms: 1_783_327_777_000,
        request_id: None,
    };
    let listing = HttpResponse {
        status: 200,
        headers: vec![],
        body: cases::label_listing(1 << 20),
    };
    let (op, input) = ("shipping.list_labels", r#"{"limit":200}"#);
    let start = Instant::now();
    let mut calls = 0u64;
    while start.elapsed().as_secs_f64() < seconds {
        match what {
            "fixed" => drop(std::hint::black_box(host.validate_settings(&tracking))),
            "build" => drop(std::hint::black_box(host.build_request(
                &tracking,
                "tracking.create_tracking",
                cases::CREATE,
                &context,
            ))),
            "build-native" => drop(std::hint::black_box(aftership_core::build_request(
                &tracking,
                "tracking.create_tracking",
                cases::CREATE,
                &context,
            ))),
            "listing" => drop(std::hint::black_box(
                host.parse_response(&shipping, op, input, &listing, &context),
            )),
            "listing-native" => drop(std::hint::black_box(aftership_core::parse_response(
                &shipping, op, input, &listing, &context,
            ))),
            other => {
                panic!("--probe {other}: fixed, build, build-native, listing or listing-native")
            }
        }
        calls += 1;
    }
    let each = start.elapsed().as_secs_f64() * 1e6 / calls as f64;
    println!("{calls} calls, {each:.1} µs each");
}

fn main() {
    // As the CLI does: freed heap pages stay with the process (both sides of every ratio run
    // in this process, so both get it).
    let kept = aftership_harness::keep_heap_pages();
    let args: Vec<String> = std::env::args().collect();
    let report_dir = args.iter().position(|a| a == "--report").map(|i| {
        args.get(i + 1)
            .filter(|next| !next.starts_with("--"))
            .cloned()
            .unwrap_or_else(|| {
                concat!(env!("CARGO_MANIFEST_DIR"), "/../target/benchmark-report").to_string()
            })
    });

    // `--standin PAGES PER_PAGE`: the stand-in server of the SDK comparison, in its own process.
    if let Some(i) = args.iter().position(|a| a == "--standin") {
        let number = |k: usize| args[i + k].parse().expect("--standin PAGES PER_PAGE");
        sdk::serve(number(1), number(2));
        return;
    }
    // `--sdk-only`: the runner against the official SDK alone.
    if args.iter().any(|a| a == "--sdk-only") {
        sdk::compare(&Host::new().expect("component loads"));
        return;
    }
    // `--redraw-chart REPORT.md`: draw a report's chart again from its table (no measuring).
    if let Some(i) = args.iter().position(|a| a == "--redraw-chart") {
        let report = std::path::Path::new(args.get(i + 1).expect("--redraw-chart REPORT.md"));
        match report::redraw(report) {
            Ok(png) => println!("chart written: {}", png.display()),
            Err(e) => eprintln!("redrawing the chart failed: {e}"),
        }
        return;
    }
    // `--probe WHAT SECONDS` (WHAT: `fixed`, `build`, `build-native`,
    // `listing` or `listing-native`): one call in a loop
    // and nothing else, to run under a profiler (`perf record -g`).
    if let Some(i) = args.iter().position(|a| a == "--probe") {
        probe(
            &args[i + 1],
            args[i + 2].parse().expect("--probe WHAT SECONDS"),
        );
        return;
    }
    // `--component PATH`: measure another build of the component (e.g. the previous commit's)
    // with this harness, for before/after figures.
    let bytes = match args.iter().position(|a| a == "--component") {
        Some(i) => std::fs::read(&args[i + 1]).expect("--component PATH: a readable component"),
        None => COMPONENT_BYTES.to_vec(),
    };
    let size = bytes.len();
    let gzipped = gzip_size(&bytes);
    println!("component: {size} bytes, {gzipped} bytes gzipped");
    println!("host allocator keeps freed pages (keep_heap_pages): {kept}");
    let start = Instant::now();
    let host = Host::from_bytes(&bytes, Limits::DEFAULT).expect("component compiles");
    let compile_ms = start.elapsed().as_secs_f64() * 1e3;
    println!("compile (no cache): {compile_ms:.1} ms");
    // The first `Host::new` may compile and write the `.cwasm` cache; the second loads it.
    drop(Host::new().expect("component loads"));
    let start = Instant::now();
    drop(Host::new().expect("component loads"));
    let load_ms = start.elapsed().as_secs_f64() * 1e3;
    println!("load from the .cwasm cache: {load_ms:.2} ms");

    fixed::steps(&bytes);
    // `--fixed-only`: the fixed-cost sections alone (quick before/after comparisons).
    if args.iter().any(|a| a == "--fixed-only") {
        fixed::breakdown(&bytes);
        return;
    }

    println!("\n## Cases (component: fresh store and instance per call)");
    let mut rows = cases::single_cases(&host);
    println!("\n## Build and parse per API type (every recorded fixture, mean per call)");
    rows.extend(cases::per_api_type(&host));
    println!("\n## Guest memory");
    let memory = cases::memory(&host);
    // Last, after the harness's own figures: in one run a fresh validate-settings through the
    // harness took 6.6 µs before this section and 16.4 µs after it (other engines' pools and
    // code in the process); production runs one engine.
    fixed::breakdown(&bytes);

    let find = |name: &str| {
        rows.iter()
            .find(|r| r.name.starts_with(name))
            .unwrap_or_else(|| panic!("no case {name}"))
    };
    let fixed = find("validate-settings").component;
    let build = find("build-request, create tracking").ratio();
    let listing = find("parse-response, label listing (1024 KiB)").ratio();
    let rsa = find("build-request, same, RSA-PSS").ratio();
    let (mem_body, mem_cap) = memory[0];
    let mem_factor = mem_cap as f64 / mem_body as f64;
    let targets = vec![
        Target {
            figure: "fixed cost of a call in a fresh, isolated instance (validate-settings)",
            value: format!("{:.1} µs", micros(fixed)),
            target: "≤ 10 µs",
            met: micros(fixed) <= 10.0,
        },
        Target {
            figure: "build-request (create tracking), component / native, fresh instance",
            value: format!("{build:.2}x"),
            target: "≤ 3x",
            met: build <= 3.0,
        },
        Target {
            figure: "parse of a 1 MiB listing, component / native",
            value: format!("{listing:.2}x"),
            target: "≤ 1.5x",
            met: listing <= 1.5,
        },
        Target {
            figure: "guest memory to parse a listing, x body size (4 MiB listing)",
            value: format!("{mem_factor:.2}x"),
            target: "≤ 2.5x",
            met: mem_factor <= 2.5,
        },
        Target {
            figure: "RSA-PSS 2048 signing, component / native",
            value: format!("{rsa:.2}x"),
            target: "≤ 4x",
            met: rsa <= 4.0,
        },
        Target {
            figure: "component size",
            value: format!("{size} B"),
            target: "≤ 524288 B",
            met: size <= 512 << 10,
        },
        Target {
            figure: "component size, gzipped",
            value: format!("{gzipped} B"),
            target: "≤ 184320 B",
            met: gzipped <= 180 << 10,
        },
    ];
    println!("\n## Summary against the targets (one run)");
    for t in &targets {
        println!(
            "{:<76} {:>14}   target {:<12} {}",
            t.figure,
            t.value,
            t.target,
            if t.met { "met" } else { "NOT MET" }
        );
    }

    let hosts = if args.iter().any(|a| a == "--no-hosts") {
        None
    } else {
        hosts()
    };

    println!("\n## The runner against the official Node Tracking SDK (export, loopback)");
    let sdk = sdk::compare(&host);

    if let Some(dir) = report_dir {
        let context = report::Context {
            sdk,
            size,
            gzipped,
            compile_ms,
            load_ms,
            memory,
            hosts,
        };
        match report::write(std::path::Path::new(&dir), &rows, &targets, &context) {
            Ok(path) => println!("\nreport written: {}", path.display()),
            Err(e) => eprintln!("\nwriting the report failed: {e}"),
        }
    }
}

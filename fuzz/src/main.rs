//! Fuzz driver: `aftership-fuzz [--target NAME|all] [--runs N] [--seed S] [--save DIR]`.
//! Prints executions, seconds and findings per target; saves each finding as a corpus case.

use std::time::Instant;

use aftership_fuzz::{run_case, to_hex, SplitMix, TARGETS};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let target = arg("--target").unwrap_or_else(|| "all".into());
    let runs: u64 = arg("--runs")
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let seed: u64 = arg("--seed").and_then(|v| v.parse().ok()).unwrap_or(1);
    let save = arg("--save");
    let targets: Vec<&str> = TARGETS
        .iter()
        .copied()
        .filter(|t| target == "all" || *t == target)
        .collect();
    if targets.is_empty() {
        eprintln!("unknown target {target}; targets: {}", TARGETS.join(", "));
        std::process::exit(2);
    }
    std::panic::set_hook(Box::new(|_| {}));
    let mut total_findings = 0;
    for target in targets {
        let started = Instant::now();
        let mut rng = SplitMix(seed ^ fxhash(target));
        let mut bytes = Vec::new();
        let mut findings = 0u64;
        for run in 0..runs {
            rng.bytes(&mut bytes);
            if let Err(finding) = run_case(target, &bytes) {
                findings += 1;
                if findings <= 20 {
                    println!("FINDING {target} run {run}: {finding}");
                    if let Some(dir) = &save {
                        let case = serde_json::json!({
                            "target": target, "seed": seed, "run": run,
                            "finding": finding, "bytes": to_hex(&bytes),
                        });
                        let path = format!("{dir}/{target}-{seed}-{run}.json");
                        let _ = std::fs::write(&path, format!("{case:#}\n"));
                    }
                }
            }
            if run > 0 && run % 1_000_000 == 0 {
                eprintln!(
                    "{target}: {run} runs, {:.0} s",
                    started.elapsed().as_secs_f64()
                );
            }
        }
        total_findings += findings;
        println!(
            "{target}: {runs} executions, {:.1} s, {findings} findings (seed {seed}); checked: {}",
            started.elapsed().as_secs_f64(),
            aftership_fuzz::stats::take()
        );
    }
    std::process::exit(i32::from(total_findings > 0));
}

/// A stable per-target salt for the seed.
fn fxhash(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

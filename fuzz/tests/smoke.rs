//! CI smoke: a few thousand seeded cases per target, plus every past finding in `corpus/`.

use aftership_fuzz::{run_case, SplitMix, TARGETS};

#[test]
fn every_target_holds_its_oracles_on_a_seeded_smoke_run() {
    let runs: u64 = std::env::var("FUZZ_SMOKE_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3000);
    for target in TARGETS {
        let mut rng = SplitMix(0x5EED ^ target.len() as u64);
        let mut bytes = Vec::new();
        for run in 0..runs {
            rng.bytes(&mut bytes);
            if let Err(finding) = run_case(target, &bytes) {
                panic!(
                    "{target} run {run}: {finding}\nbytes: {}",
                    aftership_fuzz::to_hex(&bytes)
                );
            }
        }
    }
}

#[test]
fn past_findings_stay_fixed() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let mut replayed = 0;
    for entry in std::fs::read_dir(&dir).expect("corpus dir") {
        let path = entry.expect("entry").path();
        if path.extension().and_then(|e| e.to_str()) != Some("json") {
            continue;
        }
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        if let Err(finding) = aftership_fuzz::cases::replay(&case, &root) {
            panic!("{}: regression: {finding}", path.display());
        }
        replayed += 1;
    }
    assert!(replayed > 0, "the corpus holds no case");
}

//! Replays every committed fuzz input — the seeds of `fuzz/corpus/<target>/` and the crashes kept in
//! `fuzz/regressions/<target>/` — through the same harness the fuzz target calls, so they stay
//! fixed with plain `cargo test`, without nightly or libFuzzer.

use std::path::{Path, PathBuf};

use preflight_core::fuzz_harness::TARGETS;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz")
}

/// The files of one folder, sorted; none when the folder does not exist.
fn inputs(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut files: Vec<PathBuf> = entries.map(|e| e.expect("readable folder").path()).filter(|p| p.is_file()).collect();
    files.sort();
    files
}

#[test]
fn every_seed_and_regression_passes_its_harness() {
    for (target, harness) in TARGETS {
        let seeds = inputs(&fuzz_dir().join("corpus").join(target));
        assert!(!seeds.is_empty(), "fuzz/corpus/{target}/ has no seeds");
        for file in seeds.iter().chain(&inputs(&fuzz_dir().join("regressions").join(target))) {
            let data = std::fs::read(file).expect("readable input");
            let replay = std::panic::catch_unwind(|| harness(&data));
            assert!(replay.is_ok(), "{target}: {} fails its harness", file.display());
        }
    }
}

#[test]
fn every_harness_has_a_fuzz_target() {
    for (target, _) in TARGETS {
        let source = fuzz_dir().join("fuzz_targets").join(format!("{target}.rs"));
        let text = std::fs::read_to_string(&source).unwrap_or_else(|e| panic!("{}: {e}", source.display()));
        assert!(text.contains(&format!("fuzz_harness::{target}(")), "{} calls another harness", source.display());
    }
}

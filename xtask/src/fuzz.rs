//! `cargo xtask fuzz [--seconds N] [TARGET]`: coverage-guided fuzzing of what core reads from
//! outside (config, observations, uploads, codes, headers, opening hours) with cargo-fuzz, which
//! needs nightly. Each target runs for N seconds from the committed seeds (`fuzz/corpus/<target>/`,
//! read only) into a scratch corpus under `fuzz/target/`, which later runs start from.
//!
//! A crash is a bug in core: libFuzzer keeps the input in `fuzz/artifacts/<target>/`; once fixed,
//! copy it into `fuzz/regressions/<target>/`, where `cargo test` replays it.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::{Result, cmd, root};

const USAGE: &str = "usage: cargo xtask fuzz [--seconds N] [TARGET]";
const DEFAULT_SECONDS: u64 = 60;

pub fn run(args: &[String]) -> Result {
    let (seconds, only) = match args {
        [] => (DEFAULT_SECONDS, None),
        [target] if !target.starts_with('-') => (DEFAULT_SECONDS, Some(target)),
        [flag, n, rest @ ..] if flag == "--seconds" && rest.len() <= 1 => {
            (n.parse().map_err(|_| format!("--seconds takes a whole number\n{USAGE}"))?, rest.first())
        }
        _ => return Err(USAGE.into()),
    };
    let all = targets()?;
    let chosen: Vec<String> = match only {
        Some(t) if all.contains(t) => vec![t.clone()],
        Some(t) => return Err(format!("no fuzz target `{t}`: one of {}", all.join(", "))),
        None => all,
    };
    ensure_tools()?;
    // Built first, so a run's seconds are fuzzing only.
    let mut build = Command::new("cargo");
    build.current_dir(root()).args(["+nightly", "fuzz", "build"]).args(only);
    cmd::run(&mut build)?;
    let mut runs = Vec::new();
    for target in &chosen {
        let run = fuzz(target, seconds)?;
        eprintln!("{}", run.line());
        runs.push(run);
    }
    eprintln!("\n{}", FuzzRun::HEADER);
    runs.iter().for_each(|r| eprintln!("{}", r.line()));
    let crashed: Vec<&str> = runs.iter().filter(|r| r.crash.is_some()).map(|r| r.target.as_str()).collect();
    if crashed.is_empty() {
        return Ok(());
    }
    Err(format!(
        "fuzzing found a crash in {}: fix it in core with a unit test, then copy the input into \
         fuzz/regressions/<target>/ so `cargo test` replays it",
        crashed.join(", ")
    ))
}

/// The targets, by the names of `fuzz/fuzz_targets/*.rs`.
fn targets() -> Result<Vec<String>> {
    let dir = root().join("fuzz/fuzz_targets");
    let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut names: Vec<String> =
        entries.filter_map(|e| e.ok()?.path().file_name()?.to_str()?.strip_suffix(".rs").map(str::to_owned)).collect();
    names.sort();
    Ok(names)
}

/// Nightly and cargo-fuzz, installed when missing (a fresh machine has neither).
fn ensure_tools() -> Result {
    if !answers(Command::new("cargo").args(["+nightly", "--version"])) {
        cmd::run(Command::new("rustup").args(["toolchain", "install", "nightly", "--profile", "minimal"]))?;
    }
    if !answers(Command::new("cargo").args(["fuzz", "--version"])) {
        cmd::run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))?;
    }
    Ok(())
}

fn answers(command: &mut Command) -> bool {
    command.output().is_ok_and(|o| o.status.success())
}

/// One target's run, as libFuzzer's closing lines tell it.
struct FuzzRun {
    target: String,
    seconds: u64,
    execs: u64,
    execs_per_second: u64,
    /// Code edges covered, and libFuzzer's finer features.
    cov: u64,
    ft: u64,
    corpus_units: u64,
    /// Inputs in the scratch corpus after the run: what later runs start from.
    saved: usize,
    crash: Option<String>,
}

impl FuzzRun {
    const HEADER: &str = "target             seconds      execs  exec/s   cov    ft  corpus  saved  crashes";

    fn line(&self) -> String {
        format!(
            "{:<18} {:>7} {:>10} {:>7} {:>5} {:>5} {:>7} {:>6}  {}",
            self.target,
            self.seconds,
            self.execs,
            self.execs_per_second,
            self.cov,
            self.ft,
            self.corpus_units,
            self.saved,
            self.crash.as_deref().map_or("0".to_owned(), |path| format!("1: {path}"))
        )
    }
}

fn fuzz(target: &str, seconds: u64) -> Result<FuzzRun> {
    let scratch = root().join("fuzz/target/corpus").join(target);
    let logs = root().join("fuzz/target/logs");
    for dir in [&scratch, &logs] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let log_path = logs.join(format!("{target}.log"));
    let log = File::create(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    let mut command = Command::new("cargo");
    command.current_dir(root()).args(["+nightly", "fuzz", "run", target]);
    command.arg(&scratch).arg(Path::new("fuzz/corpus").join(target)).arg("--");
    command.arg(format!("-max_total_time={seconds}")).arg("-rss_limit_mb=2048");
    // One input taking 10 s is a hang worth reporting (libFuzzer's default waits 20 minutes).
    command.args(["-timeout=10", "-print_final_stats=1"]);
    command.stdout(log.try_clone().map_err(|e| e.to_string())?).stderr(Stdio::from(log));
    eprintln!("fuzzing {target} for {seconds} s (libFuzzer's output: {})", log_path.display());
    let started = std::time::Instant::now();
    let status = command.status().map_err(|e| format!("cannot start cargo +nightly fuzz: {e}"))?;
    let seconds = started.elapsed().as_secs_f64().round() as u64;

    let output = std::fs::read_to_string(&log_path).map_err(|e| format!("{}: {e}", log_path.display()))?;
    if !output.contains("INFO: Seed:") {
        return Err(format!("`cargo fuzz run {target}` did not start fuzzing ({status}):\n{}", tail(&output, 30)));
    }
    let crash = (!status.success()).then(|| {
        eprintln!("{}", what_crashed(&output));
        let artifact = output.lines().find_map(|l| l.split_once("Test unit written to ")).map(|(_, p)| p.trim());
        artifact.unwrap_or("no artifact written").to_owned()
    });
    let status_line = output.lines().rev().find(|l| l.contains(" cov: ")).unwrap_or("");
    let field = |name: &str| number_after(status_line, name);
    let stat = |name: &str| number_after(&output, &format!("stat::{name}:"));
    Ok(FuzzRun {
        target: target.to_owned(),
        seconds,
        execs: stat("number_of_executed_units"),
        execs_per_second: stat("average_exec_per_sec"),
        cov: field("cov:"),
        ft: field("ft:"),
        corpus_units: field("corp:"),
        saved: std::fs::read_dir(&scratch).map_or(0, |d| d.count()),
        crash,
    })
}

/// The number that follows `name` (the last time it appears), e.g. `corp: 199/46Kb` → 199.
fn number_after(text: &str, name: &str) -> u64 {
    let Some((_, after)) = text.rsplit_once(name) else { return 0 };
    let digits: String = after.trim_start().chars().take_while(char::is_ascii_digit).collect();
    digits.parse().unwrap_or(0)
}

/// The panic and its message, or libFuzzer's error (timeout, out of memory, sanitizer): the full
/// story with backtraces stays in the log.
fn what_crashed(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    let mut excerpt: Vec<&str> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.contains("panicked at") {
            excerpt.extend(lines[i..].iter().copied().take_while(|l| !l.starts_with("stack backtrace:")).take(6));
        } else if line.contains("ERROR:") || line.starts_with("SUMMARY:") {
            excerpt.push(*line);
        }
    }
    excerpt.join("\n")
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

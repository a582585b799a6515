//! `cargo xtask fuzz`: the parsers under libFuzzer, on the stable toolchain.
//!
//! The targets live in `fuzz/` (a crate of its own, outside the workspace, so a normal build
//! never compiles libFuzzer). They are built in release mode with debug assertions and overflow
//! checks, instrumented with the same LLVM coverage flags cargo-fuzz passes — none of which
//! needs a nightly compiler — and run with the committed seeds of `fuzz/corpus/TARGET` and a
//! dictionary from `fuzz/dict`. What a run finds is kept in `target/fuzz/corpus/TARGET`, so
//! runs add up; a crash, hang or out-of-memory input is saved under `target/fuzz/artifacts/`
//! and fails the task. Each clean run is a line of `target/fuzz/runs.tsv`.
use anyhow::{bail, Context, Result};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub(crate) const USAGE: &str = "\
usage: cargo xtask fuzz TARGET|all [--runs N] [--time SECONDS]
  Fuzzes TARGET (or every target, one after the other) until N executions or SECONDS have
  passed; without either, 10,000,000 executions. Targets: course, blocks, markdown,
  check_zip, manifest, send_csv, send_json.";

pub(crate) const TARGETS: &[&str] = &[
    "course",
    "blocks",
    "markdown",
    "check_zip",
    "manifest",
    "send_csv",
    "send_json",
];

/// The coverage instrumentation libFuzzer feeds on (as cargo-fuzz passes it), plus the checks
/// a fuzzed build should make: debug assertions and overflow checks.
const RUSTFLAGS: &[&str] = &[
    "-Cpasses=sancov-module",
    "-Cllvm-args=-sanitizer-coverage-level=4",
    "-Cllvm-args=-sanitizer-coverage-inline-8bit-counters",
    "-Cllvm-args=-sanitizer-coverage-pc-table",
    "-Cllvm-args=-sanitizer-coverage-trace-compares",
    "-Cllvm-args=-simplifycfg-branch-fold-threshold=0",
    "-Cdebug-assertions",
    "-Coverflow-checks",
    "--cfg=fuzzing",
];

/// One target's run, as libFuzzer reported it.
struct Outcome {
    target: String,
    runs: u64,
    seconds: f64,
    peak_rss_mb: u64,
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut targets = Vec::new();
    let (mut runs, mut time) = (None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--runs" => runs = Some(number(args.next(), "--runs")?),
            "--time" => time = Some(number(args.next(), "--time")?),
            "all" => targets.extend(TARGETS.iter().map(|t| t.to_string())),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            t if TARGETS.contains(&t) => targets.push(t.to_string()),
            other => bail!("unknown fuzz target or option `{other}`\n{USAGE}"),
        }
    }
    if targets.is_empty() {
        bail!("name a target, or `all`\n{USAGE}");
    }
    if runs.is_none() && time.is_none() {
        runs = Some(10_000_000);
    }
    let root = crate::root();
    let bin_dir = build(&root)?;
    // Each input of the course targets is written out as a course folder: on /dev/shm that
    // costs no disk I/O.
    let shm = Path::new("/dev/shm");
    let scratch = if shm.is_dir() {
        shm.join(format!("scormpack-fuzz-{}", std::process::id()))
    } else {
        std::env::temp_dir().join(format!("scormpack-fuzz-{}", std::process::id()))
    };
    fs::create_dir_all(&scratch)?;
    let mut outcomes = Vec::new();
    let mut failed = None;
    for target in &targets {
        match fuzz(&root, &bin_dir, &scratch, target, runs, time) {
            Ok(outcome) => outcomes.push(outcome),
            Err(err) => {
                failed = Some(err);
                break;
            }
        }
    }
    let _ = fs::remove_dir_all(&scratch);
    if !outcomes.is_empty() {
        println!("\n| target | executions | seconds | executions/s | peak RSS |");
        println!("|---|---:|---:|---:|---:|");
        for o in &outcomes {
            println!(
                "| {} | {} | {:.0} | {:.0} | {} MB |",
                o.target,
                o.runs,
                o.seconds,
                o.runs as f64 / o.seconds.max(0.001),
                o.peak_rss_mb
            );
        }
    }
    match failed {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

fn number(value: Option<&String>, flag: &str) -> Result<u64> {
    value
        .with_context(|| format!("{flag} needs a number"))?
        .replace('_', "")
        .parse()
        .with_context(|| format!("{flag} needs a whole number"))
}

/// Builds every target; returns the folder holding the binaries.
fn build(root: &Path) -> Result<PathBuf> {
    let host = host_triple()?;
    let target_dir = root.join("target").join("fuzz");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // With --target, RUSTFLAGS reach the code under test but not build scripts and proc
    // macros, which need no instrumentation.
    crate::run_cmd(
        Command::new(cargo)
            .args([
                "build",
                "--release",
                "--bins",
                "--locked",
                "--manifest-path",
            ])
            .arg(root.join("fuzz").join("Cargo.toml"))
            .args(["--target", &host, "--target-dir"])
            .arg(&target_dir)
            .env("RUSTFLAGS", RUSTFLAGS.join(" "))
            .env_remove("CARGO_ENCODED_RUSTFLAGS")
            .current_dir(root),
    )?;
    Ok(target_dir.join(host).join("release"))
}

fn host_triple() -> Result<String> {
    let out = Command::new("rustc")
        .arg("-vV")
        .output()
        .context("could not run rustc -vV")?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|line| line.strip_prefix("host: ").map(str::to_string))
        .context("rustc -vV names no host")
}

/// Runs one target; fails on a crash, a hang or an input that needs too much memory.
fn fuzz(
    root: &Path,
    bin_dir: &Path,
    scratch: &Path,
    target: &str,
    runs: Option<u64>,
    time: Option<u64>,
) -> Result<Outcome> {
    let work = root.join("target").join("fuzz");
    let corpus = work.join("corpus").join(target);
    let artifacts = work.join("artifacts").join(target);
    let logs = work.join("logs");
    for dir in [&corpus, &artifacts, &logs] {
        fs::create_dir_all(dir)?;
    }
    let seeds = root.join("fuzz").join("corpus").join(target);
    let log_path = logs.join(format!("{target}.log"));
    let log = fs::File::create(&log_path)?;
    let mut cmd = Command::new(bin_dir.join(target));
    cmd.arg(format!("-artifact_prefix={}/", artifacts.display()))
        // An input that takes 10 s, or 2 GB, is a finding, not a slow run.
        .arg("-timeout=10")
        .arg("-rss_limit_mb=2048")
        .arg("-malloc_limit_mb=2048")
        .arg("-print_final_stats=1")
        .arg("-max_len=65536");
    if let Some(runs) = runs {
        cmd.arg(format!("-runs={runs}"));
    }
    if let Some(time) = time {
        cmd.arg(format!("-max_total_time={time}"));
    }
    let dict = root
        .join("fuzz")
        .join("dict")
        .join(format!("{target}.dict"));
    if dict.is_file() {
        cmd.arg(format!("-dict={}", dict.display()));
    }
    cmd.arg(&corpus);
    if seeds.is_dir() {
        cmd.arg(&seeds);
    }
    cmd.env("TMPDIR", scratch)
        .stdout(Stdio::null())
        .stderr(log.try_clone()?)
        .current_dir(root);
    eprintln!(
        "xtask: fuzzing {target} ({}); libFuzzer's log: {}",
        match (runs, time) {
            (Some(r), Some(t)) => format!("{r} executions or {t} s"),
            (Some(r), None) => format!("{r} executions"),
            (None, Some(t)) => format!("{t} s"),
            (None, None) => unreachable!(),
        },
        log_path.display()
    );
    let started = Instant::now();
    let status = cmd
        .status()
        .with_context(|| format!("could not start the {target} target"))?;
    let seconds = started.elapsed().as_secs_f64();
    let text = fs::read_to_string(&log_path).unwrap_or_default();
    if !status.success() {
        let tail: Vec<&str> = text.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        bail!(
            "the {target} target failed ({status}); the input is saved in {}\n{}",
            artifacts.display(),
            tail.join("\n")
        );
    }
    let stat = |name: &str| -> u64 {
        text.lines()
            .find_map(|line| line.strip_prefix(&format!("stat::{name}:")))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0)
    };
    let outcome = Outcome {
        target: target.to_string(),
        runs: stat("number_of_executed_units"),
        seconds,
        peak_rss_mb: stat("peak_rss_mb"),
    };
    eprintln!(
        "xtask: {target}: {} executions in {:.0} s, no crash, hang or out-of-memory; peak RSS {} MB",
        outcome.runs, outcome.seconds, outcome.peak_rss_mb
    );
    record(root, &work, &outcome)?;
    Ok(outcome)
}

/// Appends a clean run to `target/fuzz/runs.tsv` (date, commit, target, executions, seconds,
/// peak RSS in MB), so the executions of a target add up across runs and sessions.
fn record(root: &Path, work: &Path, outcome: &Outcome) -> Result<()> {
    use std::io::Write;
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(root)
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let path = work.join("runs.tsv");
    let new = !path.exists();
    let mut file = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .with_context(|| format!("could not open {}", path.display()))?;
    if new {
        writeln!(
            file,
            "date\tcommit\ttarget\texecutions\tseconds\tpeak_rss_mb"
        )?;
    }
    writeln!(
        file,
        "{}\t{commit}\t{}\t{}\t{:.0}\t{}",
        chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ"),
        outcome.target,
        outcome.runs,
        outcome.seconds,
        outcome.peak_rss_mb
    )?;
    Ok(())
}

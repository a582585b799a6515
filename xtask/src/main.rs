//! Developer tasks, run as `cargo xtask <task>`: only cargo is needed to run them.
//!
//! - `ci`: everything CI checks, in order (deps, fmt, clippy, tests, browser tests).
//! - `deps`: install what the tests need on a fresh machine (Debian packages, npm packages).
//! - `browser`: build the default course and run the Chromium tests against scorm-again, and
//!   of `scormpack preview` run as the real binary.
//! - `case-study-pdf`: regenerate the case-study PDF from its Markdown source.
//! - `gen-course`: write a course of any size for benchmarks (pages, questions, media).
//! - `bench`: time scormpack against `zip`, `cp -r` and simple-scorm-packager, and `send`
//!   against a loopback sink and the local LRS.
//! - `fuzz`: run the parsers' fuzz targets under libFuzzer (stable toolchain).

mod bench;
mod bench_send;
mod browser;
mod deps;
mod fuzz;
mod gen_course;
mod pdf;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    if let Err(err) = run() {
        eprintln!("xtask: error: {err:#}");
        std::process::exit(1);
    }
}

fn run() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let task = args.first().map(String::as_str).unwrap_or("help");
    let rest = &args[args.len().min(1)..];
    match task {
        "ci" => ci(),
        "deps" => deps::install(),
        "browser" => browser::run(rest),
        "case-study-pdf" => pdf::run(rest),
        "gen-course" => gen_course::run(rest),
        "bench" => bench::run(rest),
        "fuzz" => fuzz::run(rest),
        "help" | "--help" | "-h" => {
            println!("usage: cargo xtask <ci|deps|browser|case-study-pdf|gen-course|bench|fuzz>");
            println!("{}", gen_course::USAGE);
            println!("{}", bench::USAGE);
            println!("{}", fuzz::USAGE);
            Ok(())
        }
        other => bail!("unknown task `{other}`; try `cargo xtask help`"),
    }
}

/// Everything CI runs. Stops at the first failing step.
fn ci() -> Result<()> {
    deps::install()?;
    cargo(&["fmt", "--all", "--check"])?;
    cargo(&["fmt", "--manifest-path", "fuzz/Cargo.toml", "--check"])?;
    cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ])?;
    cargo(&["test", "--workspace"])?;
    browser::run(&[])?;
    // Every fuzz target, briefly, on its seeds: a parser change that panics on a known input,
    // or that the targets no longer build against, fails here; the 10-million-run figures in
    // the README come from `cargo xtask fuzz all`.
    fuzz::run(&["all".into(), "--time".into(), "20".into()])?;
    // cmi5's CourseStructure.xsd is published by the specification alone, in no registry
    // package: its validation runs where a copy is named, and is reported as not run elsewhere.
    if std::env::var_os("SCORMPACK_CMI5_XSD").is_some() {
        cargo(&[
            "test",
            "--test",
            "cmi5_package",
            "--",
            "--ignored",
            "--exact",
            "cmi5_xml_validates_against_the_official_course_structure_schema",
        ])?;
    } else {
        println!(
            "NOT RUN: cmi5_xml_validates_against_the_official_course_structure_schema needs cmi5's \
             CourseStructure.xsd, which no npm, PyPI or Debian package carries; set \
             SCORMPACK_CMI5_XSD to a copy of the file the specification publishes to run it"
        );
    }
    Ok(())
}

/// The workspace root (the parent of `xtask/`).
pub(crate) fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Runs `cargo ARGS` in the workspace root and fails when it fails.
pub(crate) fn cargo(args: &[&str]) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run_cmd(Command::new(cargo).args(args).current_dir(root()))
}

/// Runs a command, inheriting stdio, and fails with its command line when it fails.
pub(crate) fn run_cmd(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    eprintln!("xtask: $ {shown}");
    let status = cmd
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

/// Runs a command with its output discarded; fails when it fails.
pub(crate) fn run_quiet(cmd: &mut Command) -> Result<()> {
    let shown = format!("{cmd:?}");
    let status = cmd
        .stdout(std::process::Stdio::null())
        .status()
        .with_context(|| format!("could not start {shown}"))?;
    if !status.success() {
        bail!("{shown} failed with {status}");
    }
    Ok(())
}

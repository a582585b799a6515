//! `cargo xtask bench`: courses → a table of build times and peak memory, scormpack against
//! the baselines, written to `target/bench/results.md` and printed.
//!
//! For each course (the default one, a generated 300-page course with 200 MB of media, and a
//! generated 2,000-page course with 2 GB of media unless `--skip-2gb` says otherwise) scormpack
//! builds the zip; the zip is unpacked into a folder, and the baselines package that same
//! folder: `zip -r -q -6`, `zip -r -q -n .png:.jpg:.pdf:.mp4` (media stored), `cp -r` (the
//! floor: every byte touched once) and the npm `simple-scorm-packager`. Every tool runs several
//! times after one warm-up run, from a warm page cache, after a `sync` and with its previous
//! output deleted; the table shows medians and the ratio scormpack ÷ baseline.
//!
//! Wall time is measured here around the process; peak memory (maximum resident set size) by
//! GNU time (`/usr/bin/time -f %M`). The load average before and after is part of the table:
//! the machine is shared, and a busy neighbour shows in the numbers.

use crate::gen_course::{self, Spec};
use anyhow::{bail, Context, Result};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

pub(crate) const USAGE: &str = "usage: cargo xtask bench [--skip-2gb] [--runs N] [--keep] [--send-only]   (writes target/bench/results.md)";

/// Debian packages the benchmark runs, by the command each provides.
const TOOLS: &[(&str, &str)] = &[
    ("zip", "zip"),
    ("unzip", "unzip"),
    ("/usr/bin/time", "time"),
];

struct Options {
    skip_2gb: bool,
    /// Only the `send` section (bench_send.rs).
    send_only: bool,
    runs: usize,
    keep: bool,
}

/// One course of the benchmark.
struct Course {
    name: String,
    dir: PathBuf,
    /// Measured runs; the big course gets fewer, each takes long and varies little.
    runs: usize,
}

/// One command to time.
struct Tool {
    name: &'static str,
    program: OsString,
    args: Vec<OsString>,
    cwd: PathBuf,
    /// Deleted before each run, so each run writes from scratch.
    output: PathBuf,
}

/// The medians of one tool on one course.
#[derive(Clone, Copy)]
struct Figures {
    seconds: f64,
    rss_kb: u64,
}

pub(crate) fn run(args: &[String]) -> Result<()> {
    let mut options = Options {
        skip_2gb: false,
        send_only: false,
        runs: 5,
        keep: false,
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--skip-2gb" => options.skip_2gb = true,
            "--send-only" => options.send_only = true,
            "--keep" => options.keep = true,
            "--runs" => {
                options.runs = args
                    .next()
                    .and_then(|n| n.parse().ok())
                    .filter(|&n| n > 0)
                    .with_context(|| format!("--runs needs a number above 0\n{USAGE}"))?
            }
            other => bail!("unknown option `{other}`\n{USAGE}"),
        }
    }
    install_tools()?;
    crate::deps::check_node()?;
    crate::deps::install_npm_packages()?;
    let root = crate::root();
    crate::cargo(&[
        "build",
        "--release",
        "--package",
        "scormpack",
        "--bin",
        "scormpack",
    ])?;
    let scormpack = root.join("target/release/scormpack");
    let binary_size = fs::metadata(&scormpack)?.len();

    let bench = root.join("target/bench");
    let work = bench.join("work");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work)?;
    let load_before = load_average();
    if options.send_only {
        let section = crate::bench_send::run(&scormpack, &work)?;
        let text = format!(
            "# scormpack benchmark: send\n\n{} · {} · load average {load_before} before, {} after\n{section}",
            today(),
            machine(),
            load_average()
        );
        fs::write(bench.join("results.md"), &text)?;
        println!("{text}");
        if !options.keep {
            fs::remove_dir_all(&work)?;
        }
        return Ok(());
    }
    let mut courses = vec![Course {
        name: "default course (content/)".into(),
        dir: root.join("content"),
        runs: options.runs,
    }];
    let generated = [
        (300, 20, 200, options.runs),
        (2000, 50, 2000, options.runs.min(3)),
    ];
    for (pages, quizzes, media_mb, runs) in generated {
        if media_mb == 2000 && options.skip_2gb {
            continue;
        }
        let spec = Spec {
            pages,
            quizzes,
            media_mb,
            seed: 1,
        };
        courses.push(Course {
            name: format!("{pages} pages, {media_mb} MB of media"),
            dir: generate(&bench, &spec)?,
            runs,
        });
    }

    let mut rows = Vec::new();
    for course in &courses {
        eprintln!("xtask: bench: {}", course.name);
        rows.push(bench_course(course, &scormpack, &work)?);
        // The folders of a 2 GB course take 8 GB; only one course's are kept at a time.
        fs::remove_dir_all(&work)?;
        fs::create_dir_all(&work)?;
    }
    let send_section = crate::bench_send::run(&scormpack, &work)?;
    let load_after = load_average();
    let mut table = table(
        &rows,
        binary_size,
        &load_before,
        &load_after,
        options.skip_2gb,
    );
    table.push_str(&send_section);
    fs::write(bench.join("results.md"), &table)?;
    println!("{table}");
    eprintln!(
        "xtask: bench: written to {}",
        bench.join("results.md").display()
    );
    if !options.keep {
        fs::remove_dir_all(&work)?;
        fs::remove_dir_all(bench.join("courses"))?;
    }
    Ok(())
}

/// The generated course for `spec` under `target/bench/courses/`, made once and reused while
/// its options stay the same.
fn generate(bench: &Path, spec: &Spec) -> Result<PathBuf> {
    let dir = bench.join("courses").join(format!(
        "p{}-q{}-m{}-s{}",
        spec.pages, spec.quizzes, spec.media_mb, spec.seed
    ));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = fs::remove_dir_all(&dir);
        eprintln!("xtask: bench: generating {}", dir.display());
        gen_course::generate(spec, &dir)?;
        fs::write(&done, "")?;
    }
    Ok(dir)
}

struct Row {
    course: String,
    files: usize,
    zip_bytes: u64,
    folder_bytes: u64,
    scormpack: Figures,
    /// (baseline, its figures), in table order.
    baselines: Vec<(&'static str, Figures)>,
}

fn bench_course(course: &Course, scormpack: &Path, work: &Path) -> Result<Row> {
    let zip = work.join("scormpack.zip");
    let build = Tool {
        name: "scormpack",
        program: scormpack.into(),
        args: vec![
            "build".into(),
            course.dir.clone().into(),
            "-o".into(),
            zip.clone().into(),
            "--quiet".into(),
        ],
        cwd: work.to_path_buf(),
        output: zip.clone(),
    };
    let scormpack_figures = measure(&build, course.runs, work)?;
    // The rendered files, as scormpack packs them: what every baseline packages.
    let folder = work.join("rendered");
    fs::create_dir_all(&folder)?;
    crate::run_cmd(
        Command::new("unzip")
            .args(["-q", "-o"])
            .arg(&zip)
            .arg("-d")
            .arg(&folder),
    )?;
    let zip_bytes = fs::metadata(&zip)?.len();
    let (files, folder_bytes) = folder_size(&folder)?;
    // simple-scorm-packager writes its manifest and schema files into the folder it packs, so
    // it gets a copy of its own.
    let ssp_source = work.join("ssp-source");
    crate::run_cmd(Command::new("cp").arg("-r").arg(&folder).arg(&ssp_source))?;
    let ssp_out = work.join("ssp-out");
    let baselines = [
        Tool {
            name: "zip -r -6",
            program: "zip".into(),
            args: vec![
                "-r".into(),
                "-q".into(),
                "-6".into(),
                work.join("zip6.zip").into(),
                ".".into(),
            ],
            cwd: folder.clone(),
            output: work.join("zip6.zip"),
        },
        Tool {
            name: "zip, media stored",
            program: "zip".into(),
            args: vec![
                "-r".into(),
                "-q".into(),
                "-n".into(),
                ".png:.jpg:.pdf:.mp4".into(),
                work.join("zipn.zip").into(),
                ".".into(),
            ],
            cwd: folder.clone(),
            output: work.join("zipn.zip"),
        },
        Tool {
            name: "cp -r",
            program: "cp".into(),
            args: vec!["-r".into(), folder.clone().into(), work.join("copy").into()],
            cwd: work.to_path_buf(),
            output: work.join("copy"),
        },
        Tool {
            name: "simple-scorm-packager",
            program: "node".into(),
            args: vec![
                "-e".into(),
                SSP_SCRIPT.into(),
                ssp_source.clone().into(),
                ssp_out.clone().into(),
            ],
            cwd: crate::deps::browser_tests_dir(),
            output: ssp_out.clone(),
        },
    ];
    let mut figures = Vec::new();
    for tool in &baselines {
        figures.push((tool.name, measure(tool, course.runs, work)?));
        if tool.output == ssp_out {
            let packed = fs::read_dir(&ssp_out)?.count();
            if packed != 1 {
                bail!("simple-scorm-packager wrote {packed} files instead of one zip");
            }
        }
        remove(&tool.output)?;
    }
    Ok(Row {
        course: course.name.clone(),
        files,
        zip_bytes,
        folder_bytes,
        scormpack: scormpack_figures,
        baselines: figures,
    })
}

/// Packs the folder `argv[1]` as SCORM 1.2 into the folder `argv[2]`, as its README shows.
const SSP_SCRIPT: &str = r#"
const scopackager = require('simple-scorm-packager');
const [source, outputFolder] = process.argv.slice(1);
console.log = () => {};
scopackager({
  version: '1.2', organization: 'bench', title: 'bench', language: 'en',
  identifier: 'bench', masteryScore: 80, startingPage: 'index.html', source,
  package: { zip: true, outputFolder, version: '1.0.0', date: '2000-01-01' }
}, () => {});
"#;

/// Runs `tool` once to warm up and `runs` times measured; returns the medians. The last run's
/// output stays.
fn measure(tool: &Tool, runs: usize, work: &Path) -> Result<Figures> {
    let rss_file = work.join("rss.txt");
    let mut seconds = Vec::new();
    let mut rss = Vec::new();
    for run in 0..=runs {
        remove(&tool.output)?;
        // Write back the previous run's files now, not during this run.
        crate::run_quiet(&mut Command::new("sync"))?;
        let mut cmd = Command::new("/usr/bin/time");
        cmd.arg("-f")
            .arg("%M")
            .arg("-o")
            .arg(&rss_file)
            .arg(&tool.program)
            .args(&tool.args)
            .current_dir(&tool.cwd)
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        let started = Instant::now();
        let output = cmd
            .output()
            .with_context(|| format!("cannot run {}", tool.name))?;
        let elapsed = started.elapsed().as_secs_f64();
        if !output.status.success() {
            bail!(
                "{} failed ({}):\n{}",
                tool.name,
                output.status,
                String::from_utf8_lossy(&output.stderr)
            );
        }
        if run > 0 {
            seconds.push(elapsed);
            let text = fs::read_to_string(&rss_file)?;
            rss.push(
                text.trim()
                    .lines()
                    .last()
                    .and_then(|l| l.trim().parse().ok())
                    .with_context(|| format!("no peak memory in `{text}`"))?,
            );
        }
    }
    Ok(Figures {
        seconds: median_f64(&mut seconds),
        rss_kb: median_u64(&mut rss),
    })
}

fn remove(path: &Path) -> Result<()> {
    let result = if path.is_dir() {
        fs::remove_dir_all(path)
    } else {
        fs::remove_file(path)
    };
    match result {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            Err(e).with_context(|| format!("cannot delete {}", path.display()))
        }
        _ => Ok(()),
    }
}

fn median_f64(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn median_u64(values: &mut [u64]) -> u64 {
    values.sort_unstable();
    values[values.len() / 2]
}

/// Number of files and their bytes under `dir`.
fn folder_size(dir: &Path) -> Result<(usize, u64)> {
    let mut files = 0;
    let mut bytes = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir)? {
            let entry = entry?;
            let meta = entry.metadata()?;
            if meta.is_dir() {
                stack.push(entry.path());
            } else {
                files += 1;
                bytes += meta.len();
            }
        }
    }
    Ok((files, bytes))
}

fn table(rows: &[Row], binary: u64, before: &str, after: &str, skipped_2gb: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# scormpack benchmark\n");
    let _ = writeln!(
        out,
        "{} · {} · load average {before} before, {after} after · scormpack binary {}\n",
        today(),
        machine(),
        mb(binary)
    );
    out.push_str(
        "Medians of several runs. Ratios are scormpack ÷ baseline: below 1 is faster (or \
         leaner) than the baseline. The baselines package the files scormpack rendered.\n\n",
    );
    out.push_str("## Wall time\n\n");
    table_of(
        &mut out,
        rows,
        |f| secs(f.seconds),
        |s, b| s.seconds / b.seconds,
    );
    out.push_str("\n## Peak memory (maximum resident set size)\n\n");
    table_of(
        &mut out,
        rows,
        |f| mb(f.rss_kb * 1024),
        |s, b| s.rss_kb as f64 / b.rss_kb as f64,
    );
    out.push_str("\n## Targets (issue 5)\n\n");
    for row in rows {
        let by = |name: &str| {
            row.baselines
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, f)| *f)
        };
        let s = row.scormpack;
        if row.course.starts_with("default") {
            let _ = writeln!(
                out,
                "- {}: build under 30 ms: {} ({})",
                row.course,
                yes(s.seconds < 0.030),
                secs(s.seconds)
            );
        }
        if let (Some(cp), Some(zip6)) = (by("cp -r"), by("zip -r -6")) {
            if row.folder_bytes > 100_000_000 {
                let _ = writeln!(
                    out,
                    "- {}: ≤ 1.5 × cp -r: {} ({:.2}×); ≤ 0.1 × zip -r -6: {} ({:.3}×); peak memory ≤ 64 MB: {} ({})",
                    row.course,
                    yes(s.seconds <= 1.5 * cp.seconds),
                    s.seconds / cp.seconds,
                    yes(s.seconds <= 0.1 * zip6.seconds),
                    s.seconds / zip6.seconds,
                    yes(s.rss_kb * 1024 <= 64_000_000),
                    mb(s.rss_kb * 1024)
                );
            }
        }
    }
    if skipped_2gb {
        out.push_str("- 2,000 pages, 2000 MB of media: skipped (`--skip-2gb`)\n");
    }
    out
}

fn table_of(
    out: &mut String,
    rows: &[Row],
    show: impl Fn(&Figures) -> String,
    ratio: impl Fn(&Figures, &Figures) -> f64,
) {
    let Some(first) = rows.first() else { return };
    out.push_str("| course | files · zip | scormpack |");
    for (name, _) in &first.baselines {
        let _ = write!(out, " {name} |");
    }
    out.push_str("\n|---|---|---|");
    for _ in &first.baselines {
        out.push_str("---|");
    }
    out.push('\n');
    for row in rows {
        let _ = write!(
            out,
            "| {} | {} · {} | {} |",
            row.course,
            row.files,
            mb(row.zip_bytes),
            show(&row.scormpack)
        );
        for (_, figures) in &row.baselines {
            let _ = write!(
                out,
                " {} ({:.2}×) |",
                show(figures),
                ratio(&row.scormpack, figures)
            );
        }
        out.push('\n');
    }
}

fn yes(ok: bool) -> &'static str {
    if ok {
        "**yes**"
    } else {
        "**no**"
    }
}

fn secs(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{:.0} ms", seconds * 1000.0)
    } else {
        format!("{seconds:.2} s")
    }
}

fn mb(bytes: u64) -> String {
    if bytes < 1_000_000 {
        format!("{:.0} KB", bytes as f64 / 1e3)
    } else {
        format!("{:.1} MB", bytes as f64 / 1e6)
    }
}

fn today() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| "(unknown date)".into())
}

/// `Intel Xeon … · 2 cores · 24 GiB`, from /proc.
fn machine() -> String {
    let cpu = fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let memory = fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.0} GiB", kb as f64 / 1024.0 / 1024.0))
        })
        .unwrap_or_else(|| "unknown memory".into());
    format!("{cpu} · {cores} cores · {memory}")
}

fn load_average() -> String {
    fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// Installs the Debian packages the benchmark runs when they are missing (as root), like
/// `cargo xtask deps` does for the tests.
fn install_tools() -> Result<()> {
    let missing: Vec<&str> = TOOLS
        .iter()
        .filter(|(tool, _)| {
            if tool.starts_with('/') {
                !Path::new(tool).is_file()
            } else {
                crate::deps::find_on_path(tool).is_none()
            }
        })
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    crate::deps::apt_install(&missing)
}

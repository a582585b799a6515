//! `scormpack build`: course folder → package zip, with a one-line summary (and with
//! `--verbose`, every file of the zip and where it came from). A spinner on stderr shows which
//! format is being built; it is drawn only on a terminal and never with `--quiet`.

use super::Outcome;
use crate::archive::ArchiveError;
use crate::model::human_size;
use crate::package::Format;
use crate::{BuildError, BuildOptions, BuildReport};
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::HashSet;
use std::fmt::Write;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack build                          the course here (or ./content) → dist/<id>-<version>-scorm12.zip
  scormpack build courses/ops -o ops.zip   another course folder, another zip
  scormpack build --format xapi            a Tin Can package: dist/<id>-<version>-xapi.zip
  scormpack build --format cmi5            a cmi5 package: dist/<id>-<version>-cmi5.zip
  scormpack build --format scorm12,xapi    both zips in one run (or --format all)
  scormpack build --format scorm12 -q      explicit format, no output but errors
  scormpack build --verbose                also list every file in the zip and its source";

#[derive(Debug, Args)]
pub(super) struct BuildArgs {
    /// The course folder (the one holding course.toml) [default: the current folder when it
    /// holds course.toml, else content].
    course_dir: Option<PathBuf>,
    /// The zip to write [default: dist/<id>-<version>-<format>.zip]; one format only.
    #[arg(short, long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// The package standards, comma-separated; one zip each.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "scorm12")]
    format: Vec<FormatArg>,
    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also list every file written into the zip, and the course file it was copied from.
    #[arg(short, long)]
    verbose: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// SCORM 1.2 (imsmanifest.xml, one SCO)
    Scorm12,
    /// SCORM 2004 4th edition (imsmanifest.xml with sequencing, one SCO)
    Scorm2004,
    /// SCORM 2004 3rd edition (for LMSs that implement only it, e.g. Cornerstone)
    #[value(name = "scorm2004-3rd")]
    Scorm2004Third,
    /// xAPI 1.0.3 / Tin Can (tincan.xml, one launchable activity)
    Xapi,
    /// cmi5 (cmi5.xml, one AU launched by a cmi5 LMS)
    Cmi5,
    /// every format above
    All,
}

impl FormatArg {
    fn formats(self) -> &'static [Format] {
        match self {
            FormatArg::Scorm12 => &[Format::Scorm12],
            FormatArg::Scorm2004 => &[Format::Scorm2004],
            FormatArg::Scorm2004Third => &[Format::Scorm2004Third],
            FormatArg::Xapi => &[Format::Xapi],
            FormatArg::Cmi5 => &[Format::Cmi5],
            FormatArg::All => Format::ALL,
        }
    }
}

pub(super) fn run(args: BuildArgs) -> Outcome {
    let course_dir = super::course_dir(args.course_dir.clone());
    let mut formats: Vec<Format> = args
        .format
        .iter()
        .flat_map(|f| f.formats().iter().copied())
        .collect();
    formats.sort();
    formats.dedup();
    if args.out.is_some() && formats.len() > 1 {
        eprintln!("error: --out names one zip, but {} formats were asked for; leave out --out to write dist/<id>-<version>-<format>.zip for each", formats.len());
        return Outcome::Usage;
    }
    if let Some(out) = &args.out {
        if let Err(err) = crate::archive::target::check(out, &course_dir) {
            eprintln!("error: {err}");
            eprintln!("  help: {}", err.help());
            return Outcome::Usage;
        }
    }
    // A signal ends the process without destructors: the unfinished zip is removed here.
    super::on_interrupt(|| {
        crate::archive::remove_unfinished();
        eprintln!("\nerror: interrupted; no zip was written, and the unfinished one was removed");
        Outcome::Interrupted
    });
    let progress = progress(formats.len(), args.quiet);
    let several = formats.len() > 1;
    // The zips written so far: a later format that fails says which of them exist.
    let mut written: Vec<PathBuf> = Vec::new();
    // A warning about the course is the same for every format: it is printed once.
    let mut warned = HashSet::new();
    for format in formats {
        let options = BuildOptions {
            course_dir: course_dir.clone(),
            format,
            out: args.out.clone(),
        };
        progress.set_message(format!("building the {} package", format.name()));
        let started = Instant::now();
        let result = crate::build(&options);
        // The bar is cleared while the outcome is printed, so the two never mix.
        let outcome =
            progress.suspend(|| report(&options, result, started, &args, &written, &mut warned));
        progress.inc(1);
        match outcome {
            Ok(out) => written.push(out),
            Err(outcome) => {
                progress.finish_and_clear();
                return outcome;
            }
        }
    }
    progress.finish_and_clear();
    if several && !args.quiet {
        println!("wrote {} zips: {}", written.len(), list(&written));
    }
    Outcome::Success
}

/// `a.zip, b.zip`: paths as the user reads them.
fn list(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The last line of a failed build: which zips exist after it.
fn not_written(format: Format, written: &[PathBuf]) -> String {
    if written.is_empty() {
        "no zip was written".to_string()
    } else {
        format!(
            "no {} zip was written; written before it: {}",
            format.name(),
            list(written)
        )
    }
}

/// A spinner with `[done/total]` on stderr, drawn once the build has taken longer than
/// [`SHOW_AFTER`], so a quick build prints nothing but its result. Never drawn when stderr is
/// not a terminal (CI logs, pipes) or with `--quiet`.
fn progress(total: usize, quiet: bool) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(
        Some(u64::try_from(total).unwrap_or(u64::MAX)),
        ProgressDrawTarget::hidden(),
    );
    if quiet || !std::io::stderr().is_terminal() {
        return bar;
    }
    if let Ok(style) = ProgressStyle::with_template("{spinner} [{pos}/{len}] {msg} {elapsed}") {
        bar.set_style(style);
    }
    let shown = bar.clone();
    std::thread::spawn(move || {
        std::thread::sleep(SHOW_AFTER);
        if !shown.is_finished() {
            shown.set_draw_target(ProgressDrawTarget::stderr());
            shown.enable_steady_tick(Duration::from_millis(100));
        }
    });
    bar
}

/// How long a build runs before the spinner appears.
const SHOW_AFTER: Duration = Duration::from_millis(300);

/// Prints what one build did (or every problem it found): the zip it wrote, or the outcome
/// that ends the run. `written` are the zips of the formats built before.
fn report(
    options: &BuildOptions,
    result: Result<crate::BuildReport, BuildError>,
    started: Instant,
    args: &BuildArgs,
    written: &[PathBuf],
    warned: &mut HashSet<String>,
) -> Result<PathBuf, Outcome> {
    let (quiet, verbose) = (args.quiet, args.verbose);
    match result {
        Ok(report) => {
            for warning in &report.warnings {
                let text = warning.to_string();
                if !warned.contains(&text) {
                    eprintln!("{text}");
                    warned.insert(text);
                }
            }
            if !quiet {
                print!(
                    "{}",
                    summary(&report, options.format, started.elapsed().as_millis())
                );
            }
            if verbose {
                println!("  files in {}:", report.out.display());
                for (path, source) in &report.entries {
                    match source {
                        Some(source) => println!("    {path}  ← {}", source.display()),
                        None => println!("    {path}"),
                    }
                }
            }
            Ok(report.out)
        }
        Err(BuildError::Content(mut diags)) => {
            // The errors first, then the warnings; notes (a tag shown as text) are for
            // `check`, as after a build that succeeds.
            diags.retain(|d| d.severity != crate::diag::Severity::Note);
            diags.sort_by_key(|d| d.severity);
            for diag in &diags {
                eprintln!("{diag}");
            }
            let errors = diags
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .count();
            eprintln!(
                "error: the course has {errors} error(s); {}",
                not_written(options.format, written)
            );
            Err(Outcome::Failed)
        }
        Err(BuildError::Archive(err)) => {
            eprintln!("error: {err}");
            if let ArchiveError::Target(target) = &err {
                eprintln!("  help: {}", target.help());
            }
            eprintln!(
                "  {}; an existing zip at that path was left as it was",
                not_written(options.format, written)
            );
            Err(Outcome::Failed)
        }
    }
}

/// What a build prints: the zip, its size, and the files that weigh most in it, so a course
/// that grows heavy shows why at the next build.
fn summary(report: &BuildReport, format: Format, millis: u128) -> String {
    let archive = &report.archive;
    let mut out = format!(
        "{}\n  {} · {} files · {} · {millis} ms\n",
        report.out.display(),
        format.name(),
        archive.files,
        human_size(archive.bytes),
    );
    if !archive.largest.is_empty() {
        out.push_str("  largest in the zip:\n");
    }
    for file in &archive.largest {
        let _ = write!(out, "  {:>9}  {}", human_size(file.packed), file.path);
        if file.packed != file.size {
            let _ = write!(out, " ({} unpacked)", human_size(file.size));
        }
        out.push('\n');
    }
    out
}

//! `scormpack build`: course folder → package zip, with a one-line summary.

use super::Outcome;
use crate::package::Format;
use crate::parse::human_size;
use crate::{BuildError, BuildOptions, BuildReport};
use clap::{Args, ValueEnum};
use std::fmt::Write;
use std::path::PathBuf;
use std::time::Instant;

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack build                          ./content → dist/<id>-<version>-scorm12.zip
  scormpack build courses/ops -o ops.zip   another course folder, another zip
  scormpack build --format xapi            a Tin Can package: dist/<id>-<version>-xapi.zip
  scormpack build --format scorm12,xapi    both zips in one run (or --format all)
  scormpack build --format scorm12 -q      explicit format, no output but errors";

#[derive(Debug, Args)]
pub(super) struct BuildArgs {
    /// The course folder (the one holding course.toml).
    #[arg(default_value = "content")]
    course_dir: PathBuf,
    /// The zip to write [default: dist/<id>-<version>-<format>.zip]; one format only.
    #[arg(short, long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// The package standards, comma-separated; one zip each.
    #[arg(long, value_enum, value_delimiter = ',', default_value = "scorm12")]
    format: Vec<FormatArg>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// SCORM 1.2 (imsmanifest.xml, one SCO)
    Scorm12,
    /// xAPI 1.0.3 / Tin Can (tincan.xml, one launchable activity)
    Xapi,
    /// every format above
    All,
}

impl FormatArg {
    fn formats(self) -> &'static [Format] {
        match self {
            FormatArg::Scorm12 => &[Format::Scorm12],
            FormatArg::Xapi => &[Format::Xapi],
            FormatArg::All => Format::ALL,
        }
    }
}

pub(super) fn run(args: BuildArgs) -> Outcome {
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
    for format in formats {
        let options = BuildOptions {
            course_dir: args.course_dir.clone(),
            format,
            out: args.out.clone(),
        };
        if let Outcome::Failed = build_one(&options, args.quiet) {
            return Outcome::Failed;
        }
    }
    Outcome::Success
}

fn build_one(options: &BuildOptions, quiet: bool) -> Outcome {
    let started = Instant::now();
    match crate::build(options) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            if !quiet {
                print!(
                    "{}",
                    summary(&report, options.format, started.elapsed().as_millis())
                );
            }
            Outcome::Success
        }
        Err(BuildError::Content(diags)) => {
            for diag in &diags {
                eprintln!("{diag}");
            }
            let errors = diags
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .count();
            eprintln!("error: the course has {errors} error(s); no zip was written");
            Outcome::Failed
        }
        Err(BuildError::Archive(err)) => {
            eprintln!("error: {err}");
            eprintln!("  no zip was written; an existing zip at that path was left as it was");
            Outcome::Failed
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

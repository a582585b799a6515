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
  scormpack build --format scorm12 -q      explicit format, no output but errors";

#[derive(Debug, Args)]
pub(super) struct BuildArgs {
    /// The course folder (the one holding course.toml).
    #[arg(default_value = "content")]
    course_dir: PathBuf,
    /// The zip to write [default: dist/<id>-<version>-<format>.zip].
    #[arg(short, long, value_name = "PATH")]
    out: Option<PathBuf>,
    /// The package standard.
    #[arg(long, value_enum, default_value_t = FormatArg::Scorm12)]
    format: FormatArg,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// SCORM 1.2 (imsmanifest.xml, one SCO)
    Scorm12,
}

impl From<FormatArg> for Format {
    fn from(arg: FormatArg) -> Format {
        match arg {
            FormatArg::Scorm12 => Format::Scorm12,
        }
    }
}

pub(super) fn run(args: BuildArgs) -> Outcome {
    let started = Instant::now();
    let options = BuildOptions {
        course_dir: args.course_dir,
        format: args.format.into(),
        out: args.out,
    };
    match crate::build(&options) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            if !args.quiet {
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

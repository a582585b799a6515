//! `scormpack build`: course folder → package zip, with a one-line summary.

use super::Outcome;
use crate::package::Format;
use crate::{BuildError, BuildOptions};
use clap::{Args, ValueEnum};
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
                println!("{}", report.out.display());
                println!(
                    "  {} · {} files · {} bytes · {} ms",
                    options.format.name(),
                    report.archive.files,
                    report.archive.bytes,
                    started.elapsed().as_millis()
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

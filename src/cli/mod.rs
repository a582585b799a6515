//! The command line: parses arguments with clap, runs a subcommand, prints its outcome, and
//! decides the exit code in one place (0 success, 1 content or package errors, 2 usage, 130
//! interrupted).

mod build;
mod check;
mod completions;
mod help;
mod i18n;
mod new;
mod preview;
mod send;

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  scormpack new my-course                  Start a course in ./my-course
  scormpack build                          Package the course here (or ./content) into dist/
  scormpack build my-course -o out.zip     Package another course folder into out.zip
  scormpack build --quiet                  Print nothing but errors (for CI)
  scormpack build --format xapi            A Tin Can (xAPI) package instead
  scormpack check course.zip --lms moodle  Find what breaks in an LMS before uploading
  scormpack preview                        See the course in a simulated LMS; saving reloads it
  scormpack send --results done.csv        Report completions to an LRS (see `send --help`)
  scormpack i18n export --to fr -o fr.xlf  The course's texts for a translator (XLIFF 2.0)
  scormpack completions bash               Tab completion for bash, zsh or fish
  scormpack help authoring                 The guide to writing a course (also: check, preview, xapi)

Exit codes: 0 success, 1 errors in the course or while writing, 2 wrong usage.";

#[derive(Debug, Parser)]
#[command(name = "scormpack", version, about = "Build SCORM and xAPI packages from plain-text course sources, and report completions to an LRS", after_help = EXAMPLES, disable_help_subcommand = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Package a course folder into a zip an LMS can import.
    #[command(after_help = build::EXAMPLES)]
    Build(build::BuildArgs),
    /// Check a course folder or any SCORM zip for mistakes that break in an LMS.
    #[command(after_help = check::EXAMPLES)]
    Check(check::CheckArgs),
    /// Start a new course: a small, complete starter course in a new folder.
    #[command(after_help = new::EXAMPLES)]
    New(new::NewArgs),
    /// Report completions to an LRS as xAPI statements, each exactly once.
    #[command(after_help = send::EXAMPLES)]
    Send(send::SendArgs),
    /// Serve a course on 127.0.0.1 in a simulated SCORM 1.2, SCORM 2004 or cmi5 LMS that logs every call.
    #[command(after_help = preview::EXAMPLES)]
    Preview(preview::PreviewArgs),
    /// Translate a course: its texts out to an XLIFF 2.0 file, and the translation back in.
    #[command(after_help = i18n::EXAMPLES)]
    I18n(i18n::I18nArgs),
    /// Print the shell completion script for bash, zsh or fish.
    #[command(after_help = completions::EXAMPLES)]
    Completions(completions::CompletionsArgs),
    /// Print the help of a command, or a guide: how to write a course, check, preview, xAPI.
    #[command(after_help = help::EXAMPLES)]
    Help(help::HelpArgs),
}

/// What a run ended with; mapped to the process exit code here and nowhere else.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Success,
    /// Errors in the user's files or while writing the package.
    Failed,
    /// Arguments that contradict each other, found after clap parsed them.
    Usage,
    /// Ended by SIGINT or SIGTERM before the work was done (130, as a shell reports a process
    /// that Ctrl-C ended).
    Interrupted,
}

impl Outcome {
    fn code(self) -> u8 {
        match self {
            Outcome::Success => 0,
            Outcome::Failed => 1,
            Outcome::Usage => 2,
            Outcome::Interrupted => 130,
        }
    }
}

/// Runs `stop` when the process is interrupted (SIGINT: Ctrl-C) or asked to end (SIGTERM,
/// SIGHUP), then ends it with the exit code of the outcome `stop` returns. `stop` runs on a
/// thread of its own while the command's threads go on, so it must leave the disk as the
/// command promises whatever they are doing.
pub(crate) fn on_interrupt(stop: impl Fn() -> Outcome + Send + 'static) {
    // Fails only when a handler is set already: each command sets one.
    let _ = ctrlc::set_handler(move || {
        let code = stop().code();
        std::process::exit(i32::from(code));
    });
}

pub fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Check(args) => check::run(args),
        Command::New(args) => new::run(args),
        Command::Send(args) => send::run(args),
        Command::Preview(args) => preview::run(args),
        Command::I18n(args) => i18n::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Help(args) => help::run(args),
    };
    ExitCode::from(outcome.code())
}

/// The course folder a command works on when none is named: the current folder when it holds
/// `course.toml` (as cargo, hugo and mdbook work where they are run), else `content`.
pub(crate) fn course_dir(named: Option<PathBuf>) -> PathBuf {
    named.unwrap_or_else(|| {
        if Path::new("course.toml").is_file() {
            PathBuf::from(".")
        } else {
            PathBuf::from("content")
        }
    })
}

/// Whether to colour output for a stream: only on a terminal, and never when `NO_COLOR` is set
/// (to anything non-empty, as no-color.org asks).
pub(crate) fn color(is_terminal: bool) -> bool {
    is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

//! The command line: parses arguments with clap, runs a subcommand, prints its outcome, and
//! decides the exit code in one place (0 success, 1 content or package errors, 2 usage).

mod build;
mod send;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  scormpack build                       Package ./content into dist/<id>-<version>-scorm12.zip
  scormpack build my-course -o out.zip  Package another course folder into out.zip
  scormpack build --quiet               Print nothing but errors (for CI)
  scormpack build --format xapi         A Tin Can (xAPI) package instead
  scormpack send --results done.csv     Report completions to an LRS (see `send --help`)

Exit codes: 0 success, 1 errors in the course or while writing, 2 wrong usage.";

#[derive(Debug, Parser)]
#[command(name = "scormpack", version, about = "Build SCORM and xAPI packages from plain-text course sources, and report completions to an LRS", after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Package a course folder into a zip an LMS can import.
    #[command(after_help = build::EXAMPLES)]
    Build(build::BuildArgs),
    /// Report completions to an LRS as xAPI statements, each exactly once.
    #[command(after_help = send::EXAMPLES)]
    Send(send::SendArgs),
}

/// What a run ended with; mapped to the process exit code here and nowhere else.
pub enum Outcome {
    Success,
    /// Errors in the user's files or while writing the package.
    Failed,
    /// Arguments that contradict each other, found after clap parsed them.
    Usage,
}

pub fn main() -> ExitCode {
    // clap exits with 2 on usage errors and 0 for --help/--version.
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Build(args) => build::run(args),
        Command::Send(args) => send::run(args),
    };
    match outcome {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Failed => ExitCode::from(1),
        Outcome::Usage => ExitCode::from(2),
    }
}

//! `scormpack send`: arguments and the environment → [`lrs::SendOptions`] → [`lrs::send`],
//! with a progress bar and a final summary. Credentials come from the environment or a file,
//! never from the command line; the library redacts them from everything it reports.

use super::Outcome;
use crate::diag::Diagnostic;
use crate::lrs::{self, CredentialSource, Credentials, Failure, Input, Observer, SendOptions};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(super) const EXAMPLES: &str = "\
Examples:
  export SCORMPACK_LRS_ENDPOINT=https://lrs.example.com/xapi/
  export SCORMPACK_LRS_USERNAME=key SCORMPACK_LRS_PASSWORD=secret
  scormpack send --results completions.csv                 course from ./content
  scormpack send --results export.csv --course dist/ops-integration-1.0.0-xapi.zip
  scormpack send --statements statements.json --credentials-file lrs.toml
  scormpack send --results completions.csv --dry-run       print the statements, send nothing

Run the same command again after a crash or an unreachable LRS: the spool (--spool) keeps what
was confirmed, and once everything is stored the same command sends nothing. Each statement's id
is made from the fact it reports (docs/xapi.md), so a grown export, a deleted spool or another
machine sends the same ids, and the LRS ends with each statement exactly once.

Exit codes: 0 every statement is stored; 1 errors in the input or the course (nothing was
sent), or not everything stored; 2 wrong usage: no or bad endpoint, no credentials or an
unusable credentials file, a bad option.";

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["results", "statements", "clean"])))]
pub(super) struct SendArgs {
    /// A completion report (CSV) as LMSs export it; docs/xapi.md lists the columns.
    #[arg(long, value_name = "FILE.csv")]
    results: Option<PathBuf>,
    /// Ready xAPI statements: a JSON array (or one statement), checked before sending.
    #[arg(long, value_name = "FILE.json")]
    statements: Option<PathBuf>,
    /// The course folder or a built xAPI zip; gives the course's activity id for --results.
    #[arg(long, value_name = "PATH", default_value = "content")]
    course: PathBuf,
    /// The LRS's xAPI endpoint [env: SCORMPACK_LRS_ENDPOINT].
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// A TOML file with `username` and `password`, instead of SCORMPACK_LRS_USERNAME and
    /// SCORMPACK_LRS_PASSWORD.
    #[arg(long, value_name = "FILE")]
    credentials_file: Option<PathBuf>,
    /// The home page of the system that issued the account ids of an `account id` column.
    #[arg(long, value_name = "URL")]
    account_home_page: Option<String>,
    /// Statements per request.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..=1000))]
    batch_size: u32,
    /// Where statements wait, with their ids, until the LRS has stored them.
    #[arg(long, value_name = "DIR", default_value = ".scormpack/spool")]
    spool: PathBuf,
    /// Requests per batch before giving up (the statements stay in the spool).
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=100))]
    max_attempts: u32,
    /// Seconds before one request times out.
    #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    /// The field delimiter of --results: `,` `;` or `tab` (detected from the header row when
    /// not given).
    #[arg(long, value_name = "CHAR", value_parser = parse_delimiter)]
    delimiter: Option<u8>,
    /// Allow Basic auth over plain http:// to a host other than this machine (the password
    /// crosses the network readable).
    #[arg(long)]
    allow_insecure: bool,
    /// Print the statements as JSON and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Delete the spools whose statements are all stored (a run prunes them after 30 days),
    /// and send nothing.
    #[arg(long)]
    clean: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

impl SendArgs {
    fn options(&self) -> SendOptions {
        let input = match (&self.results, &self.statements) {
            (Some(file), _) => Input::Results {
                file: file.clone(),
                course: self.course.clone(),
                account_home_page: self.account_home_page.clone(),
                delimiter: self.delimiter,
            },
            (None, Some(file)) => Input::Statements { file: file.clone() },
            (None, None) => Input::Statements {
                file: PathBuf::new(),
            },
        };
        let credentials = match &self.credentials_file {
            Some(file) => CredentialSource::File(file.clone()),
            None => match (
                std::env::var("SCORMPACK_LRS_USERNAME"),
                std::env::var("SCORMPACK_LRS_PASSWORD"),
            ) {
                (Ok(username), Ok(password)) => {
                    CredentialSource::Given(Credentials { username, password })
                }
                _ => CredentialSource::None,
            },
        };
        SendOptions {
            input,
            endpoint: self
                .endpoint
                .clone()
                .or_else(|| std::env::var("SCORMPACK_LRS_ENDPOINT").ok()),
            credentials,
            spool: self.spool.clone(),
            batch_size: self.batch_size as usize,
            max_attempts: self.max_attempts,
            timeout: Duration::from_secs(self.timeout),
            allow_insecure: self.allow_insecure,
        }
    }
}

/// `,`, `;`, a tab (or the word `tab`, easier to type) or another single ASCII character.
fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "tab" | "\\t" => Ok(b'\t'),
        _ if text.len() == 1 && text.is_ascii() && text != "\"" => Ok(text.as_bytes()[0]),
        _ => Err("give one character such as `,` or `;`, or `tab`".into()),
    }
}

pub(super) fn run(args: SendArgs) -> Outcome {
    if args.clean {
        return match lrs::clean(&args.spool) {
            Ok(pruned) => {
                if !args.quiet {
                    println!(
                        "removed {} spool(s) whose statements are all stored; {} with statements not yet stored kept",
                        pruned.removed, pruned.pending
                    );
                }
                Outcome::Success
            }
            Err(failure) => print_failure(failure),
        };
    }
    let options = args.options();
    if args.dry_run {
        // Stdout is line-buffered: without a buffer, every line of pretty JSON is a syscall.
        let mut stdout = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
        return match lrs::dry_run(&options, &mut stdout) {
            Ok(count) => {
                if !args.quiet {
                    eprintln!("dry run: {count} statement(s), nothing sent");
                }
                Outcome::Success
            }
            Err(failure) => print_failure(failure),
        };
    }
    let mut progress = Progress {
        bar: None,
        quiet: args.quiet,
    };
    let report = match lrs::send(&options, &mut progress) {
        Ok(report) => report,
        Err(failure) => return print_failure(failure),
    };
    if let Some(bar) = &progress.bar {
        bar.finish_and_clear();
    }
    if !args.quiet || !report.complete() {
        let mut line = format!(
            "sent {}, already stored {}, failed {}",
            report.sent, report.already, report.failed
        );
        if report.earlier > 0 {
            line.push_str(&format!(" ({} stored by an earlier run)", report.earlier));
        }
        if report.skipped > 0 {
            line.push_str(&format!("; {} unfinished row(s) skipped", report.skipped));
        }
        if report.repeated > 0 {
            line.push_str(&format!(
                "; {} repeated row(s) or statement(s) passed over",
                report.repeated
            ));
        }
        println!("{line}");
    }
    match &report.problem {
        None => Outcome::Success,
        Some(problem) => {
            eprintln!("{problem}");
            if report.retry_helps {
                eprintln!(
                    "  the {} statement(s) not stored stay in {}; run the same command again to send them",
                    report.failed,
                    report.spool.display()
                );
            }
            Outcome::Failed
        }
    }
}

fn print_failure(failure: Failure) -> Outcome {
    match failure {
        Failure::Usage(diagnostic) => {
            eprintln!("{diagnostic}");
            Outcome::Usage
        }
        Failure::Input { file, diagnostics } => {
            print_all(&diagnostics);
            let errors = diagnostics
                .iter()
                .filter(|d| d.severity == crate::diag::Severity::Error)
                .count();
            eprintln!(
                "error: {} has {errors} error(s); nothing was sent",
                display(&file)
            );
            Outcome::Failed
        }
        Failure::Error(diagnostic) => {
            eprintln!("{diagnostic}");
            Outcome::Failed
        }
    }
}

fn print_all(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}

fn display(path: &Path) -> String {
    path.display().to_string()
}

/// The progress bar, on a terminal only.
struct Progress {
    bar: Option<ProgressBar>,
    quiet: bool,
}

impl Observer for Progress {
    fn resumed(&mut self, spool: &Path, delivered: usize, total: usize) {
        if !self.quiet {
            eprintln!(
                "resuming {}: {delivered} of {total} statement(s) confirmed by an earlier run",
                spool.display()
            );
        }
    }

    fn sending(&mut self, pending: usize) {
        if self.quiet || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(pending as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} statements · {elapsed}")
                .expect("the template is valid"),
        );
        self.bar = Some(bar);
    }

    fn settled(&mut self, n: usize) {
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
    }
}

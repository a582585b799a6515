//! `scormpack send`: a results CSV or statements JSON → statements in the spool → the LRS, with
//! a progress bar and a final summary. Credentials come from the environment or a file, never
//! from the command line, and every line printed is redacted of them.

use super::Outcome;
use crate::lrs::client::{Credentials, Lrs, RetryPolicy, SendError};
use crate::lrs::input::{self, Entry};
use crate::lrs::spool::{self, Spool};
use crate::lrs::{course, statement};
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

Run the same command again after a crash or an unreachable LRS: the spool (--spool) keeps the
statement ids, so the LRS ends with each statement exactly once. Once everything is stored, the
same command sends nothing; delete the spool folder to send the same file again on purpose.
Exit codes: 0 every statement is stored, 1 bad input or not everything stored, 2 wrong usage.";

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("input").required(true).args(["results", "statements"])))]
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
    /// Print the statements as JSON and send nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// Replaces every secret in a line before it is printed.
struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    fn redact(&self, line: &str) -> String {
        let mut line = line.to_string();
        for secret in &self.secrets {
            if !secret.is_empty() {
                line = line.replace(secret.as_str(), "[redacted]");
            }
        }
        line
    }

    fn error(&self, line: &str) {
        eprintln!("{}", self.redact(line));
    }
}

pub(super) fn run(args: SendArgs) -> Outcome {
    let credentials = match credentials(&args) {
        Ok(credentials) => credentials,
        Err(message) => {
            eprintln!("error: {message}");
            return Outcome::Usage;
        }
    };
    let redactor = Redactor {
        secrets: credentials
            .as_ref()
            .map(|c| {
                let header = c.header();
                let encoded = header.trim_start_matches("Basic ").to_string();
                vec![header, encoded, c.password.clone()]
            })
            .unwrap_or_default(),
    };
    match send(&args, credentials.as_ref(), &redactor) {
        Ok(outcome) => outcome,
        Err(message) => {
            redactor.error(&message);
            Outcome::Failed
        }
    }
}

fn credentials(args: &SendArgs) -> Result<Option<Credentials>, String> {
    if let Some(path) = &args.credentials_file {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            username: String,
            password: String,
        }
        let text = std::fs::read_to_string(path)
            .map_err(|err| format!("cannot read {}: {err}", path.display()))?;
        // The file's text is never shown: a TOML error would quote the line with the password.
        let file: File = toml::from_str(&text).map_err(|_| {
            format!(
                "{} must hold `username = \"…\"` and `password = \"…\"` (TOML) and nothing else",
                path.display()
            )
        })?;
        return Ok(Some(Credentials {
            username: file.username,
            password: file.password,
        }));
    }
    let username = std::env::var("SCORMPACK_LRS_USERNAME").ok();
    let password = std::env::var("SCORMPACK_LRS_PASSWORD").ok();
    match (username, password) {
        (Some(username), Some(password)) => Ok(Some(Credentials { username, password })),
        _ if args.dry_run => Ok(None),
        _ => Err("no LRS credentials: set SCORMPACK_LRS_USERNAME and SCORMPACK_LRS_PASSWORD, or pass --credentials-file FILE".into()),
    }
}

/// The endpoint as an absolute http(s) URL ending in `/`.
fn endpoint(args: &SendArgs) -> Result<String, String> {
    let endpoint = args
        .endpoint
        .clone()
        .or_else(|| std::env::var("SCORMPACK_LRS_ENDPOINT").ok())
        .ok_or("no LRS endpoint: pass --endpoint URL or set SCORMPACK_LRS_ENDPOINT")?;
    let rest = endpoint
        .strip_prefix("https://")
        .or_else(|| endpoint.strip_prefix("http://"))
        .ok_or_else(|| format!("the endpoint `{endpoint}` is not an http:// or https:// URL"))?;
    let authority = rest.split('/').next().unwrap_or_default();
    if authority.contains('@') {
        return Err("the endpoint must not carry credentials: set SCORMPACK_LRS_USERNAME and SCORMPACK_LRS_PASSWORD, or pass --credentials-file".into());
    }
    if authority.is_empty() || endpoint.contains(['?', '#']) {
        return Err(format!(
            "the endpoint `{endpoint}` is not a base URL such as https://lrs.example.com/xapi/"
        ));
    }
    Ok(if endpoint.ends_with('/') {
        endpoint
    } else {
        format!("{endpoint}/")
    })
}

fn read_input(args: &SendArgs) -> Result<(Vec<u8>, String, Vec<Entry>, usize), String> {
    let print_errors = |errors: Vec<input::InputError>, file: &Path| {
        for error in &errors {
            eprintln!("error: {error}");
        }
        format!(
            "error: {} has {} error(s); nothing was sent",
            file.display(),
            errors.len()
        )
    };
    if let Some(file) = &args.statements {
        let bytes = std::fs::read(file)
            .map_err(|err| format!("error: cannot read {}: {err}", file.display()))?;
        let text = String::from_utf8(bytes.clone())
            .map_err(|_| format!("error: {} is not UTF-8 text", file.display()))?;
        let entries = input::read_statements(file, &text).map_err(|e| print_errors(e, file))?;
        return Ok((bytes, String::new(), entries, 0));
    }
    let file = args
        .results
        .as_ref()
        .expect("clap requires --results or --statements");
    let course = course::load(&args.course).map_err(|err| match err {
        course::CourseError::Content(diags) => {
            for diag in &diags {
                eprintln!("{diag}");
            }
            format!(
                "error: cannot read the course {}; nothing was sent",
                args.course.display()
            )
        }
        other => format!("error: {other}"),
    })?;
    if let Some(home) = &args.account_home_page {
        if !crate::parse::is_absolute_iri(home) {
            return Err(format!("error: --account-home-page `{home}` is not a URL"));
        }
    }
    let bytes = std::fs::read(file)
        .map_err(|err| format!("error: cannot read {}: {err}", file.display()))?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| {
        format!(
            "error: {} is not UTF-8 text (export the CSV as UTF-8)",
            file.display()
        )
    })?;
    let results = input::read_results(file, &text, &course, args.account_home_page.as_deref())
        .map_err(|e| print_errors(e, file))?;
    Ok((bytes, course.id, results.entries, results.skipped))
}

fn send(
    args: &SendArgs,
    credentials: Option<&Credentials>,
    redactor: &Redactor,
) -> Result<Outcome, String> {
    let (bytes, activity_id, entries, skipped) = read_input(args)?;
    if args.dry_run {
        let statements: Vec<&serde_json::Value> = entries.iter().map(|e| &e.statement).collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&statements).expect("JSON values always serialise")
        );
        if !args.quiet {
            eprintln!("dry run: {} statement(s), nothing sent", entries.len());
        }
        return Ok(Outcome::Success);
    }
    // Every statement is checked before the spool takes it; `send` itself must never produce
    // an invalid one.
    for entry in &entries {
        if let Err(invalid) = statement::validate(&entry.statement) {
            return Err(format!(
                "error: internal: the statement for line {} is invalid: {invalid}",
                entry.line
            ));
        }
    }
    let endpoint = endpoint(args).map_err(|m| format!("error: {m}"))?;
    let credentials = credentials.expect("credentials are required unless --dry-run");
    let key = spool::key(&bytes, &activity_id, &endpoint);
    let mut spool =
        Spool::open_or_create(&args.spool, &key, entries).map_err(|e| format!("error: {e}"))?;
    if spool.resumed && !args.quiet {
        eprintln!(
            "resuming {}: {} of {} statement(s) confirmed by an earlier run",
            spool.path().display(),
            spool.delivered_count(),
            spool.len()
        );
    }
    let policy = RetryPolicy {
        max_attempts: args.max_attempts,
        base: Duration::from_millis(250),
        cap: Duration::from_secs(30),
        timeout: Duration::from_secs(args.timeout),
    };
    let lrs = Lrs::new(&endpoint, credentials, policy).map_err(|e| format!("error: {e}"))?;
    let pending = spool.pending().len();
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::with_draw_target(Some(pending as u64), ProgressDrawTarget::stderr());
        bar.set_style(
            ProgressStyle::with_template("{bar:40} {pos}/{len} statements · {elapsed}")
                .expect("the template is valid"),
        );
        bar
    };
    let (summary, error) = lrs.deliver(&mut spool, args.batch_size as usize, &mut |n| {
        bar.inc(n as u64)
    });
    bar.finish_and_clear();
    let earlier = spool.delivered_count() - summary.sent - summary.already;
    if !args.quiet || error.is_some() {
        let mut line = format!(
            "sent {}, already stored {}, failed {}",
            summary.sent, summary.already, summary.failed
        );
        if earlier > 0 {
            line.push_str(&format!(" ({earlier} stored by an earlier run)"));
        }
        if skipped > 0 {
            line.push_str(&format!("; {skipped} unfinished row(s) skipped"));
        }
        println!("{}", redactor.redact(&line));
    }
    match error {
        None => Ok(Outcome::Success),
        Some(err) => {
            redactor.error(&format!("error: {err}"));
            match err {
                SendError::Rejected { .. } | SendError::IdTaken { .. } => {}
                _ => redactor.error(&format!(
                    "  the {} statement(s) not stored stay in {}; run the same command again to send them",
                    summary.failed,
                    spool.path().display()
                )),
            }
            Ok(Outcome::Failed)
        }
    }
}

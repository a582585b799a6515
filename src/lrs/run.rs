//! One run of `send`: [`SendOptions`] → the input read and checked → the spool → the LRS → a
//! [`Report`]. Everything `scormpack send` decides lives here — which options are usage
//! errors, the retry policy, the spool key, the checks — so the CLI only parses arguments and
//! prints.
//!
//! The exit-code contract the CLI maps these to: a [`Failure::Usage`] (no or bad endpoint, no
//! or bad credentials, a bad option value) is wrong usage, exit 2; a [`Failure::Input`] (the
//! input or the course has errors; nothing was sent) and a report with a problem (not
//! everything stored) exit 1.

use super::client::{Credentials, Lrs, RetryPolicy, SendError, Summary};
use super::course::{self, CourseError};
use super::input::{self, Counts, Entry, ResultsOptions};
use super::spool::{self, Spool};
use super::statement::{validate, CourseActivity};
use crate::diag::{Diagnostic, Diagnostics};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Everything one `send` needs. The CLI fills it from arguments and the environment.
#[derive(Debug, Clone)]
pub struct SendOptions {
    pub input: Input,
    /// The LRS's xAPI endpoint as given; checked here. Not needed for a dry run.
    pub endpoint: Option<String>,
    pub credentials: CredentialSource,
    /// The folder where statements wait, with their ids, until the LRS has stored them.
    pub spool: PathBuf,
    /// Statements per request.
    pub batch_size: usize,
    /// Requests per batch before giving up (the statements stay in the spool).
    pub max_attempts: u32,
    /// The timeout of one request.
    pub timeout: Duration,
    /// Allow Basic auth over plain `http://` to a host other than this machine.
    pub allow_insecure: bool,
}

/// What to send.
#[derive(Debug, Clone)]
pub enum Input {
    /// A results CSV about the course in `course` (a folder or a built xAPI zip).
    Results {
        file: PathBuf,
        course: PathBuf,
        /// The `homePage` of learners named by account id.
        account_home_page: Option<String>,
        /// The field delimiter; `None` detects it.
        delimiter: Option<u8>,
    },
    /// Ready statements (JSON).
    Statements { file: PathBuf },
}

impl Input {
    pub fn file(&self) -> &Path {
        match self {
            Input::Results { file, .. } | Input::Statements { file } => file,
        }
    }
}

/// Where the HTTP Basic credentials come from.
#[derive(Debug, Clone)]
pub enum CredentialSource {
    /// None given (enough for a dry run).
    None,
    /// Given directly (the CLI takes them from the environment).
    Given(Credentials),
    /// A TOML file with `username` and `password`.
    File(PathBuf),
}

/// Why a run sent nothing.
#[derive(Debug)]
pub enum Failure {
    /// Wrong usage: the endpoint, the credentials or an option value (exit 2).
    Usage(Diagnostic),
    /// The input file (or the course) has errors; every one is here (exit 1).
    Input {
        file: PathBuf,
        diagnostics: Vec<Diagnostic>,
    },
    /// Something else stopped the run before the first request: the spool, the course zip
    /// (exit 1).
    Error(Diagnostic),
}

/// What a run achieved.
#[derive(Debug)]
pub struct Report {
    /// Stored by this run.
    pub sent: usize,
    /// Found stored already (an earlier answer was lost, or a 409 for a known id).
    pub already: usize,
    /// Not stored when the run ended.
    pub failed: usize,
    /// Confirmed by earlier runs of the same spool.
    pub earlier: usize,
    /// Rows skipped as unfinished (`incomplete`, `not attempted`).
    pub skipped: usize,
    /// Rows or statements passed over because they repeat an earlier one (the same fact).
    pub repeated: usize,
    /// The spool's statements file.
    pub spool: PathBuf,
    /// Why the run stopped before everything was stored.
    pub problem: Option<Diagnostic>,
    /// Whether running the same command again can store what was not (the LRS was down or
    /// slow), as opposed to a rejection that needs a fix first.
    pub retry_helps: bool,
}

impl Report {
    /// Whether every statement is stored.
    pub fn complete(&self) -> bool {
        self.problem.is_none()
    }
}

/// What a run tells while it works (the CLI draws a progress bar from it).
pub trait Observer {
    /// An earlier run left this spool; `delivered` of `total` are confirmed.
    fn resumed(&mut self, _spool: &Path, _delivered: usize, _total: usize) {}
    /// `pending` statements are about to be sent.
    fn sending(&mut self, _pending: usize) {}
    /// `n` more statements are settled.
    fn settled(&mut self, _n: usize) {}
}

/// The observer that hears nothing.
pub struct Quiet;
impl Observer for Quiet {}

/// Reads, checks, spools and sends. See the module documentation for what each outcome means.
pub fn send(options: &SendOptions, observer: &mut dyn Observer) -> Result<Report, Failure> {
    let endpoint = endpoint(options.endpoint.as_deref())?;
    let credentials = credentials(&options.credentials)?;
    if !options.allow_insecure {
        refuse_plain_http(&endpoint)?;
    }
    let lrs = Lrs::new(&endpoint, &credentials, retry_policy(options))
        .map_err(|err| Failure::Usage(send_error(&err)))?;
    let redactor = Redactor::new(&credentials, &lrs);
    let course = course_activity(&options.input)?;
    // First pass: every problem of the input, before anything is spooled or sent. `send`
    // itself must never produce an invalid statement (the LRS would reject it mid-run), so its
    // own are checked too.
    let mut internal = None;
    let read = read_input(options, course.as_ref(), &mut |entry| {
        if internal.is_none() {
            if let Some(invalid) = validate(&entry.statement).into_iter().next() {
                internal = Some(Diagnostic::error(
                    "send/internal",
                    format!(
                        "internal: the statement for line {} is invalid: {invalid}",
                        entry.line
                    ),
                ));
            }
        }
    })?;
    if let Some(internal) = internal {
        return Err(Failure::Error(internal));
    }
    let key = spool::key(
        &read.digest,
        course.as_ref().map_or("", |c| c.id.as_str()),
        &endpoint,
    );
    let spool_error =
        |err: spool::SpoolError| Failure::Error(Diagnostic::error("send/spool", err.to_string()));
    spool::prune(&options.spool, spool::KEEP_DELIVERED).map_err(spool_error)?;
    let mut spool = match Spool::open(&options.spool, &key).map_err(spool_error)? {
        Some(spool) => spool,
        None => {
            // Second pass: the same input into the spool, a statement at a time.
            let mut writer = Spool::create(&options.spool).map_err(spool_error)?;
            let mut failed = None;
            let again = read_input(options, course.as_ref(), &mut |entry| {
                if failed.is_none() {
                    failed = writer.push(entry).err();
                }
            })?;
            if let Some(err) = failed {
                return Err(spool_error(err));
            }
            if again.digest != read.digest {
                return Err(Failure::Error(Diagnostic::error(
                    "send/input-changed",
                    format!(
                        "{} changed while it was read; nothing was sent",
                        options.input.file().display()
                    ),
                )));
            }
            writer.commit(&key).map_err(spool_error)?
        }
    };
    if spool.resumed {
        observer.resumed(spool.path(), spool.delivered_count(), spool.len());
    }
    observer.sending(spool.pending_count());
    let (summary, error) =
        lrs.deliver(&mut spool, options.batch_size, &mut |n| observer.settled(n));
    let Summary {
        sent,
        already,
        failed,
    } = summary;
    let error = match error {
        None => spool.finish().err().map(SendError::Spool),
        some => some,
    };
    let retry_helps = !matches!(
        error,
        Some(SendError::Rejected { .. } | SendError::IdTaken { .. } | SendError::Redirected { .. })
    );
    Ok(Report {
        sent,
        already,
        failed,
        earlier: spool.delivered_count() - sent - already,
        skipped: read.counts.skipped,
        repeated: read.counts.repeated,
        spool: spool.path().to_path_buf(),
        problem: error.map(|err| redactor.diagnostic(send_error(&err))),
        retry_helps,
    })
}

/// Reads and checks the input like [`send`], and writes the statements to `out` as a JSON
/// array instead of sending them. Needs no endpoint and no credentials. Returns how many
/// statements there were.
pub fn dry_run(options: &SendOptions, out: &mut dyn Write) -> Result<usize, Failure> {
    if let Some(given) = options.endpoint.as_deref() {
        endpoint(Some(given))?;
    }
    let course = course_activity(&options.input)?;
    let mut count = 0;
    let mut failed = None;
    let write = |out: &mut dyn Write, entry: &Entry, first: bool| -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        serde_json::to_writer_pretty(&mut *out, &entry.statement)?;
        Ok(())
    };
    let output_error = |err: io::Error| {
        Failure::Error(Diagnostic::error(
            "send/output",
            format!("cannot write the statements: {err}"),
        ))
    };
    out.write_all(b"[").map_err(output_error)?;
    read_input(options, course.as_ref(), &mut |entry| {
        if failed.is_none() {
            failed = write(out, &entry, count == 0).err();
            count += 1;
        }
    })?;
    if let Some(err) = failed {
        return Err(output_error(err));
    }
    out.write_all(b"\n]\n")
        .and_then(|()| out.flush())
        .map_err(output_error)?;
    Ok(count)
}

/// Deletes every spool in `dir` whose statements are all stored (`send --clean`); spools with
/// statements not yet stored stay.
pub fn clean(dir: &Path) -> Result<spool::Pruned, Failure> {
    spool::prune(dir, Duration::ZERO)
        .map_err(|err| Failure::Error(Diagnostic::error("send/spool", err.to_string())))
}

/// Refuses Basic auth over plain http to anything but this machine: the password would cross
/// the network readable by anyone on the way.
fn refuse_plain_http(endpoint: &str) -> Result<(), Failure> {
    let Ok(url) = reqwest::Url::parse(endpoint) else {
        return Ok(());
    };
    let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
    let ip = host.trim_start_matches('[').trim_end_matches(']');
    let loopback = match ip.parse::<std::net::IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host == "localhost" || host.ends_with(".localhost"),
    };
    if url.scheme() == "http" && !loopback {
        return Err(Failure::Usage(
            Diagnostic::error(
                "send/insecure-endpoint",
                format!(
                    "the endpoint {endpoint} is plain http:// to another host: the credentials would cross the network readable by anyone on the way"
                ),
            )
            .help("use the LRS's https:// address, or pass --allow-insecure on a network you trust"),
        ));
    }
    Ok(())
}

fn retry_policy(options: &SendOptions) -> RetryPolicy {
    RetryPolicy {
        max_attempts: options.max_attempts,
        base: Duration::from_millis(250),
        cap: Duration::from_secs(30),
        timeout: options.timeout,
    }
}

/// What one reading of the input found besides its statements.
struct InputRead {
    counts: Counts,
    /// A digest of the input's bytes, for the spool key.
    digest: [u8; 20],
}

/// The course a results file reports on (none for ready statements), and the check of
/// `--account-home-page`.
fn course_activity(input: &Input) -> Result<Option<CourseActivity>, Failure> {
    let Input::Results {
        course,
        account_home_page,
        ..
    } = input
    else {
        return Ok(None);
    };
    if let Some(home) = account_home_page {
        if !crate::model::is_absolute_iri(home) {
            return Err(Failure::Usage(
                Diagnostic::error(
                    "send/bad-account-home-page",
                    format!("--account-home-page `{home}` is not a URL"),
                )
                .help("pass the home page of the system that issued the ids, e.g. https://lms.example.com"),
            ));
        }
    }
    course::load(course).map(Some).map_err(|err| match err {
        CourseError::Content(diagnostics) => Failure::Input {
            file: course.to_path_buf(),
            diagnostics,
        },
        other => Failure::Error(Diagnostic::error("send/course", other.to_string())),
    })
}

/// Reads the whole input once, streaming, handing each statement to `on_entry`; every problem
/// of the input is a [`Failure::Input`] at the end.
fn read_input(
    options: &SendOptions,
    course: Option<&CourseActivity>,
    on_entry: &mut dyn FnMut(Entry),
) -> Result<InputRead, Failure> {
    let file = options.input.file();
    let mut diagnostics = Diagnostics::default();
    let opened = std::fs::File::open(file).map_err(|err| Failure::Input {
        file: file.to_path_buf(),
        diagnostics: vec![Diagnostic::error(
            "send/unreadable-input",
            format!("cannot read {}: {err}", file.display()),
        )],
    })?;
    let mut reader = Hashing::new(opened);
    let counts = match (&options.input, course) {
        (
            Input::Results {
                account_home_page,
                delimiter,
                ..
            },
            Some(course),
        ) => {
            let options = ResultsOptions {
                course,
                account_home_page: account_home_page.as_deref(),
                delimiter: *delimiter,
            };
            input::read_results(file, &mut reader, &options, &mut diagnostics, on_entry)
        }
        _ => input::read_statements(file, &mut reader, &mut diagnostics, on_entry),
    };
    if diagnostics.has_errors() {
        return Err(Failure::Input {
            file: file.to_path_buf(),
            diagnostics: diagnostics.into_vec(),
        });
    }
    Ok(InputRead {
        counts,
        digest: reader.digest(),
    })
}

/// The endpoint as an absolute http(s) URL ending in `/`, or why it is not one. A missing or
/// bad endpoint is wrong usage, found before anything is read or spooled.
pub fn endpoint(given: Option<&str>) -> Result<String, Failure> {
    let usage =
        |message: String| {
            Failure::Usage(Diagnostic::error("send/bad-endpoint", message).help(
                "pass the LRS's xAPI base URL, e.g. --endpoint https://lrs.example.com/xapi/",
            ))
        };
    let Some(given) = given else {
        return Err(Failure::Usage(
            Diagnostic::error("send/no-endpoint", "no LRS endpoint")
                .help("pass --endpoint URL or set SCORMPACK_LRS_ENDPOINT"),
        ));
    };
    let url = reqwest::Url::parse(given)
        .map_err(|err| usage(format!("the endpoint `{given}` is not a URL: {err}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(usage(format!(
            "the endpoint `{given}` is not an http:// or https:// URL"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Failure::Usage(
            Diagnostic::error(
                "send/bad-endpoint",
                "the endpoint must not carry credentials",
            )
            .help(
                "set SCORMPACK_LRS_USERNAME and SCORMPACK_LRS_PASSWORD, or pass --credentials-file",
            ),
        ));
    }
    if url.host_str().is_none_or(str::is_empty) || url.query().is_some() || url.fragment().is_some()
    {
        return Err(usage(format!(
            "the endpoint `{given}` is not a base URL such as https://lrs.example.com/xapi/"
        )));
    }
    let mut endpoint = url.to_string();
    if !endpoint.ends_with('/') {
        endpoint.push('/');
    }
    Ok(endpoint)
}

/// The credentials, or why there are none. Missing credentials and an unusable credentials
/// file are wrong usage.
fn credentials(source: &CredentialSource) -> Result<Credentials, Failure> {
    let usage = |code, message: String, help: &str| {
        Failure::Usage(Diagnostic::error(code, message).help(help))
    };
    match source {
        CredentialSource::None => Err(usage(
            "send/no-credentials",
            "no LRS credentials".into(),
            "set SCORMPACK_LRS_USERNAME and SCORMPACK_LRS_PASSWORD, or pass --credentials-file FILE",
        )),
        CredentialSource::Given(credentials) => Ok(credentials.clone()),
        CredentialSource::File(path) => {
            #[derive(serde::Deserialize)]
            #[serde(deny_unknown_fields)]
            struct File {
                username: String,
                password: String,
            }
            refuse_readable_by_others(path)?;
            let text = std::fs::read_to_string(path).map_err(|err| {
                usage(
                    "send/bad-credentials-file",
                    format!("cannot read {}: {err}", path.display()),
                    "pass a TOML file with `username = \"…\"` and `password = \"…\"`",
                )
            })?;
            // The file's text is never shown: a TOML error would quote the line with the
            // password.
            let file: File = toml::from_str(&text).map_err(|_| {
                usage(
                    "send/bad-credentials-file",
                    format!(
                        "{} must hold `username = \"…\"` and `password = \"…\"` (TOML) and nothing else",
                        path.display()
                    ),
                    "write the two keys and nothing else",
                )
            })?;
            Ok(Credentials {
                username: file.username,
                password: file.password,
            })
        }
    }
}

/// Refuses a credentials file that other users may read: its password is not secret then.
fn refuse_readable_by_others(path: &Path) -> Result<(), Failure> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o044 != 0 {
                return Err(Failure::Usage(
                    Diagnostic::error(
                        "send/bad-credentials-file",
                        format!(
                            "{} is readable by other users (mode {mode:o}): its password is not secret",
                            path.display()
                        ),
                    )
                    .help(format!("chmod 600 {}", path.display())),
                ));
            }
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// A delivery error as a diagnostic.
fn send_error(err: &SendError) -> Diagnostic {
    let code = match err {
        SendError::Rejected { .. } => "send/rejected",
        SendError::Credentials { .. } => "send/credentials-refused",
        SendError::GaveUp { .. } => "send/gave-up",
        SendError::IdTaken { .. } => "send/id-taken",
        SendError::Unexpected { .. } => "send/unexpected-answer",
        SendError::Redirected { .. } => "send/redirected",
        SendError::Spool(_) => "send/spool",
        SendError::Setup(_) => "send/setup",
    };
    Diagnostic::error(code, err.to_string())
}

/// Replaces every secret in what a run reports: the password and the `Authorization` value.
struct Redactor {
    secrets: Vec<String>,
}

impl Redactor {
    fn new(credentials: &Credentials, lrs: &Lrs) -> Redactor {
        let mut secrets = vec![credentials.password.clone()];
        if let Some(header) = lrs.authorization() {
            secrets.push(header.trim_start_matches("Basic ").to_string());
            secrets.push(header);
        }
        secrets.retain(|s| !s.is_empty());
        // The longest first, so that a secret inside another is not half replaced.
        secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
        Redactor { secrets }
    }

    fn redact(&self, text: &str) -> String {
        let mut text = text.to_string();
        for secret in &self.secrets {
            text = text.replace(secret.as_str(), "[redacted]");
        }
        text
    }

    fn diagnostic(&self, mut diagnostic: Diagnostic) -> Diagnostic {
        diagnostic.message = self.redact(&diagnostic.message);
        diagnostic.help = diagnostic.help.map(|h| self.redact(&h));
        diagnostic
    }
}

/// A reader that hashes what passes through it, for the spool key: the input is read once,
/// as it streams.
struct Hashing<R> {
    inner: R,
    sha1: sha1_smol::Sha1,
}

impl<R: Read> Hashing<R> {
    fn new(inner: R) -> Self {
        Hashing {
            inner,
            sha1: sha1_smol::Sha1::new(),
        }
    }

    fn digest(&self) -> [u8; 20] {
        self.sha1.digest().bytes()
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.sha1.update(&buf[..n]);
        Ok(n)
    }
}

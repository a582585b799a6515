//! A results CSV as LMSs export it → one completion statement per finished learner, read row by
//! row. The delimiter (`,` `;` or tab) is detected from the header row unless named; headers are
//! matched without case, spaces and punctuation; every problem of every row is reported with
//! file:line:column.

use super::Entry;
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::lrs::statement::{
    completion_statement, parse_duration, CompletionRow, CourseActivity, Learner, Verb,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

/// What the rows are read with.
pub struct ResultsOptions<'a> {
    pub course: &'a CourseActivity,
    /// The `homePage` of learners named by account id.
    pub account_home_page: Option<&'a str>,
    /// The field delimiter; `None` detects it from the header row.
    pub delimiter: Option<u8>,
}

/// The delimiters detected, in order of preference when the header row has none.
const DELIMITERS: &[u8] = b",;\t";

/// The name of a delimiter in messages.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".into(),
        other => format!("`{}`", char::from(other)),
    }
}

/// The columns a results file may have; each accepts the header variants LMS exports use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Email,
    Account,
    Name,
    Status,
    Score,
    Date,
    Duration,
}

/// Headers are compared without case, spaces and punctuation: `Completion Date`,
/// `completion_date` and `completionDate` are one header.
const HEADERS: &[(Column, &[&str])] = &[
    (
        Column::Email,
        &[
            "email",
            "emailaddress",
            "mail",
            "learneremail",
            "useremail",
            "studentemail",
        ],
    ),
    (
        Column::Account,
        &[
            "accountid",
            "account",
            "accountname",
            "userid",
            "learnerid",
            "studentid",
            "username",
            "login",
            "employeeid",
        ],
    ),
    (
        Column::Name,
        &[
            "name",
            "learnername",
            "fullname",
            "studentname",
            "displayname",
            "learner",
        ],
    ),
    (
        Column::Status,
        &[
            "status",
            "completionstatus",
            "lessonstatus",
            "result",
            "successstatus",
        ],
    ),
    (
        Column::Score,
        &[
            "score",
            "scorepercent",
            "percent",
            "percentage",
            "grade",
            "scoreraw",
            "rawscore",
        ],
    ),
    (
        Column::Date,
        &[
            "completiondate",
            "completedat",
            "datecompleted",
            "completedon",
            "completed",
            "completiontime",
            "date",
            "timestamp",
            "finishedat",
        ],
    ),
    (
        Column::Duration,
        &["duration", "timespent", "totaltime", "time"],
    ),
];

fn normalise(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .flat_map(char::to_lowercase)
        .collect()
}

fn column_of(header: &str) -> Option<Column> {
    let key = normalise(header);
    HEADERS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(column, _)| *column)
}

/// The headers `send` accepts, for messages and `--help`.
pub fn accepted_headers() -> String {
    HEADERS
        .iter()
        .map(|(_, names)| names[0])
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a results CSV row by row, handing each completion to `on_entry`, and returns how many
/// rows were skipped as unfinished (`incomplete`, `not attempted`). Problems go to
/// `diagnostics`; after a problem in the header row no row is read.
pub fn read_results(
    file: &Path,
    input: impl Read,
    options: &ResultsOptions,
    diagnostics: &mut Diagnostics,
    on_entry: &mut dyn FnMut(Entry),
) -> usize {
    let name = file.display().to_string();
    let at = |line: u64, column: Option<usize>| match column {
        Some(column) => Location::at(name.clone(), line as usize, column),
        None => Location {
            line: Some(u32::try_from(line).unwrap_or(u32::MAX)),
            ..Location::file(name.clone())
        },
    };
    let mut input = BufReader::new(input);
    let first = match header_line(&mut input) {
        Ok(first) => first,
        Err(err) => {
            diagnostics.push(read_error(&name, &err));
            return 0;
        }
    };
    let delimiter = options
        .delimiter
        .unwrap_or_else(|| detect_delimiter(&first));
    let tape = Tape::new(io::Cursor::new(first).chain(input));
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .has_headers(false)
        .from_reader(tape);

    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => {}
        Ok(false) => {
            diagnostics.push(
                Diagnostic::error("send/empty-input", "the file is empty: no header row")
                    .at(at(1, None))
                    .help("export the results with their header row"),
            );
            return 0;
        }
        Err(err) => {
            diagnostics.push(csv_error(&err, &reader, delimiter, &at));
            return 0;
        }
    }
    let header_columns = field_columns(reader.get_ref().raw(0), delimiter);
    let mut columns: Vec<Option<Column>> = Vec::new();
    let before = diagnostics.items().len();
    for (i, header) in record.iter().enumerate() {
        let header = header.trim();
        let here = at(1, header_columns.get(i).map(|c| c.1));
        match column_of(header) {
            Some(column) if columns.contains(&Some(column)) => diagnostics.push(
                Diagnostic::error(
                    "send/repeated-column",
                    format!("column `{header}` repeats a column given before"),
                )
                .at(here)
                .help("keep one column per kind"),
            ),
            Some(column) => columns.push(Some(column)),
            None => {
                let other = DELIMITERS
                    .iter()
                    .find(|d| **d != delimiter && header.contains(char::from(**d)));
                let help = match other {
                    Some(d) => format!(
                        "the header looks separated by {} rather than {}: pass --delimiter {}",
                        delimiter_name(*d),
                        delimiter_name(delimiter),
                        if *d == b'\t' {
                            "tab".to_string()
                        } else {
                            format!("'{}'", char::from(*d))
                        }
                    ),
                    None => format!(
                        "use the columns {} (docs/xapi.md lists the header variants)",
                        accepted_headers()
                    ),
                };
                diagnostics.push(
                    Diagnostic::error("send/unknown-column", format!("unknown column `{header}`"))
                        .at(here)
                        .help(help),
                );
                columns.push(None);
            }
        }
    }
    let has = |c: Column| columns.contains(&Some(c));
    let mut missing = |code: &'static str, message: &str, help: &str| {
        diagnostics.push(Diagnostic::error(code, message).at(at(1, None)).help(help));
    };
    if !has(Column::Email) && !has(Column::Account) {
        missing(
            "send/missing-column",
            "no learner column",
            "add an `email` or `account id` column",
        );
    }
    if !has(Column::Status) {
        missing(
            "send/missing-column",
            "no status column",
            "add a `status` column: passed, failed or completed",
        );
    }
    if !has(Column::Date) {
        missing(
            "send/missing-column",
            "no completion date column",
            "add a `completion date` column with times such as 2026-03-01T09:30:00Z",
        );
    }
    if has(Column::Account) && options.account_home_page.is_none() {
        missing(
            "send/no-account-home-page",
            "learners named by account id need the home page of the system that issued the ids",
            "pass --account-home-page https://lms.example.com",
        );
    }
    if diagnostics.items().len() > before {
        return 0;
    }

    let mut skipped = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(err) => {
                let fatal = matches!(err.kind(), csv::ErrorKind::Io(_));
                diagnostics.push(csv_error(&err, &reader, delimiter, &at));
                if fatal {
                    break;
                }
                continue;
            }
        }
        let position = record
            .position()
            .cloned()
            .unwrap_or_else(csv::Position::new);
        let line = position.line();
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |c: Column| -> &str {
            columns
                .iter()
                .position(|col| *col == Some(c))
                .and_then(|i| record.get(i))
                .map_or("", str::trim)
        };
        match read_row(&get, options.account_home_page) {
            Ok(Some(row)) => on_entry(Entry {
                line,
                statement: completion_statement(&row, options.course),
            }),
            Ok(None) => skipped += 1,
            Err(errors) => {
                let fields = field_columns(reader.get_ref().raw(position.byte()), delimiter);
                for (column, message, help) in errors {
                    let place = column
                        .and_then(|c| columns.iter().position(|col| *col == Some(c)))
                        .and_then(|i| fields.get(i));
                    let location = match place {
                        Some((extra_lines, col)) => at(line + extra_lines, Some(*col)),
                        None => at(line, None),
                    };
                    let mut diagnostic = Diagnostic::error("send/bad-row", message).at(location);
                    if let Some(help) = help {
                        diagnostic = diagnostic.help(help);
                    }
                    diagnostics.push(diagnostic);
                }
            }
        }
    }
    skipped
}

fn read_error(file: &str, err: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "send/unreadable-input",
        format!("cannot read {file}: {err}"),
    )
}

/// The header row's bytes (a BOM dropped), read ahead to detect the delimiter. A header row is
/// short; at most 64 KiB are read, the rest follows through the reader.
fn header_line(input: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut first = Vec::new();
    input
        .by_ref()
        .take(64 * 1024)
        .read_until(b'\n', &mut first)?;
    if first.starts_with("\u{feff}".as_bytes()) {
        first.drain(..3);
    }
    Ok(first)
}

/// The delimiter of a header row: whichever of `,` `;` and tab it holds most often outside
/// quotes; `,` when it holds none.
fn detect_delimiter(header: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in header {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted {
            if let Some(i) = DELIMITERS.iter().position(|d| *d == b) {
                counts[i] += 1;
            }
        }
    }
    let best = (0..3).max_by_key(|i| (counts[*i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b','
    } else {
        DELIMITERS[best]
    }
}

/// Where each field of a record starts, from the record's raw bytes: (lines below the
/// record's first line, 1-based column in characters of the first non-blank character).
fn field_columns(raw: Option<&[u8]>, delimiter: u8) -> Vec<(u64, usize)> {
    let Some(raw) = raw else {
        return Vec::new();
    };
    let mut starts = Vec::new();
    let (mut line, mut column) = (0u64, 1usize);
    let mut quoted = false;
    let mut field_start: Option<(u64, usize)> = None;
    for &b in raw {
        if !quoted && b == delimiter {
            starts.push(field_start.take().unwrap_or((line, column)));
            column += 1;
            continue;
        }
        if !quoted && (b == b'\n' || b == b'\r') {
            break;
        }
        let blank = b == b' ' || (b == b'\t' && delimiter != b'\t');
        if field_start.is_none() && !blank {
            field_start = Some((line, column));
        }
        if b == b'"' {
            quoted = !quoted;
        }
        if b == b'\n' {
            line += 1;
            column = 1;
        } else if b & 0xC0 != 0x80 {
            // Columns count characters: UTF-8 continuation bytes add none.
            column += 1;
        }
    }
    starts.push(field_start.unwrap_or((line, column)));
    starts
}

/// A CSV syntax error in words, at its line and (where it is known) column.
fn csv_error(
    err: &csv::Error,
    reader: &csv::Reader<Tape<impl Read>>,
    delimiter: u8,
    at: &dyn Fn(u64, Option<usize>) -> Location,
) -> Diagnostic {
    match err.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => {
            let line = pos.as_ref().map_or(0, |p| p.line());
            let fields = pos
                .as_ref()
                .map(|p| field_columns(reader.get_ref().raw(p.byte()), delimiter))
                .unwrap_or_default();
            let place = fields.get(*expected_len as usize).or(fields.last());
            let location = match place {
                Some((extra, column)) => at(line + extra, Some(*column)),
                None => at(line, None),
            };
            Diagnostic::error(
                "send/csv-syntax",
                format!(
                    "this row has {len} field(s) separated by {}, the header row {expected_len}",
                    delimiter_name(delimiter)
                ),
            )
            .at(location)
            .help(format!(
                "a value that contains {} needs double quotes around it, e.g. \"Doe, Jane\"",
                delimiter_name(delimiter)
            ))
        }
        csv::ErrorKind::Utf8 { pos, err } => {
            let line = pos.as_ref().map_or(0, |p| p.line());
            let fields = pos
                .as_ref()
                .map(|p| field_columns(reader.get_ref().raw(p.byte()), delimiter))
                .unwrap_or_default();
            let location = match fields.get(err.field()) {
                Some((extra, column)) => at(line + extra, Some(*column)),
                None => at(line, None),
            };
            Diagnostic::error(
                "send/not-utf8",
                format!("field {} of this row is not UTF-8 text", err.field() + 1),
            )
            .at(location)
            .help("export the CSV as UTF-8")
        }
        csv::ErrorKind::Io(io) => Diagnostic::error(
            "send/unreadable-input",
            format!("cannot read {}: {io}", at(0, None).file),
        ),
        _ => Diagnostic::error("send/csv-syntax", format!("cannot read the row: {err}")),
    }
}

/// A reader that keeps the most recent bytes it handed out, so that a record's raw text can be
/// found again by the byte offset the CSV reader reports (to name the column of a field).
struct Tape<R> {
    inner: R,
    window: Vec<u8>,
    /// The input offset of `window[0]`.
    start: u64,
}

/// How many recent bytes a [`Tape`] keeps at least: more than any sane row, and more than the
/// CSV reader's read-ahead.
const TAPE_KEEP: usize = 256 * 1024;

impl<R: Read> Tape<R> {
    fn new(inner: R) -> Self {
        Tape {
            inner,
            window: Vec::new(),
            start: 0,
        }
    }

    /// The bytes from input offset `from` to what was read so far, if still kept.
    fn raw(&self, from: u64) -> Option<&[u8]> {
        let index = usize::try_from(from.checked_sub(self.start)?).ok()?;
        self.window.get(index..)
    }
}

impl<R: Read> Read for Tape<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.window.extend_from_slice(&buf[..n]);
        if self.window.len() > 2 * TAPE_KEEP {
            let drop = self.window.len() - TAPE_KEEP;
            self.window.drain(..drop);
            self.start += drop as u64;
        }
        Ok(n)
    }
}

/// One problem of a row: the column it is in (if one), the message and a hint.
type RowError = (Option<Column>, String, Option<&'static str>);

/// A row → a completion (`None` for an unfinished learner), or every problem it has.
fn read_row<'r>(
    get: &dyn Fn(Column) -> &'r str,
    account_home_page: Option<&str>,
) -> Result<Option<CompletionRow>, Vec<RowError>> {
    let mut errors: Vec<RowError> = Vec::new();
    let status = get(Column::Status);
    let verb = match normalise(status).as_str() {
        "passed" | "pass" => Some(Verb::Passed),
        "failed" | "fail" => Some(Verb::Failed),
        "completed" | "complete" => Some(Verb::Completed),
        "incomplete" | "inprogress" | "notattempted" | "notstarted" | "browsed" => return Ok(None),
        "" => {
            errors.push((
                Some(Column::Status),
                "the status is empty".into(),
                Some("write passed, failed or completed"),
            ));
            None
        }
        _ => {
            errors.push((
                Some(Column::Status),
                format!("unknown status `{status}`"),
                Some("write passed, failed or completed (incomplete rows are skipped)"),
            ));
            None
        }
    };
    let email = get(Column::Email);
    let account = get(Column::Account);
    let learner = if !email.is_empty() {
        let email = email.strip_prefix("mailto:").unwrap_or(email);
        let (local, domain) = email.split_once('@').unwrap_or_default();
        if local.is_empty() || !domain.contains('.') || email.contains(char::is_whitespace) {
            errors.push((
                Some(Column::Email),
                format!("`{email}` is not an email address"),
                None,
            ));
            None
        } else {
            Some(Learner::Email(email.to_string()))
        }
    } else if !account.is_empty() {
        Some(Learner::Account {
            home_page: account_home_page.unwrap_or_default().to_string(),
            name: account.to_string(),
        })
    } else {
        errors.push((
            None,
            "the row names no learner".into(),
            Some("fill in the email or account id"),
        ));
        None
    };
    let score = match get(Column::Score) {
        "" => None,
        text => {
            let number = text.strip_suffix('%').unwrap_or(text).trim();
            match number.parse::<f64>() {
                Err(_) => {
                    errors.push((
                        Some(Column::Score),
                        format!("score `{text}` is not a number"),
                        Some("write the percentage, e.g. 85 or 85.5%"),
                    ));
                    None
                }
                Ok(score) if !(0.0..=100.0).contains(&score) || !score.is_finite() => {
                    errors.push((
                        Some(Column::Score),
                        format!("score {text} is outside 0–100"),
                        Some("write the percentage of the maximum score"),
                    ));
                    None
                }
                Ok(score) => Some(score),
            }
        }
    };
    let completed_at = match parse_time(get(Column::Date)) {
        Ok(time) => Some(time),
        Err((message, help)) => {
            errors.push((Some(Column::Date), message, help));
            None
        }
    };
    let duration = match get(Column::Duration) {
        "" => None,
        text => match parse_duration(text) {
            Some(duration) => Some(duration),
            None => {
                errors.push((
                    Some(Column::Duration),
                    format!("duration `{text}` is neither HH:MM:SS nor ISO 8601"),
                    Some("write e.g. 00:12:30 or PT12M30S"),
                ));
                None
            }
        },
    };
    let (Some(verb), Some(learner), Some(completed_at), true) =
        (verb, learner, completed_at, errors.is_empty())
    else {
        return Err(errors);
    };
    let name = Some(get(Column::Name))
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    Ok(Some(CompletionRow {
        learner,
        name,
        verb,
        score,
        completed_at,
        duration,
    }))
}

/// An RFC 3339 time (a space may replace the `T`). A time without a zone is an error rather
/// than a guess: the same export read on two machines would give two different instants.
fn parse_time(text: &str) -> Result<DateTime<Utc>, (String, Option<&'static str>)> {
    if text.is_empty() {
        return Err(("the completion date is empty".into(), None));
    }
    let iso = text.replacen(' ', "T", 1);
    if let Ok(time) = DateTime::parse_from_rfc3339(&iso) {
        return Ok(time.with_timezone(&Utc));
    }
    let zoneless = NaiveDateTime::parse_from_str(&iso, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || NaiveDateTime::parse_from_str(&iso, "%Y-%m-%dT%H:%M").is_ok()
        || NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
    if zoneless {
        Err((
            format!("completion date `{text}` has no time zone"),
            Some("add the zone the LMS exported in, e.g. 2026-03-01T09:30:00Z or 2026-03-01T10:30:00+01:00"),
        ))
    } else {
        Err((
            format!("completion date `{text}` is not a date and time"),
            Some("write ISO 8601 with a zone, e.g. 2026-03-01T09:30:00Z"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrs::statement::tests::course;

    fn read(csv: &str) -> (Vec<Entry>, usize, Vec<String>) {
        let mut entries = Vec::new();
        let mut diagnostics = Diagnostics::default();
        let options = ResultsOptions {
            course: &course(),
            account_home_page: None,
            delimiter: None,
        };
        let skipped = read_results(
            Path::new("r.csv"),
            csv.as_bytes(),
            &options,
            &mut diagnostics,
            &mut |e| entries.push(e),
        );
        let errors = diagnostics.items().iter().map(|d| d.to_string()).collect();
        (entries, skipped, errors)
    }

    fn first_error(csv: &str) -> String {
        read(csv).2.into_iter().next().expect("an error")
    }

    #[test]
    fn header_variants_of_lms_exports_are_understood() {
        let csv =
            "\u{feff}User Email,Full Name,Completion Status,Score (%),Date Completed,Time Spent\n\
                   jane@example.com,Jane Doe,Passed,85%,2026-03-01 09:30:00Z,00:12:30\n\
                   joe@example.com,Joe,incomplete,,2026-03-01T09:30:00Z,\n";
        let (entries, skipped, errors) = read(csv);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(entries.len(), 1);
        assert_eq!(skipped, 1);
        let s = &entries[0].statement;
        assert_eq!(entries[0].line, 2);
        assert_eq!(s["result"]["score"]["raw"], 85.0);
        assert_eq!(s["result"]["duration"], "PT12M30S");
        assert_eq!(s["actor"]["name"], "Jane Doe");
    }

    #[test]
    fn each_bad_field_is_named_by_line_and_column() {
        let head = "email,status,score,completion date\n";
        assert_eq!(
            first_error(&format!(
                "{head}a@example.com,passed,8o,2026-03-01T09:30:00Z\n"
            )),
            "error[send/bad-row]: r.csv:2:22: score `8o` is not a number\n  help: write the percentage, e.g. 85 or 85.5%"
        );
        assert!(first_error(&format!(
            "{head}a@example.com, passed,101,2026-03-01T09:30:00Z\n"
        ))
        .starts_with("error[send/bad-row]: r.csv:2:23: score 101 is outside 0–100"));
        assert!(first_error(&format!(
            "{head}a@example.com,passed,90,2026-03-01T09:30:00\n"
        ))
        .starts_with(
            "error[send/bad-row]: r.csv:2:25: completion date `2026-03-01T09:30:00` has no time zone"
        ));
        assert!(first_error("email,status,mark,completion date\n")
            .starts_with("error[send/unknown-column]: r.csv:1:14: unknown column `mark`"));
    }

    #[test]
    fn every_problem_of_a_row_is_reported() {
        let (_, _, errors) =
            read("email,status,score,completion date\nnot-an-email,done,9O,yesterday\n");
        assert_eq!(errors.len(), 4, "{errors:#?}");
        assert!(errors[0].contains("r.csv:2:14: unknown status `done`"));
        assert!(errors[1].contains("r.csv:2:1: `not-an-email` is not an email address"));
        assert!(errors[2].contains("r.csv:2:19: score `9O`"));
        assert!(errors[3].contains("r.csv:2:22: completion date `yesterday`"));
    }

    #[test]
    fn semicolon_and_tab_separated_exports_are_detected() {
        for sep in [";", "\t"] {
            let csv = format!(
                "Email{sep}Status{sep}Score{sep}Completion Date\na@example.com{sep}passed{sep}\"85,5\"{sep}2026-03-01T09:30:00Z\n"
            )
            .replace("\"85,5\"", "85");
            let (entries, _, errors) = read(&csv);
            assert_eq!(errors, Vec::<String>::new(), "{sep:?}");
            assert_eq!(entries.len(), 1);
        }
        assert_eq!(detect_delimiter(b"\"a;b\",c,d\n"), b',');
        assert_eq!(detect_delimiter(b"single\n"), b',');
    }

    #[test]
    fn a_wrong_delimiter_gets_a_hint() {
        let mut diagnostics = Diagnostics::default();
        let options = ResultsOptions {
            course: &course(),
            account_home_page: None,
            delimiter: Some(b','),
        };
        read_results(
            Path::new("r.csv"),
            "Email;Status;Completion Date\n".as_bytes(),
            &options,
            &mut diagnostics,
            &mut |_| {},
        );
        let text = diagnostics.items()[0].to_string();
        assert!(
            text.contains("unknown column `Email;Status;Completion Date`")
                && text.contains("separated by `;` rather than `,`: pass --delimiter ';'"),
            "{text}"
        );
    }

    #[test]
    fn csv_syntax_errors_are_in_words_with_line_and_column() {
        let (_, _, errors) = read(
            "email,status,completion date\na@example.com,passed,2026-03-01T09:30:00Z,extra\nb@example.com,passed\n",
        );
        assert_eq!(
            errors[0],
            "error[send/csv-syntax]: r.csv:2:43: this row has 4 field(s) separated by `,`, the header row 3\n  help: a value that contains `,` needs double quotes around it, e.g. \"Doe, Jane\""
        );
        assert_eq!(errors[1], "error[send/csv-syntax]: r.csv:3:15: this row has 2 field(s) separated by `,`, the header row 3\n  help: a value that contains `,` needs double quotes around it, e.g. \"Doe, Jane\"");
    }
}

//! What `send` reads: a completion report exported from an LMS (CSV) or ready xAPI statements
//! (JSON) → statements without ids, each with the line it came from. Every problem is collected
//! with file and line before anything is sent.

use super::statement::{
    completion_statement, parse_duration, validate, CompletionRow, CourseActivity, Learner, Verb,
};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde_json::value::RawValue;
use serde_json::Value;
use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

/// One problem in an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    pub file: PathBuf,
    pub line: u64,
    pub message: String,
    pub help: Option<String>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// A statement to send and the line of the input it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub line: u64,
    pub statement: Value,
}

/// What a results file held.
#[derive(Debug, Default)]
pub struct Results {
    pub entries: Vec<Entry>,
    /// Rows of learners who have not finished (`incomplete`, `not attempted`): not completions.
    pub skipped: usize,
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

/// Reads a results CSV. `account_home_page` is the `homePage` of learners named by account id.
pub fn read_results(
    file: &Path,
    text: &str,
    course: &CourseActivity,
    account_home_page: Option<&str>,
) -> Result<Results, Vec<InputError>> {
    let error = |line: u64, message: String, help: Option<&str>| InputError {
        file: file.to_path_buf(),
        line,
        message,
        help: help.map(str::to_string),
    };
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = match reader.headers() {
        Ok(headers) => headers.clone(),
        Err(err) => {
            return Err(vec![error(
                1,
                format!("cannot read the header row: {err}"),
                None,
            )])
        }
    };
    let mut columns = Vec::new();
    let mut errors = Vec::new();
    for header in headers.iter() {
        match column_of(header) {
            Some(column) if columns.contains(&Some(column)) => errors.push(error(
                1,
                format!("column `{header}` repeats a column given before"),
                Some("keep one column per kind"),
            )),
            Some(column) => columns.push(Some(column)),
            None => {
                errors.push(error(
                    1,
                    format!("unknown column `{header}`"),
                    Some(&format!(
                        "use the columns {} (docs/xapi.md lists the header variants)",
                        accepted_headers()
                    )),
                ));
                columns.push(None);
            }
        }
    }
    let has = |c: Column| columns.contains(&Some(c));
    if !has(Column::Email) && !has(Column::Account) {
        errors.push(error(
            1,
            "no learner column".into(),
            Some("add an `email` or `account id` column"),
        ));
    }
    if !has(Column::Status) {
        errors.push(error(
            1,
            "no status column".into(),
            Some("add a `status` column: passed, failed or completed"),
        ));
    }
    if !has(Column::Date) {
        errors.push(error(
            1,
            "no completion date column".into(),
            Some("add a `completion date` column with times such as 2026-03-01T09:30:00Z"),
        ));
    }
    if has(Column::Account) && account_home_page.is_none() {
        errors.push(error(
            1,
            "learners named by account id need the home page of the system that issued the ids"
                .into(),
            Some("pass --account-home-page https://lms.example.com"),
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }

    let mut results = Results::default();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                errors.push(error(line, format!("cannot read the row: {err}"), None));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        if record.iter().all(str::is_empty) {
            continue;
        }
        let get = |c: Column| -> &str {
            columns
                .iter()
                .position(|col| *col == Some(c))
                .and_then(|i| record.get(i))
                .unwrap_or("")
        };
        match read_row(&get, account_home_page) {
            Ok(Some(row)) => results.entries.push(Entry {
                line,
                statement: completion_statement(&row, course),
            }),
            Ok(None) => results.skipped += 1,
            Err((message, help)) => errors.push(error(line, message, help)),
        }
    }
    if errors.is_empty() {
        Ok(results)
    } else {
        Err(errors)
    }
}

type RowError = (String, Option<&'static str>);

fn read_row<'r>(
    get: &dyn Fn(Column) -> &'r str,
    account_home_page: Option<&str>,
) -> Result<Option<CompletionRow>, RowError> {
    let verb = match normalise(get(Column::Status)).as_str() {
        "passed" | "pass" => Verb::Passed,
        "failed" | "fail" => Verb::Failed,
        "completed" | "complete" => Verb::Completed,
        "incomplete" | "inprogress" | "notattempted" | "notstarted" | "browsed" => return Ok(None),
        "" => {
            return Err((
                "the status is empty".into(),
                Some("write passed, failed or completed"),
            ))
        }
        _ => {
            return Err((
                format!("unknown status `{}`", get(Column::Status)),
                Some("write passed, failed or completed (incomplete rows are skipped)"),
            ))
        }
    };
    let email = get(Column::Email);
    let account = get(Column::Account);
    let learner = if !email.is_empty() {
        let email = email.strip_prefix("mailto:").unwrap_or(email);
        let (local, domain) = email.split_once('@').unwrap_or_default();
        if local.is_empty() || !domain.contains('.') || email.contains(char::is_whitespace) {
            return Err((format!("`{email}` is not an email address"), None));
        }
        Learner::Email(email.to_string())
    } else if !account.is_empty() {
        Learner::Account {
            home_page: account_home_page.unwrap_or_default().to_string(),
            name: account.to_string(),
        }
    } else {
        return Err((
            "the row names no learner".into(),
            Some("fill in the email or account id"),
        ));
    };
    let score = match get(Column::Score) {
        "" => None,
        text => {
            let number = text.strip_suffix('%').unwrap_or(text).trim();
            let score: f64 = number.parse().map_err(|_| {
                (
                    format!("score `{text}` is not a number"),
                    Some("write the percentage, e.g. 85 or 85.5%"),
                )
            })?;
            if !(0.0..=100.0).contains(&score) || !score.is_finite() {
                return Err((
                    format!("score {text} is outside 0–100"),
                    Some("write the percentage of the maximum score"),
                ));
            }
            Some(score)
        }
    };
    let completed_at = parse_time(get(Column::Date))?;
    let duration = match get(Column::Duration) {
        "" => None,
        text => Some(parse_duration(text).ok_or_else(|| {
            (
                format!("duration `{text}` is neither HH:MM:SS nor ISO 8601"),
                Some("write e.g. 00:12:30 or PT12M30S"),
            )
        })?),
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
fn parse_time(text: &str) -> Result<DateTime<Utc>, RowError> {
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

/// Reads ready statements: a JSON array of statements, or one statement. Each is checked
/// against xAPI 1.0.3; ids, where given, must be unique.
pub fn read_statements(file: &Path, text: &str) -> Result<Vec<Entry>, Vec<InputError>> {
    let error = |line: u64, message: String, help: Option<&str>| InputError {
        file: file.to_path_buf(),
        line,
        message,
        help: help.map(str::to_string),
    };
    let trimmed = text.trim_start();
    let raws: Vec<&RawValue> = if trimmed.starts_with('[') {
        match serde_json::from_str(text) {
            Ok(raws) => raws,
            Err(err) => {
                return Err(vec![error(
                    err.line() as u64,
                    format!("invalid JSON: {err}"),
                    None,
                )])
            }
        }
    } else {
        match serde_json::from_str::<&RawValue>(text) {
            Ok(raw) => vec![raw],
            Err(err) => {
                return Err(vec![error(
                    err.line() as u64,
                    format!("invalid JSON: {err}"),
                    None,
                )])
            }
        }
    };
    let mut entries = Vec::new();
    let mut errors = Vec::new();
    let mut ids = HashSet::new();
    for raw in raws {
        // The raw value borrows from `text`, so its address gives its offset and line.
        let offset = raw.get().as_ptr() as usize - text.as_ptr() as usize;
        let line = text[..offset].matches('\n').count() as u64 + 1;
        let statement: Value = match serde_json::from_str(raw.get()) {
            Ok(value) => value,
            Err(err) => {
                errors.push(error(line, format!("invalid JSON: {err}"), None));
                continue;
            }
        };
        if let Err(invalid) = validate(&statement) {
            errors.push(error(
                line,
                format!("invalid statement: {invalid}"),
                Some("xAPI 1.0.3 (docs/xapi.md) says what a statement may hold"),
            ));
            continue;
        }
        if let Some(id) = statement.get("id").and_then(Value::as_str) {
            if !ids.insert(id.to_ascii_lowercase()) {
                errors.push(error(
                    line,
                    format!("statement id {id} appears twice"),
                    None,
                ));
                continue;
            }
        }
        entries.push(Entry { line, statement });
    }
    if errors.is_empty() {
        Ok(entries)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> CourseActivity {
        CourseActivity {
            id: "https://courses.example.com/ops".into(),
            name: "Ops".into(),
            description: String::new(),
            language: "en".into(),
        }
    }

    fn read(csv: &str) -> Result<Results, Vec<InputError>> {
        read_results(Path::new("r.csv"), csv, &course(), None)
    }

    fn first_error(csv: &str) -> String {
        read(csv).unwrap_err()[0].to_string()
    }

    #[test]
    fn header_variants_of_lms_exports_are_understood() {
        let csv = "User Email,Full Name,Completion Status,Score (%),Date Completed,Time Spent\n\
                   jane@example.com,Jane Doe,Passed,85%,2026-03-01 09:30:00Z,00:12:30\n\
                   joe@example.com,Joe,incomplete,,2026-03-01T09:30:00Z,\n";
        let results = read(csv).unwrap();
        assert_eq!(results.entries.len(), 1);
        assert_eq!(results.skipped, 1);
        let s = &results.entries[0].statement;
        assert_eq!(results.entries[0].line, 2);
        assert_eq!(s["result"]["score"]["raw"], 85.0);
        assert_eq!(s["result"]["duration"], "PT12M30S");
        assert_eq!(s["actor"]["name"], "Jane Doe");
    }

    #[test]
    fn each_bad_row_is_named_by_line() {
        let head = "email,status,score,completion date\n";
        assert_eq!(
            first_error(&format!(
                "{head}a@example.com,passed,8o,2026-03-01T09:30:00Z\n"
            )),
            "r.csv:2: score `8o` is not a number\n  help: write the percentage, e.g. 85 or 85.5%"
        );
        assert!(first_error(&format!(
            "{head}a@example.com,passed,101,2026-03-01T09:30:00Z\n"
        ))
        .starts_with("r.csv:2: score 101 is outside 0–100"));
        assert!(first_error(&format!(
            "{head}a@example.com,passed,90,2026-03-01T09:30:00\n"
        ))
        .starts_with("r.csv:2: completion date `2026-03-01T09:30:00` has no time zone"));
        assert!(first_error("email,status,mark,completion date\n")
            .starts_with("r.csv:1: unknown column `mark`"));
    }

    #[test]
    fn statements_are_checked_and_located() {
        let json = "[\n  {\"actor\": {\"mbox\": \"mailto:a@example.com\"},\n   \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/completed\", \"display\": {\"en-US\": \"completed\"}},\n   \"object\": {\"id\": \"https://x.example.com/c\"}},\n  {\"actor\": {\"mbox\": \"a@example.com\"}, \"verb\": {\"id\": \"http://adlnet.gov/expapi/verbs/completed\", \"display\": {\"en-US\": \"completed\"}}, \"object\": {\"id\": \"https://x.example.com/c\"}}\n]\n";
        let errors = read_statements(Path::new("s.json"), json).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].line, 5);
        assert!(
            errors[0].message.contains("actor.mbox"),
            "{}",
            errors[0].message
        );
    }
}

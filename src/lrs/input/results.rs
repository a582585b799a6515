//! A results CSV as LMSs export it → one completion statement per finished learner, read row by
//! row. The delimiter (`,` `;` or tab) is detected from the header row unless named; headers are
//! matched without case, spaces and punctuation; every problem of every row is reported with
//! file:line:column.

use super::columns::{column_of, Column, HEADERS};
use super::csv_text::{csv_error, detect_delimiter, field_columns, header_line, Tape, DELIMITERS};
use super::row::read_row;
use super::{Counts, Entry, Seen};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::lrs::statement::{completion_statement, CourseActivity};
use std::io::{self, BufReader, Read};
use std::path::Path;

pub use super::csv_text::delimiter_name;

/// What the rows are read with.
pub struct ResultsOptions<'a> {
    pub course: &'a CourseActivity,
    /// The `homePage` of learners named by account id.
    pub account_home_page: Option<&'a str>,
    /// The field delimiter; `None` detects it from the header row.
    pub delimiter: Option<u8>,
}

/// The headers `send` accepts, for messages and `--help`.
pub fn accepted_headers() -> String {
    HEADERS
        .iter()
        .map(|(_, names)| names[0])
        .collect::<Vec<_>>()
        .join(", ")
}

/// Reads a results CSV row by row, handing each completion to `on_entry`, and counts the rows
/// skipped as unfinished (`incomplete`, `not attempted`) and those repeating an earlier one. Problems go to
/// `diagnostics`; after a problem in the header row no row is read.
pub fn read_results(
    file: &Path,
    input: impl Read,
    options: &ResultsOptions,
    diagnostics: &mut Diagnostics,
    on_entry: &mut dyn FnMut(Entry),
) -> Counts {
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
            return Counts::default();
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
            return Counts::default();
        }
        Err(err) => {
            diagnostics.push(csv_error(&err, &reader, delimiter, &at));
            return Counts::default();
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
        return Counts::default();
    }

    let mut counts = Counts::default();
    let mut seen = Seen::default();
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
            Ok(Some(row)) => {
                let statement = completion_statement(&row, options.course);
                if seen.first(statement["id"].as_str()) {
                    on_entry(Entry { line, statement });
                } else {
                    counts.repeated += 1;
                }
            }
            Ok(None) => counts.skipped += 1,
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
    counts
}

fn read_error(file: &str, err: &io::Error) -> Diagnostic {
    Diagnostic::error(
        "send/unreadable-input",
        format!("cannot read {file}: {err}"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrs::statement::tests::course;

    fn read(csv: &str) -> (Vec<Entry>, Counts, Vec<String>) {
        let mut entries = Vec::new();
        let mut diagnostics = Diagnostics::default();
        let options = ResultsOptions {
            course: &course(),
            account_home_page: None,
            delimiter: None,
        };
        let counts = read_results(
            Path::new("r.csv"),
            csv.as_bytes(),
            &options,
            &mut diagnostics,
            &mut |e| entries.push(e),
        );
        let errors = diagnostics.items().iter().map(|d| d.to_string()).collect();
        (entries, counts, errors)
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
        let (entries, counts, errors) = read(csv);
        assert_eq!(errors, Vec::<String>::new());
        assert_eq!(entries.len(), 1);
        assert_eq!(counts.skipped, 1);
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

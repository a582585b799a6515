//! Diagnostics → text for people (with the source line and the place marked) or JSON for CI.
//!
//! The snippet renderer needs the text of the file a diagnostic points at; the caller passes a
//! lookup, so this module never touches the disk itself (a finding in a zip entry has no file
//! on disk, a finding in a course file has).

use super::{Diagnostic, Severity};
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

/// How a report is rendered for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// ANSI colours (only on a terminal, and never when `NO_COLOR` is set).
    pub color: bool,
}

/// Renders `diags` one after the other, each with its source line when `source` knows the
/// file's text, then a blank line.
pub fn human(
    diags: &[Diagnostic],
    source: &dyn Fn(&str) -> Option<String>,
    style: Style,
) -> String {
    let renderer = if style.color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diag in diags {
        let text = diag.location.as_ref().and_then(|l| source(&l.file));
        out.push_str(&renderer.render(&[group(diag, text.as_deref())]));
        out.push_str("\n\n");
    }
    out
}

fn group<'a>(diag: &'a Diagnostic, text: Option<&'a str>) -> Group<'a> {
    let level = match diag.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Note => Level::NOTE,
    };
    let mut group = Group::with_title(level.primary_title(diag.message.as_str()).id(diag.code));
    if let Some(location) = &diag.location {
        let line_text = location
            .line
            .and_then(|line| text?.lines().nth(line as usize - 1));
        group = match (line_text, location.line) {
            (Some(line_text), Some(line)) => {
                let span = token_span(line_text, location.column.unwrap_or(1) as usize);
                group.element(
                    Snippet::source(line_text)
                        .line_start(line as usize)
                        .path(location.file.as_str())
                        .annotation(AnnotationKind::Primary.span(span)),
                )
            }
            _ => group.element(Origin::path(location.to_string())),
        };
    }
    if let Some(help) = &diag.help {
        group = group.element(Level::HELP.message(help.as_str()));
    }
    group
}

/// The byte range of the word that starts at character column `column` (from 1) of `line`:
/// a diagnostic knows where a problem starts, and the word there is what the reader looks for.
fn token_span(line: &str, column: usize) -> std::ops::Range<usize> {
    let start = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let rest = &line[start..];
    // A quoted value (`"passed/failed"`) is one token, quotes included.
    if let Some(quote @ ('"' | '\'')) = rest.chars().next() {
        if let Some(end) = rest[1..].find(quote) {
            return start..start + end + 2;
        }
    }
    let len = rest
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | ','))
        .map_or(rest.len(), |(i, _)| i);
    let len = if len == 0 {
        rest.chars().next().map_or(0, char::len_utf8)
    } else {
        len
    };
    start..start + len
}

/// The fields of a diagnostic as CI tools read them: flat, with the location split up.
#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    severity: Severity,
    message: &'a str,
    file: Option<&'a str>,
    line: Option<u32>,
    column: Option<u32>,
    help: Option<&'a str>,
}

/// What `check --format json` prints: a summary and one object per finding.
#[derive(Serialize)]
struct JsonReport<'a> {
    path: &'a str,
    kind: &'a str,
    lms: &'a str,
    errors: usize,
    warnings: usize,
    findings: Vec<JsonFinding<'a>>,
}

/// The header fields of a JSON report.
pub struct JsonHeader<'a> {
    /// The course folder or zip that was checked, as the user named it.
    pub path: &'a str,
    /// `course` or `package`.
    pub kind: &'a str,
    /// The LMS profile the rules were applied for.
    pub lms: &'a str,
}

/// The findings as one pretty-printed JSON document (a stable shape: see docs/check.md).
pub fn json(header: &JsonHeader<'_>, diags: &[Diagnostic]) -> String {
    let count = |s| diags.iter().filter(|d| d.severity == s).count();
    let report = JsonReport {
        path: header.path,
        kind: header.kind,
        lms: header.lms,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        findings: diags
            .iter()
            .map(|d| JsonFinding {
                code: d.code,
                severity: d.severity,
                message: &d.message,
                file: d.location.as_ref().map(|l| l.file.as_str()),
                line: d.location.as_ref().and_then(|l| l.line),
                column: d.location.as_ref().and_then(|l| l.column),
                help: d.help.as_deref(),
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).expect("plain data serialises to JSON");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Location;

    #[test]
    fn snippet_marks_the_word_at_the_column_and_shows_the_help() {
        let d = Diagnostic::error("content/unknown-block", "unknown block type `patern`")
            .at(Location::at("c/p.md", 2, 5))
            .help("use one of `pattern`");
        let text = human(
            &[d],
            &|_| Some("first\n::: patern PAT_01\n".into()),
            Style { color: false },
        );
        let expected = [
            "error[content/unknown-block]: unknown block type `patern`",
            " --> c/p.md:2:5",
            "  |",
            "2 | ::: patern PAT_01",
            "  |     ^^^^^^",
            "  |",
            "  = help: use one of `pattern`",
            "",
            "",
        ];
        assert_eq!(text, expected.join("\n"));
    }

    #[test]
    fn without_source_text_the_location_still_shows() {
        let d = Diagnostic::warning("lms/file-name", "bad name").at(Location::file("x.zip"));
        let text = human(&[d], &|_| None, Style { color: false });
        assert!(
            text.starts_with("warning[lms/file-name]: bad name\n"),
            "{text}"
        );
        assert!(text.contains("--> x.zip"), "{text}");
    }

    #[test]
    fn token_span_stops_at_a_delimiter_and_counts_characters() {
        assert_eq!(token_span("a ·bc d", 3), 2..6);
        assert_eq!(token_span("src=\"http://x\">", 6), 5..13);
        assert_eq!(token_span("ab", 9), 2..2);
        assert_eq!(token_span("statuses = \"passed/failed\"", 12), 11..26);
    }
}

//! One text of a course ⇄ what a translator reads: the syntax around it left out (the quotes
//! of a TOML string, the indentation or `> ` that continues a list item or a quote on its next
//! line), and put back around a translation so it stands where the original stood.

use crate::model::{Text, TextForm};
use crate::source::SourceFile;
use serde::Deserialize;

/// The text as a translator reads it.
pub(crate) fn read(file: &SourceFile, text: &Text) -> String {
    let written = &file.text[text.span.start..text.span.end];
    match text.form {
        TextForm::Line | TextForm::Cell => written.to_string(),
        TextForm::Toml => toml_string(written).unwrap_or_else(|| written.to_string()),
        TextForm::Markdown => {
            let lead = lead(file, text.span.start);
            let mut lines = written.split('\n').map(|l| l.trim_end_matches('\r'));
            let mut out = lines.next().unwrap_or_default().to_string();
            for line in lines {
                out.push('\n');
                out.push_str(&line[continuation(line, lead).len()..]);
            }
            out
        }
    }
}

/// What replaces the text in its file when `translation` takes its place.
pub(crate) fn write(file: &SourceFile, text: &Text, translation: &str) -> String {
    let lines = translation.split('\n').map(|l| l.trim_end_matches('\r'));
    match text.form {
        // One line: a translation broken over lines is joined, as Markdown would show it.
        TextForm::Line => write_line(lines),
        // A `|` the translator wrote would end the cell.
        TextForm::Cell => {
            let line = write_line(lines);
            let mut out = String::new();
            let mut escaped = false;
            for c in line.chars() {
                if c == '|' && !escaped {
                    out.push('\\');
                }
                escaped = c == '\\' && !escaped;
                out.push(c);
            }
            out
        }
        TextForm::Toml => toml::Value::String(translation.to_string()).to_string(),
        TextForm::Markdown => {
            let written = &file.text[text.span.start..text.span.end];
            let lead = lead(file, text.span.start);
            // Continue each line as the original continued its second line, or else with the
            // container's prefix (spaces under a list marker, the `>` of a quote).
            let prefix = match written.split('\n').nth(1) {
                Some(second) => continuation(second.trim_end_matches('\r'), lead).to_string(),
                None => lead
                    .chars()
                    .map(|c| {
                        if c.is_whitespace() || c == '>' {
                            c
                        } else {
                            ' '
                        }
                    })
                    .collect(),
            };
            let newline = if file.text.contains("\r\n") {
                "\r\n"
            } else {
                "\n"
            };
            let mut out = String::new();
            for (n, line) in lines.enumerate() {
                if n > 0 {
                    out.push_str(newline);
                    if line.trim().is_empty() {
                        out.push_str(prefix.trim_end());
                        continue;
                    }
                    out.push_str(&prefix);
                }
                out.push_str(line);
            }
            out
        }
    }
}

/// Lines joined into one, as Markdown would show them.
fn write_line<'l>(lines: impl Iterator<Item = &'l str>) -> String {
    lines
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first line's text before the text: the indentation and markers of its container.
fn lead(file: &SourceFile, start: usize) -> &str {
    let line_start = file.text[..start].rfind('\n').map_or(0, |at| at + 1);
    &file.text[line_start..start]
}

/// The start of a continuation line that belongs to its container rather than to the text:
/// at most as many characters as `lead`, white space and as many `>` as `lead` has.
fn continuation<'l>(line: &'l str, lead: &str) -> &'l str {
    let mut quotes = lead.matches('>').count();
    let mut end = 0;
    for (count, (at, c)) in line.char_indices().enumerate() {
        if count >= lead.chars().count() {
            break;
        }
        if c == '>' && quotes > 0 {
            quotes -= 1;
        } else if c != ' ' && c != '\t' {
            break;
        }
        end = at + c.len_utf8();
    }
    &line[..end]
}

/// The value of a TOML string as written (`"…"`, `'…'`, `"""…"""`).
fn toml_string(written: &str) -> Option<String> {
    #[derive(Deserialize)]
    struct Value {
        v: String,
    }
    toml::from_str::<Value>(&format!("v = {written}"))
        .ok()
        .map(|value| value.v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Sources, Span};

    fn text(file_text: &str, written: &str, form: TextForm) -> (SourceFile, Text) {
        let start = file_text.find(written).unwrap();
        let mut sources = Sources::default();
        let id = sources.add(SourceFile::new("x", ""));
        let text = Text {
            key: "k".into(),
            span: Span::new(id, start..start + written.len()),
            form,
        };
        (SourceFile::new("x", file_text), text)
    }

    #[test]
    fn a_quote_over_two_lines_reads_without_its_markers_and_gets_them_back() {
        let page = "- [ ] No\n  > first line\n  > second line\n";
        let (file, unit) = text(page, "first line\n  > second line", TextForm::Markdown);
        assert_eq!(read(&file, &unit), "first line\nsecond line");
        assert_eq!(
            write(&file, &unit, "erste Zeile\nzweite Zeile\ndritte"),
            "erste Zeile\n  > zweite Zeile\n  > dritte"
        );
    }

    #[test]
    fn a_file_with_crlf_line_ends_keeps_them() {
        let page = "Para one\r\ncontinued.\r\n";
        let (file, unit) = text(page, "Para one\r\ncontinued.", TextForm::Markdown);
        assert_eq!(read(&file, &unit), "Para one\ncontinued.");
        assert_eq!(write(&file, &unit, "Absatz\nweiter"), "Absatz\r\nweiter");
    }

    #[test]
    fn a_one_line_list_item_continues_under_its_marker() {
        let page = "- [x] Assign Ops liaisons\n";
        let (file, unit) = text(page, "Assign Ops liaisons", TextForm::Markdown);
        assert_eq!(write(&file, &unit, "a\nb"), "a\n      b");
    }

    #[test]
    fn toml_strings_are_read_unquoted_and_written_quoted() {
        let (file, unit) = text(
            "title = \"A \\\"B\\\"\"\n",
            "\"A \\\"B\\\"\"",
            TextForm::Toml,
        );
        assert_eq!(read(&file, &unit), "A \"B\"");
        let written = write(&file, &unit, "C \"D\"\nE");
        assert_eq!(toml_string(&written).unwrap(), "C \"D\"\nE");
    }

    #[test]
    fn a_bar_in_a_table_cell_is_escaped_once() {
        let (file, unit) = text("| a | b |\n|---|---|\n| c | d |\n", "d", TextForm::Cell);
        assert_eq!(write(&file, &unit, "x | y \\| z"), "x \\| y \\| z");
    }

    #[test]
    fn a_line_stays_one_line() {
        let (file, unit) = text("title: Embed\n", "Embed", TextForm::Line);
        assert_eq!(
            write(&file, &unit, " Einbetten\n von Ops "),
            "Einbetten von Ops"
        );
    }
}

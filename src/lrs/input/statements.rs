//! Ready statements (`--statements`): a JSON array of statements, or one statement → each one
//! checked against xAPI 1.0.3 and handed on with its line, read element by element so that a
//! file of any size takes the memory of one statement.

use super::{Counts, Entry, Seen};
use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::lrs::statement::id::content_id;
use crate::lrs::statement::validate;
use serde::de::{DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::Cell;
use std::fmt;
use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;
use std::rc::Rc;

/// Reads the statements of `input`, handing each valid one to `on_entry` with its id (the one
/// given, or the id of its content); every problem goes to `diagnostics`. An id given twice is
/// an error; a statement without an id that repeats an earlier one is passed over and counted.
pub fn read_statements(
    file: &Path,
    input: impl Read,
    diagnostics: &mut Diagnostics,
    on_entry: &mut dyn FnMut(Entry),
) -> Counts {
    let name = file.display().to_string();
    let mut input = BufReader::new(input);
    let (first, line, column) = match first_byte(&mut input) {
        Ok(first) => first,
        Err(err) => {
            diagnostics.push(Diagnostic::error(
                "send/unreadable-input",
                format!("cannot read {name}: {err}"),
            ));
            return Counts::default();
        }
    };
    let start = Rc::new(Cell::new(Start::default()));
    let counting = Counting {
        inner: input,
        line,
        column,
        start: start.clone(),
    };
    let mut de = serde_json::Deserializer::from_reader(counting);
    let mut checker = Checker {
        name: &name,
        diagnostics,
        on_entry,
        ids: Seen::default(),
        repeated: 0,
    };
    let result = if first == Some(b'[') {
        serde::Deserializer::deserialize_seq(
            &mut de,
            Elements {
                start: &start,
                checker: &mut checker,
            },
        )
        .and_then(|()| de.end())
    } else {
        start.set(Start {
            armed: true,
            ..Start::default()
        });
        serde::Deserialize::deserialize(&mut de)
            .and_then(|value: Value| de.end().map(|()| value))
            .map(|value| {
                let at = start.get();
                checker.check(at.line, at.column, value);
            })
    };
    if let Err(err) = result {
        let diagnostics = checker.diagnostics;
        let message = match err.classify() {
            serde_json::error::Category::Eof => {
                "the JSON ends too early: a `]` or `}` is missing".to_string()
            }
            _ => format!("invalid JSON: {err}"),
        };
        let message = message
            .split(" at line ")
            .next()
            .unwrap_or_default()
            .to_string();
        diagnostics.push(
            Diagnostic::error("send/invalid-json", message)
                .at(Location::at(name.clone(), err.line(), err.column()))
                .help("the file holds a JSON array of statements, or one statement"),
        );
        return Counts::default();
    }
    Counts {
        skipped: 0,
        repeated: checker.repeated,
    }
}

/// The first byte that is not whitespace or a byte order mark, left unread, and its line and
/// column.
fn first_byte(input: &mut impl BufRead) -> io::Result<(Option<u8>, u64, u64)> {
    let (mut line, mut column) = (1, 1);
    loop {
        let buf = input.fill_buf()?;
        if buf.is_empty() {
            return Ok((None, line, column));
        }
        if buf.starts_with("\u{feff}".as_bytes()) {
            input.consume(3);
            continue;
        }
        let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        for &b in &buf[..blank] {
            if b == b'\n' {
                line += 1;
                column = 1;
            } else {
                column += 1;
            }
        }
        let first = buf.get(blank).copied();
        input.consume(blank);
        if first.is_some() {
            return Ok((first, line, column));
        }
    }
}

/// Where the current element began: armed before an element is read, set by its first byte.
#[derive(Debug, Clone, Copy, Default)]
struct Start {
    armed: bool,
    line: u64,
    column: u64,
}

/// Counts lines and columns of the bytes the JSON parser reads, and notes where an element
/// starts (its first byte that is not whitespace or the `,` before it).
struct Counting<R> {
    inner: R,
    line: u64,
    column: u64,
    start: Rc<Cell<Start>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        for &b in &buf[..n] {
            let mut start = self.start.get();
            if start.armed && !b.is_ascii_whitespace() && b != b',' {
                start = Start {
                    armed: false,
                    line: self.line,
                    column: self.column,
                };
                self.start.set(start);
            }
            if b == b'\n' {
                self.line += 1;
                self.column = 1;
            } else if b & 0xC0 != 0x80 {
                self.column += 1;
            }
        }
        Ok(n)
    }
}

struct Checker<'a> {
    name: &'a str,
    diagnostics: &'a mut Diagnostics,
    on_entry: &'a mut dyn FnMut(Entry),
    ids: Seen,
    repeated: usize,
}

impl Checker<'_> {
    fn check(&mut self, line: u64, column: u64, statement: Value) {
        let at = || Location::at(self.name, line as usize, column as usize);
        let problems = validate(&statement);
        if !problems.is_empty() {
            for invalid in problems {
                self.diagnostics.push(
                    Diagnostic::error(
                        "send/invalid-statement",
                        format!("invalid statement: {invalid}"),
                    )
                    .at(at())
                    .help("xAPI 1.0.3 (docs/xapi.md) says what a statement may hold"),
                );
            }
            return;
        }
        let mut statement = statement;
        if let Some(id) = statement.get("id").and_then(Value::as_str) {
            if !self.ids.first(Some(id)) {
                self.diagnostics.push(
                    Diagnostic::error(
                        "send/duplicate-id",
                        format!("statement id {id} appears twice"),
                    )
                    .at(at())
                    .help("give each statement its own id, or leave `id` out"),
                );
                return;
            }
        } else {
            let id = content_id(&statement).to_string();
            if !self.ids.first(Some(&id)) {
                self.repeated += 1;
                return;
            }
            statement["id"] = Value::String(id);
        }
        (self.on_entry)(Entry { line, statement });
    }
}

/// The visitor of the top-level array: checks each element as soon as it is parsed.
struct Elements<'c, 'a> {
    start: &'c Rc<Cell<Start>>,
    checker: &'c mut Checker<'a>,
}

impl<'de> Visitor<'de> for Elements<'_, '_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON array of statements")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        loop {
            self.start.set(Start {
                armed: true,
                ..Start::default()
            });
            match seq.next_element::<Value>()? {
                Some(value) => {
                    let at = self.start.get();
                    self.checker.check(at.line, at.column, value);
                }
                None => return Ok(()),
            }
        }
    }
}

impl<'de> DeserializeSeed<'de> for Elements<'_, '_> {
    type Value = ();

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> (Vec<Entry>, Vec<String>) {
        let mut entries = Vec::new();
        let mut diagnostics = Diagnostics::default();
        read_statements(
            Path::new("s.json"),
            json.as_bytes(),
            &mut diagnostics,
            &mut |e| entries.push(e),
        );
        (
            entries,
            diagnostics.items().iter().map(|d| d.to_string()).collect(),
        )
    }

    const GOOD: &str = r#"{"actor": {"mbox": "mailto:a@example.com"}, "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}}, "object": {"id": "https://x.example.com/c"}}"#;

    #[test]
    fn statements_are_checked_and_located() {
        let bad = GOOD.replace("mailto:a@example.com", "a@example.com");
        let json = format!("[\n  {GOOD},\n\n    {bad}\n]\n");
        let (entries, errors) = read(&json);
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].line, 2);
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0].starts_with(
                "error[send/invalid-statement]: s.json:4:5: invalid statement: actor.mbox"
            ),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn one_statement_alone_is_read_and_broken_json_is_located() {
        let (entries, errors) = read(&format!("\n {GOOD}\n"));
        assert_eq!((entries.len(), entries[0].line), (1, 2));
        assert!(errors.is_empty());
        let (entries, errors) = read(&format!("[{GOOD},\n {{\"actor\": }}]"));
        assert_eq!(entries.len(), 1);
        assert!(
            errors[0]
                .starts_with("error[send/invalid-json]: s.json:2:12: invalid JSON: expected value"),
            "{errors:?}"
        );
    }
}

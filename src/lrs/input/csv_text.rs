//! The text of a CSV below the csv crate: the delimiter detected from the header row, where each
//! field of a record starts (for file:line:column), and syntax errors in words.

use crate::diag::{Diagnostic, Location};
use std::io::{self, BufRead, Read};

/// The delimiters detected, in order of preference when the header row has none.
pub(super) const DELIMITERS: &[u8] = b",;\t";

/// The name of a delimiter in messages.
pub fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".into(),
        other => format!("`{}`", char::from(other)),
    }
}

/// The header row's bytes (a BOM dropped), read ahead to detect the delimiter. A header row is
/// short; at most 64 KiB are read, the rest follows through the reader.
pub(super) fn header_line(input: &mut impl BufRead) -> io::Result<Vec<u8>> {
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
pub(super) fn detect_delimiter(header: &[u8]) -> u8 {
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
pub(super) fn field_columns(raw: Option<&[u8]>, delimiter: u8) -> Vec<(u64, usize)> {
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
pub(super) fn csv_error(
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
pub(super) struct Tape<R> {
    inner: R,
    window: Vec<u8>,
    /// The input offset of `window[0]`.
    start: u64,
}

/// How many recent bytes a [`Tape`] keeps at least: more than any sane row, and more than the
/// CSV reader's read-ahead.
pub(super) const TAPE_KEEP: usize = 256 * 1024;

impl<R: Read> Tape<R> {
    pub(super) fn new(inner: R) -> Self {
        Tape {
            inner,
            window: Vec::new(),
            start: 0,
        }
    }

    /// The bytes from input offset `from` to what was read so far, if still kept.
    pub(super) fn raw(&self, from: u64) -> Option<&[u8]> {
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

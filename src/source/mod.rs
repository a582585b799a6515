//! The course folder on disk: its text files with their line maps, and safe asset paths.
//!
//! This stage is the only one that reads the course folder ([`CourseFolder`]); later stages
//! get plain data and [`Span`]s into the [`Sources`] it read.
//! Every text keeps the name the user knows it by, so any offset into it can be turned into
//! file:line:column for a diagnostic.

mod folder;
mod paths;
mod span;

pub use folder::{is_junk, AssetFile, CourseFolder, TemplateFile};
pub use paths::{resolve_asset, AssetPathError};
pub use span::{FileId, Sources, Span};

use crate::diag::{Diagnostic, Location};
use std::path::Path;

/// A UTF-8 text file of the course with the byte offsets at which its lines start.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics, e.g. `content/pages/intro.md`.
    pub name: String,
    pub text: String,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        SourceFile {
            name: name.into(),
            text,
            line_starts,
        }
    }

    /// Reads a file that must be UTF-8. A file that is not gets a diagnostic pointing at the
    /// first byte that is not UTF-8.
    pub fn read(path: &Path, name: &str) -> Result<SourceFile, Diagnostic> {
        let bytes = std::fs::read(path).map_err(|err| {
            Diagnostic::error(
                "content/unreadable-file",
                format!("cannot read file: {err}"),
            )
            .at(Location::file(name))
        })?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(name, text)),
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let prefix = String::from_utf8_lossy(&err.as_bytes()[..valid]).into_owned();
                let (line, column) = SourceFile::new(name, prefix.clone()).line_column(valid);
                Err(Diagnostic::error(
                    "content/not-utf8",
                    "this file is not UTF-8 text".to_string(),
                )
                .at(Location::at(name, line, column))
                .help("save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)"))
            }
        }
    }

    /// Line and column (both from 1; the column counts characters) of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.text[start..floor_char_boundary(&self.text, offset)]
            .chars()
            .count();
        (line + 1, column + 1)
    }

    /// The location of a byte offset, for a diagnostic.
    pub fn location(&self, offset: usize) -> Location {
        let (line, column) = self.line_column(offset);
        Location::at(self.name.clone(), line, column)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The size of a file of the package that stays on disk, and its text when `text` and it is
/// at most `limit` bytes: what `check` reads of a course's assets.
pub fn package_file(path: &Path, text: bool, limit: u64) -> (u64, Option<String>) {
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let text = (text && size <= limit)
        .then(|| std::fs::read_to_string(path).ok())
        .flatten();
    (size, text)
}

/// The name a user knows a file in the course folder by: the course folder as they gave it,
/// joined with the relative path, always with forward slashes.
pub fn display_name(course_dir: &Path, relative: &str) -> String {
    let dir = course_dir.to_string_lossy().replace('\\', "/");
    let dir = dir.trim_end_matches('/');
    if dir.is_empty() || dir == "." {
        relative.to_string()
    } else {
        format!("{dir}/{relative}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_map_to_lines_and_character_columns() {
        let file = SourceFile::new("a.md", "ab\n·x\n\nlast");
        assert_eq!(file.line_column(0), (1, 1));
        assert_eq!(file.line_column(1), (1, 2));
        assert_eq!(file.line_column(3), (2, 1));
        // `·` is two bytes but one column.
        assert_eq!(file.line_column(5), (2, 2));
        assert_eq!(file.line_column(7), (3, 1));
        assert_eq!(file.line_column(8), (4, 1));
        assert_eq!(file.line_column(100), (4, 5));
    }

    #[test]
    fn non_utf8_file_is_reported_at_the_first_bad_byte() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.md");
        std::fs::write(&path, b"title\nab\xe9c\n").unwrap();
        let err = SourceFile::read(&path, "content/bad.md").unwrap_err();
        assert_eq!(err.code, "content/not-utf8");
        assert_eq!(err.location, Some(Location::at("content/bad.md", 2, 3)));
    }

    #[test]
    fn display_name_joins_with_forward_slashes() {
        assert_eq!(
            display_name(Path::new("content"), "pages/a.md"),
            "content/pages/a.md"
        );
        assert_eq!(display_name(Path::new("."), "course.toml"), "course.toml");
        assert_eq!(
            display_name(Path::new("c/"), "course.toml"),
            "c/course.toml"
        );
    }
}

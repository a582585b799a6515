//! Where a piece of text was written: a file of the course and a byte range in it.
//!
//! The model keeps a [`Span`] for everything an author wrote; [`Sources`] holds the files the
//! spans point into and turns a span into the file:line:column a diagnostic shows.

use super::SourceFile;
use crate::diag::Location;
use std::ops::Range;
use std::sync::Arc;

/// A file read by [`Sources`], by the order it was read in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId(u32);

/// A byte range of one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub file: FileId,
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Span {
        Span {
            file,
            start: range.start,
            end: range.end,
        }
    }

    /// An empty span at `offset`: a place rather than a stretch of text.
    pub fn at(file: FileId, offset: usize) -> Span {
        Span::new(file, offset..offset)
    }
}

/// Every text file read from the course folder, with its line map.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    files: Vec<Arc<SourceFile>>,
}

impl Sources {
    pub fn add(&mut self, file: SourceFile) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).expect("fewer than 4 billion files"));
        self.files.push(Arc::new(file));
        id
    }

    /// A file to keep while the sources grow (parsing reads page after page).
    pub fn shared(&self, id: FileId) -> Arc<SourceFile> {
        Arc::clone(&self.files[id.0 as usize])
    }

    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// The file:line:column where a span starts.
    pub fn location(&self, span: &Span) -> Location {
        self.get(span.file).location(span.start)
    }

    /// The text of a file by the name diagnostics give it, for showing the source lines of a
    /// diagnostic.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.text.as_str())
    }

    pub fn iter(&self) -> impl Iterator<Item = &SourceFile> {
        self.files.iter().map(|f| &**f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_becomes_the_line_and_column_of_its_start() {
        let mut sources = Sources::default();
        sources.add(SourceFile::new("a.md", "x"));
        let id = sources.add(SourceFile::new("b.toml", "one\ntwo = 2\n"));
        assert_eq!(
            sources.location(&Span::new(id, 8..11)),
            Location::at("b.toml", 2, 5)
        );
        assert_eq!(sources.text("b.toml"), Some("one\ntwo = 2\n"));
        assert_eq!(sources.text("c.md"), None);
    }
}

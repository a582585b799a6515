//! What `send` reads, incrementally: a completion report exported from an LMS (CSV) or ready
//! xAPI statements (JSON) → statements without ids, each with the line it came from, handed
//! on one at a time. Every problem becomes a [`Diagnostic`] with file:line:column, collected
//! before anything is sent.
//!
//! - `results`: the results CSV (delimiter detected, headers matched loosely);
//! - `statements`: a JSON array of statements (or one statement), read element by element.

mod columns;
mod csv_text;
pub mod results;
mod row;
pub mod statements;

use serde_json::Value;

pub use results::{accepted_headers, read_results, ResultsOptions};
pub use statements::read_statements;

/// A statement to send and the line of the input it came from.
#[derive(Debug, Clone)]
pub struct Entry {
    pub line: u64,
    pub statement: Value,
}

/// What a reader passed over besides the statements it handed on.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Rows of learners who have not finished (`incomplete`, `not attempted`).
    pub skipped: usize,
    /// Rows or statements that repeat an earlier one: the same fact, so the same id.
    pub repeated: usize,
}

/// The ids seen so far (16 bytes each), to pass over a fact given twice.
#[derive(Debug, Default)]
pub(crate) struct Seen(std::collections::HashSet<u128>);

impl Seen {
    /// Whether `id` is new; a statement without a UUID id counts as new.
    pub(crate) fn first(&mut self, id: Option<&str>) -> bool {
        match id.and_then(|id| uuid::Uuid::parse_str(id).ok()) {
            Some(uuid) => self.0.insert(uuid.as_u128()),
            None => true,
        }
    }
}

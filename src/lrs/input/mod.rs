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

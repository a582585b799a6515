//! Reporting to a Learning Record Store from outside any package (`scormpack send`): a results
//! file or ready statements → checked xAPI 1.0.3 statements → a durable spool → the LRS, each
//! statement stored exactly once however often the run is interrupted and repeated.
//!
//! - `run`: one run from [`SendOptions`] to a [`Report`]: usage checks, retry policy, spool key;
//! - `course`: the course's activity, from a course folder or a built xAPI zip;
//! - `input`: results CSV and statements JSON → statements with their input lines;
//! - `statement`: the statements `send` writes, and the xAPI 1.0.3 checks;
//! - `spool`: statements with ids on disk before the first request, and what was confirmed;
//! - `client`: HTTP to the LRS: batches, retries, conflicts.

pub mod client;
pub mod course;
pub mod input;
pub mod run;
pub mod spool;
pub mod statement;

pub use client::Credentials;
pub use run::{
    clean, dry_run, send, CredentialSource, Failure, Input, Observer, Quiet, Report, SendOptions,
};

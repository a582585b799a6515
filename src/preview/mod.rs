//! `scormpack preview`: a course folder in, a local web server out. The course is built as a
//! SCORM 1.2 package in memory (never zipped) and served on 127.0.0.1 inside a simulated LMS
//! page (the compiled-in `preview/` folder); every change under the course folder rebuilds it,
//! and the page relaunches the SCO or shows the content error.
//!
//! - [`package_files`]: course folder → the package's files as bytes, or the diagnostics;
//! - `server`: HTTP routes over the last good build and the current errors;
//! - `watch`: file events → debounced rebuilds.

mod server;
mod watch;

use crate::diag::{Diagnostic, Location};
use crate::package::Format;
use crate::render::Contents;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Instant;

mod assets {
    include!(concat!(env!("OUT_DIR"), "/builtin_preview.rs"));
}

/// What to preview, and where.
#[derive(Debug, Clone)]
pub struct PreviewOptions {
    pub course_dir: PathBuf,
    /// The port on 127.0.0.1; 0 picks a free one.
    pub port: u16,
    /// Colour the errors printed on stderr (the caller knows the terminal and `NO_COLOR`).
    pub color: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum PreviewError {
    #[error("cannot listen on 127.0.0.1:{port}: {reason}")]
    Bind { port: u16, reason: String },
    #[error("cannot watch {} for changes: {source}", path.display())]
    Watch {
        path: PathBuf,
        #[source]
        source: notify::Error,
    },
}

/// The package's files by path inside the package.
pub(crate) type Files = BTreeMap<String, Vec<u8>>;

/// What the server shows: the last build that worked, and the errors of the latest one.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Counts finished builds, good or bad; the page reloads when it changes.
    pub(crate) generation: u64,
    pub(crate) files: Arc<Files>,
    /// The latest build's errors, one diagnostic a line; empty when it worked.
    pub(crate) errors: Vec<String>,
}

/// The state and a condition variable the long-poll waits on.
pub(crate) type Shared = Arc<(Mutex<State>, Condvar)>;

/// Builds the course as a SCORM 1.2 package in memory: source → model → render → assemble.
pub fn package_files(course_dir: &Path) -> Result<Files, Vec<Diagnostic>> {
    let (course, theme, _warnings) = crate::load(course_dir)?;
    let format = Format::Scorm12;
    let target = crate::render::Target {
        format: format.name(),
        scripts: format.scripts(),
    };
    let rendered = crate::render::render(&course, &theme, &target).map_err(|d| vec![d])?;
    let mut files = Files::new();
    for file in format.assemble(&course, rendered) {
        let bytes = match file.contents {
            Contents::Memory(bytes) => bytes,
            Contents::Disk(path) => std::fs::read(&path).map_err(|err| {
                vec![Diagnostic::error(
                    "content/unreadable-file",
                    format!("cannot read {}: {err}", path.display()),
                )
                .at(Location::file(path.display().to_string()))]
            })?,
        };
        files.insert(file.path, bytes);
    }
    Ok(files)
}

/// Rebuilds into `shared` and reports on stderr (errors with their source lines, as `check`
/// prints them); a content error keeps the last good files.
pub(crate) fn rebuild(course_dir: &Path, shared: &Shared, color: bool) {
    let started = Instant::now();
    let result = package_files(course_dir);
    let (lock, changed) = &**shared;
    // A poisoned lock means a request thread panicked while holding it; the state itself is
    // plain data that is always consistent, so keep serving it.
    let mut state = lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    state.generation += 1;
    match result {
        Ok(files) => {
            eprintln!(
                "preview: built {} files in {} ms",
                files.len(),
                started.elapsed().as_millis()
            );
            state.files = Arc::new(files);
            state.errors.clear();
        }
        Err(diags) => {
            // The page gets the one-line form; the terminal the snippets.
            state.errors = diags.iter().map(ToString::to_string).collect();
            let source = |file: &str| std::fs::read_to_string(file).ok();
            eprint!(
                "{}",
                crate::diag::render::human(&diags, &source, crate::diag::render::Style { color })
            );
            eprintln!(
                "preview: the course has errors; the page shows them until a save fixes them"
            );
        }
    }
    changed.notify_all();
}

/// Builds the course, starts watching it, prints the URL and serves until the process ends.
pub fn run(options: &PreviewOptions, on_listening: impl FnOnce(&str)) -> Result<(), PreviewError> {
    let shared: Shared = Arc::default();
    rebuild(&options.course_dir, &shared, options.color);
    let _watcher = watch::start(&options.course_dir, &shared, options.color)?;
    let server = server::Server::bind(options.port)?;
    on_listening(&server.url());
    server.serve(&shared);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_course_builds_in_memory_with_its_manifest_and_assets() {
        let files = package_files(Path::new("content")).expect("the default course builds");
        assert!(files["imsmanifest.xml"].starts_with(b"<?xml"));
        assert!(files.contains_key("index.html"));
        assert!(files
            .iter()
            .any(|(name, bytes)| name.ends_with(".pdf") && bytes.starts_with(b"%PDF")));
    }

    #[test]
    fn a_content_error_keeps_the_last_good_files_and_is_reported() {
        let shared: Shared = Arc::default();
        rebuild(Path::new("content"), &shared, false);
        let missing = Path::new("no-such-course-folder");
        rebuild(missing, &shared, false);
        let state = shared.0.lock().expect("not poisoned");
        assert_eq!(state.generation, 2);
        assert!(
            state.files.contains_key("index.html"),
            "the good build stays served"
        );
        assert!(!state.errors.is_empty());
    }
}

//! `scormpack preview`: a course folder in, a local web server out. The course is built as a
//! SCORM 1.2 and a SCORM 2004 package in memory (never zipped) and served on 127.0.0.1 inside a
//! simulated LMS page (the compiled-in `preview/` folder), which plays either standard; every
//! change under the course folder rebuilds them, and the page relaunches the SCO or shows the
//! content error.
//!
//! - [`package_files`]: course folder → the package's files as bytes, or the diagnostics;
//! - `server`: HTTP routes over the last good build and the current errors;
//! - `lrs`: the cmi5 LMS's fetch URL and an LRS in memory, for the course's cmi5 package (built
//!   beside the SCORM 1.2 one when the course has an activity id);
//! - `watch`: file events → debounced rebuilds.

mod lrs;
mod server;
mod watch;

use crate::diag::Diagnostic;
use crate::package::Format;
use crate::render::Contents;
use crate::source::Sources;
use crate::Project;
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

/// The package's files by path inside the package: rendered in memory, or a file of the
/// course folder.
pub(crate) type Files = BTreeMap<String, Contents>;

/// What the server shows: the last build that worked, and the errors of the latest one.
#[derive(Debug, Default)]
pub(crate) struct State {
    /// Counts finished builds, good or bad; the page reloads when it changes.
    pub(crate) generation: u64,
    pub(crate) files: Arc<Files>,
    /// The same course as a SCORM 2004 (4th edition) package.
    pub(crate) scorm2004_files: Arc<Files>,
    /// The same course as a cmi5 package; `None` without `[xapi] activity_id`.
    pub(crate) cmi5_files: Option<Arc<Files>>,
    /// The latest build's errors, one diagnostic a line; empty when it worked.
    pub(crate) errors: Vec<String>,
}

/// The state and a condition variable the long-poll waits on.
pub(crate) type Shared = Arc<(Mutex<State>, Condvar)>;

/// Why a rebuild failed: the diagnostics and the texts they point into.
pub struct Failed {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

/// Assembles the course as a SCORM 1.2 package in memory, as `build` would before zipping;
/// files of the course folder stay on disk and are streamed when requested.
pub fn package_files(course_dir: &Path) -> Result<Files, Failed> {
    packages(course_dir).map(|built| built.scorm12)
}

/// The packages the preview serves, each as its files.
struct Built {
    scorm12: Files,
    scorm2004: Files,
    /// Only when the course has an activity id.
    cmi5: Option<Files>,
}

/// The SCORM 1.2 and 2004 packages' files and, when the course has an activity id, the cmi5
/// package's.
fn packages(course_dir: &Path) -> Result<Built, Failed> {
    let project = Project::load(course_dir).map_err(|failed| Failed {
        diagnostics: failed.diagnostics,
        sources: failed.sources,
    })?;
    let files = |format| {
        project
            .assemble(format)
            .map(|package| {
                package
                    .files
                    .into_iter()
                    .map(|file| (file.path, file.contents))
                    .collect::<Files>()
            })
            .map_err(|diagnostics| Failed {
                diagnostics,
                sources: project.sources.clone(),
            })
    };
    let scorm12 = files(Format::Scorm12)?;
    let scorm2004 = files(Format::Scorm2004)?;
    let cmi5 = match project.course.meta.activity_id {
        Some(_) => Some(files(Format::Cmi5)?),
        None => None,
    };
    Ok(Built {
        scorm12,
        scorm2004,
        cmi5,
    })
}

/// Rebuilds into `shared` and reports on stderr (errors with their source lines, as `check`
/// prints them); a content error keeps the last good files.
pub(crate) fn rebuild(course_dir: &Path, shared: &Shared, color: bool) {
    let started = Instant::now();
    let result = packages(course_dir);
    let (lock, changed) = &**shared;
    // A poisoned lock means a request thread panicked while holding it; the state itself is
    // plain data that is always consistent, so keep serving it.
    let mut state = lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    state.generation += 1;
    match result {
        Ok(built) => {
            eprintln!(
                "preview: built {} files in {} ms",
                built.scorm12.len(),
                started.elapsed().as_millis()
            );
            state.files = Arc::new(built.scorm12);
            state.scorm2004_files = Arc::new(built.scorm2004);
            state.cmi5_files = built.cmi5.map(Arc::new);
            state.errors.clear();
        }
        Err(Failed {
            diagnostics: diags,
            sources,
        }) => {
            // The page gets the one-line form; the terminal the snippets.
            state.errors = diags.iter().map(ToString::to_string).collect();
            let source = |file: &str| sources.text(file).map(str::to_string);
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
        let Ok(files) = package_files(Path::new("content")) else {
            panic!("the default course builds");
        };
        let Contents::Memory(manifest) = &files["imsmanifest.xml"] else {
            panic!("the manifest is rendered in memory");
        };
        assert!(manifest.starts_with(b"<?xml"));
        assert!(files.contains_key("index.html"));
        // Media stay on disk until the browser asks for them.
        assert!(files.iter().any(|(name, contents)| name.ends_with(".pdf")
            && matches!(contents, Contents::Disk(path) if path.is_file())));
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
        assert!(
            state.scorm2004_files.contains_key("imsmanifest.xml"),
            "the good SCORM 2004 build stays served"
        );
        assert!(!state.errors.is_empty());
    }
}

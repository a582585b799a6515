//! File events under the course folder in, rebuilds out: events are collected until the folder
//! has been quiet for [`DEBOUNCE`], so an editor's save (often a write, a rename and a chmod)
//! rebuilds once.

use super::{PreviewError, Shared};
use notify::{RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

const DEBOUNCE: Duration = Duration::from_millis(100);

/// Starts watching `course_dir`; the watcher stops when the returned value is dropped.
pub(crate) fn start(
    course_dir: &Path,
    shared: &Shared,
    color: bool,
) -> Result<notify::RecommendedWatcher, PreviewError> {
    let failed = |source| PreviewError::Watch {
        path: course_dir.to_path_buf(),
        source,
    };
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(tx).map_err(failed)?;
    watcher
        .watch(course_dir, RecursiveMode::Recursive)
        .map_err(failed)?;
    let course_dir: PathBuf = course_dir.to_path_buf();
    let shared = shared.clone();
    std::thread::spawn(move || {
        // recv fails only when the watcher is dropped, i.e. when the server stops.
        while let Ok(first) = rx.recv() {
            let mut relevant = matters(&first);
            while let Ok(next) = rx.recv_timeout(DEBOUNCE) {
                relevant |= matters(&next);
            }
            if relevant {
                super::rebuild(&course_dir, &shared, color);
            }
        }
    });
    Ok(watcher)
}

/// Reading a file is an event too on some systems; only changes to content count.
fn matters(event: &notify::Result<notify::Event>) -> bool {
    match event {
        Ok(event) => !matches!(event.kind, notify::EventKind::Access(_)),
        // A watch error (e.g. too many files): rebuilding shows the course as it is now.
        Err(_) => true,
    }
}

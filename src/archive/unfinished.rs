//! What a build has on disk before its zip is complete — the temporary `.scormpack-*.zip.part`
//! and the folders made for it — registered while it exists, so that an interrupted build
//! (SIGINT, SIGTERM) removes it: a signal ends the process without running destructors, and a
//! large course would leave hundreds of MB hidden beside the zip.

use std::io;
use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard, PoisonError};

#[derive(Default)]
struct Unfinished {
    files: Vec<PathBuf>,
    /// Folders created for a zip, in the order created (parents first).
    folders: Vec<PathBuf>,
}

static UNFINISHED: Mutex<Unfinished> = Mutex::new(Unfinished {
    files: Vec::new(),
    folders: Vec::new(),
});

fn lock() -> MutexGuard<'static, Unfinished> {
    // The registry is two lists changed in single pushes and removals: always consistent.
    UNFINISHED.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Registered while it lives; unregistered on drop, when the file is renamed into place or
/// removed by its own destructor.
pub(super) struct Registered {
    path: PathBuf,
    folder: bool,
}

impl Drop for Registered {
    fn drop(&mut self) {
        let mut state = lock();
        let list = if self.folder {
            &mut state.folders
        } else {
            &mut state.files
        };
        if let Some(i) = list.iter().rposition(|p| *p == self.path) {
            list.remove(i);
        }
    }
}

/// Creates an unfinished file or folder with `create` and registers the path it returns, under
/// the registry's lock: a signal handler either runs first (and `create` never runs, since the
/// handler keeps the lock) or sees the path.
pub(super) fn create<T>(
    folder: bool,
    create: impl FnOnce() -> io::Result<(T, PathBuf)>,
) -> io::Result<(T, Registered)> {
    let mut state = lock();
    let (made, path) = create()?;
    if folder {
        state.folders.push(path.clone());
    } else {
        state.files.push(path.clone());
    }
    Ok((made, Registered { path, folder }))
}

/// Removes every unfinished file and then every folder made for one (when empty), for a
/// signal handler that ends the process next.
pub fn remove_unfinished() {
    let state = lock();
    remove(&state);
    // Held until the process exits: a build thread finishing now must neither create another
    // file nor register one.
    std::mem::forget(state);
}

fn remove(state: &Unfinished) {
    for file in &state.files {
        let _ = std::fs::remove_file(file);
    }
    for folder in state.folders.iter().rev() {
        let _ = std::fs::remove_dir(folder);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_is_registered_while_it_lives() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.zip.part");
        let ((), registered) = create(false, || Ok(((), path.clone()))).unwrap();
        assert!(lock().files.contains(&path));
        drop(registered);
        assert!(!lock().files.contains(&path));
        assert!(create(false, || Err::<((), PathBuf), _>(io::Error::other("no"))).is_err());
    }

    #[test]
    fn unfinished_files_and_the_folders_made_for_them_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(dist.join("sub")).unwrap();
        let partial = dist.join("sub/.scormpack-x.zip.part");
        std::fs::write(&partial, b"half").unwrap();
        let other = dir.path().join("kept");
        std::fs::write(&other, b"kept").unwrap();
        remove(&Unfinished {
            files: vec![partial],
            folders: vec![dist.clone(), dist.join("sub")],
        });
        assert!(!dist.exists());
        assert!(other.exists());
    }
}

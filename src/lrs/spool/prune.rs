//! Pruning: a spool whose statements are all stored is kept for [`KEEP_DELIVERED`], so that
//! the same command run again sends nothing, then deleted by the next run (or at once by
//! `send --clean`). A spool with statements not yet stored is never deleted.

use super::SpoolError;
use std::fs;
use std::io;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// How long a spool whose statements are all stored is kept before a later run prunes it.
pub const KEEP_DELIVERED: Duration = Duration::from_secs(30 * 24 * 60 * 60);

/// What [`prune`] did.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Pruned {
    /// Finished spools deleted.
    pub removed: usize,
    /// Spools with statements not yet stored, kept.
    pub pending: usize,
}

/// Deletes the finished spools in `dir` finished longer than `older_than` ago (`ZERO`: all of
/// them). Spools with statements not yet stored are never deleted. A missing folder has none.
pub fn prune(dir: &Path, older_than: Duration) -> Result<Pruned, SpoolError> {
    let read_err = |source| SpoolError::Read {
        path: dir.to_path_buf(),
        source,
    };
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(Pruned::default()),
        Err(err) => return Err(read_err(err)),
    };
    let now = SystemTime::now();
    let mut pruned = Pruned::default();
    for entry in entries {
        let path = entry.map_err(read_err)?.path();
        if path.extension().is_none_or(|e| e != "jsonl") {
            continue;
        }
        let done = path.with_extension("done");
        let finished = fs::metadata(&done).and_then(|m| m.modified()).ok();
        let Some(finished) = finished else {
            pruned.pending += 1;
            continue;
        };
        if now.duration_since(finished).unwrap_or_default() < older_than {
            continue;
        }
        for file in [path.clone(), path.with_extension("delivered"), done] {
            match fs::remove_file(&file) {
                Err(err) if err.kind() != io::ErrorKind::NotFound => {
                    return Err(SpoolError::Write {
                        path: file,
                        source: err,
                    })
                }
                _ => {}
            }
        }
        pruned.removed += 1;
    }
    Ok(pruned)
}

#[cfg(test)]
mod tests {
    use super::super::tests::entries;
    use super::super::Spool;
    use super::*;
    use std::fs::File;

    #[test]
    fn only_spools_finished_long_enough_ago_are_pruned() {
        let dir = tempfile::tempdir().unwrap();
        let old = Spool::open_or_create(dir.path(), "old", entries(1)).unwrap();
        old.finish().unwrap();
        let month_ago = SystemTime::now() - KEEP_DELIVERED - Duration::from_secs(60);
        File::options()
            .write(true)
            .open(dir.path().join("old.done"))
            .unwrap()
            .set_modified(month_ago)
            .unwrap();
        let recent = Spool::open_or_create(dir.path(), "recent", entries(1)).unwrap();
        recent.finish().unwrap();
        Spool::open_or_create(dir.path(), "pending", entries(1)).unwrap();

        let pruned = prune(dir.path(), KEEP_DELIVERED).unwrap();
        assert_eq!(
            pruned,
            Pruned {
                removed: 1,
                pending: 1
            }
        );
        assert!(!dir.path().join("old.jsonl").exists());
        assert!(dir.path().join("recent.jsonl").exists());

        // `send --clean`: every finished one, now; the pending one stays.
        let pruned = prune(dir.path(), Duration::ZERO).unwrap();
        assert_eq!(
            pruned,
            Pruned {
                removed: 1,
                pending: 1
            }
        );
        assert!(dir.path().join("pending.jsonl").exists());
        assert_eq!(
            prune(&dir.path().join("none"), Duration::ZERO).unwrap(),
            Pruned::default()
        );
    }
}

//! The durable spool of `send`: statements with their ids, on disk before the first request, and
//! the ids the LRS has confirmed, so that a run that crashed, was killed or met a dead LRS can be
//! run again and resends exactly the statements not yet stored, with the same ids.
//!
//! In: the input's statements (without ids) and a key naming the input, course and endpoint.
//! Out: two files in the spool folder — `<key>.jsonl` (one `{line, statement}` per line, written
//! once: temp file, fsync, rename, fsync of the folder) and `<key>.delivered` (ids appended and
//! fsynced after each confirmed batch), and `<key>.done` once every statement is stored. A
//! finished spool stays for [`KEEP_DELIVERED`], so running the same command again sends
//! nothing; then it is pruned (or at once by `send --clean`).
//!
//! The folder is private (0700) and so are the files (0600): they hold learners' email
//! addresses and scores.

use super::input::Entry;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashSet;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// How long a spool whose statements are all stored is kept before a later run prunes it.
pub const KEEP_DELIVERED: Duration = Duration::from_secs(30 * 24 * 60 * 60);

#[derive(Debug, thiserror::Error)]
pub enum SpoolError {
    #[error("cannot write the spool {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot read the spool {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("the spool {path} is damaged at line {line}; delete it to start over (its statements may then be sent twice)")]
    Damaged { path: PathBuf, line: usize },
}

/// One spooled statement: its id is in `statement["id"]`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Spooled {
    pub line: u64,
    pub statement: Value,
    /// Whether the spool gave the statement its `timestamp` (the input had none). A copy the
    /// LRS holds from an earlier spool then has another timestamp and is still the same fact.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub stamped: bool,
}

impl Spooled {
    pub fn id(&self) -> &str {
        self.statement["id"].as_str().unwrap_or_default()
    }
}

pub struct Spool {
    statements_path: PathBuf,
    delivered_path: PathBuf,
    statements: Vec<Spooled>,
    delivered: HashSet<String>,
    /// Whether an earlier run left this spool (and it is being resumed).
    pub resumed: bool,
}

impl Spool {
    /// Opens the spool named `key` in `dir`, or creates it from `entries` (which carry their
    /// ids), giving each statement without a `timestamp` the time of spooling.
    pub fn open_or_create(dir: &Path, key: &str, entries: Vec<Entry>) -> Result<Spool, SpoolError> {
        let statements_path = dir.join(format!("{key}.jsonl"));
        let delivered_path = dir.join(format!("{key}.delivered"));
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SpoolError::Write { path, source }
        };
        private_dir(dir).map_err(write_err(dir))?;
        if statements_path.is_file() {
            let statements = read_statements(&statements_path)?;
            let delivered = read_delivered(&delivered_path)?;
            return Ok(Spool {
                statements_path,
                delivered_path,
                statements,
                delivered,
                resumed: true,
            });
        }
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
        let statements: Vec<Spooled> = entries
            .into_iter()
            .map(|entry| {
                let mut statement = entry.statement;
                let stamped = statement.get("timestamp").is_none();
                if stamped {
                    statement["timestamp"] = Value::String(now.clone());
                }
                Spooled {
                    line: entry.line,
                    statement,
                    stamped,
                }
            })
            .collect();
        let mut text = String::new();
        for spooled in &statements {
            let line = serde_json::to_string(spooled).expect("JSON values always serialise");
            text.push_str(&line);
            text.push('\n');
        }
        let temp = dir.join(format!("{key}.jsonl.part"));
        write_synced(&temp, text.as_bytes()).map_err(write_err(&temp))?;
        // A stale list of delivered ids must not belong to a new set of statements.
        match fs::remove_file(&delivered_path) {
            Err(err) if err.kind() != io::ErrorKind::NotFound => {
                return Err(SpoolError::Write {
                    path: delivered_path,
                    source: err,
                })
            }
            _ => {}
        }
        fs::rename(&temp, &statements_path).map_err(write_err(&statements_path))?;
        sync_dir(dir).map_err(write_err(dir))?;
        Ok(Spool {
            statements_path,
            delivered_path,
            statements,
            delivered: HashSet::new(),
            resumed: false,
        })
    }

    pub fn len(&self) -> usize {
        self.statements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// The statements not yet confirmed, in input order.
    pub fn pending(&self) -> Vec<Spooled> {
        self.statements
            .iter()
            .filter(|s| !self.delivered.contains(s.id()))
            .cloned()
            .collect()
    }

    pub fn delivered_count(&self) -> usize {
        self.delivered.len()
    }

    /// Records `ids` as stored by the LRS, durably, before the next batch goes out.
    pub fn mark_delivered<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), SpoolError> {
        let mut text = String::new();
        for id in ids {
            if self.delivered.insert(id.to_string()) {
                text.push_str(id);
                text.push('\n');
            }
        }
        if text.is_empty() {
            return Ok(());
        }
        let path = self.delivered_path.clone();
        let append = || -> io::Result<()> {
            let mut file = private_file(OpenOptions::new().create(true).append(true), &path)?;
            file.write_all(text.as_bytes())?;
            file.sync_data()
        };
        append().map_err(|source| SpoolError::Write {
            path: path.clone(),
            source,
        })
    }

    pub fn path(&self) -> &Path {
        &self.statements_path
    }

    /// Marks the spool as finished: every statement is stored. It is pruned after
    /// [`KEEP_DELIVERED`].
    pub fn finish(&self) -> Result<(), SpoolError> {
        let done = self.statements_path.with_extension("done");
        write_synced(&done, b"").map_err(|source| SpoolError::Write { path: done, source })
    }
}

/// Creates `dir` (and its parents) readable by its owner only, and makes an existing one so.
fn private_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)?;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
    }
    #[cfg(not(unix))]
    {
        fs::create_dir_all(dir)
    }
}

/// Opens a file that only its owner may read (0600 when it is created).
fn private_file(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

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

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = private_file(
        OpenOptions::new().write(true).create(true).truncate(true),
        path,
    )?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Makes a rename in `dir` durable (POSIX: the directory entry is data of the directory).
fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

fn read_statements(path: &Path) -> Result<Vec<Spooled>, SpoolError> {
    let file = File::open(path).map_err(|source| SpoolError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut statements = Vec::new();
    for (i, line) in BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|source| SpoolError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let spooled: Spooled = serde_json::from_str(&line).map_err(|_| SpoolError::Damaged {
            path: path.to_path_buf(),
            line: i + 1,
        })?;
        if spooled.id().is_empty() {
            return Err(SpoolError::Damaged {
                path: path.to_path_buf(),
                line: i + 1,
            });
        }
        statements.push(spooled);
    }
    Ok(statements)
}

/// The confirmed ids. A last line cut short by a crash is not a whole id and is ignored: that
/// statement is simply sent again, which the LRS answers as already stored.
fn read_delivered(path: &Path) -> Result<HashSet<String>, SpoolError> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(source) => {
            return Err(SpoolError::Read {
                path: path.to_path_buf(),
                source,
            })
        }
    };
    Ok(text
        .lines()
        .filter(|id| id.len() == 36)
        .map(str::to_string)
        .collect())
}

/// The spool key for one input (`input` is a digest of its bytes): the same file, course and
/// LRS give the same key, so a rerun finds the spool of the run it repeats.
pub fn key(input: &[u8], activity_id: &str, endpoint: &str) -> String {
    let mut material = Vec::with_capacity(input.len() + 256);
    material.extend_from_slice(endpoint.as_bytes());
    material.push(0);
    material.extend_from_slice(activity_id.as_bytes());
    material.push(0);
    material.extend_from_slice(input);
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, &material).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entries(n: u64) -> Vec<Entry> {
        (0..n)
            .map(|i| Entry {
                line: i + 2,
                statement: json!({ "id": uuid::Uuid::from_u128(u128::from(i) + 1).to_string() }),
            })
            .collect()
    }

    #[test]
    fn statements_without_a_timestamp_get_the_time_of_spooling() {
        let dir = tempfile::tempdir().unwrap();
        let mut given = entries(2);
        given[1].statement["timestamp"] = json!("2026-03-01T09:00:00Z");
        let spool = Spool::open_or_create(dir.path(), "k", given).unwrap();
        let pending = spool.pending();
        assert!(pending[0].stamped);
        let stamp = pending[0].statement["timestamp"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(stamp).is_ok(),
            "{stamp}"
        );
        assert!(!pending[1].stamped);
        assert_eq!(pending[1].statement["timestamp"], "2026-03-01T09:00:00Z");
        // Reopened, the spool keeps the stamp it gave.
        let again = Spool::open_or_create(dir.path(), "k", entries(2)).unwrap();
        assert_eq!(again.pending()[0].statement["timestamp"], stamp);
        assert!(again.pending()[0].stamped);
    }

    #[test]
    fn a_reopened_spool_keeps_its_ids_and_what_was_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::open_or_create(dir.path(), "k", entries(3)).unwrap();
        assert!(!spool.resumed);
        let ids: Vec<String> = spool.pending().iter().map(|s| s.id().to_string()).collect();
        spool.mark_delivered([ids[0].as_str()]).unwrap();
        drop(spool);

        // A rerun brings entries again; the spool wins.
        let spool = Spool::open_or_create(dir.path(), "k", entries(3)).unwrap();
        assert!(spool.resumed);
        let pending: Vec<String> = spool.pending().iter().map(|s| s.id().to_string()).collect();
        assert_eq!(pending, ids[1..]);
    }

    #[cfg(unix)]
    #[test]
    fn the_spool_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let spool_dir = dir.path().join("a/spool");
        let mut spool = Spool::open_or_create(&spool_dir, "k", entries(2)).unwrap();
        let id = spool.pending()[0].id().to_string();
        spool.mark_delivered([id.as_str()]).unwrap();
        spool.finish().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&spool_dir), 0o700);
        for file in ["k.jsonl", "k.delivered", "k.done"] {
            assert_eq!(mode(&spool_dir.join(file)), 0o600, "{file}");
        }
    }

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

    #[test]
    fn a_torn_last_delivered_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open_or_create(dir.path(), "k", entries(2)).unwrap();
        let first = spool.pending()[0].id().to_string();
        fs::write(
            dir.path().join("k.delivered"),
            format!("{first}\n{}", &first[..10]),
        )
        .unwrap();
        let spool = Spool::open_or_create(dir.path(), "k", entries(2)).unwrap();
        assert_eq!(spool.pending().len(), 1);
    }

    #[test]
    fn keys_differ_by_input_course_and_endpoint() {
        let k = key(b"a", "urn:c", "http://lrs/");
        assert_eq!(k, key(b"a", "urn:c", "http://lrs/"));
        assert_ne!(k, key(b"b", "urn:c", "http://lrs/"));
        assert_ne!(k, key(b"a", "urn:d", "http://lrs/"));
        assert_ne!(k, key(b"a", "urn:c", "http://other/"));
    }
}

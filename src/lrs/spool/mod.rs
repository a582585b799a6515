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
use serde_json::value::RawValue;
use serde_json::Value;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, Write};
use std::path::{Path, PathBuf};

mod prune;

pub use prune::{prune, Pruned, KEEP_DELIVERED};

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

/// A spooled statement as it is read back for sending: its JSON text as written (never parsed
/// into a value and written again), its id and line.
#[derive(Debug, Clone)]
pub struct Queued {
    pub line: u64,
    pub id: String,
    pub statement: Box<RawValue>,
    pub stamped: bool,
}

impl Queued {
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The statement as a JSON value (to compare it with what the LRS holds).
    pub fn value(&self) -> Value {
        serde_json::from_str(self.statement.get()).unwrap_or(Value::Null)
    }
}

/// A spool line with the statement left as text.
#[derive(Deserialize)]
struct QueuedLine {
    line: u64,
    statement: Box<RawValue>,
    #[serde(default)]
    stamped: bool,
}

/// Only the id of a statement.
#[derive(Deserialize)]
struct IdOnly {
    id: String,
}

impl Queued {
    fn parse(text: &str) -> Option<Queued> {
        let line: QueuedLine = serde_json::from_str(text).ok()?;
        let IdOnly { id } = serde_json::from_str(line.statement.get()).ok()?;
        (!id.is_empty()).then_some(Queued {
            line: line.line,
            id,
            statement: line.statement,
            stamped: line.stamped,
        })
    }
}

/// A spool on disk. Only counts are held in memory; statements are read back a batch at a time.
pub struct Spool {
    dir: PathBuf,
    statements_path: PathBuf,
    delivered_path: PathBuf,
    /// Statements in the spool.
    total: usize,
    /// The first `delivered` statements are confirmed: batches are confirmed in spool order.
    delivered: usize,
    /// Whether an earlier run left this spool (and it is being resumed).
    pub resumed: bool,
}

/// A spool being written: statements go to a private temp file, which becomes the spool only
/// when [`SpoolWriter::commit`] makes it durable.
pub struct SpoolWriter {
    dir: PathBuf,
    temp: PathBuf,
    file: io::BufWriter<File>,
    now: String,
    count: usize,
}

impl SpoolWriter {
    /// Adds one statement (which carries its id), giving it the time of spooling if it has no
    /// `timestamp`.
    pub fn push(&mut self, entry: Entry) -> Result<(), SpoolError> {
        let mut statement = entry.statement;
        let stamped = statement.get("timestamp").is_none();
        if stamped {
            statement["timestamp"] = Value::String(self.now.clone());
        }
        let spooled = Spooled {
            line: entry.line,
            statement,
            stamped,
        };
        let write = |file: &mut io::BufWriter<File>| -> io::Result<()> {
            serde_json::to_writer(&mut *file, &spooled)?;
            file.write_all(b"\n")
        };
        write(&mut self.file).map_err(|source| SpoolError::Write {
            path: self.temp.clone(),
            source,
        })?;
        self.count += 1;
        Ok(())
    }

    /// Makes the spool durable under `key` (temp file fsynced, renamed, folder fsynced) and
    /// opens it.
    pub fn commit(self, key: &str) -> Result<Spool, SpoolError> {
        let statements_path = self.dir.join(format!("{key}.jsonl"));
        let delivered_path = self.dir.join(format!("{key}.delivered"));
        let temp = self.temp.clone();
        let write_err = |path: &Path| {
            let path = path.to_path_buf();
            move |source| SpoolError::Write { path, source }
        };
        let mut this = self;
        this.file.flush().map_err(write_err(&temp))?;
        this.file.get_ref().sync_all().map_err(write_err(&temp))?;
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
        sync_dir(&this.dir).map_err(write_err(&this.dir))?;
        Ok(Spool {
            dir: this.dir.clone(),
            statements_path,
            delivered_path,
            total: this.count,
            delivered: 0,
            resumed: false,
        })
    }
}

impl Drop for SpoolWriter {
    fn drop(&mut self) {
        // Not committed (or committed: then the temp file is gone already).
        let _ = fs::remove_file(&self.temp);
    }
}

impl Spool {
    /// The spool named `key` in `dir` if an earlier run left it, with what was confirmed.
    pub fn open(dir: &Path, key: &str) -> Result<Option<Spool>, SpoolError> {
        let statements_path = dir.join(format!("{key}.jsonl"));
        if !statements_path.is_file() {
            return Ok(None);
        }
        let delivered_path = dir.join(format!("{key}.delivered"));
        let (total, delivered) = confirmed_prefix(&statements_path, &delivered_path)?;
        Ok(Some(Spool {
            dir: dir.to_path_buf(),
            statements_path,
            delivered_path,
            total,
            delivered,
            resumed: true,
        }))
    }

    /// A new spool in `dir` (created private if missing), to be filled and committed.
    pub fn create(dir: &Path) -> Result<SpoolWriter, SpoolError> {
        private_dir(dir).map_err(|source| SpoolError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let temp = dir.join(format!("{}.jsonl.part", uuid::Uuid::new_v4()));
        let file = private_file(OpenOptions::new().write(true).create_new(true), &temp).map_err(
            |source| SpoolError::Write {
                path: temp.clone(),
                source,
            },
        )?;
        Ok(SpoolWriter {
            dir: dir.to_path_buf(),
            temp,
            file: io::BufWriter::with_capacity(256 * 1024, file),
            now: chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
            count: 0,
        })
    }

    /// Opens the spool named `key` in `dir`, or creates it from `entries`.
    pub fn open_or_create(
        dir: &Path,
        key: &str,
        entries: impl IntoIterator<Item = Entry>,
    ) -> Result<Spool, SpoolError> {
        if let Some(spool) = Spool::open(dir, key)? {
            return Ok(spool);
        }
        let mut writer = Spool::create(dir)?;
        for entry in entries {
            writer.push(entry)?;
        }
        writer.commit(key)
    }

    pub fn len(&self) -> usize {
        self.total
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    pub fn delivered_count(&self) -> usize {
        self.delivered
    }

    pub fn pending_count(&self) -> usize {
        self.total - self.delivered
    }

    /// The statements not yet confirmed, in spool order, read as they are needed.
    pub fn pending(&self) -> Result<Pending, SpoolError> {
        let file = File::open(&self.statements_path).map_err(|source| SpoolError::Read {
            path: self.statements_path.clone(),
            source,
        })?;
        let mut pending = Pending {
            path: self.statements_path.clone(),
            lines: BufReader::with_capacity(256 * 1024, file),
            line: 0,
            buffer: String::new(),
        };
        for _ in 0..self.delivered {
            pending.next_line()?;
        }
        Ok(pending)
    }

    /// Records `ids` (the next pending statements, in order) as stored by the LRS, durably,
    /// before the next batch goes out.
    pub fn mark_delivered<'a>(
        &mut self,
        ids: impl IntoIterator<Item = &'a str>,
    ) -> Result<(), SpoolError> {
        let mut text = String::new();
        let mut count = 0;
        for id in ids {
            text.push_str(id);
            text.push('\n');
            count += 1;
        }
        if count == 0 {
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
        })?;
        self.delivered = (self.delivered + count).min(self.total);
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.statements_path
    }

    /// Marks the spool as finished: every statement is stored. It is pruned after
    /// [`KEEP_DELIVERED`].
    pub fn finish(&self) -> Result<(), SpoolError> {
        let done = self.statements_path.with_extension("done");
        write_synced(&done, b"").map_err(|source| SpoolError::Write { path: done, source })?;
        sync_dir(&self.dir).map_err(|source| SpoolError::Write {
            path: self.dir.clone(),
            source,
        })
    }
}

/// The pending statements of a spool, read line by line.
pub struct Pending {
    path: PathBuf,
    lines: BufReader<File>,
    line: usize,
    buffer: String,
}

impl Pending {
    fn next_line(&mut self) -> Result<Option<&str>, SpoolError> {
        self.buffer.clear();
        let n = self
            .lines
            .read_line(&mut self.buffer)
            .map_err(|source| SpoolError::Read {
                path: self.path.clone(),
                source,
            })?;
        self.line += 1;
        Ok((n > 0).then(|| self.buffer.trim_end()))
    }

    /// Up to `size` next statements; an empty batch when none is left.
    pub fn next_batch(&mut self, size: usize) -> Result<Vec<Queued>, SpoolError> {
        let mut batch = Vec::with_capacity(size);
        while batch.len() < size {
            let Some(text) = self.next_line()? else { break };
            let queued = Queued::parse(text).ok_or_else(|| SpoolError::Damaged {
                path: self.path.clone(),
                line: self.line,
            })?;
            batch.push(queued);
        }
        Ok(batch)
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

/// How many statements the spool holds, and how many of the first ones the delivered list
/// confirms: the ids of the delivered list, read in step with the spool's, as long as they
/// match. A last line cut short by a crash is not a whole id and confirms nothing: that
/// statement is simply sent again, which the LRS answers as already stored.
fn confirmed_prefix(statements: &Path, delivered: &Path) -> Result<(usize, usize), SpoolError> {
    let read_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| SpoolError::Read { path, source }
    };
    let file = File::open(statements).map_err(read_err(statements))?;
    let mut ids = match File::open(delivered) {
        Ok(file) => Some(BufReader::new(file).lines()),
        Err(err) if err.kind() == io::ErrorKind::NotFound => None,
        Err(err) => return Err(read_err(delivered)(err)),
    };
    let (mut total, mut confirmed) = (0, 0);
    let mut matching = true;
    for (i, line) in BufReader::with_capacity(256 * 1024, file)
        .lines()
        .enumerate()
    {
        let line = line.map_err(read_err(statements))?;
        total += 1;
        if !matching {
            continue;
        }
        let next = ids
            .as_mut()
            .and_then(Iterator::next)
            .transpose()
            .map_err(read_err(delivered))?;
        let spooled = Queued::parse(&line).ok_or_else(|| SpoolError::Damaged {
            path: statements.to_path_buf(),
            line: i + 1,
        })?;
        match next {
            Some(id) if id.len() == 36 && id == spooled.id() => confirmed += 1,
            _ => matching = false,
        }
    }
    Ok((total, confirmed))
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

    fn all(spool: &Spool) -> Vec<Queued> {
        spool.pending().unwrap().next_batch(1000).unwrap()
    }

    pub(super) fn entries(n: u64) -> Vec<Entry> {
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
        let pending = all(&spool);
        assert!(pending[0].stamped);
        let first = pending[0].value();
        let stamp = first["timestamp"].as_str().unwrap();
        assert!(
            chrono::DateTime::parse_from_rfc3339(stamp).is_ok(),
            "{stamp}"
        );
        assert!(!pending[1].stamped);
        assert_eq!(pending[1].value()["timestamp"], "2026-03-01T09:00:00Z");
        // Reopened, the spool keeps the stamp it gave.
        let again = Spool::open_or_create(dir.path(), "k", entries(2)).unwrap();
        assert_eq!(all(&again)[0].value()["timestamp"], stamp);
        assert!(all(&again)[0].stamped);
    }

    #[test]
    fn a_reopened_spool_keeps_its_ids_and_what_was_delivered() {
        let dir = tempfile::tempdir().unwrap();
        let mut spool = Spool::open_or_create(dir.path(), "k", entries(3)).unwrap();
        assert!(!spool.resumed);
        let ids: Vec<String> = all(&spool).iter().map(|s| s.id().to_string()).collect();
        spool.mark_delivered([ids[0].as_str()]).unwrap();
        drop(spool);
        // No temp file is left beside the spool.
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 2);

        // A rerun brings entries again; the spool wins.
        let spool = Spool::open_or_create(dir.path(), "k", entries(3)).unwrap();
        assert!(spool.resumed);
        let pending: Vec<String> = all(&spool).iter().map(|s| s.id().to_string()).collect();
        assert_eq!(pending, ids[1..]);
    }

    #[cfg(unix)]
    #[test]
    fn the_spool_is_private_to_its_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let spool_dir = dir.path().join("a/spool");
        let mut spool = Spool::open_or_create(&spool_dir, "k", entries(2)).unwrap();
        let id = all(&spool)[0].id().to_string();
        spool.mark_delivered([id.as_str()]).unwrap();
        spool.finish().unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&spool_dir), 0o700);
        for file in ["k.jsonl", "k.delivered", "k.done"] {
            assert_eq!(mode(&spool_dir.join(file)), 0o600, "{file}");
        }
    }

    #[test]
    fn a_torn_last_delivered_line_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let spool = Spool::open_or_create(dir.path(), "k", entries(2)).unwrap();
        let first = all(&spool)[0].id().to_string();
        fs::write(
            dir.path().join("k.delivered"),
            format!("{first}\n{}", &first[..10]),
        )
        .unwrap();
        let spool = Spool::open_or_create(dir.path(), "k", entries(2)).unwrap();
        assert_eq!(all(&spool).len(), 1);
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

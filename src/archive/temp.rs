//! A temporary file beside the zip → the zip, by rename: the file appears whole or not at all.
//!
//! A few lines of std instead of the tempfile crate, whose dependencies (rustix and others)
//! cost a clean release build about 15 s of CPU on the 2-core machines the project builds on.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// An open temporary file, deleted when dropped unless it was renamed into place.
pub(crate) struct TempFile {
    file: Option<File>,
    path: PathBuf,
}

impl TempFile {
    /// Creates `.scormpack-<pid>-<time>-<n>.zip.part` in `dir`, a name no other file has.
    pub(crate) fn new_in(dir: &Path) -> io::Result<TempFile> {
        static COUNTER: AtomicU32 = AtomicU32::new(0);
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        for _ in 0..100 {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(format!(
                ".scormpack-{}-{nanos:09}-{n}.zip.part",
                std::process::id()
            ));
            let mut options = OpenOptions::new();
            options.read(true).write(true).create_new(true);
            // The zip is an ordinary file that CI artifacts and web servers read, so it gets
            // the mode a newly created file gets (0666 less the umask), not a private one.
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o666);
            }
            match options.open(&path) {
                Ok(file) => {
                    return Ok(TempFile {
                        file: Some(file),
                        path,
                    })
                }
                Err(err) if err.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(err) => return Err(err),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "no free name for a temporary file",
        ))
    }

    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// The open file; `None` only after `persist`, which consumes the value.
    pub(crate) fn file(&mut self) -> &mut File {
        self.file
            .as_mut()
            .expect("the file is only taken by persist, which consumes the TempFile")
    }

    /// Renames the file over `target`.
    pub(crate) fn persist(mut self, target: &Path) -> io::Result<()> {
        drop(self.file.take());
        std::fs::rename(&self.path, target)?;
        // Renamed: nothing left to delete.
        self.path = PathBuf::new();
        Ok(())
    }
}

impl io::Write for TempFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file().flush()
    }
}

impl io::Seek for TempFile {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.file().seek(pos)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            drop(self.file.take());
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

//! A writer the zip can be abandoned on: writes and seeks go to the file until
//! [`Abandon::abandon`], and after it only to a virtual file that keeps nothing.
//!
//! The zip crate finishes an unfinished archive when its writer is dropped, and prints the
//! failure of that last write raw on stderr (`ZipWriter::drop: failed to finalize archive:
//! Io(Custom { kind: StorageFull…` with no newline) — just after the build has failed because
//! the disk is full. A failed build abandons the writer first, so the crate's finishing touches
//! succeed against nothing, print nothing, and the temporary file is removed untouched. The
//! first failed write or seek abandons the writer by itself, since a zip that lost bytes is
//! never finished.

use std::io::{self, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub(super) struct Abandon<W> {
    inner: W,
    abandoned: Switch,
    /// The position and length of the file as this writer made it (it starts empty), kept so
    /// the virtual file continues where the real one stopped.
    pos: u64,
    len: u64,
}

/// Abandons the writer it was taken from, while the zip writer owns that.
#[derive(Clone, Default)]
pub(super) struct Switch(Arc<AtomicBool>);

impl Switch {
    /// From now on nothing reaches the file.
    pub(super) fn abandon(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    fn is_on(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

impl<W> Abandon<W> {
    pub(super) fn new(inner: W) -> Abandon<W> {
        Abandon {
            inner,
            abandoned: Switch::default(),
            pos: 0,
            len: 0,
        }
    }

    /// The switch that abandons this writer.
    pub(super) fn switch(&self) -> Switch {
        self.abandoned.clone()
    }

    fn abandon(&self) {
        self.abandoned.abandon();
    }

    pub(super) fn into_inner(self) -> W {
        self.inner
    }

    fn moved_to(&mut self, pos: u64) -> u64 {
        self.pos = pos;
        self.len = self.len.max(pos);
        pos
    }
}

impl<W: Write> Write for Abandon<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = if self.abandoned.is_on() {
            buf.len()
        } else {
            self.inner.write(buf).inspect_err(|_| self.abandon())?
        };
        self.moved_to(self.pos + n as u64);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.abandoned.is_on() {
            return Ok(());
        }
        self.inner.flush().inspect_err(|_| self.abandon())
    }
}

impl<W: Seek> Seek for Abandon<W> {
    fn seek(&mut self, to: SeekFrom) -> io::Result<u64> {
        if !self.abandoned.is_on() {
            let pos = self.inner.seek(to).inspect_err(|_| self.abandon())?;
            return Ok(self.moved_to(pos));
        }
        let base = match to {
            SeekFrom::Start(pos) => return Ok(self.moved_to(pos)),
            SeekFrom::End(delta) => (self.len, delta),
            SeekFrom::Current(delta) => (self.pos, delta),
        };
        match base.0.checked_add_signed(base.1) {
            Some(pos) => Ok(self.moved_to(pos)),
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn writes_reach_the_file_until_abandoned_and_positions_carry_on() {
        let mut writer = Abandon::new(Cursor::new(Vec::new()));
        writer.write_all(b"hello").unwrap();
        writer.switch().abandon();
        writer.write_all(b" world").unwrap();
        assert_eq!(writer.stream_position().unwrap(), 11);
        assert_eq!(writer.seek(SeekFrom::End(-3)).unwrap(), 8);
        assert_eq!(writer.seek(SeekFrom::Current(-8)).unwrap(), 0);
        assert!(writer.seek(SeekFrom::Current(-1)).is_err());
        assert_eq!(writer.into_inner().into_inner(), b"hello");
    }

    /// Refuses every write, as a full disk does.
    struct Full;

    impl Write for Full {
        fn write(&mut self, _: &[u8]) -> io::Result<usize> {
            Err(io::ErrorKind::StorageFull.into())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn the_first_failed_write_abandons_the_writer() {
        let mut writer = Abandon::new(Full);
        assert!(writer.write_all(b"x").is_err());
        assert!(writer.write_all(b"more").is_ok());
    }
}

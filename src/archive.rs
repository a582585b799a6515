//! Package → zip file on disk: deterministic, streaming and atomic.
//!
//! - Deterministic: entries in sorted order, a fixed timestamp (1980-01-01, the zip epoch) and
//!   fixed permissions, so the same sources give a byte-identical zip.
//! - Streaming: files from the course folder are copied through a buffer, never read whole.
//! - Atomic: the zip is written to a temporary file beside the target and renamed over it only
//!   when complete; a failed build leaves no zip behind and never replaces a good one.

use crate::package::Package;
use crate::render::Contents;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Already-compressed formats: deflating them again costs time and saves nothing.
const STORED_EXTENSIONS: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "mp4", "m4v", "webm", "mp3", "m4a", "ogg", "woff",
    "woff2", "zip", "gz",
];

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot write `{}`: the folder `{}` does not exist", .out.display(), .dir.display())]
    NoOutputDir { out: PathBuf, dir: PathBuf },
    #[error("cannot write `{}`: `{}` is not a folder", .out.display(), .dir.display())]
    NotADir { out: PathBuf, dir: PathBuf },
    #[error("cannot write `{}`: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot read `{}`: {source}", .path.display())]
    Read { path: PathBuf, source: io::Error },
}

/// What was written.
#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub files: usize,
    /// Size of the zip file.
    pub bytes: u64,
}

/// Writes `package` as a zip to `out`, atomically.
pub fn write(package: &Package, out: &Path) -> Result<Summary, ArchiveError> {
    let dir = match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.exists() {
        return Err(ArchiveError::NoOutputDir {
            out: out.to_path_buf(),
            dir,
        });
    }
    if !dir.is_dir() {
        return Err(ArchiveError::NotADir {
            out: out.to_path_buf(),
            dir,
        });
    }
    let write_err = |source| ArchiveError::Write {
        path: out.to_path_buf(),
        source,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scormpack-").suffix(".zip.part");
    // A temporary file is private (0600); the zip is an ordinary file that CI artifacts and web
    // servers read, so it gets the mode a newly created file gets (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder
        .tempfile_in(&dir)
        .map_err(|e| write_err(without_temp_path(e)))?;
    let mut zip = ZipWriter::new(BufWriter::with_capacity(256 * 1024, temp));
    for file in &package.files {
        let options = SimpleFileOptions::default()
            .compression_method(method_for(&file.path))
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644);
        match &file.contents {
            Contents::Memory(bytes) => {
                zip.start_file(file.path.as_str(), options)
                    .map_err(|e| write_err(e.into()))?;
                zip.write_all(bytes).map_err(write_err)?;
            }
            Contents::Disk(path) => {
                let read_err = |source| ArchiveError::Read {
                    path: path.clone(),
                    source,
                };
                let mut source = File::open(path).map_err(read_err)?;
                let size = source.metadata().map_err(read_err)?.len();
                // An entry of 4 GiB or more must be declared before its bytes are written.
                let options = options.large_file(size >= u32::MAX as u64);
                zip.start_file(file.path.as_str(), options)
                    .map_err(|e| write_err(e.into()))?;
                io::copy(&mut source, &mut zip).map_err(read_err)?;
            }
        }
    }
    let buffered = zip.finish().map_err(|e| write_err(e.into()))?;
    let temp = buffered
        .into_inner()
        .map_err(|e| write_err(e.into_error()))?;
    temp.as_file().sync_all().map_err(write_err)?;
    let bytes = temp.as_file().metadata().map_err(write_err)?.len();
    temp.persist(out).map_err(|e| write_err(e.error))?;
    Ok(Summary {
        files: package.files.len(),
        bytes,
    })
}

/// The OS error without the name of the temporary file, which the user never sees.
fn without_temp_path(err: io::Error) -> io::Error {
    match err.raw_os_error() {
        Some(code) => io::Error::from_raw_os_error(code),
        None => err,
    }
}

fn method_for(path: &str) -> CompressionMethod {
    let ext = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if STORED_EXTENSIONS.contains(&ext.as_str()) {
        CompressionMethod::Stored
    } else {
        CompressionMethod::Deflated
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_media_is_stored_and_text_deflated() {
        assert_eq!(method_for("assets/case.PDF"), CompressionMethod::Stored);
        assert_eq!(method_for("assets/clip.mp4"), CompressionMethod::Stored);
        assert_eq!(method_for("index.html"), CompressionMethod::Deflated);
        assert_eq!(method_for("imsmanifest.xml"), CompressionMethod::Deflated);
    }
}

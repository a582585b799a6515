//! Package → zip file on disk: deterministic, parallel, streaming and atomic.
//!
//! In: a [`Package`] (its files sorted by path, each in memory or in the course folder) and the
//! path of the zip. Out: the zip on disk and a [`Summary`] of what it holds.
//!
//! - Deterministic: entries in sorted order, a fixed timestamp (1980-01-01, the zip epoch) and
//!   fixed permissions, so the same sources give a byte-identical zip.
//! - Parallel: text and other compressible files are deflated on worker threads ([`ahead`])
//!   while this thread writes, and each is added in sorted order with the zip crate's
//!   prepared-file API, so the zip is the same, byte for byte, as one written serially.
//! - Streaming: media (stored, not deflated) and large compressible files are copied from disk
//!   through one buffer, never read whole: memory stays bounded whatever the media weighs.
//! - Zip64 only where needed: the zip crate writes the zip64 end records only past 65,535
//!   entries or 4 GiB of offsets; an entry that may reach 4 GiB is declared large before its
//!   bytes are written, because the crate fails such a write only after the bytes are in the
//!   file.
//! - Atomic: the zip is written to a temporary file beside the target and renamed over it only
//!   when complete; a failed build leaves no zip behind and never replaces a good one, and an
//!   interrupted one leaves no temporary file either ([`remove_unfinished`]).
//! - Safe: the target is a regular file or a new name, never a device, pipe, link or a file
//!   the package is built from ([`target`]).

mod abandon;
mod ahead;
pub mod target;
mod unfinished;

pub use target::TargetError;
pub use unfinished::remove_unfinished;

use crate::package::Package;
use crate::render::{Contents, RenderedFile};
use abandon::Abandon;
use std::fs::File;
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use zip::write::{SimpleFileOptions, ZipFileBuilder};
use zip::{CompressionMethod, DateTime, ZipWriter, ZIP64_BYTES_THR};

/// Already-compressed formats: deflating them again costs time and saves nothing.
const STORED_EXTENSIONS: &[&str] = &[
    "pdf", "png", "jpg", "jpeg", "gif", "webp", "mp4", "m4v", "webm", "mp3", "m4a", "ogg", "woff",
    "woff2", "zip", "gz",
];

/// Compressible files from disk up to this size are deflated ahead on a worker, in memory;
/// larger ones are deflated as they stream, so no whole large file is ever held in memory.
const PREPARE_LIMIT: u64 = 4 << 20;

/// The buffer stored and streamed files are copied through. Large enough that a 2 GB course
/// costs a few thousand system calls, small enough to be nothing next to the 64 MB budget.
const COPY_BUFFER: usize = 1 << 20;

/// The buffer in front of the zip file, for the many small headers and entries.
const WRITE_BUFFER: usize = 256 << 10;

/// How many largest files the summary names.
const LARGEST: usize = 5;

#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error("cannot write `{}`: the folder `{}` does not exist", .out.display(), .dir.display())]
    NoOutputDir { out: PathBuf, dir: PathBuf },
    #[error("cannot write `{}`: `{}` is not a folder", .out.display(), .dir.display())]
    NotADir { out: PathBuf, dir: PathBuf },
    #[error("cannot write `{}`: {}", .path.display(), reason(.source))]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot read `{}`: {}", .path.display(), reason(.source))]
    Read { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Target(#[from] TargetError),
}

/// An I/O error as one plain sentence: the zip crate wraps the OS error in its own (whose
/// debug form is what it prints), and a full disk deserves words rather than a code.
fn reason(err: &io::Error) -> String {
    let mut inner: &(dyn std::error::Error + 'static) = err;
    while let Some(source) = inner.source() {
        inner = source;
    }
    let text = inner.to_string();
    match err.kind() {
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded => {
            format!("the disk is full ({text}); free some space and build again")
        }
        io::ErrorKind::FileTooLarge => {
            format!("the file system refuses a file this large ({text})")
        }
        _ => text,
    }
}

/// What was written.
#[derive(Debug, Clone)]
pub struct Summary {
    pub files: usize,
    /// Size of the zip file.
    pub bytes: u64,
    /// The files that weigh most in the zip, heaviest first (at most five).
    pub largest: Vec<PackedFile>,
}

/// One file of the zip and what it weighs there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackedFile {
    pub path: String,
    /// The file's own size.
    pub size: u64,
    /// Its size in the zip, after compression.
    pub packed: u64,
}

/// A file of the package with what the writer decided for it.
pub(crate) struct Entry<'a> {
    file: &'a RenderedFile,
    size: u64,
    method: CompressionMethod,
    /// Deflated ahead on a worker (true) or streamed by the writer (false).
    ahead: bool,
}

impl Entry<'_> {
    fn options(&self) -> SimpleFileOptions {
        SimpleFileOptions::default()
            .compression_method(self.method)
            .last_modified_time(DateTime::default())
            .unix_permissions(0o644)
            .large_file(must_declare_large(self.size, self.method))
    }
}

/// Writes `package` as a zip to `out`, atomically. The folder of `out` must exist.
pub fn write(package: &Package, out: &Path) -> Result<Summary, ArchiveError> {
    write_into(package, out, folder_of(out)?)
}

/// Writes `package` like [`write`], first creating the folders `out` goes into (`dist/`) when
/// they are missing; when the write fails they are removed again, so a failed build leaves
/// no empty folder behind.
pub fn write_creating_folder(package: &Package, out: &Path) -> Result<Summary, ArchiveError> {
    let dir = parent(out);
    let mut missing = Vec::new();
    let mut next = Some(dir.as_path());
    while let Some(folder) = next.filter(|f| !f.as_os_str().is_empty() && !f.exists()) {
        missing.push(folder.to_path_buf());
        next = folder.parent();
    }
    let mut created = Vec::new();
    let result = missing
        .iter()
        .rev()
        .try_for_each(|folder| {
            let ((), registered) = unfinished::create(true, || {
                std::fs::create_dir(folder).map(|()| ((), folder.clone()))
            })?;
            created.push(registered);
            Ok(())
        })
        .map_err(|source| ArchiveError::Write {
            path: out.to_path_buf(),
            source,
        })
        .and_then(|()| write_into(package, out, folder_of(out)?));
    if result.is_err() {
        for folder in missing.iter() {
            let _ = std::fs::remove_dir(folder);
        }
    }
    drop(created);
    result
}

/// The folder `out` is written into; it must exist.
fn folder_of(out: &Path) -> Result<PathBuf, ArchiveError> {
    let dir = parent(out);
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
    Ok(dir)
}

fn parent(out: &Path) -> PathBuf {
    match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

type ZipFile = ZipWriter<Abandon<BufWriter<File>>>;

fn write_into(package: &Package, out: &Path, dir: PathBuf) -> Result<Summary, ArchiveError> {
    target::not_a_file(out)?;
    let write_err = |source| ArchiveError::Write {
        path: out.to_path_buf(),
        source,
    };
    let entries = plan(&package.files)?;
    not_a_source(&entries, out)?;
    let (temp, _registered) = unfinished::create(false, || {
        let temp = temp_file(&dir)?;
        let path = temp.path().to_path_buf();
        Ok((temp, path))
    })
    .map_err(|e| write_err(without_temp_path(e)))?;
    let (file, temp_path) = temp.into_parts();
    let writer = Abandon::new(BufWriter::with_capacity(WRITE_BUFFER, file));
    let abandon = writer.switch();
    let mut zip = ZipWriter::new(writer);
    let packed = match fill(&mut zip, &entries, out) {
        Ok(packed) => packed,
        Err(err) => {
            // Nothing more reaches the file: the zip crate's drop would finish the archive
            // and print its own failure raw (the disk is still full).
            abandon.abandon();
            return Err(err);
        }
    };
    let file = match zip.finish() {
        Ok(writer) => writer.into_inner().into_inner(),
        Err(e) => return Err(write_err(e.into())),
    }
    .map_err(|e| write_err(e.into_error()))?;
    let bytes = file.metadata().map_err(write_err)?.len();
    let largest = largest(&entries, &packed, &temp_path).map_err(write_err)?;
    temp_path.persist(out).map_err(|e| write_err(e.error))?;
    Ok(Summary {
        files: entries.len(),
        bytes,
        largest,
    })
}

/// Writes every entry into the zip; returns the packed size of each where it is known.
fn fill(
    zip: &mut ZipFile,
    entries: &[Entry<'_>],
    out: &Path,
) -> Result<Vec<Option<u64>>, ArchiveError> {
    let write_err = |source| ArchiveError::Write {
        path: out.to_path_buf(),
        source,
    };
    let mut packed = vec![None; entries.len()];
    let mut buffer = vec![0; COPY_BUFFER];
    ahead::deflate(entries, out, |index, prepared| {
        let entry = &entries[index];
        match prepared {
            Some(file) => {
                packed[index] = Some(file.compressed_size());
                zip.add_prepared_file(file).map_err(|e| write_err(e.into()))
            }
            None => {
                if entry.method == CompressionMethod::Stored {
                    packed[index] = Some(entry.size);
                }
                stream(zip, entry, &mut buffer, out)
            }
        }
    })?;
    Ok(packed)
}

/// Refuses to write over a file the package copies (an asset named as the zip): the zip
/// would replace its own source.
fn not_a_source(entries: &[Entry<'_>], out: &Path) -> Result<(), ArchiveError> {
    let Ok(meta) = std::fs::metadata(out) else {
        return Ok(());
    };
    let Ok(real_out) = out.canonicalize() else {
        return Ok(());
    };
    for entry in entries.iter().filter(|e| e.size == meta.len()) {
        if let Contents::Disk(path) = &entry.file.contents {
            if path.canonicalize().is_ok_and(|p| p == real_out) {
                return Err(TargetError::SourceFile {
                    out: out.to_path_buf(),
                    file: path.clone(),
                }
                .into());
            }
        }
    }
    Ok(())
}

/// Decides for each file how it is compressed and who compresses it.
fn plan(files: &[RenderedFile]) -> Result<Vec<Entry<'_>>, ArchiveError> {
    files
        .iter()
        .map(|file| {
            let size = match &file.contents {
                Contents::Memory(bytes) => bytes.len() as u64,
                Contents::Disk(path) => std::fs::metadata(path)
                    .map_err(|source| ArchiveError::Read {
                        path: path.clone(),
                        source,
                    })?
                    .len(),
            };
            let method = method_for(&file.path);
            // Rendered files are in memory already; deflating them ahead adds only their
            // compressed copy. Files from disk are read whole only when they are small.
            let ahead = method == CompressionMethod::Deflated
                && (matches!(file.contents, Contents::Memory(_)) || size <= PREPARE_LIMIT);
            Ok(Entry {
                file,
                size,
                method,
                ahead,
            })
        })
        .collect()
}

/// Compresses one file into memory, on a worker thread.
fn prepare(entry: &Entry<'_>, out: &Path) -> Result<zip::write::PreparedZipFile, ArchiveError> {
    let zip_err = |e: zip::result::ZipError| ArchiveError::Write {
        path: out.to_path_buf(),
        source: e.into(),
    };
    let mut builder = ZipFileBuilder::new(&entry.file.path, entry.options()).map_err(zip_err)?;
    match &entry.file.contents {
        Contents::Memory(bytes) => {
            builder
                .write_all(bytes)
                .map_err(|source| ArchiveError::Write {
                    path: out.to_path_buf(),
                    source,
                })?
        }
        Contents::Disk(path) => {
            // Read whole and written in one call, as rendered files are: the deflate stream
            // depends on how its input is cut into writes, and short reads must not change it.
            let bytes = std::fs::read(path).map_err(|source| ArchiveError::Read {
                path: path.clone(),
                source,
            })?;
            builder
                .write_all(&bytes)
                .map_err(|source| ArchiveError::Write {
                    path: out.to_path_buf(),
                    source,
                })?;
        }
    }
    builder.finish().map_err(zip_err)
}

/// Writes one file through the zip writer: stored media straight from disk, or a large
/// compressible file deflated as it streams.
fn stream(
    zip: &mut ZipFile,
    entry: &Entry<'_>,
    buffer: &mut [u8],
    out: &Path,
) -> Result<(), ArchiveError> {
    let write_err = |source| ArchiveError::Write {
        path: out.to_path_buf(),
        source,
    };
    match &entry.file.contents {
        Contents::Memory(bytes) => {
            zip.start_file(entry.file.path.as_str(), entry.options())
                .map_err(|e| write_err(e.into()))?;
            zip.write_all(bytes).map_err(write_err)
        }
        Contents::Disk(path) => {
            let read_err = |source| ArchiveError::Read {
                path: path.clone(),
                source,
            };
            let mut source = File::open(path).map_err(read_err)?;
            // The size on opening, not the one planned with: a file that grew since must still
            // be declared large before a byte of it is written.
            let size = source.metadata().map_err(read_err)?.len();
            let options = entry
                .options()
                .large_file(must_declare_large(size.max(entry.size), entry.method));
            zip.start_file(entry.file.path.as_str(), options)
                .map_err(|e| write_err(e.into()))?;
            // Whole buffers only: the deflate stream depends on how its input is cut into
            // writes, so a short read must not become a short write.
            loop {
                let n = fill_buffer(&mut source, buffer).map_err(read_err)?;
                if n == 0 {
                    return Ok(());
                }
                zip.write_all(&buffer[..n]).map_err(write_err)?;
            }
        }
    }
}

/// Reads until `buffer` is full or the file ends; returns how many bytes it read.
fn fill_buffer(source: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match source.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Whether an entry of `size` bytes must be declared zip64 before it is written: its size in
/// the zip may reach 4 GiB. Deflate can grow incompressible data a little; zlib's
/// `deflateBound` gives the most it can.
fn must_declare_large(size: u64, method: CompressionMethod) -> bool {
    let most = match method {
        CompressionMethod::Stored => size,
        _ => size + (size >> 12) + (size >> 14) + (size >> 25) + 13,
    };
    most >= ZIP64_BYTES_THR
}

/// The heaviest files in the zip. Streamed deflated files only learn their packed size at the
/// end, so for them (large compressible files, rare in a course) it is read back from the
/// zip's central directory.
fn largest(
    entries: &[Entry<'_>],
    packed: &[Option<u64>],
    zip: &Path,
) -> io::Result<Vec<PackedFile>> {
    let mut known: Vec<u64> = Vec::with_capacity(entries.len());
    let mut archive = None;
    for (entry, packed) in entries.iter().zip(packed) {
        let size = match packed {
            Some(size) => *size,
            None => {
                let archive = match &mut archive {
                    Some(archive) => archive,
                    None => archive.insert(zip::ZipArchive::new(File::open(zip)?)?),
                };
                let index = archive
                    .index_for_name(&entry.file.path)
                    .ok_or_else(|| io::Error::other("a streamed file is missing from the zip"))?;
                archive.by_index_raw(index)?.compressed_size()
            }
        };
        known.push(size);
    }
    let mut order: Vec<usize> = (0..entries.len()).collect();
    order.sort_by(|&a, &b| known[b].cmp(&known[a]).then(a.cmp(&b)));
    Ok(order
        .into_iter()
        .take(LARGEST)
        .map(|i| PackedFile {
            path: entries[i].file.path.clone(),
            size: entries[i].size,
            packed: known[i],
        })
        .collect())
}

/// A temporary file beside the zip (deleted if the build fails), renamed over the target only
/// when the zip is complete, so the zip appears whole or not at all.
fn temp_file(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(".scormpack-").suffix(".zip.part");
    // A temporary file is private (0600); the zip is an ordinary file that CI artifacts and web
    // servers read, so it gets the mode a newly created file gets (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
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
mod tests;

//! A package as the rules see it: its entries (name, size, text of the text files), its size
//! and its manifest — read from a zip without extracting anything, or taken from the files a
//! course folder builds into in memory.

use super::Author;
use crate::diag::{Diagnostic, Location};
use crate::package::tree::{self as xml, Element, XmlError};
use crate::package::{Format, Package};
use crate::render::Contents;
use crate::source::SourceFile;
use crate::Project;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;

/// Text files are read into memory (the rules scan them); anything larger is not a text a
/// rule needs, and is only read through to verify its checksum. HTML and CSS — where scripts,
/// frames and `http://` references hide — are read whatever their size, up to
/// [`MAX_SCANNED`].
const MAX_TEXT: u64 = 16 * 1024 * 1024;
const TEXT_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "js", "mjs", "css", "xml", "json", "svg", "txt",
];
const ALWAYS_SCANNED: &[&str] = &["html", "htm", "xhtml", "css"];
/// The largest HTML or CSS file read whole; a larger one is reported as not scanned.
const MAX_SCANNED: u64 = 512 * 1024 * 1024;

/// More entries than this, or more unpacked bytes than [`MAX_UNPACKED`], and the zip is not
/// read further: no LMS imports it, and reading it would take minutes or all memory.
const MAX_ENTRIES: usize = 200_000;
const MAX_UNPACKED: u64 = 8 * 1024 * 1024 * 1024;
/// A zip that unpacks to over [`BOMB_SIZE`] at more than this ratio is a zip bomb: real
/// courses are mostly media, which deflate does not shrink.
const BOMB_RATIO: u64 = 100;
const BOMB_SIZE: u64 = 256 * 1024 * 1024;

pub(crate) use crate::package::scorm12::MANIFEST;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    File,
    Dir,
    Symlink,
}

/// One entry of the package.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The name as stored in the zip (or the package path of a built file).
    pub name: String,
    pub kind: EntryKind,
    /// Uncompressed size.
    pub size: u64,
    /// The entry's text, for text files that could be read.
    pub text: Option<String>,
    /// The file on disk a built entry is copied from (course folders only).
    pub disk: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    Zip,
    Course,
}

pub(crate) struct PackageView<'p> {
    /// How the user named the zip or course folder.
    pub display: String,
    pub origin: Origin,
    pub entries: Vec<Entry>,
    /// The zip's size on disk, or for a course folder the sum of its files (the zip is
    /// smaller: an upper bound).
    pub size: u64,
    /// The course a folder was loaded as, to point findings at what its author wrote.
    project: Option<&'p Project>,
    /// The format a course folder was assembled in (`None` for a zip).
    pub format: Option<Format>,
}

/// The package's manifest, parsed, or why it could not be.
pub(crate) enum ManifestState {
    Missing,
    Broken(XmlError),
    Parsed(Manifest),
}

pub(crate) struct Manifest {
    pub root: Element,
    /// The text with its line map, named as findings name it.
    pub file: SourceFile,
}

/// Reads the entries of a zip without extracting them. Problems with the zip itself are
/// pushed to `findings`; `None` when there is nothing to check further. Only a regular file is
/// opened (a device or a named pipe would be read for ever), and a zip whose entries or
/// unpacked size pass the limits is not read at all.
pub(crate) fn read_zip(
    path: &Path,
    display: &str,
    findings: &mut Vec<Diagnostic>,
) -> Option<PackageView<'static>> {
    let display = &escape_controls(display);
    let not_a_package = |message: String| {
        Diagnostic::error("package/unreadable", message)
            .at(Location::file(display))
            .help("pass a course folder (the one holding course.toml) or a SCORM .zip")
    };
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => {}
        Ok(meta) => {
            findings.push(not_a_package(format!(
                "`{display}` is {}, not a zip file",
                node_kind(&meta.file_type())
            )));
            return None;
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            findings.push(not_a_package(format!("`{display}` does not exist")));
            return None;
        }
        Err(err) => {
            findings.push(not_a_package(format!("cannot read `{display}`: {err}")));
            return None;
        }
    }
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) => {
            findings.push(not_a_package(format!("cannot read `{display}`: {err}")));
            return None;
        }
    };
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut archive = match zip::ZipArchive::new(io::BufReader::new(file)) {
        Ok(archive) => archive,
        Err(err) => {
            findings.push(
                Diagnostic::error("package/corrupt-zip", format!("not a readable zip: {err}"))
                    .at(Location::file(display))
                    .help("build the zip again; if it came from an authoring tool, export it again and do not edit it by hand"),
            );
            return None;
        }
    };
    if archive.has_duplicate_names() {
        let start = archive.central_directory_start();
        findings.push(duplicates(path, start, display));
    }
    let mut entries = Vec::new();
    let mut unpacked: u64 = 0;
    for i in 0..archive.len().min(MAX_ENTRIES + 1) {
        match archive.by_index_raw(i) {
            Ok(entry) => {
                let name = escape_controls(&String::from_utf8_lossy(entry.name_raw()));
                let kind = if entry.is_symlink() {
                    EntryKind::Symlink
                } else if entry.is_dir() {
                    EntryKind::Dir
                } else {
                    EntryKind::File
                };
                unpacked = unpacked.saturating_add(entry.size());
                entries.push((
                    i,
                    Entry {
                        name,
                        kind,
                        size: entry.size(),
                        text: None,
                        disk: false,
                    },
                ));
            }
            Err(err) => {
                findings.push(corrupt_entry(
                    display,
                    &format!("entry #{i}"),
                    &err.to_string(),
                ));
            }
        }
    }
    // Past the limits nothing is read, and nothing else is reported: the rules would only
    // find the unread texts missing.
    if !within_limits(archive.len(), unpacked, size, display, findings) {
        return None;
    }
    for (index, entry) in &mut entries {
        // Unsafe names are never opened: reporting them must not depend on reading them.
        if entry.kind != EntryKind::File || !is_safe_name(&entry.name) {
            continue;
        }
        match read_entry(&mut archive, *index, &entry.name, entry.size) {
            Ok(Read::Text(t)) => entry.text = Some(t),
            Ok(Read::Skipped) => {}
            Ok(Read::TooLarge) => findings.push(
                Diagnostic::warning(
                    "package/not-scanned",
                    format!(
                        "`{}` ({} bytes) is too large to scan; its scripts and links were not checked",
                        entry.name, entry.size
                    ),
                )
                .at(Location::file(format!("{display}/{}", entry.name)))
                .help("split the page: an LMS frame loads a page this size slowly, if at all"),
            ),
            Err(err) => findings.push(corrupt_entry(display, &entry.name, &err.to_string())),
        }
    }
    Some(PackageView {
        display: display.to_string(),
        origin: Origin::Zip,
        entries: entries.into_iter().map(|(_, e)| e).collect(),
        size,
        project: None,
        format: None,
    })
}

/// Checks the entry count and the unpacked size against the limits; false when the zip
/// must not be read.
fn within_limits(
    count: usize,
    unpacked: u64,
    packed: u64,
    display: &str,
    findings: &mut Vec<Diagnostic>,
) -> bool {
    let bomb = |message: String| {
        Diagnostic::error("package/zip-bomb", message)
            .at(Location::file(display))
            .help("no LMS imports this; if the package is yours, build it again from its sources")
    };
    if count > MAX_ENTRIES {
        findings.push(bomb(format!(
            "the zip holds {count} entries, more than the {MAX_ENTRIES} check reads; it was not read"
        )));
        return false;
    }
    let ratio = unpacked / packed.max(1);
    if unpacked > MAX_UNPACKED || (unpacked > BOMB_SIZE && ratio > BOMB_RATIO) {
        findings.push(bomb(format!(
            "the zip unpacks to {unpacked} bytes from {packed}, a ratio of {ratio}:1 (a zip bomb); its entries were not read"
        )));
        return false;
    }
    true
}

/// The error for a zip whose central directory names an entry twice: LMSs built on libzip
/// extract the first, others the last, so the learner may get either.
fn duplicates(path: &Path, start: u64, display: &str) -> Diagnostic {
    let names = central_names(path, start).unwrap_or_default();
    let mut seen = std::collections::BTreeMap::<&[u8], usize>::new();
    for name in &names {
        *seen.entry(name).or_default() += 1;
    }
    let twice: Vec<String> = seen
        .iter()
        .filter(|(_, n)| **n > 1)
        .map(|(name, n)| {
            format!(
                "`{}` ({n} times)",
                escape_controls(&String::from_utf8_lossy(name))
            )
        })
        .collect();
    let message = if twice.is_empty() {
        "the zip names some entries more than once".to_string()
    } else {
        format!("the zip holds several entries named {}", twice.join(", "))
    };
    Diagnostic::error("package/duplicate-entry", message)
        .at(Location::file(display))
        .help("keep one entry per name: LMSs differ in which one they extract (libzip takes the first)")
}

/// The names in the zip's central directory, duplicates included (the zip crate keeps one
/// entry per name). Read from the central directory's file headers: a signature, 24 bytes,
/// the name's length, the extra field's and the comment's, 12 bytes, then the three.
fn central_names(path: &Path, start: u64) -> io::Result<Vec<Vec<u8>>> {
    use std::io::{Read as _, Seek as _};
    let mut reader = io::BufReader::new(std::fs::File::open(path)?);
    reader.seek(io::SeekFrom::Start(start))?;
    let mut names = Vec::new();
    let mut header = [0u8; 46];
    while names.len() <= MAX_ENTRIES {
        if reader.read_exact(&mut header).is_err() || header[..4] != [0x50, 0x4b, 0x01, 0x02] {
            break;
        }
        let u16_at = |i: usize| u16::from_le_bytes([header[i], header[i + 1]]) as usize;
        let (name_len, extra_len, comment_len) = (u16_at(28), u16_at(30), u16_at(32));
        let mut name = vec![0; name_len];
        reader.read_exact(&mut name)?;
        reader.seek(io::SeekFrom::Current((extra_len + comment_len) as i64))?;
        names.push(name);
    }
    Ok(names)
}

/// What a node that is not a file is, in words.
fn node_kind(file_type: &std::fs::FileType) -> &'static str {
    if file_type.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    "not a regular file"
}

/// `text` with every control character written as `\x1b`, `\u{85}`…: names from a zip are
/// printed on the user's terminal, where an escape sequence would run.
pub(crate) fn escape_controls(text: &str) -> String {
    if !text.chars().any(char::is_control) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c.is_control() {
            if (c as u32) < 0x100 {
                out.push_str(&format!("\\x{:02x}", c as u32));
            } else {
                out.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn corrupt_entry(display: &str, name: &str, err: &str) -> Diagnostic {
    Diagnostic::error(
        "package/corrupt-zip",
        format!("the zip entry `{name}` cannot be read: {err}"),
    )
    .at(Location::file(display))
    .help("build or export the zip again; an LMS rejects or half-imports a damaged zip")
}

/// What reading an entry gave.
enum Read {
    Text(String),
    /// Not a text a rule reads; read through only to verify its checksum.
    Skipped,
    /// An HTML or CSS file past [`MAX_SCANNED`].
    TooLarge,
}

/// Reads an entry through, which verifies its CRC; keeps the text of text files. Reads at most
/// one byte more than the size the zip declares, whatever the entry really unpacks to (the
/// zip crate reports an entry longer than declared as damaged).
fn read_entry<R: io::Read + io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    name: &str,
    size: u64,
) -> io::Result<Read> {
    let entry = archive.by_index(index).map_err(io::Error::other)?;
    let mut entry = io::Read::take(entry, size.saturating_add(1));
    let always = is_always_scanned(name);
    if always && size > MAX_SCANNED {
        return Ok(Read::TooLarge);
    }
    if always || (is_text(name) && size <= MAX_TEXT) {
        let mut bytes = Vec::new();
        io::Read::read_to_end(&mut entry, &mut bytes)?;
        Ok(Read::Text(String::from_utf8_lossy(&bytes).into_owned()))
    } else {
        io::copy(&mut entry, &mut io::sink())?;
        Ok(Read::Skipped)
    }
}

/// HTML and CSS: what the rules must see whatever its size.
fn is_always_scanned(name: &str) -> bool {
    extension(name).is_some_and(|ext| ALWAYS_SCANNED.contains(&ext.as_str()))
}

pub(crate) fn is_text(name: &str) -> bool {
    extension(name).is_some_and(|ext| TEXT_EXTENSIONS.contains(&ext.as_str()))
}

pub(crate) fn extension(name: &str) -> Option<String> {
    let file = name.rsplit('/').next().unwrap_or(name);
    file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// A name that stays inside the folder it is extracted to: relative, no `..` part, no drive.
pub(crate) fn is_safe_name(name: &str) -> bool {
    let name = name.replace('\\', "/");
    !(name.starts_with('/')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split('/').any(|part| part == ".."))
}

/// The package a course folder assembles, as a view: nothing is written to disk.
pub(crate) fn from_assembled<'p>(
    package: &Package,
    format: Format,
    display: &str,
    project: &'p Project,
) -> PackageView<'p> {
    let entries: Vec<Entry> = package
        .files
        .iter()
        .map(|file| match &file.contents {
            Contents::Memory(bytes) => Entry {
                name: file.path.clone(),
                kind: EntryKind::File,
                size: bytes.len() as u64,
                text: is_text(&file.path).then(|| String::from_utf8_lossy(bytes).into_owned()),
                disk: false,
            },
            Contents::Disk(path) => {
                // The same limits as for a zip's entries: HTML and CSS are always scanned.
                let limit = if is_always_scanned(&file.path) {
                    MAX_SCANNED
                } else {
                    MAX_TEXT
                };
                let (size, text) = crate::source::package_file(path, is_text(&file.path), limit);
                Entry {
                    name: file.path.clone(),
                    kind: EntryKind::File,
                    size,
                    text,
                    disk: true,
                }
            }
        })
        .collect();
    let size = entries.iter().map(|e| e.size).sum();
    PackageView {
        display: display.to_string(),
        origin: Origin::Course,
        entries,
        size,
        project: Some(project),
        format: Some(format),
    }
}

impl PackageView<'_> {
    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Regular files only.
    pub fn files(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.kind == EntryKind::File)
    }

    /// How findings name an entry: `course.zip/index.html`; in a course folder, the file the
    /// entry is copied from (`content/assets/x.pdf`) or, for a file scormpack generates,
    /// `index.html (built)`.
    pub fn entry_display(&self, entry: &Entry) -> String {
        match self.origin {
            Origin::Zip => format!("{}/{}", self.display, entry.name),
            Origin::Course if entry.disk => {
                crate::source::display_name(Path::new(&self.display), &entry.name)
            }
            Origin::Course => format!("{} (built)", entry.name),
        }
    }

    /// Reads and parses the manifest at the root of the package.
    pub fn manifest(&self) -> ManifestState {
        let Some(entry) = self.entry(MANIFEST) else {
            return ManifestState::Missing;
        };
        let Some(text) = &entry.text else {
            return ManifestState::Missing;
        };
        let file = SourceFile::new(self.entry_display(entry), text.clone());
        match xml::parse(text) {
            Ok(root) => ManifestState::Parsed(Manifest { root, file }),
            Err(err) => ManifestState::Broken(err),
        }
    }

    /// Where `needle` first occurs in entry `name` (the entry itself when it does not).
    pub fn locate(&self, name: &str, needle: &str) -> Location {
        let Some(entry) = self.entry(name) else {
            return Location::file(format!("{}/{name}", self.display));
        };
        let shown = self.entry_display(entry);
        match entry
            .text
            .as_deref()
            .and_then(|t| t.find(needle).map(|o| (t, o)))
        {
            Some((text, offset)) if !needle.is_empty() => {
                SourceFile::new(shown, text).location(offset)
            }
            _ => Location::file(shown),
        }
    }

    /// The course a course folder was loaded as; `None` for a zip.
    pub(crate) fn course(&self) -> Option<&crate::model::Course> {
        self.project.map(|p| &p.course)
    }

    /// Where the author of a course folder wrote what a finding is about, from the spans of
    /// the course model; `None` for a zip, or when the author wrote no such thing.
    pub(crate) fn author_location(&self, author: &Author<'_>) -> Option<Location> {
        let project = self.project?;
        let course = &project.course;
        let span = match author {
            Author::Setting(key) => Some(course.meta.span_of(key)),
            Author::Question(id) => course.questions().find(|q| q.id == *id).map(|q| &q.span),
            Author::Link(href) => course
                .pages
                .iter()
                .flat_map(|p| &p.links)
                .find(|l| l.href == *href || l.target == *href)
                .map(|l| &l.span),
            Author::Generated => None,
        }?;
        Some(project.sources.location(span))
    }

    /// The texts that findings point into, by the name the findings use.
    pub fn texts_for(&self, findings: &[Diagnostic]) -> BTreeMap<String, String> {
        let mut all: BTreeMap<String, &str> = BTreeMap::new();
        for entry in &self.entries {
            if let Some(text) = &entry.text {
                all.insert(self.entry_display(entry), text);
            }
        }
        for source in self.project.iter().flat_map(|p| p.sources.iter()) {
            all.insert(source.name.clone(), &source.text);
        }
        findings
            .iter()
            .filter_map(|d| d.location.as_ref())
            .filter_map(|l| all.get(&l.file).map(|t| (l.file.clone(), t.to_string())))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stored entry whose headers declare 10 bytes of its 100.
    fn zip_that_lies_about_a_size() -> Vec<u8> {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("notes.bin", options).unwrap();
        zip.write_all(&[7u8; 100]).unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        let patch = |bytes: &mut Vec<u8>, signature: &[u8], at: usize| {
            let start = bytes.windows(4).position(|w| w == signature).unwrap();
            bytes[start + at..start + at + 4].copy_from_slice(&10u32.to_le_bytes());
        };
        patch(&mut bytes, b"PK\x03\x04", 22);
        patch(&mut bytes, b"PK\x01\x02", 24);
        bytes
    }

    #[test]
    fn an_entry_longer_than_it_declares_is_corrupt() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("liar.zip");
        std::fs::write(&path, zip_that_lies_about_a_size()).unwrap();
        let mut findings = Vec::new();
        let view = read_zip(&path, "liar.zip", &mut findings).expect("the zip opens");
        assert_eq!(view.entries.len(), 1);
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert_eq!(findings[0].code, "package/corrupt-zip");
        assert!(
            findings[0]
                .message
                .starts_with("the zip entry `notes.bin` cannot be read"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(escape_controls("index.html"), "index.html");
        assert_eq!(escape_controls("a\u{1b}[2Jb"), "a\\x1b[2Jb");
        assert_eq!(escape_controls("x\u{85}\u{7}"), "x\\x85\\x07");
    }

    #[test]
    fn unsafe_names_are_recognised() {
        assert!(is_safe_name("index.html"));
        assert!(is_safe_name("a/b..c/x.js"));
        assert!(!is_safe_name("../evil.sh"));
        assert!(!is_safe_name("a/../../evil.sh"));
        assert!(!is_safe_name("/etc/passwd"));
        assert!(!is_safe_name("C:\\evil.bat"));
        assert!(!is_safe_name("a\\..\\..\\evil"));
    }
}

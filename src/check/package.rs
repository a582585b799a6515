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
use std::io::{self, Read};
use std::path::Path;

/// Text files are read into memory (the rules scan them); anything larger is not a text a
/// rule needs, and is only read through to verify its checksum.
const MAX_TEXT: u64 = 16 * 1024 * 1024;
const TEXT_EXTENSIONS: &[&str] = &[
    "html", "htm", "xhtml", "js", "mjs", "css", "xml", "json", "svg", "txt",
];

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
/// pushed to `findings`; `None` when there is nothing to check further.
pub(crate) fn read_zip(
    path: &Path,
    display: &str,
    findings: &mut Vec<Diagnostic>,
) -> Option<PackageView<'static>> {
    let not_a_package = |message: String| {
        Diagnostic::error("package/unreadable", message)
            .at(Location::file(display))
            .help("pass a course folder (the one holding course.toml) or a SCORM .zip")
    };
    let file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            findings.push(not_a_package(format!("`{display}` does not exist")));
            return None;
        }
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
    let mut entries = Vec::new();
    for i in 0..archive.len() {
        let (name, kind, size) = match archive.by_index_raw(i) {
            Ok(entry) => {
                let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
                let kind = if entry.is_symlink() {
                    EntryKind::Symlink
                } else if entry.is_dir() {
                    EntryKind::Dir
                } else {
                    EntryKind::File
                };
                (name, kind, entry.size())
            }
            Err(err) => {
                findings.push(corrupt_entry(
                    display,
                    &format!("entry #{i}"),
                    &err.to_string(),
                ));
                continue;
            }
        };
        let mut text = None;
        // Unsafe names are never opened: reporting them must not depend on reading them.
        if kind == EntryKind::File && is_safe_name(&name) {
            match read_entry(&mut archive, i, &name, size) {
                Ok(t) => text = t,
                Err(err) => findings.push(corrupt_entry(display, &name, &err.to_string())),
            }
        }
        entries.push(Entry {
            name,
            kind,
            size,
            text,
            disk: false,
        });
    }
    Some(PackageView {
        display: display.to_string(),
        origin: Origin::Zip,
        entries,
        size,
        project: None,
        format: None,
    })
}

fn corrupt_entry(display: &str, name: &str, err: &str) -> Diagnostic {
    Diagnostic::error(
        "package/corrupt-zip",
        format!("the zip entry `{name}` cannot be read: {err}"),
    )
    .at(Location::file(display))
    .help("build or export the zip again; an LMS rejects or half-imports a damaged zip")
}

/// Reads an entry through, which verifies its CRC; keeps the text of text files.
fn read_entry<R: io::Read + io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    index: usize,
    name: &str,
    size: u64,
) -> io::Result<Option<String>> {
    let mut entry = archive.by_index(index).map_err(io::Error::other)?;
    if is_text(name) && size <= MAX_TEXT {
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes)?;
        Ok(Some(String::from_utf8_lossy(&bytes).into_owned()))
    } else {
        io::copy(&mut entry, &mut io::sink())?;
        Ok(None)
    }
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
                let (size, text) = crate::source::package_file(path, is_text(&file.path), MAX_TEXT);
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

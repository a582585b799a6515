//! The course folder: the one place that reads it. Text files (course.toml, pages, template
//! overrides) are read into [`Sources`]; asset files are only looked at (their size), since
//! the zip writer streams them from disk.
//!
//! Every path goes through the same rules ([`resolve_asset`]): relative to the course folder,
//! never out of it, never through a symlink that points outside.

use super::paths::{resolve_asset, AssetPathError};
use super::span::{FileId, Sources};
use super::{display_name, SourceFile};
use crate::diag::{Diagnostic, Location};
use std::path::{Path, PathBuf};

/// A file of the course found by a path written in a course file.
#[derive(Debug, Clone)]
pub struct AssetFile {
    /// Path inside the package, with forward slashes (`assets/x.pdf`).
    pub package_path: String,
    /// The file on disk.
    pub path: PathBuf,
    pub size: u64,
}

/// A file of the course's `templates/` folder, read as text.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// The name relative to `templates/`, with forward slashes (`theme/theme.css`).
    pub name: String,
    pub file: FileId,
}

/// The course folder and the text files read from it so far.
#[derive(Debug)]
pub struct CourseFolder {
    dir: PathBuf,
    pub sources: Sources,
    /// Problems found while reading that do not stop a build (control characters removed).
    pub warnings: Vec<Diagnostic>,
}

impl CourseFolder {
    pub fn new(dir: &Path) -> CourseFolder {
        CourseFolder {
            dir: dir.to_path_buf(),
            sources: Sources::default(),
            warnings: Vec::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn exists(&self) -> bool {
        self.dir.is_dir()
    }

    /// How a user knows a file of the folder: `content/pages/intro.md`.
    pub fn display(&self, relative: &str) -> String {
        display_name(&self.dir, relative)
    }

    /// Reads a UTF-8 text file named relative to the course folder. `Err(Ok(_))` when the
    /// path breaks a rule (the caller knows where it was written), `Err(Err(_))` when the file
    /// is there but cannot be read as text.
    pub fn read_text(
        &mut self,
        written: &str,
    ) -> Result<FileId, Result<AssetPathError, Diagnostic>> {
        let (relative, path) = resolve_asset(&self.dir, written).map_err(Ok)?;
        let mut file = SourceFile::read(&path, &self.display(&relative)).map_err(Err)?;
        // Control characters (a NUL, a form feed pasted from a word processor) have no place
        // in a page and break what reads the package; they are removed, and the author told.
        if let Some(at) = file.text.find(is_control) {
            self.warnings.push(
                Diagnostic::warning(
                    "content/control-character",
                    format!(
                        "the file holds a control character (U+{:04X}); it was left out of the package",
                        file.text[at..].chars().next().map_or(0, u32::from)
                    ),
                )
                .at(file.location(at))
                .help("delete the invisible character; it often comes with text pasted from another program"),
            );
            file = SourceFile::new(file.name, file.text.replace(is_control, ""));
        }
        Ok(self.sources.add(file))
    }

    /// A file linked or offered for download from a course file.
    pub fn asset(&self, written: &str) -> Result<AssetFile, AssetPathError> {
        let (package_path, path) = resolve_asset(&self.dir, written)?;
        let size = std::fs::metadata(&path)
            .map_err(|_| AssetPathError::Missing)?
            .len();
        Ok(AssetFile {
            package_path,
            path,
            size,
        })
    }

    /// Every file of the course's `templates/` folder, sorted by name, leaving out what
    /// editors and operating systems leave beside real files. A template is read with the
    /// same rules as a page: a symlink that leads out of the course folder is an error.
    pub fn templates(&mut self) -> Result<Vec<TemplateFile>, Vec<Diagnostic>> {
        let root = self.dir.join("templates");
        if !root.is_dir() {
            return Ok(Vec::new());
        }
        let mut found = Vec::new();
        let mut errors = Vec::new();
        let walk = walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_junk(&e.file_name().to_string_lossy()));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let place = err
                        .path()
                        .and_then(|p| p.strip_prefix(&self.dir).ok())
                        .map(|p| p.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_else(|| "templates".into());
                    let message = if err.loop_ancestor().is_some() {
                        "this folder link leads back into a folder that holds it".to_string()
                    } else {
                        format!("cannot read: {err}")
                    };
                    errors.push(
                        Diagnostic::error("content/unreadable-file", message)
                            .at(Location::file(self.display(&place)))
                            .help("remove the link, or replace it by the files themselves"),
                    );
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&self.dir) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            match self.read_text(&relative) {
                Ok(file) => found.push(TemplateFile {
                    name: relative["templates/".len()..].to_string(),
                    file,
                }),
                Err(Ok(err)) => errors.push(
                    Diagnostic::error("content/unsafe-template", err.message(&relative))
                        .at(Location::file(self.display(&relative)))
                        .help(err.help()),
                ),
                Err(Err(diag)) => errors.push(diag),
            }
        }
        if errors.is_empty() {
            Ok(found)
        } else {
            Err(errors)
        }
    }

    /// Every file of the course folder, sorted by its path relative to the folder (forward
    /// slashes), with its path on disk: what a copy of the course holds. What editors and
    /// operating systems leave beside real files is left out, and so is anything a link
    /// leads to outside the folder.
    pub fn files(&self) -> std::io::Result<Vec<(String, PathBuf)>> {
        let mut out = Vec::new();
        let walk = walkdir::WalkDir::new(&self.dir)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_junk(&e.file_name().to_string_lossy()));
        for entry in walk {
            let entry = entry.map_err(std::io::Error::other)?;
            if entry.file_type().is_dir() {
                continue;
            }
            let Ok(relative) = entry.path().strip_prefix(&self.dir) else {
                continue;
            };
            let relative = relative.to_string_lossy().replace('\\', "/");
            if let Ok((_, path)) = resolve_asset(&self.dir, &relative) {
                out.push((relative, path));
            }
        }
        Ok(out)
    }
}

/// A control character other than tab, line feed and carriage return.
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Files editors and operating systems leave beside real ones (`.DS_Store`, `theme.css~`,
/// `.theme.css.swp`): never a template, and never to be shipped in a package.
pub fn is_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".bak")
        || name.ends_with(".orig")
        || name.eq_ignore_ascii_case("Thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/theme")).unwrap();
        std::fs::write(dir.path().join("templates/theme/extra.css"), "b{}").unwrap();
        dir
    }

    #[test]
    fn templates_are_read_sorted_without_junk() {
        let dir = course();
        for junk in [".DS_Store", "extra.css~", ".extra.css.swp", "old.css.bak"] {
            std::fs::write(dir.path().join("templates/theme").join(junk), "x").unwrap();
        }
        std::fs::write(dir.path().join("templates/index.html"), "mine").unwrap();
        let mut folder = CourseFolder::new(dir.path());
        let names: Vec<String> = folder
            .templates()
            .unwrap()
            .into_iter()
            .map(|t| t.name)
            .collect();
        assert_eq!(names, ["index.html", "theme/extra.css"]);
    }

    #[cfg(unix)]
    #[test]
    fn a_template_linked_from_outside_the_course_is_refused() {
        let dir = course();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.css"), "x").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.css"),
            dir.path().join("templates/theme/theme.css"),
        )
        .unwrap();
        let errors = CourseFolder::new(dir.path()).templates().unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].code, "content/unsafe-template");
        assert!(errors[0].message.contains("outside the course folder"));
    }

    #[cfg(unix)]
    #[test]
    fn a_template_folder_linked_from_outside_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("theme.css"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path(), dir.path().join("templates/theme")).unwrap();
        let errors = CourseFolder::new(dir.path()).templates().unwrap_err();
        assert_eq!(errors[0].code, "content/unsafe-template");
    }

    #[test]
    fn control_characters_are_removed_with_a_warning_at_the_first() {
        let dir = course();
        std::fs::write(dir.path().join("p.md"), "ab\ncd\u{0}e\u{c}f\tg\r\n").unwrap();
        let mut folder = CourseFolder::new(dir.path());
        let id = folder.read_text("p.md").unwrap();
        assert_eq!(folder.sources.get(id).text, "ab\ncdef\tg\r\n");
        assert_eq!(folder.warnings.len(), 1);
        assert_eq!(folder.warnings[0].code, "content/control-character");
        assert_eq!(folder.warnings[0].location.as_ref().unwrap().line, Some(2));
    }

    #[test]
    fn an_asset_is_named_by_its_package_path_with_its_size() {
        let dir = course();
        let asset = CourseFolder::new(dir.path())
            .asset("./templates/theme/../theme/extra.css")
            .unwrap();
        assert_eq!(asset.package_path, "templates/theme/extra.css");
        assert_eq!(asset.size, 3);
    }
}

//! A course folder, loaded once, and the packages assembled from it: the one pipeline that
//! `build`, `check`, `preview` and `send` share.
//!
//! ```text
//! Project::load(dir)   source → parse → model::Course + Theme + Sources (every text read)
//! project.assemble(f)  render → package: every file of the package for format f, in order
//! ```
//!
//! Nothing here writes: `build` hands the package to `archive`, `check` to its rules,
//! `preview` to its server.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{Asset, Course};
use crate::package::{Format, Package};
use crate::render::{self, Contents, RenderedFile, Theme};
use crate::source::{CourseFolder, Sources};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A course read and checked, with every text it was read from.
pub struct Project {
    pub course_dir: PathBuf,
    pub course: Course,
    pub theme: Theme,
    /// The course's text files (course.toml, pages, template overrides), which the spans in
    /// `course` and the diagnostics point into.
    pub sources: Sources,
    /// Problems that do not stop a build.
    pub warnings: Vec<Diagnostic>,
}

/// A course that could not be loaded: every problem found, and the texts they point into.
#[derive(Debug)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Project {
    /// Reads and checks the course in `course_dir`, reporting every problem at once.
    pub fn load(course_dir: &Path) -> Result<Project, LoadError> {
        let mut folder = CourseFolder::new(course_dir);
        let theme = match Theme::load(&mut folder) {
            Ok(theme) => theme,
            Err(diagnostics) => {
                return Err(LoadError {
                    diagnostics,
                    sources: folder.sources,
                })
            }
        };
        let icons = theme.icon_names();
        let mut diags = Diagnostics::default();
        let course = crate::parse::load(
            &mut folder,
            &crate::parse::ParseOptions { icons: &icons },
            &mut diags,
        );
        for warning in folder.warnings.drain(..) {
            diags.push(warning);
        }
        match course {
            Some(course) if !diags.has_errors() => Ok(Project {
                course_dir: course_dir.to_path_buf(),
                course,
                theme,
                sources: folder.sources,
                warnings: diags.into_vec(),
            }),
            _ => Err(LoadError {
                diagnostics: diags.into_vec(),
                sources: folder.sources,
            }),
        }
    }

    /// Every file of the course's package in `format`: rendered pages, theme and runtime,
    /// the assets (still on disk) and the format's control file.
    pub fn assemble(&self, format: Format) -> Result<Package, Vec<Diagnostic>> {
        if format == Format::Xapi && self.course.meta.activity_id.is_none() {
            return Err(vec![missing_activity_id(&self.course_dir)]);
        }
        let target = render::Target {
            format: format.name(),
            scripts: format.scripts(),
        };
        let files = render::render(&self.course, &self.theme, &target).map_err(|d| vec![d])?;
        let files = format.assemble(&self.course, files);
        let collisions = self.collisions(&files);
        if !collisions.is_empty() {
            return Err(collisions);
        }
        Ok(Package::new(files))
    }

    /// Files of the package that would share a path, compared as a case-insensitive file
    /// system (Windows, macOS) unzips them: a course file named like a file scormpack
    /// generates (`imsmanifest.xml`, `index.html`, `scormpack/…`), or two files of the
    /// course that differ only in case.
    fn collisions(&self, files: &[RenderedFile]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let generated: Vec<&str> = files
            .iter()
            .filter(|f| matches!(f.contents, Contents::Memory(_)))
            .map(|f| f.path.as_str())
            .collect();
        let mut seen: HashMap<String, &Asset> = HashMap::new();
        for asset in &self.course.assets {
            let key = asset.package_path.to_lowercase();
            let here = self.sources.location(&asset.span);
            let own = format!("{}/", crate::render::OWN_DIR);
            let clash = if key.starts_with(&own) {
                Some(format!("{own}…"))
            } else {
                generated
                    .iter()
                    .find(|g| g.to_lowercase() == key)
                    .map(|g| g.to_string())
            };
            if let Some(generated) = clash {
                out.push(
                    Diagnostic::error(
                        "content/reserved-path",
                        format!(
                            "`{}` would take the place of `{generated}`, which scormpack writes itself",
                            asset.package_path
                        ),
                    )
                    .at(here)
                    .help("rename the file or move it into a folder such as `assets/`"),
                );
            } else if let Some(first) = seen.get(&key) {
                out.push(
                    Diagnostic::error(
                        "content/path-collision",
                        format!(
                            "`{}` and `{}` (used at {}) differ only in case: unzipped on Windows or macOS they are one file",
                            asset.package_path,
                            first.package_path,
                            self.sources.location(&first.span)
                        ),
                    )
                    .at(here)
                    .help("give the two files names that differ in more than case"),
                );
            } else {
                seen.insert(key, asset);
            }
        }
        out
    }

    /// The text of a source file by the name diagnostics give it.
    pub fn source_text(&self, name: &str) -> Option<&str> {
        self.sources.text(name)
    }
}

/// The error for an xAPI build (or `send`) of a course without `[xapi] activity_id`.
pub fn missing_activity_id(course_dir: &Path) -> Diagnostic {
    let file = crate::source::display_name(course_dir, "course.toml");
    Diagnostic::error(
        "content/missing-activity-id",
        "an xAPI package needs the course's activity id".to_string(),
    )
    .at(Location::file(file))
    .help("add `[xapi]` with `activity_id = \"https://…/<course>\"`, an IRI you own that will not change")
}

//! scormpack turns a course written as plain text files into a package an LMS can import.
//!
//! The pipeline, one module a stage, each using only the stages before it:
//!
//! ```text
//! course folder ──source──▶ texts with line maps
//!               ──parse───▶ model::Course            (course.toml + Markdown pages)
//!               ──render──▶ index.html, theme, runtime, assets
//!               ──package─▶ + manifest (per format)
//!               ──archive─▶ zip on disk              (deterministic, atomic)
//! ```
//!
//! [`Project`] runs source → parse → render → package once for every command: `build`
//! archives what it assembles, `check` lints it, `preview` serves it. [`i18n`] takes the
//! texts of a course out to a translator (XLIFF 2.0) and writes the translated course folder.
//!
//! Problems in a user's files are [`diag::Diagnostic`]s with a stable code and a
//! file:line:column; [`build`] collects all of them before it gives up.

pub mod archive;
pub mod check;
pub mod cli;
pub mod diag;
pub mod i18n;
pub mod lrs;
pub mod model;
pub mod package;
pub mod parse;
pub mod preview;
pub mod project;
pub mod render;
pub mod source;
pub mod starter;

pub use project::{missing_activity_id, LoadError, Project};

use diag::Diagnostic;
use package::Format;
use std::path::{Path, PathBuf};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub course_dir: PathBuf,
    pub format: Format,
    /// The zip to write; `None` writes `dist/<id>-<version>-<format>.zip` (with the language,
    /// `<id>-<version>-<lang>-<format>.zip`, for a translation).
    pub out: Option<PathBuf>,
}

/// What was built.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub out: PathBuf,
    pub archive: archive::Summary,
    /// Each file in the zip, by its path inside it, with the course file it was copied from
    /// (`None` for files rendered in memory).
    pub entries: Vec<(String, Option<PathBuf>)>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The course has errors; each is one diagnostic.
    #[error("the course has {} error(s)", .0.iter().filter(|d| d.severity == diag::Severity::Error).count())]
    Content(Vec<Diagnostic>),
    #[error(transparent)]
    Archive(#[from] archive::ArchiveError),
}

/// The default output path: `dist/<id>-<version>-<format>.zip`, or for a translation of the
/// course (`[i18n] source` names another language) `dist/<id>-<version>-<lang>-<format>.zip`,
/// so the packages of every language sit side by side.
pub fn default_out(course: &model::Course, format: Format) -> PathBuf {
    let meta = &course.meta;
    let language = match &meta.source_language {
        Some(source) if *source != meta.language => format!("{}-", meta.language),
        _ => String::new(),
    };
    Path::new("dist").join(format!(
        "{}-{}-{language}{}.zip",
        meta.id,
        meta.version,
        format.name()
    ))
}

/// Builds one package: source → model → rendered files → package → zip.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let project = Project::load(&options.course_dir)
        .map_err(|failed| BuildError::Content(failed.diagnostics))?;
    let package = project
        .assemble(options.format)
        .map_err(BuildError::Content)?;
    // `build` is the gate: what `check` would refuse in this package is never written.
    let findings = check::assembled(&project, &package, options.format);
    if findings.iter().any(|d| d.severity == diag::Severity::Error) {
        // The errors first, then every warning a successful build would have printed.
        let (mut shown, warnings): (Vec<_>, Vec<_>) = findings
            .into_iter()
            .partition(|d| d.severity == diag::Severity::Error);
        shown.extend(
            project
                .warnings
                .into_iter()
                .chain(warnings)
                .filter(|d| d.severity == diag::Severity::Warning),
        );
        return Err(BuildError::Content(shown));
    }
    // `dist/` is made only when the zip is written, and removed again when that fails.
    let (out, archive) = match &options.out {
        Some(out) => (out.clone(), archive::write(&package, out)?),
        None => {
            let out = default_out(&project.course, options.format);
            let archive = archive::write_creating_folder(&package, &out)?;
            (out, archive)
        }
    };
    let entries = package
        .files
        .iter()
        .map(|file| {
            let source = match &file.contents {
                render::Contents::Disk(path) => Some(path.clone()),
                render::Contents::Memory(_) => None,
            };
            (file.path.clone(), source)
        })
        .collect();
    Ok(BuildReport {
        out,
        archive,
        entries,
        warnings: project
            .warnings
            .into_iter()
            .chain(findings)
            .filter(|d| d.severity == diag::Severity::Warning)
            .collect(),
    })
}

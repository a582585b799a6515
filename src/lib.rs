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
//! Problems in a user's files are [`diag::Diagnostic`]s with a stable code and a
//! file:line:column; [`build`] collects all of them before it gives up.

pub mod archive;
pub mod check;
pub mod cli;
pub mod diag;
pub mod lrs;
pub mod model;
pub mod package;
pub mod parse;
pub mod preview;
pub mod render;
pub mod source;
pub mod starter;

use diag::{Diagnostic, Diagnostics};
use package::{Format, Package};
use std::path::{Path, PathBuf};

/// What to build.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub course_dir: PathBuf,
    pub format: Format,
    /// The zip to write; `None` writes `dist/<id>-<version>-<format>.zip`.
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

/// Reads the course and checks it, reporting every problem.
pub fn load(
    course_dir: &Path,
) -> Result<(model::Course, render::Theme, Vec<Diagnostic>), Vec<Diagnostic>> {
    let theme = render::Theme::load(course_dir).map_err(|d| vec![d])?;
    let icons = theme.icon_names();
    let mut diags = Diagnostics::default();
    let course = parse::load(
        course_dir,
        &parse::ParseOptions { icons: &icons },
        &mut diags,
    );
    match course {
        Some(course) if !diags.has_errors() => Ok((course, theme, diags.into_vec())),
        _ => Err(diags.into_vec()),
    }
}

/// The default output path: `dist/<id>-<version>-<format>.zip`.
pub fn default_out(course: &model::Course, format: Format) -> PathBuf {
    Path::new("dist").join(format!(
        "{}-{}-{}.zip",
        course.meta.id,
        course.meta.version,
        format.name()
    ))
}

/// The error for an xAPI build (or `send`) of a course without `[xapi] activity_id`.
pub fn missing_activity_id(course_dir: &Path) -> Diagnostic {
    let file = source::display_name(course_dir, "course.toml");
    Diagnostic::error(
        "content/missing-activity-id",
        "an xAPI package needs the course's activity id".to_string(),
    )
    .at(diag::Location::file(file))
    .help("add `[xapi]` with `activity_id = \"https://…/<course>\"`, an IRI you own that will not change")
}

/// Builds one package: source → model → rendered files → package → zip.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let (course, theme, warnings) = load(&options.course_dir).map_err(BuildError::Content)?;
    if options.format == Format::Xapi && course.meta.activity_id.is_none() {
        return Err(BuildError::Content(vec![missing_activity_id(
            &options.course_dir,
        )]));
    }
    let target = render::Target {
        format: options.format.name(),
        scripts: options.format.scripts(),
    };
    let files =
        render::render(&course, &theme, &target).map_err(|d| BuildError::Content(vec![d]))?;
    let package = Package::new(options.format.assemble(&course, files));
    // `dist/` is made only when the zip is written, and removed again when that fails.
    let (out, archive) = match &options.out {
        Some(out) => (out.clone(), archive::write(&package, out)?),
        None => {
            let out = default_out(&course, options.format);
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
        warnings,
    })
}

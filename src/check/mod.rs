//! A course folder or any SCORM zip → every problem found in it, as [`Diagnostic`]s.
//!
//! A course folder is loaded like `build` does (all content diagnostics at once), then packaged
//! in memory and checked as a package. A zip — built by scormpack or not — is read entry by
//! entry without extracting anything. The package rules (one per file in `rules/`) each have
//! a stable id, a default severity and a one-line fix; an LMS profile (`profile.rs`) raises,
//! lowers or turns off rules where that LMS is known to differ.

mod html;
mod package;
mod profile;
mod rules;
mod xml;

pub(crate) use package::escape_controls;
pub use profile::Profile;

use crate::diag::{Diagnostic, Location, Severity};
use crate::source::SourceFile;
use package::PackageView;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What to check and how.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// A course folder (holding `course.toml`) or a zip.
    pub path: PathBuf,
    pub profile: Profile,
    /// The largest package the LMS accepts, in bytes; `None` takes the profile's limit.
    pub max_size: Option<u64>,
}

/// What was checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Course,
    Package,
    /// A zip with tincan.xml and no imsmanifest.xml: the xAPI rules and the file rules apply.
    XapiPackage,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Course => "course",
            Kind::Package => "package",
            Kind::XapiPackage => "xapi package",
        }
    }
}

/// Every finding, sorted errors first, and the texts they point into that are not files on
/// disk (zip entries), so a renderer can show their source lines.
#[derive(Debug, Clone)]
pub struct Report {
    pub kind: Kind,
    pub findings: Vec<Diagnostic>,
    pub texts: BTreeMap<String, String>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warnings(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// One package rule: a stable id, how serious it is unless a profile says otherwise, and the
/// check itself, which pushes findings carrying the rule's id.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    /// What the rule catches, in a few words (for `--help` and the docs).
    pub summary: &'static str,
    check: fn(&Ctx<'_>, &mut Vec<Diagnostic>),
}

/// Every package rule, in the order they run.
pub fn rules() -> &'static [Rule] {
    rules::ALL
}

/// Checks a course folder or a zip.
pub fn check(options: &CheckOptions) -> Report {
    let path = &options.path;
    let display = path.to_string_lossy().replace('\\', "/");
    if path.is_dir() {
        return check_course(options, &display);
    }
    let mut findings = Vec::new();
    let view = match package::read_zip(path, &display, &mut findings) {
        Some(view) => view,
        None => {
            return Report {
                kind: Kind::Package,
                findings,
                texts: BTreeMap::new(),
            }
        }
    };
    let kind = if view.entry(package::MANIFEST).is_none() && view.entry("tincan.xml").is_some() {
        Kind::XapiPackage
    } else {
        Kind::Package
    };
    finish(kind, options, view, findings)
}

fn check_course(options: &CheckOptions, display: &str) -> Report {
    match crate::load(&options.path) {
        Err(diags) => Report {
            kind: Kind::Course,
            findings: sorted(diags),
            texts: BTreeMap::new(),
        },
        Ok((course, theme, warnings)) => {
            let format = crate::package::Format::Scorm12;
            let target = crate::render::Target {
                format: format.name(),
                scripts: format.scripts(),
            };
            let files = match crate::render::render(&course, &theme, &target) {
                Ok(files) => files,
                Err(diag) => {
                    return Report {
                        kind: Kind::Course,
                        findings: vec![diag],
                        texts: BTreeMap::new(),
                    }
                }
            };
            let package = crate::package::Package::new(format.assemble(&course, files));
            let sources = course_sources(options, &course);
            let view = package::from_rendered(&package, display, sources);
            finish(Kind::Course, options, view, warnings)
        }
    }
}

/// The course's own text files (pages and template overrides): a finding in a built file is
/// traced back to the line a designer wrote, when the offending text appears there.
fn course_sources(options: &CheckOptions, course: &crate::model::Course) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = course
        .pages
        .iter()
        .filter_map(|page| {
            let text = std::fs::read_to_string(&page.source).ok().or_else(|| {
                // Page sources are named relative to the working directory; fall back to
                // the course folder when the check runs elsewhere.
                let rel = page.source.rsplit_once("/pages/").map(|(_, r)| r)?;
                std::fs::read_to_string(options.path.join("pages").join(rel)).ok()
            })?;
            Some(SourceFile::new(page.source.clone(), text))
        })
        .collect();
    let templates = options.path.join("templates");
    if templates.is_dir() {
        for entry in walk(&templates) {
            if let Ok(text) = std::fs::read_to_string(&entry) {
                let rel = entry
                    .strip_prefix(&options.path)
                    .map(|p| p.to_string_lossy().replace('\\', "/"))
                    .unwrap_or_default();
                let name = crate::source::display_name(&options.path, &rel);
                files.push(SourceFile::new(name, text));
            }
        }
    }
    files
}

fn walk(dir: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn finish(
    kind: Kind,
    options: &CheckOptions,
    view: PackageView,
    mut findings: Vec<Diagnostic>,
) -> Report {
    let manifest = view.manifest();
    let ctx = Ctx {
        view: &view,
        manifest: &manifest,
        max_size: options.max_size.unwrap_or(options.profile.max_size()),
        profile: options.profile,
    };
    let mut found = Vec::new();
    for rule in rules::ALL {
        (rule.check)(&ctx, &mut found);
    }
    for mut finding in found {
        match options.profile.severity(finding.code) {
            Some(Some(severity)) => finding.severity = severity,
            Some(None) => continue,
            None => {}
        }
        findings.push(finding);
    }
    let texts = view.texts_for(&findings);
    Report {
        kind,
        findings: sorted(findings),
        texts,
    }
}

/// Errors before warnings; otherwise in the order found, which follows the files.
fn sorted(mut findings: Vec<Diagnostic>) -> Vec<Diagnostic> {
    findings.sort_by_key(|d| d.severity);
    findings
}

/// What a rule sees: the package's entries and its parsed manifest.
pub(crate) struct Ctx<'a> {
    view: &'a PackageView,
    manifest: &'a package::ManifestState,
    max_size: u64,
    profile: Profile,
}

impl Ctx<'_> {
    /// A finding of `rule` with its default severity.
    fn finding(&self, rule: &Rule, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            code: rule.id,
            severity: rule.severity,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// The parsed manifest; `None` when it is missing or broken (which a rule reports).
    fn parsed(&self) -> Option<&package::Manifest> {
        match self.manifest {
            package::ManifestState::Parsed(m) => Some(m),
            _ => None,
        }
    }

    /// Where `needle` first occurs in entry `name`, traced back to a course source when the
    /// package was built from a course folder.
    fn locate(&self, name: &str, needle: &str) -> Location {
        self.view.locate(name, needle)
    }
}

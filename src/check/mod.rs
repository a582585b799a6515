//! A course folder or any SCORM zip → every problem found in it, as [`Diagnostic`]s.
//!
//! A course folder is loaded like `build` does (all content diagnostics at once), then packaged
//! in memory and checked as a package. A zip — built by scormpack or not — is read entry by
//! entry without extracting anything. The package rules (one per file in `rules/`) each have
//! a stable id, a default severity and a one-line fix; an LMS profile (`profile.rs`) raises,
//! lowers or turns off rules where that LMS is known to differ.

pub(crate) mod html;
mod package;
mod profile;
mod rules;

pub(crate) use package::escape_controls;
pub use profile::Profile;

use crate::diag::{Diagnostic, Location, Severity};
use crate::package::Format;
use crate::source::Sources;
use crate::Project;
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
    /// A zip with cmi5.xml and no imsmanifest.xml: the cmi5 rules and the file rules apply.
    Cmi5Package,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Course => "course",
            Kind::Package => "package",
            Kind::XapiPackage => "xapi package",
            Kind::Cmi5Package => "cmi5 package",
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

/// Checks a course folder (assembled as SCORM 1.2) or a zip.
pub fn check(options: &CheckOptions) -> Report {
    check_as(options, Format::Scorm12)
}

/// Checks a course folder assembled as `format`, or a zip (checked as what it holds, whatever
/// `format` says).
pub fn check_as(options: &CheckOptions, format: Format) -> Report {
    let path = &options.path;
    let display = path.to_string_lossy().replace('\\', "/");
    if path.is_dir() {
        return check_course(options, &display, format);
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
    let no_manifest = view.entry(package::MANIFEST).is_none();
    let kind = if no_manifest && view.entry("tincan.xml").is_some() {
        Kind::XapiPackage
    } else if no_manifest && view.entry(crate::package::cmi5::CMI5).is_some() {
        Kind::Cmi5Package
    } else {
        Kind::Package
    };
    finish(kind, options, view, findings)
}

fn check_course(options: &CheckOptions, display: &str, format: Format) -> Report {
    let project = match Project::load(&options.path) {
        Ok(project) => project,
        Err(failed) => return failed_report(failed.diagnostics, &failed.sources),
    };
    let package = match project.assemble(format) {
        Ok(package) => package,
        Err(diags) => return failed_report(diags, &project.sources),
    };
    let view = package::from_assembled(&package, format, display, &project);
    finish(Kind::Course, options, view, project.warnings.clone())
}

/// What the package rules find in a package a course assembles, for `build`: every finding of
/// the generic profile, pointing at what the author wrote.
pub fn assembled(
    project: &Project,
    package: &crate::package::Package,
    format: Format,
) -> Vec<Diagnostic> {
    let display = project.course_dir.to_string_lossy().replace('\\', "/");
    let view = package::from_assembled(package, format, &display, project);
    let options = CheckOptions {
        path: project.course_dir.clone(),
        profile: Profile::Generic,
        max_size: None,
    };
    finish(Kind::Course, &options, view, Vec::new()).findings
}

/// The report of a course that did not load or assemble, with the texts its findings show.
fn failed_report(findings: Vec<Diagnostic>, sources: &Sources) -> Report {
    let texts = findings
        .iter()
        .filter_map(|d| d.location.as_ref())
        .filter_map(|l| Some((l.file.clone(), sources.text(&l.file)?.to_string())))
        .collect();
    Report {
        kind: Kind::Course,
        findings: sorted(findings),
        texts,
    }
}

fn finish(
    kind: Kind,
    options: &CheckOptions,
    view: PackageView<'_>,
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
    let mut seen: std::collections::HashSet<Diagnostic> = findings.iter().cloned().collect();
    for mut finding in found {
        match options.profile.severity(finding.code) {
            Some(Some(severity)) => finding.severity = severity,
            Some(None) => continue,
            None => {}
        }
        // A setting written once can be in the package twice (the course title is the
        // manifest's organisation title and its item's): one place, one finding.
        if seen.insert(finding.clone()) {
            findings.push(finding);
        }
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
    view: &'a PackageView<'a>,
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

    /// Where a finding about `needle` in entry `name` should point: for a course folder, the
    /// place the author wrote `author` (from the model's spans); otherwise, or when the
    /// author wrote no such thing (the text came from the theme), where `needle` first occurs
    /// in the entry.
    fn locate(&self, name: &str, needle: &str, author: Author<'_>) -> Location {
        self.view
            .author_location(&author)
            .unwrap_or_else(|| self.view.locate(name, needle))
    }
}

/// What in a course an author wrote that a package finding is about.
pub(crate) enum Author<'a> {
    /// A key of course.toml, by its dotted name (`completion.statuses`).
    Setting(&'a str),
    /// A question, by its id.
    Question(&'a str),
    /// A link or image target, by the href the package uses.
    Link(&'a str),
    /// Nothing an author wrote: the finding is about a file scormpack generates.
    Generated,
}

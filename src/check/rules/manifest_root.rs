//! `package/no-manifest`: an LMS looks for `imsmanifest.xml` at the root of the zip and
//! rejects the package without it (Moodle: "missing imsmanifest.xml"). The common cause is a
//! zip of the course folder instead of its contents.

use super::super::package::{ManifestState, MANIFEST};
use super::super::{Ctx, Rule};
use crate::diag::{Diagnostic, Location, Severity};
use crate::package::Format;

pub(super) const RULE: Rule = Rule {
    id: "package/no-manifest",
    severity: Severity::Error,
    summary: "no imsmanifest.xml at the root of the zip",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // An xAPI package has tincan.xml instead, a cmi5 package cmi5.xml; their rules check them.
    if !matches!(ctx.manifest, ManifestState::Missing)
        || ctx.view.entry(super::tincan::TINCAN).is_some()
        || ctx.view.entry(crate::package::cmi5::CMI5).is_some()
    {
        return;
    }
    // A course assembled as an xAPI or cmi5 package has no manifest to miss.
    if ctx.view.format.is_some_and(Format::is_xapi) {
        return;
    }
    let nested = ctx
        .view
        .files()
        .find(|e| e.name.ends_with(&format!("/{MANIFEST}")));
    let (message, help) = match nested {
        Some(entry) => (
            format!(
                "imsmanifest.xml is at `{}`, not at the root of the zip",
                entry.name
            ),
            "zip the contents of the course folder, not the folder itself".to_string(),
        ),
        None => (
            "the package has no imsmanifest.xml at its root".to_string(),
            "a SCORM package needs imsmanifest.xml at the root of the zip; build it with `scormpack build`".to_string(),
        ),
    };
    out.push(
        ctx.finding(&RULE, message)
            .at(Location::file(ctx.view.display.clone()))
            .help(help),
    );
}

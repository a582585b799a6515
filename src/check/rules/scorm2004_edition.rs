//! `lms/scorm2004-edition` (only with an LMS profile that turns it on): a SCORM 2004 package
//! declares an edition the LMS does not implement. Cornerstone implements the 3rd edition; a
//! 4th-edition package is imported by the rules of another edition, or refused.

use super::super::{Ctx, Rule};
use super::{at, is_scorm2004_manifest};
use crate::diag::{Diagnostic, Severity};
use crate::package::scorm2004::NS_IMSCP;

pub(super) const RULE: Rule = Rule {
    id: "lms/scorm2004-edition",
    severity: Severity::Warning,
    summary: "a SCORM 2004 4th edition package for an LMS that implements the 3rd (only where the LMS profile says it matters)",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if !ctx.profile.enables(RULE.id) {
        return;
    }
    let Some(manifest) = ctx.parsed().filter(|m| is_scorm2004_manifest(m)) else {
        return;
    };
    let Some(version) = manifest
        .root
        .descendants()
        .into_iter()
        .find(|e| e.is(NS_IMSCP, "schemaversion"))
    else {
        return;
    };
    if version.text.trim() != "2004 4th Edition" {
        return;
    }
    out.push(
        ctx.finding(
            &RULE,
            format!(
                "the package declares SCORM 2004 4th edition, and {} implements the 3rd edition",
                ctx.profile.name()
            ),
        )
        .at(at(manifest, version))
        .help("build it with `scormpack build --format scorm2004-3rd`"),
    );
}

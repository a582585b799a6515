//! `lms/scorm2004-support` (only with an LMS profile that turns it on): a SCORM 2004 package
//! for an LMS whose SCORM 2004 support is partial. Moodle runs 2004 SCOs, but leaves out much
//! of sequencing and reports some 2004 data differently; its SCORM 1.2 player is the one it
//! supports fully.

use super::super::{Ctx, Rule};
use super::{at, is_scorm2004_manifest};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/scorm2004-support",
    severity: Severity::Warning,
    summary: "a SCORM 2004 package for an LMS whose SCORM 2004 support is partial (only where the LMS profile says it matters)",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if !ctx.profile.enables(RULE.id) {
        return;
    }
    let Some(manifest) = ctx.parsed().filter(|m| is_scorm2004_manifest(m)) else {
        return;
    };
    out.push(
        ctx.finding(
            &RULE,
            format!(
                "the package is SCORM 2004, which {} supports only in part",
                ctx.profile.name()
            ),
        )
        .at(at(manifest, &manifest.root))
        .help("build it with `scormpack build --format scorm12` for this LMS"),
    );
}

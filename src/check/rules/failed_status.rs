//! `lms/failed-status` (only with an LMS profile that turns it on): the package reports
//! `failed`, which some LMSs do not show as such — Cornerstone shows a SCORM 1.2 `failed` as
//! "In Progress" unless its support enables a Failed status.

use super::super::{Author, Ctx, Rule};
use super::mastery_completed::reports;
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/failed-status",
    severity: Severity::Warning,
    summary: "a package that reports `failed` (only where the LMS profile says it matters)",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // SCORM 2004 keeps completion apart from success: a failed attempt is completed there.
    if !ctx.profile.enables(RULE.id) || super::is_scorm2004(ctx) {
        return;
    }
    let Some((file, needle)) = reports(ctx, "failed") else {
        return;
    };
    out.push(
        ctx.finding(
            &RULE,
            format!(
                "the package reports `failed`, which {} shows as \"In Progress\"",
                ctx.profile.name()
            ),
        )
        .at(ctx.locate(&file, &needle, Author::Setting("completion.statuses")))
        .help("set statuses = \"passed/incomplete\" in course.toml so a learner who failed can simply try again"),
    );
}

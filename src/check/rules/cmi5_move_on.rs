//! `cmi5/move-on`: an AU whose `moveOn` waits for `Passed` (cmi5 13.1.4: `Passed`,
//! `CompletedAndPassed`) while the course never reports `passed` — it reports `completed` for a
//! pass, or has no questions — is never satisfied: the LMS keeps the learner from moving on.
//! The same for a `masteryScore` on such a course: the LMS would judge a score the course
//! never sends.

use super::super::{Ctx, Rule};
use super::cmi5_xml::{au_location, aus, judging, read};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "cmi5/move-on",
    severity: Severity::Error,
    summary: "an AU whose moveOn or masteryScore waits for a passed the course never reports",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(Ok(root)) = read(ctx) else {
        return;
    };
    for au in aus(&root) {
        let Some(course) = judging(ctx, au) else {
            continue;
        };
        if course.scored {
            continue;
        }
        let id = au.attr("id").unwrap_or_default();
        let move_on = au.attr("moveOn").unwrap_or("NotApplicable");
        if matches!(move_on, "Passed" | "CompletedAndPassed") {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("the AU `{id}` moves on when passed (moveOn=\"{move_on}\"), but the course never reports passed"),
                )
                .at(au_location(ctx, au))
                .help("moveOn=\"Completed\" for a course that reports completed; `scormpack build --format cmi5` writes it"),
            );
        }
        if let Some(score) = au.attr("masteryScore") {
            out.push(
                ctx.finding(
                    &RULE,
                    format!("the AU `{id}` has masteryScore=\"{score}\", but the course never reports passed or failed"),
                )
                .at(au_location(ctx, au))
                .help("drop masteryScore, or report passed/failed (`statuses = \"passed/failed\"`)"),
            );
        }
    }
}

//! `lms/interaction-id`: the id a question's answer is recorded under
//! (`cmi.interactions.n.id`) is a CMIIdentifier: letters, digits, `-` and `_`, at most 255
//! characters, no spaces (SCORM 1.2 RTE 3.4.2). scorm-again accepts spaces and dots; strict
//! LMSs reject the value with error 405 and the answer is lost. Checked for packages that
//! follow scormpack's quiz markup (`data-question`).

use super::super::{Author, Ctx, Rule};
use super::{is_scorm2004, launch_tags};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/interaction-id",
    severity: Severity::Error,
    summary: "question ids that are not SCORM 1.2 CMIIdentifiers",
    check,
};

pub(crate) fn is_cmi_identifier(id: &str) -> bool {
    (1..=255).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    // SCORM 2004 ids are URIs, with rules of their own (`lms/interaction-uri`).
    if is_scorm2004(ctx) {
        return;
    }
    let Some((entry, tags)) = launch_tags(ctx) else {
        return;
    };
    for id in tags.iter().filter_map(|t| t.attr("data-question")) {
        if is_cmi_identifier(id) {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                format!("the question id `{id}` is not a SCORM 1.2 CMIIdentifier"),
            )
            .at(ctx.locate(
                &entry.name,
                &format!("data-question=\"{id}\""),
                Author::Question(id),
            ))
            .help("use letters, digits, `-` and `_` only (at most 255), e.g. `ops-liaison`"),
        );
    }
}

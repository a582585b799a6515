//! `lms/choice-response`: the answer to a choice question (`cmi.interactions.n.
//! student_response` and its correct pattern) is one character, 0-9 or a-z, or a comma list of
//! them (SCORM 1.2 RTE 3.4.2.7.5). Option values such as `yes` or `B` are rejected by strict
//! LMSs; a value with a line break is rejected by scorm-again too. Checked for packages that
//! follow scormpack's quiz markup (radio options inside `data-question`).

use super::super::{Author, Ctx, Rule};
use super::launch_tags;
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/choice-response",
    severity: Severity::Error,
    summary: "choice options whose value is not a SCORM 1.2 choice response",
    check,
};

fn is_choice_response(value: &str) -> bool {
    let mut chars = value.chars();
    matches!((chars.next(), chars.next()), (Some(c), None) if c.is_ascii_digit() || c.is_ascii_lowercase())
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((entry, tags)) = launch_tags(ctx) else {
        return;
    };
    let mut question: Option<&str> = None;
    for tag in &tags {
        if let Some(id) = tag.attr("data-question") {
            // Choice questions only: a true-false question's radios are `true` and `false`.
            let kind = tag.attr("data-type").unwrap_or("choice");
            question = matches!(kind, "choice" | "multiple").then_some(id);
            continue;
        }
        let Some(id) = question else {
            continue;
        };
        if tag.name == "input"
            && tag.attr("type").is_some_and(|t| {
                t.eq_ignore_ascii_case("radio") || t.eq_ignore_ascii_case("checkbox")
            })
        {
            let value = tag.attr("value").unwrap_or("");
            if !is_choice_response(value) {
                out.push(
                    ctx.finding(
                        &RULE,
                        format!("question `{id}` has an option with the value {value:?}, which is not a SCORM 1.2 choice response"),
                    )
                    .at(ctx.locate(&entry.name, &format!("value=\"{value}\""), Author::Question(id)))
                    .help("give each option a one-character value, `a` to `z` (scormpack's quiz markup does)"),
                );
            }
        }
    }
}

//! `lms/interaction-uri`: in SCORM 2004 an interaction id (`cmi.interactions.n.id`) is a
//! long_identifier_type, a URI (RTE 4.1.1.3); scormpack's runtime sends
//! `urn:scormpack:<course id>:<question id>`, from `data-course` on `<body>` and each
//! `data-question`. An id that is not a URN as RFC 2141 writes it (a space, a character outside
//! its set) is refused by strict LMSs with error 406, and the answer is lost; scorm-again
//! accepts it. Checked for SCORM 2004 packages that follow scormpack's quiz markup.

use super::super::{Author, Ctx, Rule};
use super::{is_scorm2004, launch_tags};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/interaction-uri",
    severity: Severity::Error,
    summary: "SCORM 2004 interaction ids (`urn:scormpack:<course>:<question>`) that are not URNs",
    check,
};

/// A character of a URN's namespace-specific string (RFC 2141 section 2.2: letters, digits,
/// `()+,-.:=@;$_!*'`, the reserved `%/?#`).
fn is_urn_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "()+,-.:=@;$_!*'%/?#".contains(c)
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if !is_scorm2004(ctx) {
        return;
    }
    let Some((entry, tags)) = launch_tags(ctx) else {
        return;
    };
    // The runtime's default when the page names no course (scorm2004.js).
    let course = tags
        .iter()
        .find(|t| t.name == "body")
        .and_then(|b| b.attr("data-course"))
        .unwrap_or("course");
    for id in tags.iter().filter_map(|t| t.attr("data-question")) {
        let urn = format!("urn:scormpack:{course}:{id}");
        let Some(bad) = format!("{course}:{id}").chars().find(|c| !is_urn_char(*c)) else {
            if urn.len() <= 4000 {
                continue;
            }
            out.push(
                ctx.finding(
                    &RULE,
                    format!("the interaction id of question `{id}` is longer than 4000 characters"),
                )
                .at(ctx.locate(
                    &entry.name,
                    &format!("data-question=\"{id}\""),
                    Author::Question(id),
                )),
            );
            continue;
        };
        out.push(
            ctx.finding(
                &RULE,
                format!("the interaction id `{urn}` is not a URN: {bad:?} is not allowed in one (RFC 2141)"),
            )
            .at(ctx.locate(
                &entry.name,
                &format!("data-question=\"{id}\""),
                Author::Question(id),
            ))
            .help("use letters, digits, `-` and `_` in course and question ids, e.g. `ops-liaison`"),
        );
    }
}

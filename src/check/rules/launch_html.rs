//! `lms/launch-not-html`: the LMS opens a SCO's `href` in a frame and waits for the SCO to
//! call `LMSInitialize`; only an HTML page can. A PDF or video as launch file shows, but never
//! reports anything.

use super::super::package::extension;
use super::super::{Ctx, Rule};
use super::{at, is_sco, resources};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/launch-not-html",
    severity: Severity::Error,
    summary: "a SCO whose launch file is not an HTML page",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(manifest) = ctx.parsed() else {
        return;
    };
    for resource in resources(manifest).into_iter().filter(|r| is_sco(r)) {
        let Some(href) = resource.attr("href") else {
            continue;
        };
        let path = href.split(['?', '#']).next().unwrap_or(href);
        if !matches!(extension(path).as_deref(), Some("html" | "htm" | "xhtml")) {
            out.push(
                ctx.finding(&RULE, format!("the SCO launches `{href}`, which is not an HTML page"))
                    .at(at(manifest, resource))
                    .help("launch an HTML page that calls the SCORM API; offer other files as downloads from it"),
            );
        }
    }
}

//! `lms/scorm2004-pass-mark`: in a SCORM 2004 manifest, a primary objective that is
//! `satisfiedByMeasure` makes the LMS judge success from `cmi.score.scaled` against its
//! `minNormalizedMeasure` (IMS SS 3.10; 1.0 when the element is left out), whatever the course
//! reports. A measure that differs from the pass mark the course's page declares
//! (`data-passing-score` on `<body>`) makes the learner see one result and the LMS record another.

use super::super::{Author, Ctx, Rule};
use super::{at, is_scorm2004_manifest, launch_tags};
use crate::diag::{Diagnostic, Severity};
use crate::package::scorm2004::NS_IMSSS;

pub(super) const RULE: Rule = Rule {
    id: "lms/scorm2004-pass-mark",
    severity: Severity::Warning,
    summary: "a SCORM 2004 primary objective satisfied by a measure other than the course's passing score",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(manifest) = ctx.parsed().filter(|m| is_scorm2004_manifest(m)) else {
        return;
    };
    // The pass mark the course judges by, from scormpack's markup; nothing to compare without it.
    let Some((_, tags)) = launch_tags(ctx) else {
        return;
    };
    let Some(body) = tags.iter().find(|t| t.name == "body") else {
        return;
    };
    let scored = body.attr("data-pass-status") == Some("passed")
        && tags.iter().any(|t| t.attr("data-quiz").is_some());
    let Some(passing) = body
        .attr("data-passing-score")
        .and_then(|p| p.parse::<f64>().ok())
    else {
        return;
    };
    if !scored {
        return;
    }
    for objective in manifest
        .root
        .descendants()
        .into_iter()
        .filter(|e| e.is(NS_IMSSS, "primaryObjective"))
    {
        if objective.attr("satisfiedByMeasure") != Some("true") {
            continue;
        }
        let element = objective
            .children
            .iter()
            .find(|e| e.is(NS_IMSSS, "minNormalizedMeasure"));
        let text = element.map_or("1.0", |e| e.text.trim());
        let Ok(measure) = text.parse::<f64>() else {
            continue;
        };
        if (measure * 100.0 - passing).abs() < 1e-6 {
            continue;
        }
        let stated = if element.is_some() {
            format!("minNormalizedMeasure {text}")
        } else {
            "no minNormalizedMeasure (so 1.0)".to_string()
        };
        out.push(
            ctx.finding(
                &RULE,
                format!(
                    "the primary objective is satisfied by measure with {stated}, but the course passes at {passing} %: the learner sees one result and the LMS records another"
                ),
            )
            .at(ctx
                .view
                .author_location(&Author::Setting("completion.passing_score"))
                .unwrap_or_else(|| at(manifest, element.unwrap_or(objective))))
            .help(format!(
                "set minNormalizedMeasure to {} (passing_score / 100), or build the package again with scormpack",
                passing / 100.0
            )),
        );
    }
}

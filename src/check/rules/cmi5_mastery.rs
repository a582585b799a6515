//! `cmi5/mastery-score`: the `masteryScore` of an AU overrides the course's own pass mark
//! (cmi5 10.2.4: the LMS hands it to the AU in LMS.LaunchData), so one that differs from the
//! course's `passing_score` makes the course show a result the LMS does not record.

use super::super::{Ctx, Rule};
use super::cmi5_xml::{au_location, aus, judging, read};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "cmi5/mastery-score",
    severity: Severity::Warning,
    summary: "an AU masteryScore that differs from the course's passing score",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(Ok(root)) = read(ctx) else {
        return;
    };
    for au in aus(&root) {
        let (Some(course), Some(score)) = (judging(ctx, au), au.attr("masteryScore")) else {
            continue;
        };
        let Ok(mastery) = score.parse::<f64>() else {
            continue;
        };
        if !course.scored || (mastery * 100.0 - f64::from(course.passing_score)).abs() < 1e-6 {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                format!(
                    "masteryScore=\"{score}\" of the AU `{}`, but the course passes at {} %: the learner sees one result and the LMS records another",
                    au.attr("id").unwrap_or_default(),
                    course.passing_score
                ),
            )
            .at(au_location(ctx, au))
            .help("set passing_score in course.toml and build again, so the two agree"),
        );
    }
}

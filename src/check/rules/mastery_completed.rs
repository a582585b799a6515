//! `lms/masteryscore-completed`: with `adlcp:masteryscore` in the manifest, an LMS decides
//! passed or failed from the score itself (SCORM 1.2 RTE 3.4.4) and overrides the `completed`
//! the course reports — so a course built to report `completed` shows `failed` in the LMS, or
//! the other way round. Either drop the mastery score or report passed/failed.

use super::super::{Author, Ctx, Rule};
use super::{at, launch, NS_ADLCP};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/masteryscore-completed",
    severity: Severity::Warning,
    summary: "a mastery score together with a course that reports `completed`",
    check,
};

/// Whether any script or page of the package sets `lesson_status` to `status` as a literal,
/// or, with scormpack's markup, declares it as the status it reports.
pub(super) fn reports(ctx: &Ctx<'_>, status: &str) -> Option<(String, String)> {
    if let Some(entry) = launch(ctx) {
        let needle = format!("data-pass-status=\"{status}\"");
        let fail = format!("data-fail-status=\"{status}\"");
        for n in [needle, fail] {
            if entry.text.as_deref().is_some_and(|t| t.contains(&n)) {
                return Some((entry.name.clone(), n));
            }
        }
    }
    for entry in ctx.view.files() {
        let Some(text) = &entry.text else {
            continue;
        };
        let mut rest = text.as_str();
        while let Some(i) = rest.find("cmi.core.lesson_status") {
            let window: String = rest[i..].chars().take(80).collect();
            for quoted in [format!("\"{status}\""), format!("'{status}'")] {
                if window.contains(&quoted) {
                    return Some((entry.name.clone(), "cmi.core.lesson_status".into()));
                }
            }
            rest = &rest[i + 1..];
        }
    }
    None
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(manifest) = ctx.parsed() else {
        return;
    };
    let Some(mastery) = manifest
        .root
        .descendants()
        .into_iter()
        .find(|e| e.is(NS_ADLCP, "masteryscore") && !e.text.trim().is_empty())
    else {
        return;
    };
    let Some((file, _)) = reports(ctx, "completed") else {
        return;
    };
    out.push(
        ctx.finding(
            &RULE,
            format!(
                "the manifest sets a mastery score of {}, and `{file}` reports `completed`: the LMS will replace it with passed or failed",
                mastery.text.trim()
            ),
        )
        .at(ctx
            .view
            .author_location(&Author::Setting("completion.statuses"))
            .unwrap_or_else(|| at(manifest, mastery)))
        .help("report passed/failed (statuses = \"passed/failed\"), or remove adlcp:masteryscore from the manifest"),
    );
}

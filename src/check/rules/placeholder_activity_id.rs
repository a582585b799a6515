//! `xapi/placeholder-activity-id`: the course's xAPI activity id is still the placeholder
//! `scormpack new` wrote (`https://example.com/courses/<id>`). LRSs file every statement under
//! that IRI, and example.com belongs to no one's organisation: results of unrelated courses
//! that kept it would be filed together. Read from `course.toml` in a course folder and from
//! `tincan.xml` in a zip.

use super::super::{Author, Ctx, Rule};
use super::tincan::{self, Tincan};
use crate::diag::{Diagnostic, Severity};
use crate::starter::PLACEHOLDER_ACTIVITY_ID;

pub(super) const RULE: Rule = Rule {
    id: "xapi/placeholder-activity-id",
    severity: Severity::Warning,
    summary: "an xAPI activity id that is still the placeholder scormpack new wrote",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let found = match ctx.view.origin {
        super::super::package::Origin::Course => from_course_toml(ctx),
        super::super::package::Origin::Zip => from_tincan(ctx),
    };
    let Some((iri, location)) = found else {
        return;
    };
    out.push(
        ctx.finding(
            &RULE,
            format!("the xAPI activity id `{iri}` is the placeholder scormpack new wrote"),
        )
        .at(location)
        .help("use an IRI under a domain you own, e.g. `https://courses.your-company.com/<course>`, and keep it once results are stored"),
    );
}

fn is_placeholder(iri: &str) -> bool {
    iri.starts_with(PLACEHOLDER_ACTIVITY_ID)
}

fn from_course_toml(ctx: &Ctx<'_>) -> Option<(String, crate::diag::Location)> {
    let iri = ctx.view.course()?.meta.activity_id.clone()?;
    if !is_placeholder(&iri) {
        return None;
    }
    let location = ctx
        .view
        .author_location(&Author::Setting("xapi.activity_id"))?;
    Some((iri, location))
}

fn from_tincan(ctx: &Ctx<'_>) -> Option<(String, crate::diag::Location)> {
    let Some(Tincan::Parsed { root, .. }) = tincan::read(ctx) else {
        return None;
    };
    let iri = tincan::launchable(&root)
        .first()
        .and_then(|a| a.attr("id"))?
        .to_string();
    is_placeholder(&iri).then(|| {
        (
            iri.clone(),
            ctx.locate(tincan::TINCAN, &iri, Author::Generated),
        )
    })
}

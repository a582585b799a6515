//! `xapi/activity-id`: every activity id in `tincan.xml` must be an absolute IRI (a scheme,
//! `:`, and more: `https://courses.example.org/ops`). An LRS refuses statements about any
//! other id, so a relative or empty one loses every result the package reports.

use super::super::{Author, Ctx, Rule};
use super::tincan::{self, Tincan, TINCAN};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "xapi/activity-id",
    severity: Severity::Error,
    summary: "an activity id in tincan.xml that is not an absolute IRI",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(Tincan::Parsed { root }) = tincan::read(ctx) else {
        return;
    };
    for activity in tincan::activities(&root) {
        let id = activity.attr("id").unwrap_or_default();
        if is_absolute_iri(id) {
            continue;
        }
        let needle = if id.is_empty() { "<activity" } else { id };
        out.push(
            ctx.finding(
                &RULE,
                format!("the activity id `{id}` in tincan.xml is not an absolute IRI"),
            )
            .at(ctx.locate(TINCAN, needle, Author::Setting("xapi.activity_id")))
            .help("use an IRI under a domain you own, e.g. `https://courses.your-company.com/ops`"),
        );
    }
}

/// RFC 3987: a scheme (a letter, then letters, digits, `+`, `-`, `.`), `:`, something after
/// it, and no whitespace.
pub(super) fn is_absolute_iri(id: &str) -> bool {
    let Some((scheme, rest)) = id.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !id.chars().any(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::is_absolute_iri;

    #[test]
    fn absolute_iris_have_a_scheme_and_more() {
        assert!(is_absolute_iri("https://courses.example.org/ops"));
        assert!(is_absolute_iri("urn:uuid:6f1e"));
        assert!(!is_absolute_iri("ops-course"));
        assert!(!is_absolute_iri("/courses/ops"));
        assert!(!is_absolute_iri("https:"));
        assert!(!is_absolute_iri("1http://x"));
        assert!(!is_absolute_iri("https://a b"));
        assert!(!is_absolute_iri(""));
    }
}

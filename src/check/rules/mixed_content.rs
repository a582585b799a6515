//! `lms/mixed-content`: an `http://` resource in a page that the LMS serves over https is
//! "mixed content", and browsers block it outright: the script does not run, the image does
//! not show, the frame stays empty.

use super::super::{Author, Ctx, Rule};
use super::external_reference::loaded;
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/mixed-content",
    severity: Severity::Error,
    summary: "resources loaded over plain http, which https LMSs block",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (entry, url) in loaded(ctx) {
        if !url.to_ascii_lowercase().starts_with("http://") {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                format!(
                    "`{}` loads `{url}` over plain http, which browsers block in an https LMS",
                    entry.name
                ),
            )
            .at(ctx.locate(&entry.name, url, Author::Link(url)))
            .help("put a copy of the file in the package and reference it by a relative path"),
        );
    }
}

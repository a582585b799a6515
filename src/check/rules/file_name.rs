//! `lms/file-name`: file names with spaces or non-ASCII characters. LMS content servers and
//! CDNs encode such names differently from the way the pages reference them, so the file
//! loads locally and 404s after upload.

use super::super::{Ctx, Rule};
use crate::diag::{Diagnostic, Location, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/file-name",
    severity: Severity::Warning,
    summary: "file names with spaces or non-ASCII characters",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in ctx.view.files() {
        let what = if entry.name.contains(' ') {
            "a space"
        } else if !entry.name.is_ascii() {
            "non-ASCII characters"
        } else {
            continue;
        };
        out.push(
            ctx.finding(&RULE, format!("the file name `{}` has {what}", entry.name))
                .at(Location::file(ctx.view.entry_display(entry)))
                .help("rename it with letters, digits, `-`, `_` and `.` only (e.g. `case-study.pdf`) and update the links"),
        );
    }
}

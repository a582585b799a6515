//! `lms/external-reference`: pages that make the browser load scripts, styles, fonts, images
//! or frames from another host. They break offline and on intranet LMSs, and a secure LMS
//! frame's content policy blocks them; the course then half-works after upload only.

use super::super::package::{extension, Entry};
use super::super::{Author, Ctx, Rule};
use crate::check::html;
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/external-reference",
    severity: Severity::Warning,
    summary: "scripts, styles, fonts, images or frames loaded from another host",
    check,
};

/// Every URL that a page or stylesheet of the package loads by itself, with its entry.
pub(super) fn loaded<'v>(ctx: &Ctx<'v>) -> Vec<(&'v Entry, &'v str)> {
    let mut out = Vec::new();
    for entry in ctx.view.files() {
        let Some(text) = &entry.text else {
            continue;
        };
        let urls = match extension(&entry.name).as_deref() {
            Some("html" | "htm" | "xhtml") => html::loaded_urls(text),
            Some("css") => html::css_urls(text),
            _ => continue,
        };
        out.extend(urls.into_iter().map(|url| (entry, url)));
    }
    out
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for (entry, url) in loaded(ctx) {
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("https://") || lower.starts_with("//")) {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                format!("`{}` loads `{url}` from another host", entry.name),
            )
            .at(ctx.locate(&entry.name, url, Author::Link(url)))
            .help("put a copy of the file in the package and reference it by a relative path"),
        );
    }
}

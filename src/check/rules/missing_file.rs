//! `package/missing-file`: every file the manifest names (a resource's `href`, each `<file>`)
//! must be in the zip. An LMS launches the `href` as it is; a missing launch file is a blank
//! frame, a missing asset a broken page.

use super::super::{Ctx, Rule};
use super::{at, package_path, resources, XML_NS};
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "package/missing-file",
    severity: Severity::Error,
    summary: "a file the manifest names is not in the zip",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(manifest) = ctx.parsed() else {
        return;
    };
    for resource in resources(manifest) {
        let base = resource.attr_ns(Some(XML_NS), "base");
        let hrefs = resource
            .attr("href")
            .map(|h| (resource, h))
            .into_iter()
            .chain(
                resource
                    .children
                    .iter()
                    .filter(|f| f.local == "file")
                    .filter_map(|f| f.attr("href").map(|h| (f, h))),
            );
        for (element, href) in hrefs {
            let Some(path) = package_path(base, href) else {
                continue;
            };
            if ctx.view.entry(&path).is_none() {
                out.push(
                    ctx.finding(
                        &RULE,
                        format!("the manifest names `{href}`, which is not in the package"),
                    )
                    .at(at(manifest, element))
                    .help("add the file to the zip, or correct the name (names are case-sensitive on most LMS servers)"),
                );
            }
        }
    }
}

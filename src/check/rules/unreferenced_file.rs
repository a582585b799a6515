//! `package/unreferenced-file`: files in the zip that no resource of the manifest lists. An LMS
//! that imports by the manifest may leave them behind, and the page that needs them breaks
//! after upload only; a stray file (a draft, `.DS_Store`) also ships to every learner.

use super::super::package::{is_safe_name, MANIFEST};
use super::super::{Ctx, Rule};
use super::{package_path, resources, XML_NS};
use crate::diag::{Diagnostic, Location, Severity};
use std::collections::BTreeSet;

pub(super) const RULE: Rule = Rule {
    id: "package/unreferenced-file",
    severity: Severity::Warning,
    summary: "a file in the zip that the manifest does not list",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(manifest) = ctx.parsed() else {
        return;
    };
    let mut listed = BTreeSet::new();
    for resource in resources(manifest) {
        let base = resource.attr_ns(Some(XML_NS), "base");
        for file in resource.children.iter().filter(|f| f.local == "file") {
            if let Some(path) = file.attr("href").and_then(|h| package_path(base, h)) {
                listed.insert(path);
            }
        }
    }
    for entry in ctx.view.files() {
        let name = entry.name.as_str();
        // The manifest itself and schema files beside it are the package's own.
        let own = name == MANIFEST
            || (!name.contains('/') && (name.ends_with(".xsd") || name.ends_with(".dtd")));
        // Unsafe entries are reported by package/unsafe-entry already.
        if own || listed.contains(name) || !is_safe_name(name) {
            continue;
        }
        out.push(
            ctx.finding(
                &RULE,
                format!("`{name}` is in the zip but not listed in the manifest"),
            )
            .at(Location::file(ctx.view.entry_display(entry)))
            .help("list it as a <file> of the resource that uses it, or leave it out of the zip"),
        );
    }
}

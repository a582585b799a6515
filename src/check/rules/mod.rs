//! The package rules, one per file. Each file holds one [`Rule`]: its id (stable; docs, JSON
//! output and `--lms` profiles refer to it), its default severity, and its check.

mod activity_id;
mod choice_response;
mod cmi5_mastery;
mod cmi5_move_on;
mod cmi5_xml;
mod external_reference;
mod failed_status;
mod file_name;
mod interaction_id;
mod interaction_uri;
mod launch_html;
mod manifest_root;
mod manifest_schema;
mod mastery_completed;
mod missing_file;
mod mixed_content;
mod package_size;
mod placeholder_activity_id;
mod scorm2004_edition;
mod scorm2004_pass_mark;
mod scorm2004_support;
mod suspend_data;
mod tincan;
mod tincan_xml;
mod unreferenced_file;
mod unsafe_entry;

use super::package::{Entry, Manifest, PackageView};
use super::{Ctx, Rule};
use crate::diag::Location;
use crate::package::tree::Element;

pub(super) const ALL: &[Rule] = &[
    unsafe_entry::RULE,
    manifest_root::RULE,
    manifest_schema::RULE,
    missing_file::RULE,
    unreferenced_file::RULE,
    launch_html::RULE,
    file_name::RULE,
    package_size::RULE,
    suspend_data::RULE,
    interaction_id::RULE,
    interaction_uri::RULE,
    choice_response::RULE,
    mastery_completed::RULE,
    failed_status::RULE,
    scorm2004_edition::RULE,
    scorm2004_pass_mark::RULE,
    scorm2004_support::RULE,
    external_reference::RULE,
    mixed_content::RULE,
    tincan_xml::RULE,
    activity_id::RULE,
    placeholder_activity_id::RULE,
    cmi5_xml::RULE,
    cmi5_move_on::RULE,
    cmi5_mastery::RULE,
];

pub(crate) use crate::package::scorm12::{NS_ADLCP, NS_IMSCP};
use crate::package::scorm2004::{NS_ADLCP as NS_ADLCP_2004, NS_IMSCP as NS_IMSCP_2004};

/// The place of an element in the manifest.
fn at(manifest: &Manifest, element: &Element) -> Location {
    manifest.file.location(element.offset)
}

/// The `<resource>` elements of the manifest (of the top-level `<resources>`), in the content
/// packaging namespace of SCORM 1.2 or of SCORM 2004: the inventory rules hold for both.
fn resources(manifest: &Manifest) -> Vec<&Element> {
    let ns = if is_scorm2004_manifest(manifest) {
        NS_IMSCP_2004
    } else {
        NS_IMSCP
    };
    manifest
        .root
        .children
        .iter()
        .filter(|e| e.is(ns, "resources"))
        .flat_map(|r| r.children.iter().filter(|e| e.is(ns, "resource")))
        .collect()
}

/// Whether the manifest is a SCORM 2004 one (IMS CP 1.1.4's namespace), of either edition.
fn is_scorm2004_manifest(manifest: &Manifest) -> bool {
    manifest.root.is(NS_IMSCP_2004, "manifest")
}

/// Whether a resource is a SCO, compared as LMSs do, ignoring case: `adlcp:scormtype="sco"` in
/// SCORM 1.2, `adlcp:scormType="sco"` in SCORM 2004.
fn is_sco(resource: &Element) -> bool {
    resource
        .attr_ns(Some(NS_ADLCP), "scormtype")
        .or_else(|| resource.attr_ns(Some(NS_ADLCP_2004), "scormType"))
        .is_some_and(|t| t.eq_ignore_ascii_case("sco"))
}

/// Whether the package is a SCORM 2004 one: assembled as either edition, or a zip whose
/// manifest is in the SCORM 2004 namespace.
fn is_scorm2004(ctx: &Ctx<'_>) -> bool {
    match ctx.view.format {
        Some(format) => format.is_scorm2004(),
        None => ctx.parsed().is_some_and(is_scorm2004_manifest),
    }
}

/// The package path a manifest `href` names: `xml:base` of the resource applied, query and
/// fragment dropped, `%20` and friends decoded. `None` for a URL outside the package.
fn package_path(base: Option<&str>, href: &str) -> Option<String> {
    if crate::model::is_external(href) {
        return None;
    }
    let href = href.split(['?', '#']).next().unwrap_or("");
    let joined = format!("{}{}", base.unwrap_or(""), href);
    let mut parts: Vec<&str> = Vec::new();
    let decoded = percent_decode(&joined);
    for part in decoded.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let out = parts.join("/");
    (!out.is_empty()).then_some(out)
}

fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The launch page of the package: the first SCO's `href`, or `index.html` when the manifest
/// cannot tell.
fn launch<'v>(ctx: &Ctx<'v>) -> Option<&'v Entry> {
    let view: &PackageView<'_> = ctx.view;
    let href = ctx.parsed().and_then(|m| {
        resources(m)
            .into_iter()
            .find(|r| is_sco(r))
            .and_then(|r| package_path(r.attr_ns(Some(XML_NS), "base"), r.attr("href")?))
    });
    view.entry(href.as_deref().unwrap_or("index.html"))
}

/// The launch page and its tags, for the rules that read scormpack's quiz markup.
fn launch_tags<'v>(ctx: &Ctx<'v>) -> Option<(&'v Entry, Vec<crate::check::html::Tag<'v>>)> {
    let entry = launch(ctx)?;
    let (tags, _) = crate::check::html::scan(entry.text.as_deref()?);
    Some((entry, tags))
}

pub(crate) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifest_hrefs_become_package_paths() {
        assert_eq!(package_path(None, "index.html"), Some("index.html".into()));
        assert_eq!(
            package_path(Some("sco1/"), "a%20b.html?x=1#top"),
            Some("sco1/a b.html".into())
        );
        assert_eq!(package_path(None, "./a/../b.js"), Some("b.js".into()));
        assert_eq!(package_path(None, "https://example.org/x"), None);
    }
}

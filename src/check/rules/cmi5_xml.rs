//! `cmi5/course-structure`: `cmi5.xml`, the course structure a cmi5 LMS imports, must follow
//! the specification's `CourseStructure.xsd` (cmi5 13): the `courseStructure` root in its
//! namespace, a course with an id, a title and a description, at least one AU, each AU with a
//! title, a description and a url — relative urls naming a file of the zip —, `moveOn`,
//! `launchMethod` and `masteryScore` from their value spaces, and every id an absolute IRI
//! (an LMS keys registrations and statements by them).

use super::super::package::Origin;
use super::super::{Author, Ctx, Rule};
use super::activity_id::is_absolute_iri;
use super::package_path;
use crate::diag::{Diagnostic, Location, Severity};
use crate::package::cmi5::{CMI5, NS_CMI5};
use crate::package::tree::{self as xml, Element};
use crate::source::SourceFile;

pub(super) const RULE: Rule = Rule {
    id: "cmi5/course-structure",
    severity: Severity::Error,
    summary: "a cmi5.xml that breaks the course structure schema, has an AU url missing from the zip, or an id that is not an absolute IRI",
    check,
};

pub(crate) const MOVE_ON: &[&str] = &[
    "NotApplicable",
    "Passed",
    "Completed",
    "CompletedAndPassed",
    "CompletedOrPassed",
];

/// The package's parsed `cmi5.xml`; `None` without one at the root (or for a course folder,
/// checked as the SCORM package it builds by default), `Some(Err)` when it is not well-formed.
pub(crate) fn read(ctx: &Ctx<'_>) -> Option<Result<Element, xml::XmlError>> {
    if ctx.view.origin == Origin::Course {
        return None;
    }
    let text = ctx.view.entry(CMI5)?.text.as_deref()?;
    Some(xml::parse(text))
}

/// The `<au>` elements anywhere in the structure (blocks may nest them).
pub(crate) fn aus(root: &Element) -> Vec<&Element> {
    root.descendants()
        .into_iter()
        .filter(|e| e.is(NS_CMI5, "au"))
        .collect()
}

fn child<'e>(element: &'e Element, local: &str) -> Option<&'e Element> {
    element.children.iter().find(|c| c.is(NS_CMI5, local))
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(parsed) = read(ctx) else {
        return;
    };
    let text = ctx
        .view
        .entry(CMI5)
        .and_then(|e| e.text.clone())
        .unwrap_or_default();
    let file = SourceFile::new(format!("{}/{CMI5}", ctx.view.display), text);
    let root = match parsed {
        Ok(root) => root,
        Err(err) => {
            out.push(
                ctx.finding(&RULE, format!("cmi5.xml is not well-formed XML: {}", err.message))
                    .at(file.location(err.offset))
                    .help("build the package again; an LMS rejects a package whose cmi5.xml it cannot read"),
            );
            return;
        }
    };
    for (element, message) in schema_problems(ctx, &root) {
        out.push(
            ctx.finding(&RULE, message)
                .at(file.location(element.offset))
                .help("build it with `scormpack build --format cmi5`, or follow CourseStructure.xsd (cmi5 13)"),
        );
    }
    // Every id an LMS keys something by: the course, the blocks, the AUs, the objectives.
    for element in root.descendants() {
        if element.ns.as_deref() != Some(NS_CMI5)
            || !matches!(
                element.local.as_str(),
                "course" | "block" | "au" | "objective"
            )
        {
            continue;
        }
        let Some((attr, id)) = element
            .attr("id")
            .map(|id| ("id", id))
            .or_else(|| element.attr("idref").map(|id| ("idref", id)))
        else {
            continue;
        };
        if !is_absolute_iri(id) {
            out.push(
                ctx.finding(
                    &RULE,
                    format!(
                        "the {attr} `{id}` of <{}> in cmi5.xml is not an absolute IRI",
                        element.local
                    ),
                )
                .at(ctx.locate(CMI5, id, Author::Setting("xapi.activity_id")))
                .help("use an IRI under a domain you own, e.g. `https://courses.your-company.com/ops`"),
            );
        }
    }
}

/// What breaks the schema (or leaves the LMS nothing to launch), by the element it is about.
fn schema_problems<'e>(ctx: &Ctx<'_>, root: &'e Element) -> Vec<(&'e Element, String)> {
    let mut found = Vec::new();
    if !root.is(NS_CMI5, "courseStructure") {
        found.push((
            root,
            format!(
                "the root of cmi5.xml is <{}>, not <courseStructure> in the namespace {NS_CMI5}",
                root.qname
            ),
        ));
        return found;
    }
    match child(root, "course") {
        None => found.push((root, "cmi5.xml has no <course>".into())),
        Some(course) => {
            if course.attr("id").is_none() {
                found.push((course, "the <course> has no id".into()));
            }
            texts(course, "course", &mut found);
        }
    }
    let aus = aus(root);
    if aus.is_empty() {
        found.push((
            root,
            "cmi5.xml has no <au>: an LMS has nothing to launch".into(),
        ));
    }
    for au in aus {
        let id = au.attr("id").unwrap_or_default();
        if id.is_empty() {
            found.push((au, "an <au> has no id".into()));
        }
        texts(au, "AU", &mut found);
        match child(au, "url").map(|u| u.text.trim()) {
            None | Some("") => found.push((au, format!("the AU `{id}` has no <url>"))),
            Some(url) => {
                let missing = package_path(None, url).is_some_and(|p| ctx.view.entry(&p).is_none());
                if missing {
                    found.push((
                        au,
                        format!("the AU `{id}` launches `{url}`, which is not in the zip"),
                    ));
                }
            }
        }
        let move_on = au.attr("moveOn").unwrap_or("NotApplicable");
        if !MOVE_ON.contains(&move_on) {
            found.push((
                au,
                format!(
                    "moveOn=\"{move_on}\" of the AU `{id}` is none of {}",
                    MOVE_ON.join(", ")
                ),
            ));
        }
        let method = au.attr("launchMethod").unwrap_or("AnyWindow");
        if !matches!(method, "AnyWindow" | "OwnWindow") {
            found.push((
                au,
                format!(
                    "launchMethod=\"{method}\" of the AU `{id}` is neither AnyWindow nor OwnWindow"
                ),
            ));
        }
        if let Some(score) = au.attr("masteryScore") {
            if !score.parse::<f64>().is_ok_and(|s| (0.0..=1.0).contains(&s)) {
                found.push((
                    au,
                    format!(
                        "masteryScore=\"{score}\" of the AU `{id}` is not a decimal from 0 to 1"
                    ),
                ));
            }
        }
    }
    found
}

/// The `<title>` and `<description>` an element needs, each with a `<langstring>`.
fn texts<'e>(element: &'e Element, what: &str, found: &mut Vec<(&'e Element, String)>) {
    for name in ["title", "description"] {
        let has = child(element, name)
            .is_some_and(|t| t.children.iter().any(|l| l.is(NS_CMI5, "langstring")));
        if !has {
            found.push((
                element,
                format!("the {what} has no <{name}> with a <langstring>"),
            ));
        }
    }
}

/// What the launch page of a scormpack AU says about how the course judges the learner (the
/// `data-*` contract of its markup); `None` for a page scormpack did not write.
pub(crate) struct Judging {
    /// The course has questions and reports `passed` for reaching the pass mark.
    pub scored: bool,
    /// The pass mark in percent.
    pub passing_score: u8,
}

pub(crate) fn judging(ctx: &Ctx<'_>, au: &Element) -> Option<Judging> {
    let url = child(au, "url")?.text.trim().to_string();
    let entry = ctx.view.entry(&package_path(None, &url)?)?;
    let (tags, _) = crate::check::html::scan(entry.text.as_deref()?);
    let body = tags.iter().find(|t| t.name == "body")?;
    let pass_status = body.attr("data-pass-status")?;
    let passing_score = body.attr("data-passing-score")?.parse().ok()?;
    let quiz = tags.iter().any(|t| t.attr("data-quiz").is_some());
    Some(Judging {
        scored: quiz && pass_status == "passed",
        passing_score,
    })
}

/// Where a finding about an attribute of an AU points: the AU's line in cmi5.xml.
pub(crate) fn au_location(ctx: &Ctx<'_>, au: &Element) -> Location {
    let text = ctx
        .view
        .entry(CMI5)
        .and_then(|e| e.text.clone())
        .unwrap_or_default();
    SourceFile::new(format!("{}/{CMI5}", ctx.view.display), text).location(au.offset)
}

//! `tincan.xml`, the control file of an xAPI (Tin Can) package, as the xAPI rules read it: the
//! file at the root of the package, parsed, and its launchable activities.

use super::super::package::Origin;
use super::super::Ctx;
use crate::package::tree::{self as xml, Element};

pub(crate) const TINCAN: &str = "tincan.xml";

pub(crate) enum Tincan {
    Broken(xml::XmlError),
    Parsed { root: Element },
}

/// The package's `tincan.xml`; `None` when it has none at its root (a SCORM package).
pub(crate) fn read(ctx: &Ctx<'_>) -> Option<Tincan> {
    // A course folder is checked as the SCORM package it builds by default.
    if ctx.view.origin == Origin::Course {
        return None;
    }
    let text = ctx.view.entry(TINCAN)?.text.as_deref()?;
    Some(match xml::parse(text) {
        Ok(root) => Tincan::Parsed { root },
        Err(err) => Tincan::Broken(err),
    })
}

/// The `<activity>` elements of `<activities>`.
pub(crate) fn activities(root: &Element) -> Vec<&Element> {
    root.children
        .iter()
        .filter(|e| e.local == "activities")
        .flat_map(|a| a.children.iter().filter(|e| e.local == "activity"))
        .collect()
}

/// The activities an LMS can launch: those with a `<launch>`.
pub(crate) fn launchable(root: &Element) -> Vec<&Element> {
    activities(root)
        .into_iter()
        .filter(|a| a.children.iter().any(|c| c.local == "launch"))
        .collect()
}

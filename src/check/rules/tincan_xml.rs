//! `xapi/tincan`: an xAPI (Tin Can) package is described by `tincan.xml` at its root, and the
//! LMSs that import such packages (Cornerstone publishes the rules; SCORM Cloud and Docebo
//! apply the same) want exactly one of it, exactly one launchable activity, and a launch that
//! is a relative path to a file of the package.

use super::super::{Author, Ctx, Rule};
use super::tincan::{self, Tincan, TINCAN};
use crate::diag::{Diagnostic, Location, Severity};
use crate::source::SourceFile;

pub(super) const RULE: Rule = Rule {
    id: "xapi/tincan",
    severity: Severity::Error,
    summary: "a tincan.xml that is not exactly one, with one launchable activity and a relative launch present in the zip",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some(tincan) = tincan::read(ctx) else {
        return;
    };
    let nested: Vec<&str> = ctx
        .view
        .files()
        .filter(|e| e.name.ends_with(&format!("/{TINCAN}")))
        .map(|e| e.name.as_str())
        .collect();
    if !nested.is_empty() {
        out.push(
            ctx.finding(
                &RULE,
                format!(
                    "the package holds more than one tincan.xml: also {}",
                    nested
                        .iter()
                        .map(|n| format!("`{n}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            )
            .at(Location::file(ctx.view.display.clone()))
            .help("keep the one at the root of the zip: an LMS takes one package per zip"),
        );
    }
    let root = match tincan {
        Tincan::Broken(err) => {
            let text = ctx
                .view
                .entry(TINCAN)
                .and_then(|e| e.text.clone())
                .unwrap_or_default();
            let file = SourceFile::new(format!("{}/{TINCAN}", ctx.view.display), text);
            out.push(
                ctx.finding(&RULE, format!("tincan.xml is not well-formed XML: {}", err.message))
                    .at(file.location(err.offset))
                    .help("build the package again; an LMS rejects a package whose tincan.xml it cannot read"),
            );
            return;
        }
        Tincan::Parsed { root } => root,
    };
    let launchable = tincan::launchable(&root);
    let whole = Location::file(format!("{}/{TINCAN}", ctx.view.display));
    let [activity] = launchable.as_slice() else {
        out.push(
            ctx.finding(
                &RULE,
                format!(
                    "tincan.xml has {} launchable activities (with <launch>); an LMS needs exactly one",
                    launchable.len()
                ),
            )
            .at(whole)
            .help("give <launch> to the one activity that is the course"),
        );
        return;
    };
    let launch = activity
        .children
        .iter()
        .find(|c| c.local == "launch")
        .map(|l| l.text.trim())
        .unwrap_or_default();
    let problem = if launch.is_empty() {
        Some("is empty".to_string())
    } else if launch.starts_with('/') || launch.contains("://") || launch.contains('\\') {
        Some("is not a path relative to the package".to_string())
    } else {
        let path = launch.split(['?', '#']).next().unwrap_or(launch);
        ctx.view
            .entry(path)
            .is_none()
            .then(|| "names a file that is not in the package".to_string())
    };
    if let Some(problem) = problem {
        out.push(
            ctx.finding(
                &RULE,
                format!("the launch `{launch}` of tincan.xml {problem}"),
            )
            .at(ctx.locate(TINCAN, "<launch", Author::Generated))
            .help("launch the course's HTML page by its path inside the zip, e.g. `index.html`"),
        );
    }
}

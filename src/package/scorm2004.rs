//! SCORM 2004 (3rd and 4th edition): the `imsmanifest.xml` for a course with one SCO, which
//! lists every file of the package and states in its sequencing block what the course means:
//! the SCO sets completion and success itself, and — when the course is scored — its primary
//! objective is satisfied by the score reaching the pass mark.
//!
//! The manifest validates against the edition's official schemas (IMS CP 1.1.4, ADL CP 1.3,
//! IMS SS 1.0). Like the SCORM 1.2 manifest it names no `xsi:schemaLocation` and carries no
//! LOM metadata: the package does not ship the schema files, and both editions take the title
//! from the organization.

use super::xml::{document, sco_resources, text, with_manifest};
use crate::model::{Course, FailStatus, PassStatus};
use crate::render::RenderedFile;
use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;
use std::io;

/// The namespaces of a SCORM 2004 manifest (the same in the 3rd and 4th edition).
pub const NS_IMSCP: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
pub const NS_ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
pub const NS_IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";

pub use super::scorm12::MANIFEST;

/// The edition a manifest declares in `metadata/schemaversion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edition {
    /// `2004 3rd Edition`: what Cornerstone implements.
    Third,
    /// `2004 4th Edition`: the current one.
    Fourth,
}

impl Edition {
    pub fn schemaversion(self) -> &'static str {
        match self {
            Edition::Third => "2004 3rd Edition",
            Edition::Fourth => "2004 4th Edition",
        }
    }
}

pub fn assemble(course: &Course, edition: Edition, files: Vec<RenderedFile>) -> Vec<RenderedFile> {
    with_manifest(files, |paths| manifest(course, edition, paths))
}

/// The pass mark as the manifest's `minNormalizedMeasure` when the LMS should judge success
/// from the score: the course has questions and reports `passed`/`failed`. With `incomplete`
/// for a fail (or `completed` for a pass) the course has chosen not to report a failure, and a
/// measure would make the LMS record one anyway (SCORM 2004 RTE 4.2.22 with SN's
/// satisfiedByMeasure).
pub fn min_normalized_measure(course: &Course) -> Option<String> {
    let completion = &course.meta.completion;
    let scored = course.questions().next().is_some()
        && completion.pass_status == PassStatus::Passed
        && completion.fail_status == FailStatus::Failed;
    scored.then(|| decimal_fraction(completion.passing_score))
}

/// `percent` / 100 as the shortest decimal: 80 → `0.8`, 75 → `0.75`, 100 → `1`, 0 → `0`.
pub(crate) fn decimal_fraction(percent: u8) -> String {
    match percent {
        0 => "0".into(),
        p if p >= 100 => "1".into(),
        p => format!("0.{p:02}").trim_end_matches('0').to_string(),
    }
}

/// The manifest for `course` whose SCO consists of `files` (sorted package paths).
pub fn manifest(course: &Course, edition: Edition, files: &[&str]) -> String {
    document(|w| write_manifest(w, course, edition, files))
}

fn write_manifest(
    w: &mut Writer<Vec<u8>>,
    course: &Course,
    edition: Edition,
    files: &[&str],
) -> io::Result<()> {
    let meta = &course.meta;
    let id = &meta.id;
    let org_id = format!("ORG-{id}");
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("manifest")
        .with_attributes([
            (
                "identifier",
                format!("MANIFEST-{id}-{}", meta.version).as_str(),
            ),
            ("version", meta.version.as_str()),
            ("xmlns", NS_IMSCP),
            ("xmlns:adlcp", NS_ADLCP),
            ("xmlns:imsss", NS_IMSSS),
        ])
        .write_inner_content(|w| {
            w.create_element("metadata").write_inner_content(|w| {
                text(w, "schema", "ADL SCORM")?;
                text(w, "schemaversion", edition.schemaversion())
            })?;
            w.create_element("organizations")
                .with_attribute(("default", org_id.as_str()))
                .write_inner_content(|w| {
                    w.create_element("organization")
                        .with_attribute(("identifier", org_id.as_str()))
                        .write_inner_content(|w| {
                            text(w, "title", &meta.title)?;
                            w.create_element("item")
                                .with_attributes([
                                    ("identifier", format!("ITEM-{id}").as_str()),
                                    ("identifierref", format!("RES-{id}").as_str()),
                                    ("isvisible", "true"),
                                ])
                                .write_inner_content(|w| {
                                    text(w, "title", &meta.title)?;
                                    write_sequencing(w, course)
                                })?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
            sco_resources(w, id, "adlcp:scormType", files)?;
            Ok(())
        })?;
    Ok(())
}

/// The SCO's sequencing (IMS SS 1.0, in schema order: objectives, then deliveryControls). The
/// SCO reports completion and success itself (`…SetByContent`), so the LMS does not mark it
/// completed and satisfied merely because it was launched (SN 4.6.2's defaults are false).
/// No navigation UI is hidden: the LMS's own buttons stay, as the course asks nothing else.
fn write_sequencing(w: &mut Writer<Vec<u8>>, course: &Course) -> io::Result<()> {
    let measure = min_normalized_measure(course);
    w.create_element("imsss:sequencing")
        .write_inner_content(|w| {
            w.create_element("imsss:objectives")
                .write_inner_content(|w| {
                    let primary = w
                        .create_element("imsss:primaryObjective")
                        .with_attribute(("objectiveID", "PRIMARYOBJ"));
                    match &measure {
                        Some(measure) => {
                            primary
                                .with_attribute(("satisfiedByMeasure", "true"))
                                .write_inner_content(|w| {
                                    text(w, "imsss:minNormalizedMeasure", measure)
                                })?;
                        }
                        None => {
                            primary.write_empty()?;
                        }
                    }
                    Ok(())
                })?;
            w.create_element("imsss:deliveryControls")
                .with_attributes([
                    ("completionSetByContent", "true"),
                    ("objectiveSetByContent", "true"),
                ])
                .write_empty()?;
            Ok(())
        })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::decimal_fraction;

    #[test]
    fn pass_marks_become_the_shortest_decimal_fraction() {
        assert_eq!(decimal_fraction(0), "0");
        assert_eq!(decimal_fraction(5), "0.05");
        assert_eq!(decimal_fraction(50), "0.5");
        assert_eq!(decimal_fraction(75), "0.75");
        assert_eq!(decimal_fraction(80), "0.8");
        assert_eq!(decimal_fraction(100), "1");
    }
}

//! SCORM 1.2: the `imsmanifest.xml` for a course with one SCO, which lists every file of
//! the package.
//!
//! The manifest validates against the IMS CP 1.1.2, ADL CP 1.2 and IMS MD 1.2.1 schemas. It
//! names no `xsi:schemaLocation`: the package does not carry the schema files, and a location
//! that points at missing files makes strict importers warn.

use super::xml::{document, lang_text, sco_resources, text, with_manifest};
use crate::model::{Course, PassStatus};
use crate::render::RenderedFile;
use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;
use std::io;

/// The namespaces of a SCORM 1.2 manifest; `check` reads manifests by the same names.
pub const NS_IMSCP: &str = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
pub const NS_ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_rootv1p2";
pub const NS_IMSMD: &str = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";

pub const MANIFEST: &str = "imsmanifest.xml";

pub fn assemble(course: &Course, files: Vec<RenderedFile>) -> Vec<RenderedFile> {
    with_manifest(files, |paths| manifest(course, paths))
}

/// The manifest for `course` whose SCO consists of `files` (sorted package paths).
pub fn manifest(course: &Course, files: &[&str]) -> String {
    document(|w| write_manifest(w, course, files))
}

fn write_manifest(w: &mut Writer<Vec<u8>>, course: &Course, files: &[&str]) -> io::Result<()> {
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
            ("xmlns:imsmd", NS_IMSMD),
        ])
        .write_inner_content(|w| {
            w.create_element("metadata").write_inner_content(|w| {
                text(w, "schema", "ADL SCORM")?;
                text(w, "schemaversion", "1.2")?;
                write_lom(w, course)
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
                                    // An LMS that knows a mastery score decides passed/failed
                                    // itself from the score (SCORM 1.2 RTE 3.4.4), overriding a
                                    // `completed` or `incomplete` the course chose to report.
                                    let completion = &meta.completion;
                                    if completion.pass_status == PassStatus::Passed
                                        && completion.fail_status
                                            == crate::model::FailStatus::Failed
                                    {
                                        text(
                                            w,
                                            "adlcp:masteryscore",
                                            &completion.passing_score.to_string(),
                                        )?;
                                    }
                                    Ok(())
                                })?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
            sco_resources(w, id, "adlcp:scormtype", files)?;
            Ok(())
        })?;
    Ok(())
}

/// IMS metadata: the title, language, description and version an LMS shows in its catalogue.
fn write_lom(w: &mut Writer<Vec<u8>>, course: &Course) -> io::Result<()> {
    let meta = &course.meta;
    w.create_element("imsmd:lom").write_inner_content(|w| {
        w.create_element("imsmd:general").write_inner_content(|w| {
            w.create_element("imsmd:title").write_inner_content(|w| {
                lang_text(
                    w,
                    "imsmd:langstring",
                    "xml:lang",
                    &meta.language,
                    &meta.title,
                )
            })?;
            text(w, "imsmd:language", &meta.language)?;
            if !meta.description.is_empty() {
                w.create_element("imsmd:description")
                    .write_inner_content(|w| {
                        lang_text(
                            w,
                            "imsmd:langstring",
                            "xml:lang",
                            &meta.language,
                            &meta.description,
                        )
                    })?;
            }
            Ok(())
        })?;
        w.create_element("imsmd:lifecycle")
            .write_inner_content(|w| {
                w.create_element("imsmd:version").write_inner_content(|w| {
                    lang_text(
                        w,
                        "imsmd:langstring",
                        "xml:lang",
                        &meta.language,
                        &meta.version,
                    )
                })?;
                Ok(())
            })?;
        Ok(())
    })?;
    Ok(())
}

//! cmi5: course model + rendered files → the files plus `cmi5.xml`, the course structure a cmi5
//! LMS imports: one course holding one assignable unit (AU), the course itself, launched at
//! `index.html` with the launch parameters the LMS adds (cmi5 8.1).
//!
//! The course id is the course's `[xapi] activity_id`; the AU's id is derived from it, so both
//! stay the same across builds and versions. `moveOn` says what makes the AU count as done for
//! the LMS, and `masteryScore` is the pass mark when the course is scored. The runtime
//! (`runtime/cmi5.js`) reads the definitions of pages and questions from
//! `scormpack/activities.xml`, which the xAPI format's writer produces, so the two formats put
//! the same definitions into their statements.

use super::scorm2004::decimal_fraction;
use super::xml::{document, text};
use crate::model::{Course, PassStatus};
use crate::render::{Contents, RenderedFile};
use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;
use std::io;

pub const CMI5: &str = "cmi5.xml";
/// The page and question definitions the runtime puts into statements.
pub const ACTIVITIES: &str = "scormpack/activities.xml";
/// The namespace of the course structure (cmi5 13.2, `CourseStructure.xsd`).
pub const NS_CMI5: &str = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

/// The AU's id: the course's activity id with `/au` added.
pub fn au_id(course: &str) -> String {
    format!("{}/au", course.trim_end_matches('/'))
}

/// The AU's `moveOn` (cmi5 13.1.4): what the LMS waits for before it counts the AU as done.
/// A scored course that reports `passed` waits for `Passed`; one that reports `completed`
/// for a pass, or has no questions, for `Completed`.
pub fn move_on(course: &Course) -> &'static str {
    match mastery_score(course) {
        Some(_) => "Passed",
        None => "Completed",
    }
}

/// The AU's `masteryScore`: the pass mark as a fraction, when the course has questions and
/// reports `passed` for reaching it. A course that reports `completed` instead leaves the
/// judging to itself, and a mastery score would make the LMS expect `passed`/`failed`.
pub fn mastery_score(course: &Course) -> Option<String> {
    let completion = &course.meta.completion;
    let scored =
        course.questions().next().is_some() && completion.pass_status == PassStatus::Passed;
    scored.then(|| decimal_fraction(completion.passing_score))
}

/// Adds `cmi5.xml` and the activity definitions. The caller has checked that the course has an
/// activity id.
pub fn assemble(course: &Course, mut files: Vec<RenderedFile>) -> Vec<RenderedFile> {
    files.push(RenderedFile {
        path: CMI5.into(),
        contents: Contents::Memory(cmi5_xml(course).into_bytes()),
    });
    files.push(RenderedFile {
        path: ACTIVITIES.into(),
        contents: Contents::Memory(super::xapi::activities_xml(course).into_bytes()),
    });
    files
}

/// The `cmi5.xml` of `course`.
pub fn cmi5_xml(course: &Course) -> String {
    document(|w| write_cmi5(w, course))
}

fn write_cmi5(w: &mut Writer<Vec<u8>>, course: &Course) -> io::Result<()> {
    let meta = &course.meta;
    let lang = meta.language.as_str();
    let course_id = meta.activity_id.as_deref().unwrap_or_default();
    // An LMS lists the course by its description; an empty one reads as a broken import.
    let description = if meta.description.trim().is_empty() {
        &meta.title
    } else {
        &meta.description
    };
    let au = au_id(course_id);
    let mastery = mastery_score(course);
    let mut attributes = vec![("id", au.as_str()), ("moveOn", move_on(course))];
    if let Some(mastery) = &mastery {
        attributes.push(("masteryScore", mastery.as_str()));
    }
    attributes.push(("launchMethod", "AnyWindow"));
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("courseStructure")
        .with_attribute(("xmlns", NS_CMI5))
        .write_inner_content(|w| {
            w.create_element("course")
                .with_attribute(("id", course_id))
                .write_inner_content(|w| {
                    langstring(w, "title", lang, &meta.title)?;
                    langstring(w, "description", lang, description)
                })?;
            w.create_element("au")
                .with_attributes(attributes)
                .write_inner_content(|w| {
                    langstring(w, "title", lang, &meta.title)?;
                    langstring(w, "description", lang, description)?;
                    text(w, "url", "index.html")
                })?;
            Ok(())
        })?;
    Ok(())
}

/// `<name><langstring lang="…">value</langstring></name>` (cmi5 13.1.1, `textType`).
fn langstring(w: &mut Writer<Vec<u8>>, name: &str, lang: &str, value: &str) -> io::Result<()> {
    w.create_element(name).write_inner_content(|w| {
        w.create_element("langstring")
            .with_attribute(("lang", lang))
            .write_text_content(BytesText::new(value))?;
        Ok(())
    })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::au_id;

    #[test]
    fn the_au_id_extends_the_course_iri() {
        assert_eq!(
            au_id("https://courses.example.com/ops/"),
            "https://courses.example.com/ops/au"
        );
        assert_eq!(au_id("urn:x:ops"), "urn:x:ops/au");
    }
}

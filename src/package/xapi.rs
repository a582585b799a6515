//! xAPI (Tin Can): course model + rendered files → the files plus `tincan.xml`, which names the
//! course as one launchable activity and defines the activities statements are about: the
//! pages (modules) and the questions (`cmi.interaction` of type `choice`).
//!
//! The activity ids derive from the course's `[xapi] activity_id` in `course.toml` and the page
//! and question ids, so they stay the same across builds and versions. The runtime
//! (`runtime/xapi.js`) reads this file back for the definitions it puts into statements, so the
//! LMS and the statements can never disagree about them.

use super::xml::{document, lang_text, text};
use crate::model::{plain_text, Choice, Course, Question, QuestionKind};
use crate::render::{Contents, RenderedFile};
use quick_xml::events::{BytesDecl, Event};
use quick_xml::Writer;
use std::io;

pub const TINCAN: &str = "tincan.xml";

const NS_TINCAN: &str = "http://projecttincan.com/tincan.xsd";
pub(crate) const TYPE_COURSE: &str = "http://adlnet.gov/expapi/activities/course";
const TYPE_MODULE: &str = "http://adlnet.gov/expapi/activities/module";
const TYPE_INTERACTION: &str = "http://adlnet.gov/expapi/activities/cmi.interaction";

/// The activity id of page `page_id` of the course whose activity id is `course`.
pub fn page_activity_id(course: &str, page_id: &str) -> String {
    format!("{}/pages/{page_id}", course.trim_end_matches('/'))
}

/// The activity id of question `question_id` of the course whose activity id is `course`.
pub fn question_activity_id(course: &str, question_id: &str) -> String {
    format!("{}/questions/{question_id}", course.trim_end_matches('/'))
}

/// Adds `tincan.xml`. The caller has checked that the course has an activity id.
pub fn assemble(course: &Course, mut files: Vec<RenderedFile>) -> Vec<RenderedFile> {
    files.push(RenderedFile {
        path: TINCAN.into(),
        contents: Contents::Memory(tincan_xml(course).into_bytes()),
    });
    files
}

/// The `tincan.xml` of `course`.
pub fn tincan_xml(course: &Course) -> String {
    document(|w| write_tincan(w, course, Some("index.html")))
}

/// The definitions of the course and its pages and questions in the form of `tincan.xml`, but
/// with nothing to launch: what the cmi5 package ships for its runtime to read
/// (`scormpack/activities.xml`), so both formats put the same definitions into statements.
pub fn activities_xml(course: &Course) -> String {
    document(|w| write_tincan(w, course, None))
}

/// The course's activities; the course's with `launch` when there is one.
fn write_tincan(w: &mut Writer<Vec<u8>>, course: &Course, launch: Option<&str>) -> io::Result<()> {
    let meta = &course.meta;
    let lang = meta.language.as_str();
    let course_id = meta.activity_id.as_deref().unwrap_or_default();
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("tincan")
        .with_attribute(("xmlns", NS_TINCAN))
        .write_inner_content(|w| {
            w.create_element("activities").write_inner_content(|w| {
                // The one launchable activity: Cornerstone and Docebo reject a package with more.
                activity(w, course_id, TYPE_COURSE, |w| {
                    lang_text(w, "name", "lang", lang, &meta.title)?;
                    lang_text(w, "description", "lang", lang, &meta.description)?;
                    match launch {
                        Some(launch) => lang_text(w, "launch", "lang", lang, launch),
                        None => Ok(()),
                    }
                })?;
                write_parts(w, course)
            })?;
            Ok(())
        })?;
    Ok(())
}

/// The activities of the course's pages (modules) and questions (interactions).
fn write_parts(w: &mut Writer<Vec<u8>>, course: &Course) -> io::Result<()> {
    let lang = course.meta.language.as_str();
    let course_id = course.meta.activity_id.as_deref().unwrap_or_default();
    for page in &course.pages {
        let id = page_activity_id(course_id, &page.id);
        activity(w, &id, TYPE_MODULE, |w| {
            lang_text(w, "name", "lang", lang, &page.title)?;
            lang_text(w, "description", "lang", lang, &page.title)
        })?;
    }
    for question in course.questions() {
        write_question(w, course_id, lang, question)?;
    }
    Ok(())
}

fn write_question(
    w: &mut Writer<Vec<u8>>,
    course_id: &str,
    lang: &str,
    question: &Question,
) -> io::Result<()> {
    let id = question_activity_id(course_id, &question.id);
    let prompt = plain_text(&question.prompt_html);
    activity(w, &id, TYPE_INTERACTION, |w| {
        lang_text(w, "name", "lang", lang, &prompt)?;
        lang_text(w, "description", "lang", lang, &prompt)?;
        text(w, "interactionType", question.kind.interaction_type())?;
        w.create_element("correctResponsePatterns")
            .write_inner_content(|w| {
                for pattern in question.patterns() {
                    text(w, "correctResponsePattern", &pattern)?;
                }
                Ok(())
            })?;
        let components = |w: &mut Writer<Vec<u8>>, list: &str, items: Vec<(&str, &str)>| {
            w.create_element(list).write_inner_content(|w| {
                for (key, label_html) in items {
                    w.create_element("component").write_inner_content(|w| {
                        text(w, "id", key)?;
                        lang_text(w, "description", "lang", lang, &plain_text(label_html))
                    })?;
                }
                Ok(())
            })?;
            Ok::<_, io::Error>(())
        };
        match question.kind {
            QuestionKind::Choice | QuestionKind::Multiple | QuestionKind::Sequencing => {
                components(w, "choices", keyed(&question.choices))?;
            }
            QuestionKind::Matching => {
                let source = question
                    .pairs
                    .iter()
                    .map(|p| (p.key.as_str(), p.label_html.as_str()))
                    .collect();
                components(w, "source", source)?;
                components(w, "target", keyed(&question.targets))?;
            }
            QuestionKind::TrueFalse | QuestionKind::FillIn | QuestionKind::Numeric => {}
        }
        Ok(())
    })
}

/// Options, steps or right items as (key, label) pairs.
fn keyed(choices: &[Choice]) -> Vec<(&str, &str)> {
    choices
        .iter()
        .map(|c| (c.key.as_str(), c.label_html.as_str()))
        .collect()
}

fn activity(
    w: &mut Writer<Vec<u8>>,
    id: &str,
    kind: &str,
    inner: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>,
) -> io::Result<()> {
    w.create_element("activity")
        .with_attributes([("id", id), ("type", kind)])
        .write_inner_content(inner)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn activity_ids_extend_the_course_iri() {
        let course = "https://courses.example.com/ops/";
        assert_eq!(
            page_activity_id(course, "intro"),
            "https://courses.example.com/ops/pages/intro"
        );
        assert_eq!(
            question_activity_id("urn:x:ops", "q1"),
            "urn:x:ops/questions/q1"
        );
    }
}

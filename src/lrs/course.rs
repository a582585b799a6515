//! The course a results file reports on → its xAPI activity (id, name, description,
//! language), read from a course folder (`course.toml`) or from the `tincan.xml` of a built
//! xAPI zip, so that `send` files statements under the id the package uses.

use super::statement::CourseActivity;
use crate::diag::Diagnostic;
use crate::package::xapi::{TINCAN, TYPE_COURSE};
use quick_xml::events::Event;
use quick_xml::{Reader, XmlVersion};
use std::io::Read;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum CourseError {
    #[error("the course has {} error(s)", .0.len())]
    Content(Vec<Diagnostic>),
    #[error("cannot read {path}: {message}")]
    Zip { path: PathBuf, message: String },
}

/// The course activity of a course folder or an xAPI zip.
pub fn load(path: &Path) -> Result<CourseActivity, CourseError> {
    if path.is_file() {
        return from_zip(path);
    }
    let (course, _, _) = crate::load(path).map_err(CourseError::Content)?;
    let meta = course.meta;
    let id = meta
        .activity_id
        .ok_or_else(|| CourseError::Content(vec![crate::missing_activity_id(path)]))?;
    Ok(CourseActivity {
        id,
        name: meta.title,
        description: meta.description,
        language: meta.language,
    })
}

fn from_zip(path: &Path) -> Result<CourseActivity, CourseError> {
    let fail = |message: String| CourseError::Zip {
        path: path.to_path_buf(),
        message,
    };
    let file = std::fs::File::open(path).map_err(|e| fail(e.to_string()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| fail(e.to_string()))?;
    let mut xml = String::new();
    archive
        .by_name(TINCAN)
        .map_err(|_| {
            fail(format!(
                "no {TINCAN} at its root: is it an xAPI package (scormpack build --format xapi)?"
            ))
        })?
        .read_to_string(&mut xml)
        .map_err(|e| fail(e.to_string()))?;
    parse_tincan(&xml).ok_or_else(|| fail(format!("its {TINCAN} names no course activity")))
}

/// The first activity of type course in a `tincan.xml`.
pub(crate) fn parse_tincan(xml: &str) -> Option<CourseActivity> {
    let mut reader = Reader::from_str(xml);
    let mut current: Option<CourseActivity> = None;
    let mut field: Option<Field> = None;
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) => {
                let attr = |key: &str| {
                    e.attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == key)
                        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
                        .map(|v| v.into_owned())
                };
                match e.local_name().as_ref() {
                    "activity"
                        if current.is_none() && attr("type").as_deref() == Some(TYPE_COURSE) =>
                    {
                        current = Some(CourseActivity {
                            id: attr("id")?,
                            name: String::new(),
                            description: String::new(),
                            language: "en".into(),
                        });
                    }
                    name @ ("name" | "description") => {
                        if let Some(course) = current.as_mut() {
                            field = Some(if name == "name" {
                                Field::Name
                            } else {
                                Field::Description
                            });
                            if let Some(lang) = attr("lang") {
                                course.language = lang;
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) => push(&mut current, field, &t.xml10_content()),
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)?.to_string(),
                };
                push(&mut current, field, &text);
            }
            Event::End(e) => match e.local_name().as_ref() {
                "name" | "description" => field = None,
                "activity" if current.is_some() => return current,
                _ => {}
            },
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[derive(Clone, Copy)]
enum Field {
    Name,
    Description,
}

fn push(course: &mut Option<CourseActivity>, field: Option<Field>, text: &str) {
    match (course, field) {
        (Some(c), Some(Field::Name)) => c.name.push_str(text),
        (Some(c), Some(Field::Description)) => c.description.push_str(text),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_activity_is_read_back_from_tincan_xml() {
        let xml = r#"<?xml version="1.0"?>
<tincan xmlns="http://projecttincan.com/tincan.xsd"><activities>
<activity id="https://x.example.com/c" type="http://adlnet.gov/expapi/activities/course">
<name lang="de">Ops &amp; Dev</name><description lang="de">Kurs</description>
<launch lang="de">index.html</launch></activity></activities></tincan>"#;
        let course = parse_tincan(xml).unwrap();
        assert_eq!(course.id, "https://x.example.com/c");
        assert_eq!(course.name, "Ops & Dev");
        assert_eq!(course.description, "Kurs");
        assert_eq!(course.language, "de");
    }
}

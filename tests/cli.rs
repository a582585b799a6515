//! The command line, run as the real binary: each bad input is one test that checks the exit
//! code, the exact message (file:line:column and a hint), that no zip and no temp file was
//! written, and that a good zip from an earlier build survives the failed build unchanged.

mod support;

// Accessibility of what the author wrote: images, tables, figures.
#[path = "cli/a11y.rs"]
mod a11y;
// `scormpack check`, `new`, `--help` and the CLI comforts: snapshot tests in their own files of this binary.
#[path = "cli/check.rs"]
mod check;
#[path = "cli/check_limits.rs"]
mod check_limits;
#[path = "cli/comforts.rs"]
mod comforts;
#[path = "cli/new.rs"]
mod new;
#[path = "cli/output.rs"]
mod output;
#[path = "cli/questions.rs"]
mod questions;

use std::fs;
use std::path::Path;
use support::{good_zip, human_size, list_dir, Course, COURSE, OUT};

/// The last line of every failed content check.
const NO_ZIP: &str = "error: the course has 1 error(s); no zip was written\n";
/// The last line of every failed write.
const NOT_WRITTEN: &str = "  no zip was written; an existing zip at that path was left as it was\n";

/// Builds `course` twice, first into an empty folder and then over a good zip, and checks
/// that both runs fail with exit code 1 and exactly `expected` on stderr, write no zip and
/// leave no temp file behind, and that the good zip keeps every byte.
fn assert_rejected(course: &Course, expected: &str) {
    let out_dir = course.root().join("out");

    let run = course.build();
    assert_eq!(run.code, 1, "exit code; stderr:\n{}", run.stderr);
    assert_eq!(run.stderr_redacted(), expected);
    assert_eq!(run.stdout, "");
    assert_eq!(
        list_dir(&out_dir),
        Vec::<String>::new(),
        "a failed build wrote into the output folder"
    );
    assert_no_package_files(course.root());

    fs::write(course.out(), good_zip()).unwrap();
    let run = course.build();
    assert_eq!(
        run.code, 1,
        "exit code over a good zip; stderr:\n{}",
        run.stderr
    );
    assert_eq!(run.stderr_redacted(), expected);
    assert!(
        fs::read(course.out()).unwrap() == good_zip(),
        "a failed build changed the zip of an earlier build"
    );
    assert_eq!(list_dir(&out_dir), ["course.zip"]);
    assert_no_package_files(course.root());
}

/// No zip, temp file or `dist/` folder in the working directory.
fn assert_no_package_files(root: &Path) {
    let stray: Vec<String> = list_dir(root)
        .into_iter()
        .filter(|n| n.ends_with(".zip") || n.ends_with(".part") || n == "dist")
        .collect();
    assert!(stray.is_empty(), "left in the working directory: {stray:?}");
}

// ---- course.toml ----------------------------------------------------------------------------

#[test]
fn course_toml_syntax_error_is_reported_at_its_line_and_column() {
    let course = Course::from_default();
    course.replace("course.toml", "version = \"1.0.0\"", "version = \"1.0.0");
    assert_rejected(
        &course,
        &format!(
            "error[content/invalid-course-toml]: content/course.toml:5:17: invalid basic string, expected `\"`\n\
             \x20 help: check the TOML syntax: one `key = value` per line, text in double quotes\n{NO_ZIP}"
        ),
    );
}

#[test]
fn misspelt_key_in_course_toml_is_named() {
    let course = Course::from_default();
    course.replace("course.toml", "\nauthor = ", "\nautor = ");
    assert_rejected(
        &course,
        &format!(
            "error[content/invalid-course-toml]: content/course.toml:9:1: unknown field `autor`, expected one of \
             `id`, `title`, `version`, `language`, `description`, `organization`, `author`, `kicker`, `badge`, \
             `pages`, `completion`, `xapi`, `content`, `theme`, `strings`, `i18n`\n\
             \x20 help: `scormpack help authoring` lists the keys course.toml accepts\n{NO_ZIP}"
        ),
    );
}

#[test]
fn passing_score_above_100_is_rejected() {
    let course = Course::from_default();
    course.replace("course.toml", "passing_score = 80", "passing_score = 101");
    assert_rejected(
        &course,
        &format!(
            "error[content/invalid-course-toml]: content/course.toml:24:17: passing_score 101 is outside 0–100\n\
             \x20 help: give the percentage a learner needs to pass, e.g. `passing_score = 80`\n{NO_ZIP}"
        ),
    );
}

#[test]
fn negative_passing_score_is_rejected() {
    let course = Course::from_default();
    course.replace("course.toml", "passing_score = 80", "passing_score = -1");
    assert_rejected(
        &course,
        &format!(
            "error[content/invalid-course-toml]: content/course.toml:24:17: passing_score -1 is outside 0–100\n\
             \x20 help: give the percentage a learner needs to pass, e.g. `passing_score = 80`\n{NO_ZIP}"
        ),
    );
}

#[test]
fn missing_course_folder_is_rejected() {
    let course = Course::from_default();
    let run = course.run(["build", "no-such-course", "-o", "course.zip"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error[content/no-course]: course folder `no-such-course` does not exist\n\
             \x20 help: pass the folder that holds course.toml, e.g. `scormpack build content`\n{NO_ZIP}"
        )
    );
    assert_no_package_files(course.root());
}

// ---- blocks -----------------------------------------------------------------------------------

#[test]
fn unknown_block_type_is_reported_at_the_type() {
    let course = Course::from_default();
    course.replace(
        "pages/knowledge-check.md",
        "::: question ops-liaison",
        "::: quizz ops-liaison",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/unknown-block]: content/pages/knowledge-check.md:9:5: unknown block type `quizz`\n\
             \x20 help: use one of `pattern`, `comparison`, `case-study`, `download`, `question`\n{NO_ZIP}"
        ),
    );
}

#[test]
fn unknown_block_attribute_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "pages/patterns.md",
        "status: idle\n",
        "status: idle\ncolour: amber\n",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/unknown-attribute]: content/pages/patterns.md:18:1: the `pattern` block has no attribute `colour`\n\
             \x20 help: check the spelling (`scormpack help authoring` lists each block's attributes); leave a blank line before the block's text\n{NO_ZIP}"
        ),
    );
}

#[test]
fn unclosed_block_is_rejected() {
    let course = Course::minimal();
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\n::: case-study\ntitle: Target\n\nThe block never ends.\n",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/unclosed-block]: content/pages/one.md:5:5: the `case-study` block is never closed\n\
             \x20 help: end the block with a line that holds only `:::`\n{NO_ZIP}"
        ),
    );
}

#[test]
fn question_without_a_correct_option_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "pages/knowledge-check.md",
        "- [x] Assign Ops liaisons",
        "- [ ] Assign Ops liaisons",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/no-correct-option]: content/pages/knowledge-check.md:9:5: no option is marked as the right one\n\
             \x20 help: mark the right option with `[x]`: `- [x] Assign Ops liaisons`\n{NO_ZIP}"
        ),
    );
}

#[test]
fn two_correct_options_is_rejected_at_the_second() {
    let course = Course::from_default();
    // Line 16 holds the right option; line 20 gets a second `[x]`.
    course.replace(
        "pages/knowledge-check.md",
        "- [ ] Invite Ops to retros",
        "- [x] Invite Ops to retros",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/several-correct-options]: content/pages/knowledge-check.md:20:3: a single-choice question has \
             one right option, and the option at 16:3 is marked right already\n\
             \x20 help: keep `[x]` on the one right option and write `[ ]` on the others, or set `type: multiple` for \"select all that apply\"\n{NO_ZIP}"
        ),
    );
}

// ---- ids --------------------------------------------------------------------------------------

#[test]
fn duplicate_page_id_is_rejected() {
    let course = Course::from_default();
    course.replace("pages/patterns.md", "id = \"patterns\"", "id = \"intro\"");
    assert_rejected(
        &course,
        &format!(
            "error[content/duplicate-id]: content/pages/patterns.md:2:6: duplicate page id `intro` \
             (first used at content/pages/intro.md:2:6)\n\
             \x20 help: give every page its own `id` in its front matter\n{NO_ZIP}"
        ),
    );
}

#[test]
fn duplicate_question_id_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "pages/knowledge-check.md",
        "::: question platform-bottleneck",
        "::: question ops-liaison",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/duplicate-id]: content/pages/knowledge-check.md:30:14: duplicate question id `ops-liaison` \
             (first used at content/pages/knowledge-check.md:9:14)\n\
             \x20 help: give every question its own id: `::: question <id>`\n{NO_ZIP}"
        ),
    );
}

// ---- files a course names ---------------------------------------------------------------------

const CHECK_SPELLING: &str =
    "check the spelling; paths are relative to the course folder, e.g. `assets/case-study.pdf`";
const KEEP_INSIDE: &str =
    "put the file inside the course folder (e.g. in `assets/`) and name it relative to the course folder";

#[test]
fn link_to_a_missing_file_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "pages/intro.md",
        "every day.",
        "every day. See [the guide](assets/guide.pdf).",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/missing-file]: content/pages/intro.md:10:82: `assets/guide.pdf` does not exist\n\
             \x20 help: {CHECK_SPELLING}\n{NO_ZIP}"
        ),
    );
}

#[test]
fn download_of_a_missing_file_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "pages/case-study.md",
        "file: assets/case-study-target-api-enablement.pdf",
        "file: assets/case-study.pdf",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/missing-file]: content/pages/case-study.md:24:7: `assets/case-study.pdf` does not exist\n\
             \x20 help: {CHECK_SPELLING}\n{NO_ZIP}"
        ),
    );
}

#[test]
fn download_path_climbing_out_of_the_course_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "pages/case-study.md",
        "file: assets/case-study-target-api-enablement.pdf",
        "file: ../../etc/passwd",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/missing-file]: content/pages/case-study.md:24:7: `../../etc/passwd` leaves the course folder\n\
             \x20 help: {KEEP_INSIDE}\n{NO_ZIP}"
        ),
    );
}

#[test]
fn link_to_an_absolute_path_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "pages/intro.md",
        "every day.",
        "every day. See [passwords](/etc/passwd).",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/missing-file]: content/pages/intro.md:10:82: `/etc/passwd` is an absolute path\n\
             \x20 help: {KEEP_INSIDE}\n{NO_ZIP}"
        ),
    );
}

#[test]
fn download_path_that_is_absolute_is_rejected() {
    let course = Course::from_default();
    course.replace(
        "pages/case-study.md",
        "file: assets/case-study-target-api-enablement.pdf",
        "file: /etc/passwd",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/missing-file]: content/pages/case-study.md:24:7: `/etc/passwd` is an absolute path\n\
             \x20 help: {KEEP_INSIDE}\n{NO_ZIP}"
        ),
    );
}

#[cfg(unix)]
#[test]
fn symlink_in_assets_pointing_outside_the_course_is_rejected() {
    let course = Course::from_default();
    // The secret sits beside the course folder, not inside it.
    let secret = course.root().join("secret.pdf");
    fs::write(&secret, b"%PDF-1.4 not for the LMS").unwrap();
    std::os::unix::fs::symlink(&secret, course.path("assets/innocent.pdf")).unwrap();
    course.replace(
        "pages/case-study.md",
        "file: assets/case-study-target-api-enablement.pdf",
        "file: assets/innocent.pdf",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/missing-file]: content/pages/case-study.md:24:7: `assets/innocent.pdf` is a link to a file \
             outside the course folder\n\
             \x20 help: {KEEP_INSIDE}\n{NO_ZIP}"
        ),
    );
}

#[test]
fn page_that_is_not_utf8_is_reported_at_the_first_bad_byte() {
    let course = Course::from_default();
    // Line 5, column 3: `é` in Latin-1.
    course.write(
        "pages/intro.md",
        b"+++\nid = \"intro\"\ntitle = \"x\"\n+++\nab\xe9c\n",
    );
    assert_rejected(
        &course,
        &format!(
            "error[content/not-utf8]: content/pages/intro.md:5:3: this file is not UTF-8 text\n\
             \x20 help: save the file as UTF-8 (in most editors: \"Save with encoding\" → UTF-8)\n{NO_ZIP}"
        ),
    );
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let course = Course::from_default();
    course.replace("pages/patterns.md", "id = \"patterns\"", "id = \"intro\"");
    course.replace(
        "pages/knowledge-check.md",
        "- [x] Assign Ops liaisons",
        "- [ ] Assign Ops liaisons",
    );
    let run = course.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/pages/patterns.md:2:6: duplicate page id `intro`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("content/pages/knowledge-check.md:9:5: no option is marked as the right one"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("error: the course has 2 error(s); no zip was written\n"),
        "{}",
        run.stderr
    );
}

#[test]
fn problems_in_a_large_course_are_reported_in_page_order() {
    // Many pages, three of them wrong: the messages come in page order.
    let mut toml = String::from("id = \"big\"\ntitle = \"Big\"\nversion = \"1.0.0\"\npages = [\n");
    let mut files = Vec::new();
    for i in 1..=80 {
        toml.push_str(&format!("  \"pages/p{i:02}.md\",\n"));
        let body = if [3, 41, 79].contains(&i) {
            "::: patern\ntitle: x\n\nBody.\n:::\n"
        } else {
            "Some text.\n"
        };
        files.push((
            format!("pages/p{i:02}.md"),
            format!("+++\ntitle = \"page {i}\"\n+++\n\n{body}"),
        ));
    }
    toml.push_str("]\n");
    let mut all: Vec<(&str, &str)> = vec![("course.toml", toml.as_str())];
    all.extend(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    let course = Course::from_files(&all);
    let run = course.build();
    assert_eq!(run.code, 1);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error[content/unknown-block]"))
        .collect();
    assert_eq!(lines.len(), 3, "{}", run.stderr);
    for (line, page) in lines.iter().zip(["p03", "p41", "p79"]) {
        assert!(
            line.contains(&format!("content/pages/{page}.md:5:5:")),
            "{}",
            run.stderr
        );
    }
    assert!(run
        .stderr
        .ends_with("error: the course has 3 error(s); no zip was written\n"));
}

// ---- where the zip goes -----------------------------------------------------------------------

#[test]
fn output_in_a_missing_folder_is_rejected() {
    let course = Course::from_default();
    let run = course.run(["build", COURSE, "-o", "missing/course.zip"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "error: cannot write `missing/course.zip`: the folder `missing` does not exist\n{NOT_WRITTEN}"
        )
    );
    assert_eq!(run.stdout, "");
    assert!(
        !course.root().join("missing").exists(),
        "the folder was created"
    );
    assert_no_package_files(course.root());
}

#[test]
fn output_whose_parent_is_a_file_is_rejected() {
    let course = Course::from_default();
    fs::write(course.root().join("blocker"), b"a file, not a folder").unwrap();
    let run = course.run(["build", COURSE, "-o", "blocker/course.zip"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error: cannot write `blocker/course.zip`: ")
            && run.stderr.ends_with(NOT_WRITTEN),
        "{}",
        run.stderr
    );
    // `blocker` exists: the message must not send the user looking for a missing folder.
    assert!(
        !run.stderr.contains("does not exist"),
        "the message says a folder is missing, but `blocker` exists (as a file):\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("`blocker`"), "{}", run.stderr);
    assert_eq!(
        fs::read(course.root().join("blocker")).unwrap(),
        b"a file, not a folder"
    );
    assert_no_package_files(course.root());
}

/// Permission bits do not stop root (tests run as root in CI). When they do not stop this
/// process, the test writes into /proc instead, where not even root may create a file; either
/// way the build must fail.
#[cfg(unix)]
#[test]
fn output_in_a_folder_that_cannot_be_written_is_rejected() {
    use std::os::unix::fs::PermissionsExt;
    let course = Course::from_default();
    let locked = course.root().join("locked");
    fs::create_dir(&locked).unwrap();
    fs::write(locked.join("course.zip"), good_zip()).unwrap();
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = locked.join("probe");
    let permissions_apply = fs::write(&probe, b"").is_err();
    let out = if permissions_apply {
        "locked/course.zip"
    } else {
        fs::remove_file(&probe).unwrap();
        assert!(
            cfg!(target_os = "linux") && Path::new("/proc/self").exists(),
            "this process ignores permission bits and there is no /proc to write into instead"
        );
        "/proc/scormpack-test.zip"
    };

    let run = course.run(["build", COURSE, "-o", out]);
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();

    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected_start = format!("error: cannot write `{out}`: ");
    assert!(
        run.stderr.starts_with(&expected_start) && run.stderr.ends_with(NOT_WRITTEN),
        "{}",
        run.stderr
    );
    if permissions_apply {
        // The OS error may be followed by the temp file's path.
        assert!(
            run.stderr
                .starts_with(&format!("{expected_start}Permission denied (os error 13)")),
            "{}",
            run.stderr
        );
        assert!(
            fs::read(locked.join("course.zip")).unwrap() == good_zip(),
            "the zip of an earlier build was changed"
        );
        assert_eq!(list_dir(&locked), ["course.zip"]);
    } else {
        assert!(!Path::new(out).exists());
    }
}

/// A zip is shared (uploaded, served, copied by CI): it gets the permissions any new file gets
/// under the user's umask, not the owner-only mode of a temp file.
#[cfg(unix)]
#[test]
fn written_zip_has_the_permissions_of_a_normally_created_file() {
    use std::os::unix::fs::PermissionsExt;
    let course = Course::from_default();
    course.build().assert_success();
    let reference = course.root().join("out/reference");
    fs::write(&reference, b"").unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(
        format!("{:o}", mode(&course.out())),
        format!("{:o}", mode(&reference)),
        "zip mode vs. a file created with the same umask"
    );
}

// ---- success ----------------------------------------------------------------------------------

#[test]
fn build_prints_the_zip_size_and_its_five_heaviest_files() {
    let course = Course::from_default();
    let run = course.build();
    run.assert_success();
    let bytes = fs::metadata(course.out()).unwrap().len();
    let mut zip = zip::ZipArchive::new(fs::File::open(course.out()).unwrap()).unwrap();
    assert_eq!(zip.len(), 6, "the default course has 6 files");
    let mut files: Vec<(u64, u64, String)> = (0..zip.len())
        .map(|i| {
            let file = zip.by_index_raw(i).unwrap();
            let name = file.name().unwrap().into_owned();
            (file.compressed_size(), file.size(), name)
        })
        .collect();
    files.sort_by(|a, b| b.0.cmp(&a.0).then(a.2.cmp(&b.2)));
    let mut expected = format!(
        "{OUT}\n  scorm12 · 6 files · {} · <ms> ms\n  largest in the zip:\n",
        human_size(bytes)
    );
    for (packed, size, name) in &files[..5] {
        let unpacked = if packed == size {
            String::new()
        } else {
            format!(" ({} unpacked)", human_size(*size))
        };
        expected.push_str(&format!("  {:>9}  {name}{unpacked}\n", human_size(*packed)));
    }
    assert_eq!(run.stdout_redacted(), expected);
    // The PDF is stored as it is; the text is deflated and says how much it was.
    assert!(
        expected.contains("  assets/case-study-target-api-enablement.pdf\n"),
        "{expected}"
    );
    assert!(expected.contains("  index.html ("), "{expected}");
    assert_eq!(run.stderr, "");
    assert_eq!(list_dir(&course.root().join("out")), ["course.zip"]);
}

#[test]
fn quiet_build_prints_nothing() {
    let course = Course::from_default();
    fs::create_dir(course.root().join("out")).unwrap();
    let run = course.run(["build", COURSE, "-o", OUT, "--quiet"]);
    run.assert_success();
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
    assert!(
        fs::read(course.out()).unwrap() == good_zip(),
        "--quiet built another zip than a normal build"
    );
}

#[test]
fn build_without_arguments_packages_content_into_dist() {
    let course = Course::from_default();
    let run = course.run(["build"]);
    run.assert_success();
    let out = "dist/ops-integration-1.0.0-scorm12.zip";
    assert!(
        run.stdout.starts_with(&format!("{out}\n")),
        "{}",
        run.stdout
    );
    assert!(
        fs::read(course.root().join(out)).unwrap() == good_zip(),
        "the default output differs from the same course built with -o"
    );
    assert_eq!(
        list_dir(&course.root().join("dist")),
        ["ops-integration-1.0.0-scorm12.zip"]
    );
}

#[test]
fn help_shows_examples() {
    let course = Course::from_default();
    let run = course.run(["--help"]);
    run.assert_success();
    assert!(run.stdout.contains("\nExamples:\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("scormpack build my-course -o out.zip"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "Exit codes: 0 success, 1 errors in the course or while writing, 2 wrong usage."
        ),
        "{}",
        run.stdout
    );

    let run = course.run(["build", "--help"]);
    run.assert_success();
    assert!(run.stdout.contains("\nExamples:\n"), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("scormpack build courses/ops -o ops.zip"),
        "{}",
        run.stdout
    );
    assert_no_package_files(course.root());
}

#[test]
fn unknown_flag_is_a_usage_error_with_exit_code_2() {
    let course = Course::from_default();
    let run = course.run(["build", "--zip-level", "9"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr
            .starts_with("error: unexpected argument '--zip-level' found\n"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("Usage: scormpack build [OPTIONS] [COURSE_DIR]"),
        "{}",
        run.stderr
    );
    assert_no_package_files(course.root());
}

//! The everyday comforts, run as the real binary: `completions`, `build --verbose`, no progress
//! output off a terminal, the `--help` of `preview` and `completions`, and `preview` refusing a
//! port it cannot use.

use super::support::{list_dir, scormpack, tool, Course};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

#[test]
fn completions_name_every_subcommand_for_each_shell() {
    let tmp = tempfile::tempdir().unwrap();
    for shell in ["bash", "zsh", "fish"] {
        let run = scormpack(tmp.path(), ["completions", shell]);
        run.assert_success();
        assert_eq!(run.stderr, "");
        for command in ["build", "check", "new", "send", "preview", "completions"] {
            assert!(
                run.stdout.contains(command),
                "the {shell} completions do not know `{command}`"
            );
        }
    }
    // fish's script is one line a completion: small and readable enough to pin down whole.
    insta::assert_snapshot!(
        "completions_fish",
        scormpack(tmp.path(), ["completions", "fish"]).stdout
    );
}

#[test]
fn completions_for_an_unknown_shell_is_a_usage_error() {
    let tmp = tempfile::tempdir().unwrap();
    let run = scormpack(tmp.path(), ["completions", "powershell"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("[possible values: bash, zsh, fish]"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
}

#[test]
fn build_verbose_lists_each_file_of_the_zip_and_its_source() {
    let course = Course::from_default();
    std::fs::create_dir_all(course.root().join("out")).unwrap();
    let run = course.run(["build", "content", "-o", "out/course.zip", "--verbose"]);
    run.assert_success();
    // Off a terminal there is no progress bar: stderr stays empty for logs.
    assert_eq!(run.stderr, "");
    // The summary above the listing (sizes move with every theme change) has its own tests.
    let stdout = run.stdout_redacted();
    let listing = &stdout[stdout
        .find("  files in ")
        .expect("--verbose lists the files")..];
    insta::assert_snapshot!("build_verbose", listing);
}

#[test]
fn quiet_and_verbose_together_are_a_usage_error() {
    let course = Course::minimal();
    let run = course.run(["build", "content", "--quiet", "--verbose"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
}

#[test]
fn preview_reports_a_port_in_use_and_exits_1() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let course = Course::minimal();
    let run = course.run(["preview", "content", "--port", &port]);
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    assert!(
        run.stderr
            .contains(&format!("error: cannot listen on 127.0.0.1:{port}: ")),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.ends_with(
            "\n  help: another program (or another preview) may use that port; `--port 0` picks a free one\n"
        ),
        "{}",
        run.stderr
    );
}

/// Starts `scormpack preview --port 0` in `cwd`, waits for the URL, sends `signal`, and
/// returns the exit code and everything printed on stdout.
fn preview_until(cwd: &std::path::Path, signal: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scormpack"))
        .args(["preview", "--port", "0"])
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the scormpack binary runs");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut printed = String::new();
    while !printed.contains("Ctrl-C stops\n") {
        let read = stdout.read_line(&mut printed).unwrap();
        assert!(read > 0, "preview ended early: {printed}");
    }
    let sent = tool(
        Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string()),
        "kill",
    );
    assert!(sent.status.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.wait().unwrap();
    (status.code().unwrap_or(-1), printed + &rest)
}

#[cfg(unix)]
#[test]
fn preview_stops_cleanly_on_ctrl_c_and_sigterm() {
    let course = Course::minimal();
    for signal in ["INT", "TERM"] {
        let (code, stdout) = preview_until(&course.dir(), signal);
        assert_eq!(code, 0, "SIG{signal}: {stdout}");
        assert!(
            stdout.starts_with("preview: serving . at http://127.0.0.1:"),
            "{stdout}"
        );
        assert!(
            stdout.ends_with("\npreview: stopped\n"),
            "SIG{signal}: {stdout}"
        );
    }
}

#[test]
fn build_and_check_default_to_the_current_folder_when_it_holds_course_toml() {
    let course = Course::minimal();
    let run = scormpack(&course.dir(), ["build"]);
    run.assert_success();
    assert!(
        run.stdout.starts_with("dist/mini-0.1.0-scorm12.zip\n"),
        "{}",
        run.stdout
    );
    assert_eq!(list_dir(&course.path("dist")), ["mini-0.1.0-scorm12.zip"]);
    let check = scormpack(&course.dir(), ["check"]);
    assert_eq!(
        check.stdout,
        "checked . (course, lms: generic): no problems found\n"
    );
    // Without course.toml here, `content` is the course folder, as before.
    let elsewhere = scormpack(course.root(), ["check"]);
    assert_eq!(
        elsewhere.stdout,
        "checked content (course, lms: generic): no problems found\n"
    );
}

#[test]
fn format_all_that_fails_after_one_zip_names_the_zip_it_wrote() {
    // No [xapi] activity id: the SCORM zip builds, the xAPI one cannot.
    let course = Course::minimal();
    let run = course.run(["build", "content", "--format", "all"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.ends_with(
            "error: the course has 1 error(s); no xapi zip was written; written before it: dist/mini-0.1.0-scorm12.zip, dist/mini-0.1.0-scorm2004.zip, dist/mini-0.1.0-scorm2004-3rd.zip\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(
        list_dir(&course.root().join("dist")),
        [
            "mini-0.1.0-scorm12.zip",
            "mini-0.1.0-scorm2004-3rd.zip",
            "mini-0.1.0-scorm2004.zip"
        ]
    );
}

#[test]
fn a_warning_about_the_course_is_printed_once_for_several_formats() {
    let course = Course::minimal();
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\nSee [here](https://example.org/guide).\n",
    );
    let run = course.run(["build", "content", "--format", "scorm12,scorm2004"]);
    run.assert_success();
    assert_eq!(
        run.stderr.matches("warning[a11y/link-text]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("wrote 2 zips"), "{}", run.stdout);
}

#[test]
fn help_prints_the_guides_compiled_into_the_binary() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    for guide in ["authoring", "xapi"] {
        let run = scormpack(tmp.path(), ["help", guide]);
        run.assert_success();
        let expected = std::fs::read_to_string(docs.join(format!("{guide}.md"))).unwrap();
        assert!(
            run.stdout == expected,
            "`help {guide}` is not docs/{guide}.md"
        );
    }
    // A command with a guide: its options, then the guide.
    let run = scormpack(tmp.path(), ["help", "check"]);
    run.assert_success();
    assert!(
        run.stdout
            .starts_with("Check a course folder or any SCORM zip"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("\n# Checking a course or a package: `scormpack check`\n"),
        "{}",
        run.stdout
    );
    // A command without one: as `--help` prints it.
    let help = scormpack(tmp.path(), ["help", "build"]);
    assert_eq!(
        help.stdout,
        scormpack(tmp.path(), ["build", "--help"]).stdout
    );
    let top = scormpack(tmp.path(), ["help"]);
    assert!(
        top.stdout.ends_with(
            "\nGuides (scormpack help GUIDE): authoring, check, cmi5, preview, scorm2004, theming, xapi\n"
        ),
        "{}",
        top.stdout
    );
    let unknown = scormpack(tmp.path(), ["help", "authorin"]);
    assert_eq!(unknown.code, 2);
    assert_eq!(
        unknown.stderr,
        "error: no command or guide is called `authorin`\n  help: commands: build, check, new, send, preview, i18n, completions, help; guides: authoring, check, cmi5, preview, scorm2004, theming, xapi\n"
    );
}

#[test]
fn help_of_preview_and_completions() {
    let tmp = tempfile::tempdir().unwrap();
    for command in ["preview", "completions"] {
        let run = scormpack(tmp.path(), [command, "--help"]);
        run.assert_success();
        insta::assert_snapshot!(format!("{command}_help"), run.stdout);
    }
}

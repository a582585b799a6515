//! The everyday comforts, run as the real binary: `completions`, `build --verbose`, no progress
//! output off a terminal, the `--help` of `preview` and `completions`, and `preview` refusing a
//! port it cannot use.

use super::support::{scormpack, Course};

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

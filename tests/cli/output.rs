//! Where `build` writes, run as the real binary: `-o` is a regular file or a new name, never a
//! file of the course, a device, a pipe or a link; an interrupted build and a full disk leave
//! no temporary file and no empty `dist/` behind.

use super::support::{list_dir, tool, Course, COURSE};
use std::fs;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const OUTSIDE: &str = "write the zip outside the course folder, e.g. `-o course.zip`, or leave out -o to write it into dist/";

/// `scormpack build content -o OUT` is refused with exit code 2 and exactly `message` and
/// `help`, and writes nothing.
fn assert_refused(course: &Course, out: &str, message: &str, help: &str) {
    let run = course.run(["build", COURSE, "-o", out]);
    assert_eq!(run.code, 2, "exit code; stderr:\n{}", run.stderr);
    assert_eq!(
        run.stderr,
        format!("error: cannot write the zip to `{out}`: {message}\n  help: {help}\n")
    );
    assert_eq!(run.stdout, "");
    let stray: Vec<String> = list_dir(course.root())
        .into_iter()
        .filter(|n| n.ends_with(".part") || n == "dist")
        .collect();
    assert!(stray.is_empty(), "left behind: {stray:?}");
}

#[test]
fn output_that_is_a_file_of_the_course_is_refused_and_kept() {
    let course = Course::from_default();
    for source in [
        "course.toml",
        "pages/intro.md",
        "assets/case-study-target-api-enablement.pdf",
    ] {
        let before = fs::read(course.path(source)).unwrap();
        let out = format!("{COURSE}/{source}");
        assert_refused(
            &course,
            &out,
            "it is a file of the course folder `content`, which the zip would replace",
            OUTSIDE,
        );
        assert!(
            fs::read(course.path(source)).unwrap() == before,
            "{source} was changed"
        );
    }
    // Named another way, it is the same file.
    assert_refused(
        &course,
        "content/pages/../course.toml",
        "it is a file of the course folder `content`, which the zip would replace",
        OUTSIDE,
    );
}

#[test]
fn a_build_inside_the_course_folder_writes_over_its_own_dist_zip() {
    let course = Course::from_default();
    fs::create_dir(course.path("dist")).unwrap();
    for _ in 0..2 {
        let run = scormpack_in(&course.dir(), ["build", ".", "-o", "dist/course.zip"]);
        assert_eq!(run.0, 0, "{}", run.1);
    }
    assert_eq!(list_dir(&course.path("dist")), ["course.zip"]);
}

/// Runs the binary in `cwd`; returns the exit code and stderr.
fn scormpack_in<const N: usize>(cwd: &Path, args: [&str; N]) -> (i32, String) {
    let run = super::support::scormpack(cwd, args);
    (run.code, run.stderr)
}

#[test]
fn output_that_is_a_folder_is_refused() {
    let course = Course::from_default();
    fs::create_dir(course.root().join("folder.zip")).unwrap();
    assert_refused(
        &course,
        "folder.zip",
        "it is a folder, not a regular file",
        "name the zip file itself, e.g. `-o folder.zip/course.zip`",
    );
    assert_eq!(
        list_dir(&course.root().join("folder.zip")),
        Vec::<String>::new()
    );
}

/// A device node of the null device in the temp folder, made with `mknod` where this process
/// may (as root, where the old bug replaced the node with a zip); elsewhere `/dev/null` itself,
/// which only root could replace. A test run of an unfixed build never touches /dev/null.
#[cfg(unix)]
fn null_device(course: &Course) -> String {
    let node = course.root().join("null.zip");
    let made = Command::new("mknod")
        .arg(&node)
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status();
    if made.is_ok_and(|s| s.success()) {
        "null.zip".to_string()
    } else {
        "/dev/null".to_string()
    }
}

#[cfg(unix)]
#[test]
fn output_that_is_a_device_is_refused_and_stays_a_device() {
    use std::os::unix::fs::FileTypeExt;
    let course = Course::minimal();
    let device = null_device(&course);
    assert_refused(
        &course,
        &device,
        "it is a device, not a regular file",
        "name a regular file or a new one, e.g. `-o course.zip`",
    );
    let meta = fs::symlink_metadata(course.root().join(&device)).unwrap();
    assert!(meta.file_type().is_char_device(), "{device} was replaced");
}

#[cfg(unix)]
#[test]
fn output_that_is_a_named_pipe_is_refused() {
    use std::os::unix::fs::FileTypeExt;
    let course = Course::minimal();
    let fifo = course.root().join("pipe.zip");
    let made = tool(Command::new("mkfifo").arg(&fifo), "mkfifo");
    assert!(made.status.success());
    assert_refused(
        &course,
        "pipe.zip",
        "it is a named pipe (FIFO), not a regular file",
        "name a regular file or a new one, e.g. `-o course.zip`",
    );
    assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
}

#[cfg(unix)]
#[test]
fn output_that_is_a_symbolic_link_is_refused_and_its_target_kept() {
    let course = Course::minimal();
    let target = course.root().join("elsewhere.txt");
    fs::write(&target, b"not a zip").unwrap();
    std::os::unix::fs::symlink(&target, course.root().join("link.zip")).unwrap();
    assert_refused(
        &course,
        "link.zip",
        "it is a symbolic link, not a regular file",
        "name a regular file or a new one, e.g. `-o course.zip`",
    );
    assert_eq!(fs::read(&target).unwrap(), b"not a zip");
    assert!(fs::symlink_metadata(course.root().join("link.zip"))
        .unwrap()
        .file_type()
        .is_symlink());
}

// ---- interrupted builds -----------------------------------------------------------------------

/// A course whose one page links 48 MB of incompressible data: deflating it takes seconds, a
/// window wide enough to interrupt the build while its temporary zip is being written. (Below
/// the 100 MB that `check` allows a package.)
fn slow_course() -> Course {
    course_with_data(48 << 20)
}

/// The minimal course with a page linking `len` bytes that deflate cannot shrink.
fn course_with_data(len: usize) -> Course {
    let course = Course::minimal();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut data = Vec::with_capacity(len + 8);
    while data.len() < len {
        // xorshift64: cheap bytes that look random to deflate.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        data.extend_from_slice(&state.to_le_bytes());
    }
    data.truncate(len);
    course.write("assets/data.bin", data);
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\n[The data](assets/data.bin)\n",
    );
    course
}

/// Starts `scormpack ARGS` in the course's temp folder, waits until a `.zip.part` appears in
/// `dir`, sends `signal`, and returns the exit code and stderr.
fn interrupt(course: &Course, args: &[&str], dir: &str, signal: &str) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scormpack"))
        .args(args)
        .current_dir(course.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the scormpack binary runs");
    let dir = course.root().join(dir);
    let started = Instant::now();
    loop {
        let writing = fs::read_dir(&dir).is_ok_and(|mut entries| {
            entries.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".part")))
        });
        if writing {
            break;
        }
        assert!(
            child.try_wait().unwrap().is_none(),
            "the build ended before its temporary zip was seen"
        );
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "no temporary zip appeared"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let sent = tool(
        Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string()),
        "kill",
    );
    assert!(sent.status.success());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stderr).unwrap(),
    )
}

const INTERRUPTED: &str =
    "\nerror: interrupted; no zip was written, and the unfinished one was removed\n";

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_build_removes_the_temporary_zip() {
    let course = slow_course();
    fs::create_dir(course.root().join("out")).unwrap();
    let (code, stderr) = interrupt(
        &course,
        &["build", COURSE, "-o", "out/course.zip"],
        "out",
        "INT",
    );
    assert_eq!(code, 130, "{stderr}");
    assert_eq!(stderr, INTERRUPTED);
    assert_eq!(list_dir(&course.root().join("out")), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn sigterm_during_a_build_removes_the_temporary_zip_and_the_dist_folder_it_made() {
    let course = slow_course();
    let (code, stderr) = interrupt(&course, &["build", COURSE], "dist", "TERM");
    assert_eq!(code, 130, "{stderr}");
    assert_eq!(stderr, INTERRUPTED);
    assert!(
        !course.root().join("dist").exists(),
        "{:?}",
        list_dir(&course.root().join("dist"))
    );
}

// ---- a full disk ------------------------------------------------------------------------------

/// Builds the course with the working directory on a 64 KiB tmpfs, mounted in a mount
/// namespace of its own (`unshare`; as root or through a user namespace), so the default
/// `dist/` is made on a disk that fills up. Returns the exit code, stderr, and what was left
/// on that disk.
#[cfg(target_os = "linux")]
fn build_on_a_full_disk(course: &Course) -> (i32, String, String) {
    let disk = course.root().join("disk");
    fs::create_dir(&disk).unwrap();
    let script = r#"
        set -e
        mount -t tmpfs -o size=64k scormpack-full "$1"
        cd "$1"
        set +e
        "$2" build "$3" 2>"$4/stderr"
        echo $? >"$4/code"
        ls -A "$1" >"$4/left"
    "#;
    let output = tool(
        Command::new("unshare")
            .args(["--mount", "--map-root-user", "sh", "-c", script, "sh"])
            .arg(&disk)
            .arg(env!("CARGO_BIN_EXE_scormpack"))
            .arg(course.dir())
            .arg(course.root())
            .env("NO_COLOR", "1"),
        "unshare",
    );
    assert!(
        output.status.success(),
        "cannot mount a small tmpfs in a mount namespace (unshare --mount --map-root-user): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let read = |name: &str| fs::read_to_string(course.root().join(name)).unwrap();
    (
        read("code").trim().parse().unwrap(),
        read("stderr"),
        read("left"),
    )
}

#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_ends_the_build_in_one_sentence_and_leaves_nothing() {
    // Four times what the disk holds.
    let course = course_with_data(256 << 10);
    let (code, stderr, left) = build_on_a_full_disk(&course);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        "error: cannot write `dist/mini-0.1.0-scorm12.zip`: the disk is full (No space left on device (os error 28)); free some space and build again\n\
         \x20 no zip was written; an existing zip at that path was left as it was\n"
    );
    assert_eq!(left, "", "left on the full disk");
}

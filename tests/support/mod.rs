//! Test support shared by `tests/cli.rs` and `tests/package.rs`: a course in a temp folder
//! (a copy of the repo's `content/`, or inline files), the real `scormpack` binary run in that
//! folder, and what it printed.
//!
//! Every course lives in `<tmp>/content` and every run starts in `<tmp>`, so the binary names
//! files the way a user would see them (`content/pages/intro.md:5:3`) and the messages can be
//! compared exactly.

// Each test binary uses a different part of this module.
#![allow(dead_code)]

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use tempfile::TempDir;

/// The folder of the course inside the temp folder, as passed to `scormpack build`.
pub const COURSE: &str = "content";
/// The zip `Course::build` writes, relative to the temp folder.
pub const OUT: &str = "out/course.zip";

/// The repo's default course.
pub fn repo_content() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("content")
}

/// A course folder in a fresh temp folder; deleted when dropped.
pub struct Course {
    tmp: TempDir,
}

impl Course {
    /// A copy of the repo's `content/`, so a test can break one of its files.
    pub fn from_default() -> Course {
        let course = Course::empty();
        copy_dir(&repo_content(), &course.dir());
        course
    }

    /// A course made of the given files (paths relative to the course folder).
    pub fn from_files(files: &[(&str, &str)]) -> Course {
        let course = Course::empty();
        fs::create_dir_all(course.dir()).unwrap();
        for (path, text) in files {
            course.write(path, text);
        }
        course
    }

    /// The smallest valid course: `course.toml` and one page.
    pub fn minimal() -> Course {
        Course::from_files(&[
            ("course.toml", MINIMAL_TOML),
            ("pages/one.md", "+++\ntitle = \"one\"\n+++\n\nHello.\n"),
        ])
    }

    fn empty() -> Course {
        let tmp = tempfile::Builder::new()
            .prefix("scormpack-test-")
            .tempdir()
            .unwrap();
        Course { tmp }
    }

    /// The temp folder: the working directory of every run.
    pub fn root(&self) -> &Path {
        self.tmp.path()
    }

    /// The course folder (`<tmp>/content`).
    pub fn dir(&self) -> PathBuf {
        self.root().join(COURSE)
    }

    /// A path inside the course folder.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.dir().join(relative)
    }

    /// Writes a file of the course, creating its folder.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Course {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
        self
    }

    /// Replaces `from` with `to` in a file of the course. `from` must occur exactly once, so
    /// a test cannot pass because its edit silently matched nothing.
    pub fn replace(&self, relative: &str, from: &str, to: &str) -> &Course {
        let path = self.path(relative);
        let text = fs::read_to_string(&path).unwrap();
        let count = text.matches(from).count();
        assert_eq!(
            count, 1,
            "`{from}` occurs {count} times in {relative}; the test expects it once"
        );
        fs::write(path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// `scormpack build content -o out/course.zip` in the temp folder, with `out/` created.
    pub fn build(&self) -> Run {
        fs::create_dir_all(self.root().join("out")).unwrap();
        self.run(["build", COURSE, "-o", OUT])
    }

    /// `scormpack ARGS` in the temp folder.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        scormpack(self.root(), args)
    }

    /// The zip `build` writes.
    pub fn out(&self) -> PathBuf {
        self.root().join(OUT)
    }

    /// The bytes of the zip `build` wrote; panics when the build failed.
    pub fn built_zip(&self) -> Vec<u8> {
        let run = self.build();
        run.assert_success();
        fs::read(self.out()).unwrap()
    }

    /// The text of `name` in the zip `build` wrote.
    pub fn out_text(&self, name: &str) -> String {
        use std::io::Read;
        let mut zip = zip::ZipArchive::new(fs::File::open(self.out()).unwrap()).unwrap();
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    }

    /// The names of the entries of the zip `build` wrote.
    pub fn out_names(&self) -> Vec<String> {
        let zip = zip::ZipArchive::new(fs::File::open(self.out()).unwrap()).unwrap();
        zip.file_names().map(|n| n.unwrap().into_owned()).collect()
    }
}

pub const MINIMAL_TOML: &str = "\
id = \"mini\"
title = \"Mini\"
version = \"0.1.0\"
pages = [\"pages/one.md\"]
";

/// What a run of the binary ended with.
#[derive(Debug)]
pub struct Run {
    /// The exit code (`-1` when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    root: PathBuf,
}

impl Run {
    pub fn assert_success(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "scormpack failed\n--- stdout\n{}\n--- stderr\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// stdout with the temp folder replaced by `<tmp>` and timings by `<ms>`.
    pub fn stdout_redacted(&self) -> String {
        redact(&self.stdout, &self.root)
    }

    /// stderr with the temp folder replaced by `<tmp>` and timings by `<ms>`.
    pub fn stderr_redacted(&self) -> String {
        redact(&self.stderr, &self.root)
    }
}

/// Runs the real binary in `cwd`.
pub fn scormpack<I, S>(cwd: &Path, args: I) -> Run
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let output = Command::new(env!("CARGO_BIN_EXE_scormpack"))
        .args(args)
        .current_dir(cwd)
        .env_remove("RUST_BACKTRACE")
        .env("NO_COLOR", "1")
        .output()
        .expect("the scormpack binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        root: cwd.to_path_buf(),
    }
}

/// Replaces the temp folder (as given and canonicalised) with `<tmp>`, and the number in
/// `· 12 ms` with `<ms>`.
pub fn redact(text: &str, root: &Path) -> String {
    let mut out = text.to_string();
    let mut roots = vec![root.to_string_lossy().into_owned()];
    if let Ok(real) = root.canonicalize() {
        roots.push(real.to_string_lossy().into_owned());
    }
    roots.sort_by_key(|r| std::cmp::Reverse(r.len()));
    for r in roots {
        out = out.replace(&r, "<tmp>");
    }
    redact_ms(&out)
}

fn redact_ms(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("· ") {
        let (head, tail) = rest.split_at(i + "· ".len());
        out.push_str(head);
        let digits = tail.len() - tail.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 && tail[digits..].starts_with(" ms") {
            out.push_str("<ms>");
            rest = &tail[digits..];
        } else {
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// The names in a folder, sorted (so a test sees a leftover `.scormpack-*.zip.part` too).
pub fn list_dir(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot list {}: {err}", dir.display()))
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A zip of the default course, built once per test binary: the "good zip" a failed build
/// must leave alone.
pub fn good_zip() -> &'static [u8] {
    static ZIP: OnceLock<Vec<u8>> = OnceLock::new();
    ZIP.get_or_init(|| Course::from_default().built_zip())
}

/// Copies a folder recursively (files and folders; the default course has no links).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs an external tool the tests need; a missing tool fails the test (never skips it).
pub fn tool(cmd: &mut Command, name: &str) -> std::process::Output {
    match cmd.output() {
        Ok(output) => output,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            panic!(
                "`{name}` is not installed: run `cargo xtask deps` to install what the tests need"
            )
        }
        Err(err) => panic!("cannot run `{name}`: {err}"),
    }
}

/// `7.7 KB`, `42 KB`, `1.3 MB`: decimal units, one decimal below 10, none above — the sizes
/// scormpack shows to learners (downloads) and to authors (`build`).
pub fn human_size(bytes: u64) -> String {
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut units = ["KB", "MB", "GB", "TB"].iter().peekable();
    let mut unit = units.next().unwrap();
    while value >= 999.5 && units.peek().is_some() {
        value /= 1000.0;
        unit = units.next().unwrap();
    }
    if value < 9.95 {
        format!("{value:.1} {unit}")
    } else {
        format!("{value:.0} {unit}")
    }
}

#[test]
fn human_size_matches_what_a_reader_expects() {
    assert_eq!(human_size(7699), "7.7 KB");
    assert_eq!(human_size(512), "512 B");
    assert_eq!(human_size(42_100), "42 KB");
    assert_eq!(human_size(999_600), "1.0 MB");
    assert_eq!(human_size(2_345_000_000), "2.3 GB");
}

#[test]
fn redaction_replaces_the_temp_folder_and_timings() {
    let root = Path::new("/tmp/scormpack-test-x");
    assert_eq!(
        redact(
            "/tmp/scormpack-test-x/out.zip\n  scorm12 · 6 files · 21 KB · 14 ms\n",
            root
        ),
        "<tmp>/out.zip\n  scorm12 · 6 files · 21 KB · <ms> ms\n"
    );
}

//! `scormpack check` on any file, run as the real binary: a device or a named pipe is refused
//! at once, a zip bomb and duplicate entries are errors, HTML of any size is scanned,
//! repeated findings are capped, control characters in names are escaped, and the xAPI zip
//! `build --format xapi` writes is checked by the tincan.xml rules.

use super::support::{tool, Course, COURSE, MINIMAL_TOML};
use std::fs;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use zip::write::SimpleFileOptions;

/// `scormpack check ARGS` in the course's temp folder, killed (and the test failed) when it
/// runs longer than a minute; returns the exit code and stdout.
fn check(course: &Course, args: &[&str]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_scormpack"))
        .arg("check")
        .args(args)
        .current_dir(course.root())
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the scormpack binary runs");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("check {args:?} still runs after a minute");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
    )
}

const MANIFEST: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.quiz" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata>
    <schema>ADL SCORM</schema>
    <schemaversion>1.2</schemaversion>
  </metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Quiz</title>
      <item identifier="ITEM" identifierref="RES">
        <title>Quiz</title>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
    </resource>
  </resources>
</manifest>
"#;

const PAGE: &[u8] =
    b"<!doctype html>\n<html><head><title>Quiz</title></head><body>Hi.</body></html>\n";

/// A zip in the temp folder: the entries, deflated.
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

#[cfg(unix)]
#[test]
fn a_device_or_a_named_pipe_is_refused_at_once() {
    let course = Course::minimal();
    let (code, out) = check(&course, &["/dev/zero"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with("error[package/unreadable]: `/dev/zero` is a device, not a zip file\n"),
        "{out}"
    );
    let made = tool(
        Command::new("mkfifo").arg(course.root().join("pipe.zip")),
        "mkfifo",
    );
    assert!(made.status.success());
    let (code, out) = check(&course, &["pipe.zip"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.starts_with(
            "error[package/unreadable]: `pipe.zip` is a named pipe (FIFO), not a zip file\n"
        ),
        "{out}"
    );
}

#[test]
fn a_zip_bomb_is_an_error_naming_the_ratio_and_is_not_read() {
    let course = Course::minimal();
    let file = fs::File::create(course.root().join("bomb.zip")).unwrap();
    let mut zip = zip::ZipWriter::new(file);
    zip.start_file("imsmanifest.xml", SimpleFileOptions::default())
        .unwrap();
    zip.write_all(MANIFEST.as_bytes()).unwrap();
    zip.start_file("index.html", SimpleFileOptions::default())
        .unwrap();
    // 300 MiB of zeros deflate to a few hundred KB.
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..300 {
        zip.write_all(&zeros).unwrap();
    }
    zip.finish().unwrap();
    let packed = fs::metadata(course.root().join("bomb.zip")).unwrap().len();
    let (code, out) = check(&course, &["bomb.zip"]);
    assert_eq!(code, 1, "{out}");
    let unpacked = (300u64 << 20) + MANIFEST.len() as u64;
    let ratio = unpacked / packed;
    assert!(ratio > 100, "the test's zip is no bomb: {ratio}:1");
    assert!(
        out.starts_with(&format!(
            "error[package/zip-bomb]: the zip unpacks to {unpacked} bytes from {packed}, a ratio of {ratio}:1 (a zip bomb); its entries were not read\n"
        )),
        "{out}"
    );
    // The one finding: nothing else is guessed from entries that were not read.
    assert!(
        out.ends_with("checked bomb.zip (package, lms: generic): 1 error, 0 warnings\n"),
        "{out}"
    );
}

#[test]
fn duplicate_entry_names_are_an_error_naming_them() {
    let course = Course::minimal();
    zip(
        &course,
        "twice.zip",
        &[
            ("imsmanifest.xml", MANIFEST.as_bytes()),
            ("index.html", PAGE),
            (
                "index.htmX",
                b"<script src=\"http://evil.example/x.js\"></script>",
            ),
        ],
    );
    // The zip crate writes no duplicate name: rename the third entry in both of its headers.
    let path = course.root().join("twice.zip");
    let bytes = fs::read(&path).unwrap();
    let patched = String::from_utf8_lossy(&bytes).contains("index.htmX");
    assert!(patched);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"index.htmX") {
            out.extend_from_slice(b"index.html");
            i += 10;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    fs::write(&path, out).unwrap();
    let (code, out) = check(&course, &["twice.zip"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains(
            "error[package/duplicate-entry]: the zip holds several entries named `index.html` (2 times)\n"
        ),
        "{out}"
    );
}

#[test]
fn html_over_16_mib_is_scanned() {
    let course = Course::minimal();
    let mut page = String::from("<!doctype html>\n<html><head><title>Big</title></head><body>\n");
    while page.len() < 17 << 20 {
        page.push_str("<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit.</p>\n");
    }
    page.push_str("<script src=\"http://cdn.example.com/tracker.js\"></script>\n</body></html>\n");
    zip(
        &course,
        "big.zip",
        &[
            ("imsmanifest.xml", MANIFEST.as_bytes()),
            ("index.html", page.as_bytes()),
        ],
    );
    let (code, out) = check(&course, &["big.zip"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("http://cdn.example.com/tracker.js"), "{out}");
}

#[test]
fn repeated_findings_are_capped_with_a_count() {
    let course = Course::minimal();
    let strays: Vec<(String, Vec<u8>)> = (0..120)
        .map(|i| (format!("drafts/d{i:03}.txt"), b"draft".to_vec()))
        .collect();
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("imsmanifest.xml", MANIFEST.as_bytes()),
        ("index.html", PAGE),
    ];
    entries.extend(strays.iter().map(|(n, b)| (n.as_str(), b.as_slice())));
    zip(&course, "strays.zip", &entries);
    let (code, out) = check(&course, &["strays.zip"]);
    assert_eq!(code, 0, "{out}");
    let shown = out
        .lines()
        .filter(|l| l.starts_with("warning[package/unreferenced-file]"))
        .count();
    assert_eq!(shown, 50, "{out}");
    assert!(out.contains("`drafts/d049.txt`") && !out.contains("`drafts/d050.txt`"));
    assert!(
        out.ends_with(
            "… and 70 more package/unreferenced-file finding(s), not shown (the first 50 are above)\n\
             checked strays.zip (package, lms: generic): 0 errors, 120 warnings\n"
        ),
        "{out}"
    );
}

#[test]
fn control_characters_in_entry_names_are_escaped() {
    let course = Course::minimal();
    zip(
        &course,
        "escapes.zip",
        &[
            ("imsmanifest.xml", MANIFEST.as_bytes()),
            ("index.html", PAGE),
            ("a\u{1b}]0;pwned\u{7}\u{1b}[2J.txt", b"x"),
        ],
    );
    let (code, out) = check(&course, &["escapes.zip"]);
    assert_eq!(code, 0, "{out}");
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert!(
        out.contains("warning[package/unreferenced-file]: `a\\x1b]0;pwned\\x07\\x1b[2J.txt` is in the zip but not listed in the manifest\n"),
        "{out}"
    );
}

// ---- xAPI packages ----------------------------------------------------------------------------

#[test]
fn the_xapi_zip_that_build_writes_is_checked_as_an_xapi_package() {
    let course = Course::from_files(&[
        (
            "course.toml",
            &format!(
                "{MINIMAL_TOML}\n[xapi]\nactivity_id = \"https://courses.example.org/mini\"\n"
            ),
        ),
        ("pages/one.md", "+++\ntitle = \"one\"\n+++\n\nHello.\n"),
    ]);
    fs::create_dir(course.root().join("out")).unwrap();
    course
        .run(["build", COURSE, "--format", "xapi", "-o", "out/x.zip"])
        .assert_success();
    let (code, out) = check(&course, &["out/x.zip"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        out,
        "checked out/x.zip (xapi package, lms: generic): no problems found\n\
         \x20 checked as an xAPI package: tincan.xml, its launch and activity ids, and the zip's files; the statements it sends are not checked\n"
    );
}

fn tincan(activities: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<tincan xmlns=\"http://projecttincan.com/tincan.xsd\">\n  <activities>\n{activities}  </activities>\n</tincan>\n"
    )
}

#[test]
fn tincan_xml_needs_one_launchable_activity_with_a_relative_launch_and_absolute_ids() {
    let course = Course::minimal();
    let two = tincan(
        "    <activity id=\"https://courses.example.org/a\" type=\"http://adlnet.gov/expapi/activities/course\"><name>A</name><launch lang=\"en\">index.html</launch></activity>\n\
         \x20   <activity id=\"b\" type=\"http://adlnet.gov/expapi/activities/course\"><name>B</name><launch lang=\"en\">b.html</launch></activity>\n",
    );
    zip(
        &course,
        "two.zip",
        &[("tincan.xml", two.as_bytes()), ("index.html", PAGE)],
    );
    let (code, out) = check(&course, &["two.zip"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[xapi/tincan]: tincan.xml has 2 launchable activities (with <launch>); an LMS needs exactly one\n"),
        "{out}"
    );
    assert!(
        out.contains(
            "error[xapi/activity-id]: the activity id `b` in tincan.xml is not an absolute IRI\n"
        ),
        "{out}"
    );
    assert!(!out.contains("imsmanifest.xml"), "{out}");

    let absolute = tincan(
        "    <activity id=\"https://courses.example.org/a\" type=\"http://adlnet.gov/expapi/activities/course\"><name>A</name><launch lang=\"en\">https://elsewhere.example/index.html</launch></activity>\n",
    );
    zip(
        &course,
        "absolute.zip",
        &[
            ("tincan.xml", absolute.as_bytes()),
            ("index.html", PAGE),
            ("copy/tincan.xml", absolute.as_bytes()),
        ],
    );
    let (code, out) = check(&course, &["absolute.zip"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[xapi/tincan]: the launch `https://elsewhere.example/index.html` of tincan.xml is not a path relative to the package\n"),
        "{out}"
    );
    assert!(
        out.contains("error[xapi/tincan]: the package holds more than one tincan.xml: also `copy/tincan.xml`\n"),
        "{out}"
    );

    let missing = tincan(
        "    <activity id=\"https://courses.example.org/a\" type=\"http://adlnet.gov/expapi/activities/course\"><name>A</name><launch lang=\"en\">start.html</launch></activity>\n",
    );
    zip(
        &course,
        "missing.zip",
        &[("tincan.xml", missing.as_bytes()), ("index.html", PAGE)],
    );
    let (code, out) = check(&course, &["missing.zip"]);
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("error[xapi/tincan]: the launch `start.html` of tincan.xml names a file that is not in the package\n"),
        "{out}"
    );
}

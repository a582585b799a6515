//! The package's own words in the course's language, through the real binary: the built-in
//! tables, the fallback from a regional tag, right-to-left layout, and the author's overrides.

mod support;

use std::io::Read;
use support::{Course, MINIMAL_TOML};

fn course(language: &str, extra_toml: &str) -> Course {
    Course::from_files(&[
        (
            "course.toml",
            &format!("{MINIMAL_TOML}language = \"{language}\"\n{extra_toml}"),
        ),
        (
            "pages/one.md",
            "+++\ntitle = \"one\"\n+++\n\n::: question q1\n\nPick.\n\n- [x] a\n- [ ] b\n:::\n",
        ),
    ])
}

fn index_html(course: &Course) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(course.out()).unwrap()).unwrap();
    let mut text = String::new();
    zip.by_name("index.html")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    text
}

#[test]
fn a_french_course_speaks_french_and_a_regional_tag_falls_back_to_it() {
    let course = course("fr-CA", "");
    course.build().assert_success();
    let html = index_html(&course);
    assert!(html.contains("<html lang=\"fr-CA\" dir=\"ltr\" "));
    assert!(html.contains(">Valider</button>"), "{html}");
    assert!(html.contains(">Vérification des connaissances<"));
    assert!(html.contains(">Aller au contenu</a>"));
    assert!(!html.contains(">Verify</button>"));
}

#[test]
fn an_arabic_course_is_right_to_left() {
    let course = course("ar", "");
    course.build().assert_success();
    let html = index_html(&course);
    assert!(html.contains("<html lang=\"ar\" dir=\"rtl\" "));
    assert!(html.contains(">تحقّق</button>"), "{html}");
}

#[test]
fn a_language_without_a_table_uses_english_and_says_so() {
    let korean = course("ko", "");
    let run = korean.build();
    run.assert_success();
    assert!(index_html(&korean).contains(">Verify</button>"));
    assert!(
        run.stderr.contains(
            "warning[content/missing-strings]: content/course.toml:5:12: scormpack has no words for `ko`: 32 of the package's own words"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "help: translate them in templates/strings/ko.toml or under [strings] in course.toml"
        ),
        "{}",
        run.stderr
    );
    // Every word translated in the course: nothing to warn about.
    let words: String = english_keys()
        .iter()
        .map(|key| format!("{key} = \"말\"\n"))
        .collect();
    let translated = course("ko", "");
    translated.write("templates/strings.toml", &words);
    let run = translated.build();
    run.assert_success();
    assert!(!run.stderr.contains("missing-strings"), "{}", run.stderr);
    // English itself, in any region, needs no table of its own.
    let run = course("en-GB", "").build();
    run.assert_success();
    assert!(!run.stderr.contains("missing-strings"), "{}", run.stderr);
}

/// The keys of the built-in English table, as the package's own words are named.
fn english_keys() -> Vec<String> {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("templates/strings/en.toml"),
    )
    .unwrap();
    text.lines()
        .filter_map(|line| line.split_once(" = "))
        .map(|(key, _)| key.trim().to_string())
        .filter(|key| !key.starts_with('#'))
        .collect()
}

#[test]
fn the_author_overrides_a_word_in_course_toml_or_templates_strings_toml() {
    let course = course("de", "\n[strings]\nverify = \"Antwort prüfen\"\n");
    course.write("templates/strings.toml", "retry = \"Neuer Versuch\"\n");
    course.build().assert_success();
    let html = index_html(&course);
    assert!(html.contains(">Antwort prüfen</button>"));
    assert!(html.contains(">Neuer Versuch</button>"));
    assert!(
        html.contains(">Nächste Frage</button>"),
        "the rest stays German"
    );
}

#[test]
fn an_unknown_word_is_an_error_at_its_line() {
    let course = course("en", "\n[strings]\nverfiy = \"Check\"\n");
    let run = course.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error[content/unknown-string]: content/course.toml:8:10: `verfiy` is not a word of the package"
        ),
        "{}",
        run.stderr
    );
    let course = course_with_table("retyr = \"x\"\n");
    let run = course.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error[content/unknown-string]: content/templates/strings.toml:1:1: `retyr` is not a word of the package"
        ),
        "{}",
        run.stderr
    );
}

fn course_with_table(table: &str) -> Course {
    let course = course("en", "");
    course.write("templates/strings.toml", table);
    course
}

#[test]
fn a_course_table_for_a_new_language_warns_about_missing_keys() {
    let course = course("eo", "");
    course.write("templates/strings/eo.toml", "verify = \"Kontroli\"\n");
    let run = course.build();
    run.assert_success();
    assert!(
        run.stderr.contains(
            "warning[content/missing-strings]: content/templates/strings/eo.toml: the `eo` string table lacks"
        ),
        "{}",
        run.stderr
    );
    let html = index_html(&course);
    assert!(html.contains(">Kontroli</button>"));
    assert!(
        html.contains(">Retry</button>"),
        "missing keys fall back to English"
    );
}

// ---- the organisation's brand ([theme]) -------------------------------------------------------

#[test]
fn brand_settings_reach_the_page_and_the_logo_ships() {
    let course = course(
        "en",
        "organization = \"Acme\"\n\n[theme]\nscheme = \"light\"\naccent = \"#0B5FFF\"\nlogo = \"assets/logo.svg\"\nfont = \"serif\"\n",
    );
    course.write(
        "assets/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    course.build().assert_success();
    let html = index_html(&course);
    assert!(
        html.contains("data-scheme=\"light\" data-font=\"serif\" style=\"--accent: #0b5fff; --on-accent: #ffffff\""),
        "{html}"
    );
    // minijinja escapes `/` in attribute values; a browser reads `&#x2f;` as `/`.
    assert!(
        html.contains("<img class=\"sp-logo\" src=\"assets&#x2f;logo.svg\" alt=\"Acme\">"),
        "{html}"
    );
    let zip = zip::ZipArchive::new(std::fs::File::open(course.out()).unwrap()).unwrap();
    assert!(zip
        .file_names()
        .any(|n| n.is_ok_and(|n| n == "assets/logo.svg")));
}

#[test]
fn an_accent_without_aa_contrast_on_its_scheme_is_an_error_with_the_ratio() {
    let course = course(
        "en",
        "\n[theme]\nscheme = \"light\"\naccent = \"#cccccc\"\n",
    );
    let run = course.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error[content/invalid-course-toml]: content/course.toml:9:10: accent `#cccccc` has a contrast of 1.61:1 against the light scheme's background; WCAG AA needs 4.5:1 for text"
        ),
        "{}",
        run.stderr
    );
    // `auto` must read well in both schemes: a light accent fails the light one.
    let course = course_auto("#58a6ff");
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("against the light scheme's background"),
        "{}",
        run.stderr
    );
}

fn course_auto(accent: &str) -> Course {
    course(
        "en",
        &format!("\n[theme]\nscheme = \"auto\"\naccent = \"{accent}\"\n"),
    )
}

#[test]
fn page_titles_keep_the_case_the_author_wrote() {
    let course = course("en", "");
    course.build().assert_success();
    let css = {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(course.out()).unwrap()).unwrap();
        let mut text = String::new();
        zip.by_name("scormpack/theme.css")
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    assert!(!css.contains("text-transform"), "no forced case anywhere");
}

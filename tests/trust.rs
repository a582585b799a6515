//! What an author writes can never break tracking or run as script, and `build` refuses what
//! `check` would: each test is one way a course broke before, built through the real binary.

mod support;

use support::{Course, MINIMAL_TOML};

/// A minimal course whose one page has `body` after its front matter.
fn page(body: &str) -> Course {
    Course::from_files(&[
        ("course.toml", MINIMAL_TOML),
        (
            "pages/one.md",
            &format!("+++\ntitle = \"one\"\n+++\n\n{body}\n"),
        ),
    ])
}

// ---- raw HTML ---------------------------------------------------------------------------------

#[test]
fn a_script_written_about_html_is_shown_as_text_and_never_runs() {
    let course = page("Never paste <script>alert(1)</script> into a page.");
    course.build().assert_success();
    let html = course.out_text("index.html");
    assert!(html.contains("Never paste &lt;script&gt;alert(1)&lt;/script&gt; into a page."));
    assert!(!html.contains("<script>alert"), "{html}");
}

#[test]
fn tags_in_options_and_feedback_follow_the_same_policy() {
    let course = page(
        "::: question q1\n\nWhich tag <b>runs</b>?\n\n\
         - [x] <script>x()</script>\n  > Right: <iframe src=\"https://x.example\"></iframe> too.\n\
         - [ ] <kbd onclick=\"steal()\">Ctrl</kbd>\n:::",
    );
    course.build().assert_success();
    let html = course.out_text("index.html");
    assert!(
        html.contains("Which tag <b>runs</b>?"),
        "an allowed tag passes"
    );
    assert!(html.contains("&lt;script&gt;x()&lt;/script&gt;"));
    assert!(
        html.contains("&lt;iframe src=\"https://x.example\"&gt;&lt;/iframe&gt;")
            || html.contains("&lt;iframe src=&quot;https://x.example&quot;&gt;")
    );
    assert!(
        html.contains("<kbd>Ctrl</kbd>"),
        "the handler is dropped: {html}"
    );
    assert!(!html.contains("onclick") && !html.contains("<iframe"));
}

#[test]
fn check_notes_each_tag_it_showed_as_text() {
    let course = page("Line one.\n\nA <form action=\"x\">form</form> here.");
    let run = course.run(["check", "content"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("note[content/html-as-text]: `<form action=\"x\">` is not a tag a page may use, so it is shown as text"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("content/pages/one.md:7:3"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_unclosed_comment_is_an_error_where_it_opens() {
    let course = page("Intro.\n\n<!-- TODO: add the photo\n\nMore text.");
    let run = course.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error[content/unclosed-comment]: content/pages/one.md:7:1: this HTML comment is never closed"
        ),
        "{}",
        run.stderr
    );
    assert!(!course.out().exists());
}

#[test]
fn comments_are_left_out_of_the_package() {
    let course =
        page("Before <!-- a note for the team --> after.\n\n<!--\nblock note\n-->\n\nEnd.");
    course.build().assert_success();
    let html = course.out_text("index.html");
    assert!(!html.contains("note for the team") && !html.contains("block note"));
    assert!(html.contains("Before  after."));
}

#[test]
fn html_text_setting_shows_every_tag_as_text() {
    let course = page("Press <kbd>Ctrl</kbd>.");
    course.write(
        "course.toml",
        format!("{MINIMAL_TOML}\n[content]\nhtml = \"text\"\n"),
    );
    course.build().assert_success();
    assert!(course
        .out_text("index.html")
        .contains("Press &lt;kbd&gt;Ctrl&lt;/kbd&gt;."));
}

#[test]
fn javascript_data_and_file_links_are_refused_at_their_line() {
    for (link, scheme) in [
        ("[x](javascript:alert(1))", "javascript"),
        ("![x](data:image/png;base64,AAAA)", "data"),
        ("[x](file:///etc/passwd)", "file"),
    ] {
        let course = page(&format!("See {link}."));
        let run = course.build();
        assert_eq!(run.code, 1, "{link}");
        assert!(
            run.stderr
                .starts_with("error[content/unsafe-link]: content/pages/one.md:5:")
                && run
                    .stderr
                    .contains(&format!("`{scheme}:` links are not allowed")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn control_characters_never_reach_the_package() {
    let course = page("A NUL\u{0} and a form feed\u{c} here.");
    let run = course.build();
    run.assert_success();
    assert!(
        run.stderr
            .contains("warning[content/control-character]: content/pages/one.md:5:6:"),
        "{}",
        run.stderr
    );
    let html = course.out_text("index.html");
    assert!(html.contains("A NUL and a form feed here."));
    assert!(!html
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')));
}

// ---- files ------------------------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn a_template_linked_from_outside_the_course_is_refused() {
    let course = page("Hello.");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.css"), "body{}").unwrap();
    std::fs::create_dir_all(course.path("templates/theme")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.css"),
        course.path("templates/theme/theme.css"),
    )
    .unwrap();
    let run = course.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error[content/unsafe-template]: content/templates/theme/theme.css: `templates/theme/theme.css` is a link to a file outside the course folder"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_course_file_named_like_the_manifest_is_refused() {
    let course = page("The [manifest](imsmanifest.xml).");
    course.write("imsmanifest.xml", "<manifest/>");
    let run = course.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error[content/reserved-path]: content/pages/one.md:5:16: `imsmanifest.xml` would take the place of `imsmanifest.xml`, which scormpack writes itself"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn theme_files_in_subfolders_keep_their_folder() {
    let course = page("Hello.");
    course.write("templates/theme/print/extra.css", "a{}");
    course.write("templates/theme/extra.css", "b{}");
    course.build().assert_success();
    let names = course.out_names();
    assert!(
        names.contains(&"scormpack/print/extra.css".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"scormpack/extra.css".to_string()),
        "{names:?}"
    );
}

// ---- links between pages ----------------------------------------------------------------------

#[test]
fn a_link_to_another_page_turns_the_page_and_ships_no_markdown() {
    let course = Course::from_files(&[
        (
            "course.toml",
            &MINIMAL_TOML.replace("pages = [\"pages/one.md\"]", "pages = [\"pages/one.md\", \"pages/q.md\"]"),
        ),
        ("pages/one.md", "+++\ntitle = \"one\"\n+++\n\nGo to [the check](pages/q.md#top).\n"),
        (
            "pages/q.md",
            "+++\nid = \"final\"\ntitle = \"check\"\n+++\n\n::: question q1\n\nPick.\n\n- [x] a\n- [ ] b\n:::\n",
        ),
    ]);
    course.build().assert_success();
    let html = course.out_text("index.html");
    assert!(
        html.contains("<a href=\"#page-final\">the check</a>"),
        "{html}"
    );
    assert!(!course.out_names().iter().any(|n| n.ends_with(".md")));
}

#[test]
fn a_link_to_a_markdown_file_that_is_no_page_is_an_error() {
    let course = page("See [notes](notes.md).");
    course.write("notes.md", "- [x] the answer key\n");
    let run = course.build();
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "error[content/source-link]: content/pages/one.md:5:13: `notes.md` is a source file of the course, not a page of it"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_source_file_offered_as_download_is_a_warning() {
    let course = page("::: download\nlabel: The source\nfile: pages/one.md\n:::");
    let run = course.build();
    run.assert_success();
    assert!(
        run.stderr
            .contains("warning[content/source-download]: content/pages/one.md:7:7:"),
        "{}",
        run.stderr
    );
}

// ---- build is the gate ------------------------------------------------------------------------

#[test]
fn build_refuses_a_title_the_manifest_schema_refuses_and_points_at_course_toml() {
    let course = page("Hello.");
    let long = "T".repeat(5_000);
    course.write(
        "course.toml",
        MINIMAL_TOML.replace("title = \"Mini\"", &format!("title = \"{long}\"")),
    );
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error[package/manifest-schema]: content/course.toml:2:9:"),
        "{}",
        run.stderr
    );
    assert!(!course.out().exists());
}

#[test]
fn a_refused_build_prints_its_errors_first_and_leaves_notes_to_check() {
    let course = page("See [gone](assets/gone.pdf).\n\n<p>Pasted</p>\n\n<blink>old</blink>");
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error[content/missing-file]: content/pages/one.md:5:12:"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("note["), "{}", run.stderr);
    let check = course.run(["check", "content"]);
    assert_eq!(
        check.stdout.matches("note[content/html-as-text]").count(),
        4,
        "{}",
        check.stdout
    );
}

#[test]
fn a_build_refused_by_the_package_check_still_prints_the_course_warnings() {
    let course = page("Hello.");
    let long = "T".repeat(5_000);
    course.write(
        "course.toml",
        format!(
            "{}language = \"ko\"\n",
            MINIMAL_TOML.replace("title = \"Mini\"", &format!("title = \"{long}\""))
        ),
    );
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with("error[package/manifest-schema]:"),
        "{}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("error[package/manifest-schema]").count(),
        1,
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("warning[content/missing-strings]: content/course.toml:5:12: scormpack has no words for `ko`"),
        "{}",
        run.stderr
    );
    // The title is two elements of the manifest, but one line of course.toml: one finding.
    let check = course.run(["check", "content"]);
    assert!(
        check.stdout.contains(": 1 error, 1 warning"),
        "{}",
        check.stdout
    );
}

#[test]
fn build_refuses_a_plain_http_image_at_its_line() {
    let course = page("A logo: ![logo](http://example.com/logo.png)");
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error[lms/mixed-content]: content/pages/one.md:5:17:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_link_with_percent_escapes_names_the_file_it_escapes() {
    let course = page("![A photo](assets/my%20photo.png) and [the guide](assets/the%20guide.pdf).");
    course.write("assets/my photo.png", b"\x89PNG\r\n\x1a\n");
    course.write("assets/the guide.pdf", b"%PDF-1.4");
    course.build().assert_success();
    let html = course.out_text("index.html");
    assert!(html.contains("src=\"assets/my%20photo.png\""), "{html}");
    assert!(html.contains("href=\"assets/the%20guide.pdf\""), "{html}");
    let names = course.out_names();
    assert!(
        names.contains(&"assets/my photo.png".to_string()),
        "{names:?}"
    );
    assert!(
        names.contains(&"assets/the guide.pdf".to_string()),
        "{names:?}"
    );
}

// ---- accessibility of what the author wrote ---------------------------------------------------

#[test]
fn a_file_named_with_hash_percent_and_question_marks_is_escaped_wherever_the_package_names_it() {
    let course = page(
        "::: download\nfile: assets/notes #2/50% off?.txt\nlabel: the notes\n:::\n\n\
         [the notes](<assets/notes %232/50%25 off%3F.txt>)",
    );
    course.write("assets/notes #2/50% off?.txt", "notes");
    course.write(
        "assets/logo #1.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>"#,
    );
    course.write(
        "course.toml",
        format!("{MINIMAL_TOML}\n[theme]\nlogo = \"assets/logo #1.svg\"\nlogo_alt = \"Acme\"\n"),
    );
    course.build().assert_success();
    let escaped = "assets/notes%20%232/50%25%20off%3F.txt";
    let manifest = course.out_text("imsmanifest.xml");
    assert!(
        manifest.contains(&format!("<file href=\"{escaped}\"/>")),
        "{manifest}"
    );
    assert!(
        manifest.contains("<file href=\"assets/logo%20%231.svg\"/>"),
        "{manifest}"
    );
    // minijinja writes `/` in an attribute as `&#x2f;`, which a browser reads as `/`.
    let html = course.out_text("index.html").replace("&#x2f;", "/");
    assert_eq!(
        html.matches(&format!("href=\"{escaped}\"")).count(),
        2,
        "{html}"
    );
    assert!(html.contains("src=\"assets/logo%20%231.svg\""), "{html}");
    let names = course.out_names();
    assert!(
        names.contains(&"assets/notes #2/50% off?.txt".to_string()),
        "{names:?}"
    );
    let check = course.run(["check", "out/course.zip"]);
    assert!(check.stdout.contains(": 0 errors,"), "{}", check.stdout);
}

#[test]
fn headings_that_skip_a_level_or_climb_above_the_page_title_are_warned_about() {
    let course = page("## Too high\n\n### Fine\n\n##### Skips four");
    let run = course.build();
    run.assert_success();
    assert!(
        run.stderr.contains(
            "warning[a11y/heading-level]: content/pages/one.md:5:1: a level-2 heading inside a page"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "warning[a11y/heading-level]: content/pages/one.md:9:1: this level-5 heading skips a level after level 3"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("a11y/heading-level").count(), 2);
}

#[test]
fn link_texts_that_say_nothing_are_warned_about() {
    let course = page(
        "For the guide [click here](https://example.com/guide), or see <https://example.com/x>.\n\n\
         The [case study (PDF)](https://example.com/case.pdf) is fine.",
    );
    let run = course.build();
    run.assert_success();
    assert!(
        run.stderr.contains(
            "warning[a11y/link-text]: content/pages/one.md:5:15: the link text `click here` does not say where the link leads"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("the link text `https://example.com/x` does not say where the link leads"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("a11y/link-text").count(), 2);
}

#[test]
fn a_page_file_named_in_another_script_asks_for_an_id() {
    let course = Course::from_files(&[
        (
            "course.toml",
            &MINIMAL_TOML.replace("pages/one.md", "pages/שלום.md"),
        ),
        ("pages/שלום.md", "+++\ntitle = \"שלום\"\n+++\n\nשלום.\n"),
    ]);
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "error[content/invalid-id]: content/pages/שלום.md:1:1: the page id, taken from the file name, `שלום` may only use the letters A–Z and a–z, digits, `-` and `_`, starting with a letter\n  \
             help: set one in the front matter, e.g. `id = \"welcome\"`"
        ),
        "{}",
        run.stderr
    );
    course.replace("pages/שלום.md", "title = ", "id = \"shalom\"\ntitle = ");
    course.build().assert_success();
}

#[test]
fn footnotes_are_numbered_by_first_reference_and_found_across_a_block() {
    let course = page(
        "Agile[^agile] and lean[^lean], agile again[^agile].\n\n\
         ::: question q\nWhich?\n\n- [x] A\n- [ ] B\n:::\n\n\
         [^lean]: Toyota, *1950s*.\n\
         [^agile]: The 2001 manifesto.\n\
         [^agile]: A second note with the same label.",
    );
    let run = course.build();
    run.assert_success();
    let html = course.out_text("index.html");
    assert!(
        html.contains(
            "<p>Agile<sup><a href=\"#fn-one-1\" id=\"fnref-one-1\">1</a></sup> and lean<sup><a href=\"#fn-one-2\" id=\"fnref-one-2\">2</a></sup>, agile again<sup><a href=\"#fn-one-1\">1</a></sup>.</p>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<ol class=\"sp-footnotes\">\n<li id=\"fn-one-2\" value=\"2\">\n<p>Toyota, <em>1950s</em>.</p>\n</li>\n<li id=\"fn-one-1\" value=\"1\">\n<p>The 2001 manifesto.</p>\n</li>\n</ol>"
        ),
        "{html}"
    );
    assert!(!html.contains("A second note"), "{html}");
    assert!(
        run.stderr.contains(
            "warning[content/duplicate-footnote]: content/pages/one.md:16:1: the footnote `[^agile]` is defined twice on this page; this second definition is left out"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_link_in_a_footnote_is_checked_like_any_other() {
    let course = page("A claim.[^1]\n\n[^1]: See [the study](assets/missing.pdf).");
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error[content/missing-file]: content/pages/one.md:7:23: `assets/missing.pdf` does not exist"),
        "{}",
        run.stderr
    );
}

//! Accessibility of what the author wrote, through the real binary: an image without alt text
//! (Markdown or a typed `<img>`) stops the build at its place, `alt=""` marks decoration, a
//! table with an empty header row is warned about; a typed `<img>` ships its file as a
//! Markdown image does; an image with a title alone in its paragraph becomes a figure with a
//! caption, and every table sits in the box it scrolls in.

use super::support::{Course, MINIMAL_TOML};

/// A PNG's signature: enough for a file the package ships.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";

/// A one-page course whose page body starts on line 5 with `body`, and `assets/a.png`.
fn page(body: &str) -> Course {
    let course = Course::from_files(&[
        ("course.toml", MINIMAL_TOML),
        (
            "pages/one.md",
            &format!("+++\ntitle = \"one\"\n+++\n\n{body}\n"),
        ),
    ]);
    course.write("assets/a.png", PNG);
    course
}

/// Builds `course` and checks it fails with exactly `expected` (one error) on stderr.
fn rejected(course: &Course, expected: &str) {
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr_redacted(),
        format!("{expected}\nerror: the course has 1 error(s); no zip was written\n")
    );
    assert!(!course.out().exists(), "a zip was written");
}

const MARKDOWN_ALT: &str = "this image has no alt text, so a screen reader passes over it as if it were decoration\n\
     \x20 help: describe what the image shows between the brackets, e.g. `![the four stages of a release](…)`; \
     for an image that is only decoration write `<img alt=\"\" src=\"…\">`";
const TYPED_ALT: &str = "this `<img>` has no alt attribute, so a screen reader reads out its file name\n\
     \x20 help: add `alt=\"what the image shows\"`, or `alt=\"\"` when the image is only decoration";

// ---- a11y/image-alt ---------------------------------------------------------------------------

#[test]
fn a_markdown_image_without_alt_text_is_an_error_at_its_place() {
    rejected(
        &page("The pipeline:\n\nSee ![](assets/a.png) here."),
        &format!("error[a11y/image-alt]: content/pages/one.md:7:5: {MARKDOWN_ALT}"),
    );
    // Only white space between the brackets says nothing either.
    rejected(
        &page("![  ](assets/a.png)"),
        &format!("error[a11y/image-alt]: content/pages/one.md:5:1: {MARKDOWN_ALT}"),
    );
}

#[test]
fn a_typed_img_without_alt_is_an_error_at_its_place() {
    // Inline, in a paragraph…
    rejected(
        &page("A photo: <img src=\"assets/a.png\"> of the team."),
        &format!("error[a11y/image-alt]: content/pages/one.md:5:10: {TYPED_ALT}"),
    );
    // …and alone on its line (an HTML block).
    rejected(
        &page("Text.\n\n<img src=\"assets/a.png\" title=\"The team\">"),
        &format!("error[a11y/image-alt]: content/pages/one.md:7:1: {TYPED_ALT}"),
    );
}

#[test]
fn check_reports_a_missing_alt_with_the_source_line_and_exit_code_1() {
    let course = page("Line one.\n\n![](assets/a.png)");
    let run = course.run(["check", "content"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = run.stdout_redacted();
    assert!(
        out.contains("error[a11y/image-alt]: this image has no alt text"),
        "{out}"
    );
    assert!(out.contains(" --> content/pages/one.md:7:1\n"), "{out}");
    assert!(out.contains("7 | ![](assets/a.png)\n"), "{out}");
}

#[test]
fn an_image_in_a_question_is_judged_once() {
    let course = page(
        "::: question q\n\nWhich stage is this? ![](assets/a.png)\n\n\
         - [x] Build ![](assets/a.png)\n- [ ] Test\n  > ![](assets/a.png)\n:::",
    );
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error[a11y/image-alt]"))
        .map(|l| l.split(": ").nth(1).unwrap())
        .collect();
    assert_eq!(
        lines,
        [
            "content/pages/one.md:7:22",
            "content/pages/one.md:9:13",
            "content/pages/one.md:11:5"
        ],
        "{}",
        run.stderr
    );
}

#[test]
fn alt_empty_marks_a_typed_img_as_decoration_and_it_ships_like_a_markdown_image() {
    let course = page(
        "<img alt=\"\" src=\"assets/a.png\" onerror=\"alert(1)\" class=\"x\" width=\"40\" height=\"30\">\n\n\
         The team: <img src='assets/my%20photo.png' alt=\"Dev &amp; Ops, 12 people\" title=\"2026\">.",
    );
    course.write("assets/my photo.png", PNG);
    let run = course.build();
    run.assert_success();
    assert!(!run.stderr.contains("a11y/"), "{}", run.stderr);
    let html = course.out_text("index.html");
    assert!(
        html.contains(r#"<img src="assets/a.png" alt="" width="40" height="30">"#),
        "{html}"
    );
    assert!(
        html.contains(
            r#"<img src="assets/my%20photo.png" alt="Dev &amp; Ops, 12 people" title="2026">"#
        ),
        "{html}"
    );
    assert!(
        !html.contains("onerror") && !html.contains("class=\"x\""),
        "{html}"
    );
    let names = course.out_names();
    assert!(names.contains(&"assets/a.png".to_string()), "{names:?}");
    assert!(
        names.contains(&"assets/my photo.png".to_string()),
        "{names:?}"
    );
}

#[test]
fn a_typed_img_naming_a_missing_file_is_the_same_error_as_a_markdown_image() {
    let missing = "`assets/nope.png` does not exist\n\
        \x20 help: check the spelling; paths are relative to the course folder, e.g. `assets/case-study.pdf`";
    rejected(
        &page("![A chart](assets/nope.png)"),
        &format!("error[content/missing-file]: content/pages/one.md:5:12: {missing}"),
    );
    // The place is the path, as for a Markdown image.
    rejected(
        &page("A chart: <img alt=\"A chart\" src=\"assets/nope.png\">"),
        &format!("error[content/missing-file]: content/pages/one.md:5:34: {missing}"),
    );
    rejected(
        &page("<img alt=\"x\">"),
        "error[content/missing-file]: content/pages/one.md:5:1: this `<img>` names no file\n\
         \x20 help: name the image by its path in the course folder: `<img src=\"assets/photo.png\" alt=\"…\">`",
    );
}

#[test]
fn a_typed_img_follows_the_link_rules_of_a_markdown_image() {
    rejected(
        &page("<img alt=\"x\" src=\"javascript:alert(1)\">"),
        "error[content/unsafe-link]: content/pages/one.md:5:19: `javascript:` links are not allowed in a package\n\
         \x20 help: link to an http(s) address, a mailto: address, or a file of the course by its relative path",
    );
    let run = page("A logo: <img alt=\"logo\" src=\"http://example.com/logo.png\">").build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .starts_with("error[lms/mixed-content]: content/pages/one.md:5:30:"),
        "{}",
        run.stderr
    );
}

#[test]
fn with_html_as_text_a_typed_img_is_text_and_not_judged() {
    let course = page("<img src=\"assets/nope.png\">");
    course.write(
        "course.toml",
        format!("{MINIMAL_TOML}\n[content]\nhtml = \"text\"\n"),
    );
    let run = course.build();
    run.assert_success();
    assert!(!run.stderr.contains("a11y/"), "{}", run.stderr);
    let html = course.out_text("index.html");
    assert!(
        html.contains("&lt;img src=\"assets/nope.png\"&gt;")
            || html.contains("&lt;img src=&quot;assets/nope.png&quot;&gt;"),
        "{html}"
    );
}

// ---- a11y/table-header ------------------------------------------------------------------------

#[test]
fn a_table_with_an_empty_header_row_is_warned_about() {
    let course = page(
        "| | |\n|---|---|\n| Embed | 8 |\n\n\
         | Pattern | Teams |\n|---|---|\n| Liaison | 4 |",
    );
    let run = course.build();
    run.assert_success();
    assert_eq!(
        run.stderr_redacted(),
        "warning[a11y/table-header]: content/pages/one.md:5:1: this table's header row is empty, so a screen reader names no column\n\
         \x20 help: write what each column holds in the table's first row, e.g. `| Pattern | Team size |`\n"
    );
}

// ---- figures and tables -----------------------------------------------------------------------

#[test]
fn an_image_with_a_title_alone_in_its_paragraph_is_a_figure_with_its_caption() {
    let course = page(
        "![The release pipeline](assets/a.png \"Figure 1: four stages <and> a gate\")\n\n\
         Inline, ![an icon](assets/a.png \"a title\") stays an image.",
    );
    course.build().assert_success();
    let html = course.out_text("index.html");
    assert!(
        html.contains(
            "<figure><img src=\"assets/a.png\" alt=\"The release pipeline\" />\
             <figcaption>Figure 1: four stages &lt;and&gt; a gate</figcaption></figure>"
        ),
        "{html}"
    );
    assert!(
        html.contains(
            "<p>Inline, <img src=\"assets/a.png\" alt=\"an icon\" title=\"a title\" /> stays an image.</p>"
        ),
        "{html}"
    );
}

#[test]
fn every_table_sits_in_its_scroll_box_also_among_typed_tags() {
    // A typed tag sends the page's HTML through the cleaning pass, which keeps the box and
    // the figure.
    let course = page(
        "Press <kbd>Ctrl</kbd>.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n\
         ![x](assets/a.png \"A caption\")",
    );
    course.build().assert_success();
    let html = course.out_text("index.html");
    assert!(html.contains("<kbd>Ctrl</kbd>"), "{html}");
    assert!(
        html.contains("<div class=\"sp-table\"><table><thead>"),
        "{html}"
    );
    assert!(html.contains("</table>\n</div>"), "{html}");
    assert!(
        html.contains(
            "<figure><img src=\"assets/a.png\" alt=\"x\"><figcaption>A caption</figcaption></figure>"
        ),
        "{html}"
    );
}

//! What the fuzz targets share: a scratch folder for the files the code under test reads from
//! disk (a course folder, a zip), the framing that turns one fuzzed input into a course, and the
//! checks made on what the code returned.
//!
//! `cargo xtask fuzz` points `TMPDIR` at a folder on `/dev/shm` where there is one, so writing
//! a course for each input costs no disk I/O, and removes it afterwards.

use scormpack::diag::{render, Diagnostic, Diagnostics};
use scormpack::model::{Block, Course};
use scormpack::parse::ParseOptions;
use scormpack::render::Theme;
use scormpack::source::{CourseFolder, Sources};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The separator between the files of a fuzzed course: course.toml, then `pages/1.md`, …
pub const FILE_SEPARATOR: u8 = 0;

/// A folder of this process's own, made once.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("scormpack-fuzz-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("the scratch folder can be made");
        dir
    })
}

/// A course folder holding exactly `files` (path relative to the folder, contents).
pub fn write_course(files: &[(String, &[u8])]) -> PathBuf {
    let dir = scratch().join("course");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("pages")).expect("the course folder can be made");
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("a course file can be written");
    }
    dir
}

/// A course of one page: a course.toml that names `pages/1.md`, and that page.
pub fn one_page_course(page: &[u8]) -> PathBuf {
    const COURSE_TOML: &[u8] = b"id = \"fuzz\"\ntitle = \"Fuzz\"\nversion = \"1.0.0\"\npages = [\"pages/1.md\"]\n\n[xapi]\nactivity_id = \"https://example.com/fuzz\"\n";
    write_course(&[
        ("course.toml".into(), COURSE_TOML),
        ("pages/1.md".into(), page),
    ])
}

/// A course of one page whose text is `front` (its front matter and anything before the
/// fuzzed part) then `data`: loaded as every command loads it and, when it had no error, held
/// to `assert_inert`.
pub fn fuzz_page(front: &[u8], data: &[u8]) {
    let page = [front, data].concat();
    if let Some(course) = load_course(&one_page_course(&page)) {
        assert_inert(&course);
    }
}

/// Reads the course in `dir` as every command does (theme, then course.toml and pages), renders
/// every problem found as `check` prints it, and returns the course when it had no error.
pub fn load_course(dir: &Path) -> Option<Course> {
    let mut folder = CourseFolder::new(dir);
    let theme = match Theme::load(&mut folder) {
        Ok(theme) => theme,
        Err(diags) => {
            print_all(&diags, &folder.sources);
            return None;
        }
    };
    let icons = theme.icon_names();
    let mut diags = Diagnostics::default();
    let course = scormpack::parse::load(&mut folder, &ParseOptions { icons: &icons }, &mut diags);
    let diags: Vec<Diagnostic> = diags
        .into_vec()
        .into_iter()
        .chain(folder.warnings.drain(..))
        .collect();
    print_all(&diags, &folder.sources);
    course
}

/// Renders diagnostics with their source snippets: a location past the end of its file, or
/// inside a character, panics here.
pub fn print_all(diags: &[Diagnostic], sources: &Sources) {
    let text = render::human(
        diags,
        &|name| sources.text(name).map(str::to_string),
        render::Style { color: false },
    );
    assert!(diags.is_empty() || !text.is_empty());
}

/// The author's HTML that ends up in a page never carries active content: a script, a frame,
/// an event handler or a `javascript:` URL, whatever was written.
pub fn assert_inert(course: &Course) {
    static SELF_TEST: OnceLock<()> = OnceLock::new();
    SELF_TEST.get_or_init(self_test);
    for page in &course.pages {
        for block in &page.blocks {
            let html = match block {
                Block::Markdown { html, .. } => html.as_str(),
                Block::Pattern(pattern) => pattern.body_html.as_str(),
                _ => continue,
            };
            if let Some(problem) = active_content(html) {
                panic!(
                    "active content ({problem}) in the HTML of page {}: {html}",
                    page.id
                );
            }
        }
    }
}

/// The check itself finds what it must and passes what it must, before any input is judged by it.
fn self_test() {
    assert_eq!(
        active_content("<p>a<script>x</script></p>").as_deref(),
        Some("<script>")
    );
    assert_eq!(
        active_content("<img src=x onerror=\"y\">").as_deref(),
        Some("attribute onerror")
    );
    assert_eq!(
        active_content("<a href=\"javascript:x\">a</a>").as_deref(),
        Some("a javascript: URL")
    );
    assert_eq!(
        active_content("<p title=\"a onclick=b\">on=1 &lt;script&gt;</p>"),
        None
    );
    assert_eq!(
        active_content("<a href=\"https://x/?q=javascript:\">x</a>"),
        None
    );
}

/// The first active part of `html`, if any. Outside tags `<` never stands raw in the output of
/// the HTML policy, so every `<` opens a tag; attribute values are skipped as quoted strings.
pub fn active_content(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut i = 0;
    while let Some(open) = lower[i..].find('<').map(|at| at + i) {
        let name_end = lower[open + 1..]
            .find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')
            .map_or(lower.len(), |at| at + open + 1);
        let name = &lower[open + 1..name_end];
        if matches!(
            name,
            "script"
                | "iframe"
                | "object"
                | "embed"
                | "frame"
                | "style"
                | "base"
                | "form"
                | "meta"
                | "link"
        ) {
            return Some(format!("<{name}>"));
        }
        // The attributes, up to the end of the tag.
        let mut j = name_end;
        let mut quote = None;
        let mut attribute_start = true;
        while j < bytes.len() {
            let c = bytes[j];
            match quote {
                Some(q) if c == q => quote = None,
                Some(_) => {}
                None if c == b'"' || c == b'\'' => quote = Some(c),
                None if c == b'>' => break,
                None if attribute_start && lower[j..].starts_with("on") => {
                    let rest = &lower[j..];
                    let attr: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                        .collect();
                    if rest[attr.len()..].trim_start().starts_with('=') {
                        return Some(format!("attribute {attr}"));
                    }
                }
                None => {}
            }
            if quote.is_none() {
                let value_start = c == b'"' || c == b'\'';
                if !value_start
                    && matches!(&lower[j..], rest if rest.starts_with("=\"javascript:") || rest.starts_with("='javascript:") || rest.starts_with("=javascript:"))
                {
                    return Some("a javascript: URL".into());
                }
            }
            attribute_start = quote.is_none() && bytes[j].is_ascii_whitespace();
            j += 1;
        }
        i = j.max(open + 1);
        if i >= lower.len() {
            break;
        }
    }
    None
}

/// Runs `check` on `bytes` saved as a zip file, and renders what it found.
pub fn check_zip(bytes: &[u8]) {
    let path = scratch().join("package.zip");
    std::fs::write(&path, bytes).expect("the zip can be written");
    let report = scormpack::check::check(&scormpack::check::CheckOptions {
        path,
        profile: scormpack::check::Profile::Generic,
        max_size: None,
    });
    let text = render::human(
        &report.findings,
        &|name| report.texts.get(name).cloned(),
        render::Style { color: false },
    );
    assert!(report.findings.is_empty() || !text.is_empty());
}

/// A zip holding `files`, stored (not deflated), in the order given.
pub fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in files {
        zip.start_file(*name, options)
            .expect("an entry can be started");
        zip.write_all(bytes).expect("an entry can be written");
    }
    zip.finish().expect("the zip can be finished");
    out.into_inner()
}

/// Every statement a reader hands on has an id that is a UUID: the key of exactly-once
/// delivery.
fn assert_identified(entry: &scormpack::lrs::input::Entry) {
    let id = entry.statement.get("id").and_then(|id| id.as_str());
    assert!(
        id.is_some_and(|id| id.len() == 36 && id.split('-').count() == 5),
        "a statement without a UUID id: {}",
        entry.statement
    );
}

/// `send --results` on `bytes` as the results CSV.
pub fn send_results(bytes: &[u8]) {
    let course = scormpack::lrs::statement::CourseActivity {
        id: "https://example.com/courses/fuzz".into(),
        name: "Fuzz".into(),
        description: "A course".into(),
        language: "en".into(),
    };
    let options = scormpack::lrs::input::results::ResultsOptions {
        course: &course,
        account_home_page: Some("https://lms.example.com"),
        delimiter: None,
    };
    let mut diags = Diagnostics::default();
    scormpack::lrs::input::results::read_results(
        Path::new("results.csv"),
        bytes,
        &options,
        &mut diags,
        &mut |entry| assert_identified(&entry),
    );
    print_all(diags.items(), &Sources::default());
}

/// `send --statements` on `bytes` as the statements file.
pub fn send_statements(bytes: &[u8]) {
    let mut diags = Diagnostics::default();
    scormpack::lrs::input::read_statements(
        Path::new("statements.json"),
        bytes,
        &mut diags,
        &mut |entry| assert_identified(&entry),
    );
    print_all(diags.items(), &Sources::default());
}

//! A course ⇄ its translation. `export` gives every text an author wrote (course.toml's
//! titles and labels, the pages' paragraphs, questions, options and feedback) to a translator
//! as an XLIFF 2.0 document; `import` writes a translated copy of the course folder from it.
//!
//! A text is found by its file and a key within it that no line number enters
//! (`pages/intro.md` + `q:capital:prompt`, `p:3`), and the translation is written exactly
//! where the original stood ([`crate::model::Text`]'s span), so everything around it stays
//! as it was: page ids, question ids and the order of options, hence the LMS's bookmarks and
//! interaction ids.

mod text;
pub mod xliff;

pub use xliff::{Document, Unit};

use crate::diag::{Diagnostic, Location};
use crate::model::{Course, FileId, Text};
use crate::project::{LoadError, Project};
use crate::source::CourseFolder;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// Every text of the course for a translator, without translations, in the order written:
/// course.toml's first, then each page's, then the package's own words ([`words`]).
pub fn export(project: &Project, target_language: &str) -> Document {
    let mut units: Vec<Unit> = texts(project)
        .into_iter()
        .map(|(file, text)| Unit {
            file: file.to_string(),
            key: text.key.clone(),
            source: text::read(project.sources.get(text.span.file), text),
            target: None,
            offset: 0,
        })
        .collect();
    units.extend(
        words(project, target_language)
            .into_iter()
            .map(|(key, source)| Unit {
                file: WORDS_FILE.to_string(),
                key,
                source,
                target: None,
                offset: 0,
            }),
    );
    Document {
        source_language: project.course.meta.language.clone(),
        target_language: target_language.to_string(),
        units,
        offset: 0,
    }
}

/// Where a translation keeps the package's own words it translated.
const WORDS_FILE: &str = "templates/strings.toml";

/// The package's own words (buttons, "Question 1/12", …) a translation into `language` needs,
/// by key, as the course shows them now: every word when scormpack has no table for that
/// language, else only those the course sets in `templates/strings.toml`, which would
/// otherwise override the table in the original's language. Words set in course.toml's
/// `[strings]` are texts of course.toml already.
fn words(project: &Project, language: &str) -> Vec<(String, String)> {
    let theme = &project.theme;
    let keys = if crate::render::strings::has_table(theme, language) {
        crate::render::strings::course_keys(theme)
    } else {
        crate::render::strings::keys(theme)
    };
    keys.into_iter()
        .filter(|key| !project.course.meta.strings.contains_key(key))
        .map(|key| {
            let word = project.strings.get(&key).to_string();
            (key, word)
        })
        .filter(|(_, word)| !word.is_empty())
        .collect()
}

/// Each text of the course with the file it stands in, as `course.toml` names the file.
fn texts(project: &Project) -> Vec<(&str, &Text)> {
    let course = &project.course;
    let mut out: Vec<(&str, &Text)> = course
        .meta
        .texts
        .iter()
        .map(|text| ("course.toml", text))
        .collect();
    for page in &course.pages {
        out.extend(page.texts.iter().map(|text| (page.file.as_str(), text)));
    }
    out
}

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The translated XLIFF file.
    pub xliff: PathBuf,
    /// The course the XLIFF was exported from.
    pub course_dir: PathBuf,
    /// The translated course folder to write: new, or an empty folder.
    pub out_dir: PathBuf,
    /// Refuse to write a course in which a text has no translation.
    pub strict: bool,
}

/// What an import wrote.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The translated course's language.
    pub language: String,
    /// How many texts were translated.
    pub translated: usize,
    /// The texts without a translation, which keep the course's text (`pages/intro.md/p:1`).
    pub untranslated: Vec<String>,
    /// The texts whose `<source>` differs from the course's text today: the course changed
    /// after the export, and the translation may be of an older text.
    pub changed: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The options contradict each other (where the course would be written).
    #[error("{message}")]
    Usage { message: String, help: String },
    /// Problems in the XLIFF file or the course, each with its place.
    #[error("the translation has {} error(s)", .0.len())]
    Content(Vec<Diagnostic>),
    /// `--strict`, and texts without a translation.
    #[error("{} text(s) have no translation", .0.len())]
    Untranslated(Vec<String>),
    #[error("cannot {action} `{}`: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
}

impl From<LoadError> for ImportError {
    fn from(failed: LoadError) -> Self {
        ImportError::Content(failed.diagnostics)
    }
}

/// Writes the course of `options.course_dir` translated by the XLIFF file into
/// `options.out_dir`: through a temporary folder beside it, renamed when the translated
/// course has loaded without errors and kept every id of the original.
pub fn import(options: &ImportOptions) -> Result<ImportReport, ImportError> {
    check_out_dir(&options.out_dir, &options.course_dir)?;
    let name = options.xliff.to_string_lossy().replace('\\', "/");
    let xliff_text = std::fs::read_to_string(&options.xliff).map_err(|source| ImportError::Io {
        action: "read",
        path: options.xliff.clone(),
        source,
    })?;
    let doc = xliff::read(&name, &xliff_text).map_err(ImportError::Content)?;
    let at = |offset: usize| xliff::location(&name, &xliff_text, offset);
    let project = Project::load(&options.course_dir)?;
    let mut problems = Vec::new();
    if !crate::model::is_language_tag(&doc.target_language) {
        problems.push(
            Diagnostic::error(
                "xliff/invalid-language",
                format!("trgLang `{}` is not a language tag", doc.target_language),
            )
            .at(at(doc.offset))
            .help("use a BCP 47 tag such as `fr`, `fr-CA` or `pt-BR`"),
        );
    }
    let course_language = &project.course.meta.language;
    if &doc.source_language != course_language {
        problems.push(
            Diagnostic::error(
                "xliff/other-course",
                format!(
                    "srcLang `{}` is not the course's language `{course_language}`",
                    doc.source_language
                ),
            )
            .at(at(doc.offset))
            .help("import the XLIFF with the course it was exported from (`--course DIR`)"),
        );
    }
    // The translations by file and key; a unit the course does not have is an error.
    let course_texts = texts(&project);
    let course_words = words(&project, &doc.target_language);
    let known: HashSet<(&str, &str)> = course_texts
        .iter()
        .map(|(file, text)| (*file, text.key.as_str()))
        .chain(
            course_words
                .iter()
                .map(|(key, _)| (WORDS_FILE, key.as_str())),
        )
        .collect();
    let mut given: HashMap<(&str, &str), &Unit> = HashMap::new();
    for unit in &doc.units {
        let id = (unit.file.as_str(), unit.key.as_str());
        if !known.contains(&id) {
            problems.push(
                Diagnostic::error(
                    "xliff/unknown-unit",
                    format!("the course has no text `{}` in `{}`", unit.key, unit.file),
                )
                .at(at(unit.offset))
                .help("import the XLIFF with the course it was exported from (`--course DIR`), or export it again"),
            );
        } else if let Some(first) = given.insert(id, unit) {
            let first = at(first.offset);
            problems.push(
                Diagnostic::error(
                    "xliff/duplicate-unit",
                    format!(
                        "the text `{}` of `{}` is translated twice (first at {}:{})",
                        unit.key,
                        unit.file,
                        first.line.unwrap_or(0),
                        first.column.unwrap_or(0)
                    ),
                )
                .at(at(unit.offset))
                .help("keep one <unit> for each text"),
            );
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Content(problems));
    }
    // The translation of each text, written where the text stands.
    let mut edits: HashMap<FileId, Vec<(usize, usize, String)>> = HashMap::new();
    let mut report = ImportReport {
        language: doc.target_language.clone(),
        translated: 0,
        untranslated: Vec::new(),
        changed: Vec::new(),
    };
    for (file, text) in &course_texts {
        let source_file = project.sources.get(text.span.file);
        let id = format!("{file}/{}", text.key);
        let unit = given.get(&(*file, text.key.as_str()));
        if let Some(unit) = unit {
            if unit.source != text::read(source_file, text) {
                report.changed.push(id.clone());
            }
        }
        match unit.and_then(|u| u.target.as_deref()) {
            Some(target) if !target.trim().is_empty() => {
                let written = text::write(source_file, text, target.trim());
                edits.entry(text.span.file).or_default().push((
                    text.span.start,
                    text.span.end,
                    written,
                ));
                report.translated += 1;
            }
            _ => report.untranslated.push(id),
        }
    }
    // The words: every one translated, and those the course set itself, in its own words file.
    let mut translated_words: BTreeMap<String, String> = BTreeMap::new();
    for (key, word) in &course_words {
        let id = format!("{WORDS_FILE}/{key}");
        let unit = given.get(&(WORDS_FILE, key.as_str()));
        if unit.is_some_and(|unit| &unit.source != word) {
            report.changed.push(id.clone());
        }
        match unit.and_then(|u| u.target.as_ref().map(|t| (u, t))) {
            Some((unit, target)) if !target.trim().is_empty() => {
                if placeholders(target) != placeholders(word) {
                    problems.push(
                        Diagnostic::error(
                            "xliff/placeholder",
                            format!(
                                "the translation of `{key}` must keep the placeholders of `{word}`, no more and no fewer"
                            ),
                        )
                        .at(at(unit.offset))
                        .help("scormpack fills in `{n}`, `{total}`, `{score}`, `{needed}` and `{item}`: keep them as they are, in the order the language needs"),
                    );
                }
                translated_words.insert(key.clone(), target.trim().to_string());
                report.translated += 1;
            }
            _ => report.untranslated.push(id),
        }
    }
    if !problems.is_empty() {
        return Err(ImportError::Content(problems));
    }
    if options.strict && !report.untranslated.is_empty() {
        return Err(ImportError::Untranslated(report.untranslated));
    }
    language_edits(&project, &doc.target_language, &mut edits);
    let mut new_files = Vec::new();
    if !translated_words.is_empty() {
        new_files.push((
            WORDS_FILE.to_string(),
            words_file(&project, &doc.target_language, translated_words),
        ));
    }
    write_course(&project, &edits, new_files, options)?;
    Ok(report)
}

/// The `{name}` placeholders of a word, sorted.
fn placeholders(word: &str) -> Vec<&str> {
    let mut found: Vec<&str> = word
        .split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect();
    found.sort_unstable();
    found
}

/// The translation's `templates/strings.toml`: the words the course set there, with the
/// translated words in their place.
fn words_file(project: &Project, language: &str, translated: BTreeMap<String, String>) -> String {
    let mut words: BTreeMap<String, String> = project
        .theme
        .get("strings.toml")
        .and_then(|text| toml::from_str(text).ok())
        .unwrap_or_default();
    words.extend(translated);
    let mut out = format!(
        "# The package's own words in `{language}` (buttons, \"Question 1/12\", the result line), from\n# the translation; `scormpack check` names any still missing.\n"
    );
    for (key, word) in words {
        out.push_str(&format!("{key} = {}\n", toml::Value::String(word)));
    }
    out
}

/// course.toml of the translation: `language` is the translation's, and `[i18n] source`
/// keeps the language the course was written in (a translation of a translation keeps it).
fn language_edits(
    project: &Project,
    language: &str,
    edits: &mut HashMap<FileId, Vec<(usize, usize, String)>>,
) {
    let meta = &project.course.meta;
    let toml = project.sources.get(meta.source.file);
    let quoted = |value: &str| toml::Value::String(value.to_string()).to_string();
    let edits = edits.entry(meta.source.file).or_default();
    match meta.spans.get("language") {
        Some(span) => edits.push((span.start, span.end, quoted(language))),
        None => {
            let start = toml.text.len() - toml.text.trim_start_matches('\u{feff}').len();
            edits.push((start, start, format!("language = {}\n", quoted(language))));
        }
    }
    if meta.source_language.is_none() {
        let end = toml.text.len();
        let newline = if toml.text.ends_with('\n') || toml.text.is_empty() {
            ""
        } else {
            "\n"
        };
        edits.push((
            end,
            end,
            format!(
                "{newline}\n[i18n]\n# The language the course was written in; packages of this translation carry theirs in their name.\nsource = {}\n",
                quoted(&meta.language)
            ),
        ));
    }
}

/// Refuses a folder that holds something already, or that lies in the course folder (the
/// translation would become part of the course it translates).
fn check_out_dir(out: &Path, course_dir: &Path) -> Result<(), ImportError> {
    let usage = |message: String, help: &str| ImportError::Usage {
        message,
        help: help.to_string(),
    };
    if let (Some(out_abs), Some(course_abs)) = (absolute(out), absolute(course_dir)) {
        if out_abs.starts_with(&course_abs) {
            return Err(usage(
                format!(
                    "`{}` is inside the course folder `{}`",
                    out.display(),
                    course_dir.display()
                ),
                "write the translated course beside the original, e.g. `-o content-fr`",
            ));
        }
    }
    if out.exists() {
        let empty = std::fs::read_dir(out).is_ok_and(|mut entries| entries.next().is_none());
        if !empty {
            return Err(usage(
                format!("`{}` exists and is not an empty folder", out.display()),
                "name a new folder for the translated course, e.g. `-o content-fr`",
            ));
        }
    }
    Ok(())
}

/// The path with every folder that exists resolved (links, `..`), the rest appended.
fn absolute(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let mut existing = path.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return Some(
                rest.iter()
                    .rev()
                    .fold(real, |p: PathBuf, part| p.join(part)),
            );
        }
        rest.push(existing.file_name()?.to_owned());
        existing = existing.parent()?;
    }
}

/// Copies the course folder into a temporary folder beside `out_dir` with the edits made,
/// loads the copy to prove it a course with the same ids, and renames it to `out_dir`.
fn write_course(
    project: &Project,
    edits: &HashMap<FileId, Vec<(usize, usize, String)>>,
    new_files: Vec<(String, String)>,
    options: &ImportOptions,
) -> Result<(), ImportError> {
    let out = &options.out_dir;
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let io = |action: &'static str, path: &Path| {
        let path = path.to_path_buf();
        move |source| ImportError::Io {
            action,
            path,
            source,
        }
    };
    std::fs::create_dir_all(&parent).map_err(io("create", &parent))?;
    let temp = tempfile::Builder::new()
        .prefix(".scormpack-import-")
        .tempdir_in(&parent)
        .map_err(io("create a folder in", &parent))?;
    // The texts to write, by their path in the course folder.
    let mut texts: HashMap<String, String> = HashMap::new();
    let mut names: HashMap<FileId, &str> = HashMap::new();
    names.insert(project.course.meta.source.file, "course.toml");
    for page in &project.course.pages {
        names.insert(page.span.file, &page.file);
    }
    for (file, file_edits) in edits {
        let Some(name) = names.get(file) else {
            continue;
        };
        let mut text = project.sources.get(*file).text.clone();
        let mut file_edits = file_edits.clone();
        file_edits.sort_by_key(|(start, end, _)| std::cmp::Reverse((*start, *end)));
        for (start, end, written) in file_edits {
            text.replace_range(start..end, &written);
        }
        texts.insert(name.to_string(), text);
    }
    // A file written whole replaces the course's file of that name, or is added.
    texts.extend(new_files);
    let folder = CourseFolder::new(&project.course_dir);
    let files = folder
        .files()
        .map_err(io("read the course folder", &project.course_dir))?;
    for (relative, path) in files {
        let to = temp.path().join(&relative);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io("create", dir))?;
        }
        match texts.remove(&relative) {
            Some(text) => std::fs::write(&to, text).map_err(io("write", &to))?,
            None => std::fs::copy(&path, &to)
                .map(drop)
                .map_err(io("copy", &path))?,
        }
    }
    for (relative, text) in texts {
        let to = temp.path().join(&relative);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io("create", dir))?;
        }
        std::fs::write(&to, text).map_err(io("write", &to))?;
    }
    // Problems in the copy are named as the folder it becomes.
    let translated = Project::load(temp.path()).map_err(|failed| {
        let temp_name = crate::source::display_name(temp.path(), "");
        let out_name = crate::source::display_name(out, "");
        ImportError::Content(
            failed
                .diagnostics
                .into_iter()
                .map(|mut diag| {
                    if let Some(location) = &mut diag.location {
                        location.file = location.file.replacen(&temp_name, &out_name, 1);
                    }
                    diag
                })
                .collect(),
        )
    })?;
    if let Some((was, is)) = first_difference(&project.course, &translated.course) {
        return Err(ImportError::Content(vec![Diagnostic::error(
            "xliff/changed-structure",
            format!("the translation changes the course's structure: `{was}` became `{is}`"),
        )
        .at(Location::file(options.xliff.to_string_lossy().into_owned()))
        .help("keep each `=>` of a matching pair, and give right items that are the same in the course the same translation")]));
    }
    if out.exists() {
        // Empty, as checked: the rename puts the course in its place.
        std::fs::remove_dir(out).map_err(io("replace", out))?;
    }
    let kept = temp.keep();
    std::fs::rename(&kept, out).map_err(|source| {
        let _ = std::fs::remove_dir_all(&kept);
        ImportError::Io {
            action: "create",
            path: out.clone(),
            source,
        }
    })?;
    Ok(())
}

/// The first place where two courses differ in what the LMS records: page ids, question ids,
/// types, and the keys of options, steps, pairs and right items.
fn first_difference(a: &Course, b: &Course) -> Option<(String, String)> {
    let (a, b) = (skeleton(a), skeleton(b));
    let n = a.len().max(b.len());
    (0..n).find_map(|i| {
        let was = a.get(i).cloned().unwrap_or_default();
        let is = b.get(i).cloned().unwrap_or_default();
        (was != is).then_some((was, is))
    })
}

fn skeleton(course: &Course) -> Vec<String> {
    let mut out = Vec::new();
    for page in &course.pages {
        out.push(format!("page {}", page.id));
        for q in page.questions() {
            let keys = |choices: &[crate::model::Choice]| {
                choices
                    .iter()
                    .map(|c| format!("{}{}", c.key, if c.correct { "*" } else { "" }))
                    .collect::<Vec<_>>()
                    .join(",")
            };
            let pairs: Vec<String> = q
                .pairs
                .iter()
                .map(|p| format!("{}.{}", p.key, p.target))
                .collect();
            out.push(format!(
                "question {} ({}) options [{}] right items [{}] pairs [{}]",
                q.id,
                q.kind.name(),
                keys(&q.choices),
                keys(&q.targets),
                pairs.join(",")
            ));
        }
    }
    out
}

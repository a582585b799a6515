//! `course.toml` → course settings and the ordered list of page files.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{
    is_absolute_iri, is_identifier, is_language_tag, Completion, CourseMeta, FailStatus, PassStatus,
};
use crate::source::SourceFile;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

/// The file as written. Unknown keys are errors, so a typo points at the key instead of
/// silently falling back to a default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseToml {
    id: Spanned<String>,
    title: Spanned<String>,
    version: Spanned<String>,
    #[serde(default = "default_language")]
    language: Spanned<String>,
    #[serde(default)]
    description: String,
    organization: Option<String>,
    author: Option<String>,
    kicker: Option<String>,
    badge: Option<String>,
    pages: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    completion: CompletionToml,
    #[serde(default)]
    xapi: XapiToml,
    #[serde(default)]
    content: ContentToml,
    #[serde(default)]
    strings: BTreeMap<String, Spanned<String>>,
}

/// `[content]`: how the pages' text is treated.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ContentToml {
    /// `safe` (the default): a few formatting tags pass, every other tag is shown as text;
    /// `text`: every tag is shown as text.
    html: Option<Spanned<String>>,
}

/// `[xapi]`: what the xAPI package and `scormpack send` need beyond the rest.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct XapiToml {
    activity_id: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompletionToml {
    #[serde(default = "default_passing_score")]
    passing_score: Spanned<i64>,
    #[serde(default = "default_statuses")]
    statuses: Spanned<String>,
}

impl Default for CompletionToml {
    fn default() -> Self {
        CompletionToml {
            passing_score: default_passing_score(),
            statuses: default_statuses(),
        }
    }
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "en".to_string())
}

fn default_passing_score() -> Spanned<i64> {
    Spanned::new(0..0, 80)
}

fn default_statuses() -> Spanned<String> {
    Spanned::new(0..0, "passed/failed".to_string())
}

/// A page listed in `course.toml`, with the offset of its entry for diagnostics.
pub(crate) struct PageEntry {
    pub path: String,
    pub offset: usize,
}

/// What `course.toml` gave: the settings when they are all valid, and the page list whenever
/// it could be read, so the pages are checked too even when a setting is wrong.
pub(crate) struct Settings {
    pub meta: Option<CourseMeta>,
    pub pages: Vec<PageEntry>,
}

/// Only the page list, read without `deny_unknown_fields`: when another key is wrong, the
/// pages can still be found and checked in the same run.
#[derive(Deserialize)]
struct PagesOnly {
    pages: Vec<Spanned<String>>,
}

fn entries(pages: Vec<Spanned<String>>) -> Vec<PageEntry> {
    pages
        .into_iter()
        .map(|entry| PageEntry {
            offset: entry.span().start,
            path: entry.into_inner(),
        })
        .collect()
}

pub(crate) fn parse(ctx: &mut Ctx<'_>, file: &SourceFile) -> Settings {
    let raw: CourseToml = match toml::from_str(&file.text) {
        Ok(raw) => raw,
        Err(err) => {
            let message = err.message().trim_end().to_string();
            let help = if message.contains("unknown field") || message.contains("missing field") {
                "`scormpack help authoring` lists the keys course.toml accepts"
            } else {
                "check the TOML syntax: one `key = value` per line, text in double quotes"
            };
            let mut diag = Diagnostic::error("content/invalid-course-toml", message).help(help);
            diag.location = Some(match err.span() {
                Some(span) => file.location(span.start),
                None => crate::diag::Location::file(file.name.clone()),
            });
            ctx.diags.push(diag);
            let pages = toml::from_str::<PagesOnly>(&file.text)
                .map(|p| entries(p.pages))
                .unwrap_or_default();
            return Settings { meta: None, pages };
        }
    };
    let before = ctx.diags.items().len();
    let mut error = |offset: usize, message: String, help: &str| {
        ctx.diags.push(
            Diagnostic::error("content/invalid-course-toml", message)
                .at(file.location(offset))
                .help(help),
        );
    };
    if !is_identifier(raw.id.get_ref()) {
        error(
            raw.id.span().start,
            format!(
                "course id `{}` may only use letters, digits, `-` and `_`",
                raw.id.get_ref()
            ),
            "the id names the package and its LMS identifiers, e.g. `ops-integration`",
        );
    }
    let version = raw.version.get_ref();
    if version.is_empty()
        || !version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        error(
            raw.version.span().start,
            format!("version `{version}` may only use letters, digits, `.`, `-` and `_`"),
            "use a version such as `1.0.0`; it becomes part of the zip's file name",
        );
    }
    let language = raw.language.get_ref();
    if !is_language_tag(language) {
        error(
            raw.language.span().start,
            format!("`{language}` is not a language tag"),
            "use a BCP 47 tag such as `en`, `en-GB` or `de`",
        );
    }
    if let Some(activity_id) = &raw.xapi.activity_id {
        if !is_absolute_iri(activity_id.get_ref()) {
            error(
                activity_id.span().start,
                format!("activity_id `{}` is not an absolute IRI", activity_id.get_ref()),
                "use an address you own that will not change, e.g. `https://courses.example.com/ops-integration`",
            );
        }
    }
    let mut html_as_text = false;
    if let Some(html) = &raw.content.html {
        match html.get_ref().as_str() {
            "safe" => {}
            "text" => html_as_text = true,
            other => error(
                html.span().start,
                format!("unknown html setting `{other}`"),
                "use `html = \"safe\"` (a few formatting tags pass) or `html = \"text\"` (every tag shown as text)",
            ),
        }
    }
    let score = *raw.completion.passing_score.get_ref();
    if !(0..=100).contains(&score) {
        error(
            raw.completion.passing_score.span().start,
            format!("passing_score {score} is outside 0–100"),
            "give the percentage a learner needs to pass, e.g. `passing_score = 80`",
        );
    }
    let (pass_status, fail_status) = match raw.completion.statuses.get_ref().as_str() {
        "passed/failed" => (PassStatus::Passed, FailStatus::Failed),
        "passed/incomplete" => (PassStatus::Passed, FailStatus::Incomplete),
        "completed/failed" => (PassStatus::Completed, FailStatus::Failed),
        "completed/incomplete" => (PassStatus::Completed, FailStatus::Incomplete),
        other => {
            error(
                raw.completion.statuses.span().start,
                format!("unknown statuses `{other}`"),
                "use one of `passed/failed`, `passed/incomplete`, `completed/failed`, `completed/incomplete`",
            );
            (PassStatus::Passed, FailStatus::Failed)
        }
    };
    if raw.pages.get_ref().is_empty() {
        error(
            raw.pages.span().start,
            "the course has no pages".into(),
            "list the page files in order, e.g. `pages = [\"pages/intro.md\"]`",
        );
    }
    let valid = ctx.diags.items().len() == before;
    ctx.html_as_text = html_as_text;
    let mut spans = BTreeMap::new();
    let written = [
        ("id", raw.id.span()),
        ("title", raw.title.span()),
        ("version", raw.version.span()),
        ("language", raw.language.span()),
        ("pages", raw.pages.span()),
        (
            "completion.passing_score",
            raw.completion.passing_score.span(),
        ),
        ("completion.statuses", raw.completion.statuses.span()),
    ]
    .into_iter()
    .chain(
        raw.xapi
            .activity_id
            .as_ref()
            .map(|a| ("xapi.activity_id", a.span())),
    );
    for (key, range) in written {
        // A default has an empty span: it was not written.
        if !range.is_empty() {
            spans.insert(key.to_string(), ctx.span(range));
        }
    }
    for (key, value) in &raw.strings {
        spans.insert(format!("strings.{key}"), ctx.span(value.span()));
    }
    let pages = entries(raw.pages.into_inner());
    if !valid {
        return Settings { meta: None, pages };
    }
    Settings {
        meta: Some(CourseMeta {
            id: raw.id.into_inner(),
            title: raw.title.into_inner(),
            version: raw.version.into_inner(),
            language: raw.language.into_inner(),
            description: raw.description,
            activity_id: raw.xapi.activity_id.map(Spanned::into_inner),
            organization: raw.organization,
            author: raw.author,
            kicker: raw.kicker,
            badge: raw.badge,
            completion: Completion {
                passing_score: score as u8,
                pass_status,
                fail_status,
            },
            strings: raw
                .strings
                .into_iter()
                .map(|(key, value)| (key, value.into_inner()))
                .collect(),
            spans,
            source: ctx.span(0..0),
        }),
        pages,
    }
}

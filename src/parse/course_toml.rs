//! `course.toml` → course settings and the ordered list of page files.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{
    is_absolute_iri, is_identifier, is_language_tag, Brand, Completion, CourseMeta, FailStatus,
    PassStatus, TextForm,
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
    description: Option<Spanned<String>>,
    organization: Option<Spanned<String>>,
    author: Option<String>,
    kicker: Option<Spanned<String>>,
    badge: Option<Spanned<String>>,
    pages: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    completion: CompletionToml,
    #[serde(default)]
    xapi: XapiToml,
    #[serde(default)]
    content: ContentToml,
    #[serde(default)]
    theme: ThemeToml,
    #[serde(default)]
    strings: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    i18n: I18nToml,
}

/// `[i18n]`: what a translated course knows of its original.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct I18nToml {
    /// The language the course was first written in.
    source: Option<Spanned<String>>,
}

/// `[theme]`: the organisation's look.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ThemeToml {
    scheme: Option<Spanned<String>>,
    accent: Option<Spanned<String>>,
    logo: Option<Spanned<String>>,
    logo_alt: Option<Spanned<String>>,
    font: Option<Spanned<String>>,
}

/// The backgrounds of the built-in schemes, which an accent colour must stand out from.
const DARK_BACKGROUND: (u8, u8, u8) = (0x0d, 0x11, 0x17);
const LIGHT_BACKGROUND: (u8, u8, u8) = (0xff, 0xff, 0xff);

/// `#rrggbb` → its red, green and blue.
fn hex_colour(text: &str) -> Option<(u8, u8, u8)> {
    let hex = text.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some((byte(0)?, byte(2)?, byte(4)?))
}

/// The WCAG 2.1 contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
    let luminance = |(r, g, b): (u8, u8, u8)| {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
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
    #[serde(default = "default_attempts")]
    attempts: Spanned<i64>,
    #[serde(default = "default_reveal")]
    reveal_answers: bool,
}

impl Default for CompletionToml {
    fn default() -> Self {
        CompletionToml {
            passing_score: default_passing_score(),
            statuses: default_statuses(),
            attempts: default_attempts(),
            reveal_answers: true,
        }
    }
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "en".to_string())
}

fn default_passing_score() -> Spanned<i64> {
    Spanned::new(0..0, 80)
}

fn default_attempts() -> Spanned<i64> {
    Spanned::new(0..0, 0)
}

fn default_reveal() -> bool {
    true
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
                "course id `{}` may only use the letters A–Z and a–z, digits, `-` and `_`",
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
            format!("version `{version}` may only use the letters A–Z and a–z, digits, `.`, `-` and `_`"),
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
    if let Some(source) = &raw.i18n.source {
        if !is_language_tag(source.get_ref()) {
            error(
                source.span().start,
                format!("`{}` is not a language tag", source.get_ref()),
                "`[i18n] source` names the course's original language, e.g. `source = \"en\"`",
            );
        }
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
    let scheme = raw
        .theme
        .scheme
        .as_ref()
        .map_or("dark", |s| s.get_ref().as_str())
        .to_string();
    if let Some(spanned) = &raw.theme.scheme {
        if !matches!(scheme.as_str(), "dark" | "light" | "auto") {
            error(
                spanned.span().start,
                format!("unknown scheme `{scheme}`"),
                "use `dark`, `light`, or `auto` (follows the learner's system setting)",
            );
        }
    }
    let font = raw
        .theme
        .font
        .as_ref()
        .map_or("system", |s| s.get_ref().as_str())
        .to_string();
    if let Some(spanned) = &raw.theme.font {
        if !matches!(font.as_str(), "system" | "serif" | "mono") {
            error(
                spanned.span().start,
                format!("unknown font `{font}`"),
                "use `system`, `serif` or `mono`: the package ships no web fonts",
            );
        }
    }
    if let Some(accent) = &raw.theme.accent {
        match hex_colour(accent.get_ref()) {
            None => error(
                accent.span().start,
                format!("accent `{}` is not a colour `#rrggbb`", accent.get_ref()),
                "write the colour as six hex digits, e.g. `accent = \"#0b5fff\"`",
            ),
            Some(colour) => {
                let backgrounds: &[(&str, (u8, u8, u8))] = match scheme.as_str() {
                    "light" => &[("light", LIGHT_BACKGROUND)],
                    "auto" => &[("dark", DARK_BACKGROUND), ("light", LIGHT_BACKGROUND)],
                    _ => &[("dark", DARK_BACKGROUND)],
                };
                for (name, background) in backgrounds {
                    let ratio = contrast(colour, *background);
                    if ratio < 4.5 {
                        error(
                            accent.span().start,
                            format!(
                                "accent `{}` has a contrast of {ratio:.2}:1 against the {name} scheme's background; WCAG AA needs 4.5:1 for text",
                                accent.get_ref()
                            ),
                            "choose a darker accent for the light scheme or a lighter one for the dark scheme",
                        );
                    }
                }
            }
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
    let attempts = *raw.completion.attempts.get_ref();
    if !(0..=1000).contains(&attempts) {
        error(
            raw.completion.attempts.span().start,
            format!("attempts {attempts} is outside 0–1000"),
            "give the number of attempts a learner has at each check, or 0 for no limit: `attempts = 3`",
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
    // The logo is a file of the course, shipped like any linked file.
    let logo = match &raw.theme.logo {
        Some(written) => {
            let span = ctx.span(written.span());
            match ctx.asset(written.get_ref(), span) {
                Ok(asset) => Some(crate::model::url_path(&asset.package_path).into_owned()),
                Err(err) => {
                    ctx.diags.push(
                        Diagnostic::error("content/missing-file", err.message(written.get_ref()))
                            .at(file.location(written.span().start))
                            .help(err.help()),
                    );
                    None
                }
            }
        }
        None => None,
    };
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
        ("completion.attempts", raw.completion.attempts.span()),
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
    // The texts a translator translates, in the order of the file's usual layout.
    let prose = [
        ("title", Some(&raw.title)),
        ("description", raw.description.as_ref()),
        ("organization", raw.organization.as_ref()),
        ("kicker", raw.kicker.as_ref()),
        ("badge", raw.badge.as_ref()),
        ("theme.logo_alt", raw.theme.logo_alt.as_ref()),
    ];
    for (key, value) in prose {
        if let Some(value) = value {
            ctx.text(key.to_string(), value.span(), TextForm::Toml);
        }
    }
    for (key, value) in &raw.strings {
        ctx.text(format!("strings.{key}"), value.span(), TextForm::Toml);
    }
    let texts = std::mem::take(&mut ctx.texts);
    let pages = entries(raw.pages.into_inner());
    if !valid {
        return Settings { meta: None, pages };
    }
    let text = |value: Option<Spanned<String>>| value.map(Spanned::into_inner);
    let organization = text(raw.organization);
    let logo_alt = text(raw.theme.logo_alt)
        .or_else(|| organization.clone())
        .unwrap_or_else(|| raw.title.get_ref().clone());
    Settings {
        meta: Some(CourseMeta {
            id: raw.id.into_inner(),
            title: raw.title.into_inner(),
            version: raw.version.into_inner(),
            language: raw.language.into_inner(),
            description: text(raw.description).unwrap_or_default(),
            activity_id: raw.xapi.activity_id.map(Spanned::into_inner),
            organization,
            author: raw.author,
            kicker: text(raw.kicker),
            badge: text(raw.badge),
            completion: Completion {
                passing_score: score as u8,
                pass_status,
                fail_status,
                attempts: attempts as u32,
                reveal_answers: raw.completion.reveal_answers,
            },
            theme: Brand {
                scheme,
                on_accent: raw
                    .theme
                    .accent
                    .as_ref()
                    .and_then(|a| hex_colour(a.get_ref()))
                    .map(|colour| {
                        let on_dark = contrast(colour, (0x0d, 0x11, 0x17));
                        let on_white = contrast(colour, (0xff, 0xff, 0xff));
                        if on_dark >= on_white {
                            "#0d1117"
                        } else {
                            "#ffffff"
                        }
                        .to_string()
                    }),
                accent: raw
                    .theme
                    .accent
                    .map(|a| a.into_inner().to_ascii_lowercase()),
                logo: logo.clone(),
                logo_alt,
                font,
            },
            strings: raw
                .strings
                .into_iter()
                .map(|(key, value)| (key, value.into_inner()))
                .collect(),
            source_language: text(raw.i18n.source),
            texts,
            spans,
            source: ctx.span(0..0),
        }),
        pages,
    }
}

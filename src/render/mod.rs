//! Course model → the files of the package's web content: `index.html` (every page of the
//! course as a section of one document), the theme's CSS, the runtime scripts, and the assets.
//!
//! One document rather than one file per page: SCORM 1.2 allows one `LMSInitialize` and one
//! `LMSFinish` per launch, and an LMS ends the session when the SCO's document unloads, so the
//! runtime moves between pages without leaving the document.

pub mod strings;
mod theme;

pub use strings::Strings;
pub use theme::Theme;

use crate::diag::{Diagnostic, Location};
use crate::model::{plain_text, Block, Course, Page, Question, QuestionKind};
use minijinja::value::Serde;
use minijinja::{context, Environment, Value};
use serde::Serialize;
use std::path::PathBuf;

/// Where the package's own files (theme, runtime) go inside the zip.
pub const OWN_DIR: &str = "scormpack";

/// What a package format asks of the renderer.
pub struct Target<'a> {
    /// `scorm12`, `xapi`, …; templates may branch on it.
    pub format: &'a str,
    /// Runtime scripts from the theme (`runtime/*.js`), in load order.
    pub scripts: &'a [&'a str],
}

/// One file of the package and where its bytes come from.
#[derive(Debug, Clone)]
pub struct RenderedFile {
    /// Path inside the package, with forward slashes.
    pub path: String,
    pub contents: Contents,
}

#[derive(Debug, Clone)]
pub enum Contents {
    Memory(Vec<u8>),
    /// Copied from the course folder when the zip is written, never read whole.
    Disk(PathBuf),
}

/// A page as the templates see it: runs of questions are grouped into one knowledge check.
#[derive(Serialize)]
struct PageView<'a> {
    id: &'a str,
    title: &'a str,
    number: usize,
    blocks: Vec<BlockView<'a>>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum BlockView<'a> {
    Block(&'a Block),
    Quiz {
        r#type: &'static str,
        /// The page's id: the check's name in the saved state.
        check: &'a str,
        draw: Option<u32>,
        shuffle: bool,
        questions: Vec<QuestionView<'a>>,
    },
}

/// A question with what the runtime needs to judge and record it (docs/theming.md).
#[derive(Serialize)]
struct QuestionView<'a> {
    #[serde(flatten)]
    question: &'a Question,
    /// The interaction type the standards record (`choice` for `multiple`).
    interaction: &'static str,
    /// The correct responses in the SCORM 2004 / xAPI format.
    patterns: Vec<String>,
    /// The question as plain text, for the LMS's interaction description.
    description: String,
    /// `fill-in` and `numeric`: the `maxlength` of the text field.
    max_length: usize,
    /// The right answer in words, shown after a wrong answer when the course reveals answers.
    reveal_html: String,
}

impl<'a> QuestionView<'a> {
    fn new(question: &'a Question) -> Self {
        QuestionView {
            question,
            interaction: question.kind.interaction_type(),
            patterns: question.patterns(),
            description: plain_text(&question.prompt_html),
            max_length: question.max_response_len(),
            reveal_html: reveal_html(question),
        }
    }
}

/// The right answer of a question as HTML: the right options, the accepted answers, the
/// range, the pairs or the steps in order.
fn reveal_html(q: &Question) -> String {
    let join = |items: Vec<String>| items.join(", ");
    let number = |n: f64| n.to_string();
    match q.kind {
        QuestionKind::Choice | QuestionKind::Multiple => join(
            q.choices
                .iter()
                .filter(|c| c.correct)
                .map(|c| c.label_html.clone())
                .collect(),
        ),
        QuestionKind::TrueFalse => String::new(),
        QuestionKind::FillIn => join(q.accepted.iter().map(|a| escape_html(a)).collect()),
        QuestionKind::Numeric => match q.range {
            Some((min, max)) if min == max => number(min),
            Some((min, max)) => format!("{}–{}", number(min), number(max)),
            None => String::new(),
        },
        QuestionKind::Matching => join(
            q.pairs
                .iter()
                .map(|p| {
                    let target = q.targets.iter().find(|t| t.key == p.target);
                    format!(
                        "{} → {}",
                        p.label_html,
                        target.map_or("", |t| t.label_html.as_str())
                    )
                })
                .collect(),
        ),
        QuestionKind::Sequencing => {
            let steps: Vec<String> = q
                .choices
                .iter()
                .map(|c| format!("<li>{}</li>", c.label_html))
                .collect();
            format!("<ol>{}</ol>", steps.concat())
        }
    }
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn page_view(number: usize, page: &Page) -> PageView<'_> {
    let mut blocks = Vec::new();
    for block in &page.blocks {
        match (block, blocks.last_mut()) {
            (Block::Question(q), Some(BlockView::Quiz { questions, .. })) => {
                questions.push(QuestionView::new(q))
            }
            (Block::Question(q), _) => blocks.push(BlockView::Quiz {
                r#type: "quiz",
                check: &page.id,
                draw: page.draw,
                shuffle: page.shuffle_options,
                questions: vec![QuestionView::new(q)],
            }),
            (other, _) => blocks.push(BlockView::Block(other)),
        }
    }
    PageView {
        id: &page.id,
        title: &page.title,
        number,
        blocks,
    }
}

pub fn render(
    course: &Course,
    theme: &Theme,
    strings: &Strings,
    target: &Target<'_>,
) -> Result<Vec<RenderedFile>, Diagnostic> {
    let mut env = Environment::new();
    let lookup = theme.clone();
    env.set_loader(move |name| Ok(lookup.get(name).map(str::to_string)));
    // Text of HTML, for places that take no markup (a `<select>` option, an aria-label).
    env.add_filter("plain", |html: String| plain_text(&html));

    let scripts: Vec<String> = target.scripts.iter().map(|s| own_path(s)).collect();
    let styles: Vec<String> = theme
        .names()
        .filter(|n| n.starts_with("theme/") && n.ends_with(".css"))
        .map(own_path)
        .collect();
    let pages: Vec<PageView<'_>> = course
        .pages
        .iter()
        .enumerate()
        .map(|(i, p)| page_view(i + 1, p))
        .collect();
    let question_count = course.questions().count();
    let html = env
        .get_template("index.html")
        .and_then(|t| {
            t.render(context! {
                course => Value::from(Serde(course)),
                meta => Value::from(Serde(&course.meta)),
                pages => Value::from(Serde(&pages)),
                question_count => question_count,
                format => target.format,
                scripts => scripts,
                styles => styles,
                strings => Value::from(Serde(strings)),
                dir => strings::direction(&course.meta.language),
            })
        })
        .map_err(|err| template_error(theme, &err))?;

    let mut files = vec![RenderedFile {
        path: "index.html".into(),
        contents: Contents::Memory(html.into_bytes()),
    }];
    let own: Vec<&str> = theme
        .names()
        .filter(|n| n.starts_with("theme/") && n.ends_with(".css"))
        .chain(target.scripts.iter().copied())
        .collect();
    for name in own {
        let text = theme.get(name).ok_or_else(|| {
            Diagnostic::error(
                "render/missing-template",
                format!("the theme has no `{name}`"),
            )
        })?;
        files.push(RenderedFile {
            path: own_path(name),
            contents: Contents::Memory(text.as_bytes().to_vec()),
        });
    }
    for asset in &course.assets {
        files.push(RenderedFile {
            path: asset.package_path.clone(),
            contents: Contents::Disk(asset.source.clone()),
        });
    }
    Ok(files)
}

/// `runtime/scorm12.js` → `scormpack/scorm12.js`, `theme/print/a.css` → `scormpack/print/a.css`:
/// the theme's folder is dropped, any folder below it kept, so two files never share a path.
fn own_path(theme_name: &str) -> String {
    let file = theme_name
        .split_once('/')
        .map_or(theme_name, |(_, rest)| rest);
    format!("{OWN_DIR}/{file}")
}

fn template_error(theme: &Theme, err: &minijinja::Error) -> Diagnostic {
    let name = err.name().unwrap_or("index.html");
    let mut location = Location::file(theme.origin(name));
    location.line = err.line().and_then(|l| u32::try_from(l).ok());
    let mut message = err.kind().to_string();
    if let Some(detail) = err.detail() {
        message = format!("{message}: {detail}");
    }
    Diagnostic::error("render/template-error", message)
        .at(location)
        .help("fix the template; `builtin/<name>` reaches the built-in version of a template")
}

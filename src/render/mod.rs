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
use crate::model::{Block, Course, Page, Question};
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
        questions: Vec<&'a Question>,
    },
}

fn page_view(number: usize, page: &Page) -> PageView<'_> {
    let mut blocks = Vec::new();
    for block in &page.blocks {
        match (block, blocks.last_mut()) {
            (Block::Question(q), Some(BlockView::Quiz { questions, .. })) => questions.push(q),
            (Block::Question(q), _) => blocks.push(BlockView::Quiz {
                r#type: "quiz",
                questions: vec![q],
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

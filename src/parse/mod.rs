//! Course folder → course model: reads `course.toml` and the Markdown pages through
//! [`CourseFolder`], checks them against each other, and reports every problem it finds with
//! file:line:column. Everything the author wrote keeps its [`Span`] in the model, and each text
//! a translator translates is recorded as a [`Text`] of its file (`crate::i18n` reads them).
//!
//! - `course_toml`: the course settings and the page order.
//! - `page`: one page file: TOML front matter, Markdown, and `:::` blocks.
//! - `directive`: the `:::` syntax alone (front matter, Markdown runs, blocks, attributes).
//! - `blocks`: the block types (pattern, comparison, case-study, download, question).
//! - `markdown`: Markdown → HTML, with local links checked and collected as assets.

mod blocks;
mod course_toml;
mod directive;
mod html;
mod markdown;
mod page;
mod question;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Asset, Block, Course, FileId, Link, Span, Text, TextForm};
use crate::source::{AssetFile, AssetPathError, CourseFolder, SourceFile};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::ops::Range;
use std::sync::Arc;

/// What parsing needs to know beyond the course folder.
pub struct ParseOptions<'a> {
    /// Icon names a pattern card may use (the theme's `icons/*.svg`).
    pub icons: &'a BTreeSet<String>,
}

/// State shared by the parsers of one course.
pub(crate) struct Ctx<'a> {
    folder: &'a mut CourseFolder,
    icons: &'a BTreeSet<String>,
    diags: &'a mut Diagnostics,
    assets: BTreeMap<String, Asset>,
    /// The file being parsed, which new spans point into.
    file: Option<FileId>,
    /// The links and images of the page being parsed.
    links: Vec<Link>,
    /// `[content] html = "text"`: every tag an author types is shown as text.
    html_as_text: bool,
    /// The page ids of the course by the package path of their file (`pages/intro.md`).
    page_ids: HashMap<String, String>,
    /// The level of the last heading on the page being parsed (2: the page title).
    heading_level: u8,
    /// The texts for a translator found in the file being parsed.
    texts: Vec<Text>,
    /// How many texts of each kind (`p`, `pattern`, …) the file has so far, to number them.
    text_counts: HashMap<String, usize>,
    /// The footnotes of the page being parsed.
    footnotes: markdown::Footnotes,
}

impl Ctx<'_> {
    /// The asset for a path written in a course file, collected once however often it is used.
    fn asset(&mut self, written: &str, span: Span) -> Result<Asset, AssetPathError> {
        let AssetFile {
            package_path,
            path,
            size,
        } = self.folder.asset(written)?;
        if let Some(asset) = self.assets.get(&package_path) {
            return Ok(asset.clone());
        }
        let asset = Asset {
            package_path: package_path.clone(),
            source: path,
            size,
            span,
        };
        self.assets.insert(package_path, asset.clone());
        Ok(asset)
    }

    /// A span of the file being parsed.
    fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file.expect("a file is being parsed"), range)
    }

    /// Records a text of the file being parsed that a translator translates, without the
    /// white space around it; an empty text is none.
    fn text(&mut self, key: String, range: Range<usize>, form: TextForm) {
        let Some(file) = self.file else {
            return;
        };
        let whole = &self.folder.sources.get(file).text;
        let Some(slice) = whole.get(range.clone()) else {
            return;
        };
        let start = range.start + (slice.len() - slice.trim_start().len());
        let end = range.start + slice.trim_end().len();
        if start < end {
            self.texts.push(Text {
                key,
                span: Span::new(file, start..end),
                form,
            });
        }
    }

    /// The next number (from 1) of a kind of text in the file being parsed: paragraphs are
    /// keyed `p:1`, `p:2`, …, pattern cards `pattern:1`, ….
    fn number(&mut self, kind: &str) -> usize {
        let count = self.text_counts.entry(kind.to_string()).or_insert(0);
        *count += 1;
        *count
    }
}

/// Reads and checks the course in `folder`. Returns the course when no error was found;
/// every problem (errors and warnings) is pushed into `diags`.
pub fn load(
    folder: &mut CourseFolder,
    options: &ParseOptions<'_>,
    diags: &mut Diagnostics,
) -> Option<Course> {
    if !folder.exists() {
        diags.push(
            Diagnostic::error(
                "content/no-course",
                format!("course folder `{}` does not exist", folder.dir().display()),
            )
            .help("pass the folder that holds course.toml, e.g. `scormpack build content`"),
        );
        return None;
    }
    let toml_id = match folder.read_text("course.toml") {
        Ok(id) => id,
        Err(err) => {
            diags.push(match err {
                Err(diag) => diag,
                Ok(err) => Diagnostic::error("content/no-course", err.message("course.toml"))
                    .at(crate::diag::Location::file(folder.display("course.toml")))
                    .help("a course folder holds course.toml; `scormpack new` writes one"),
            });
            return None;
        }
    };
    let mut ctx = Ctx {
        folder,
        icons: options.icons,
        diags,
        assets: BTreeMap::new(),
        file: Some(toml_id),
        links: Vec::new(),
        html_as_text: false,
        page_ids: HashMap::new(),
        heading_level: 2,
        texts: Vec::new(),
        text_counts: HashMap::new(),
        footnotes: markdown::Footnotes::default(),
    };
    let toml_file = ctx.folder.sources.shared(toml_id);
    // Even when a setting is wrong, the pages are read: a user sees every problem at once.
    let settings = course_toml::parse(&mut ctx, &toml_file);
    // Every page is read before any is parsed, so a link to another page can become a link
    // to that page of the course.
    let mut files = Vec::new();
    for entry in &settings.pages {
        let location = toml_file.location(entry.offset);
        match ctx.folder.read_text(&entry.path) {
            Ok(id) => files.push((id, entry)),
            Err(Ok(err)) => ctx.diags.push(
                Diagnostic::error("content/missing-page", err.message(&entry.path))
                    .at(location)
                    .help(err.help()),
            ),
            Err(Err(diag)) => ctx.diags.push(diag),
        }
    }
    for (id, entry) in &files {
        let file = ctx.folder.sources.get(*id);
        if let Ok(asset) = ctx.folder.asset(&entry.path) {
            let page_id = page::id_of(&file.text, &entry.path);
            ctx.page_ids.insert(asset.package_path, page_id);
        }
    }
    let mut pages = Vec::new();
    for (id, entry) in files {
        let file = ctx.folder.sources.shared(id);
        ctx.file = Some(id);
        ctx.heading_level = 2;
        if let Some(page) = page::parse(&mut ctx, &file, &entry.path) {
            pages.push((page, file, entry.offset));
        }
    }
    check_ids(&mut ctx, &pages, &toml_file);
    check_quiz_placement(&mut ctx, &pages);
    let meta = settings.meta?;
    if ctx.diags.has_errors() {
        return None;
    }
    Some(Course {
        meta,
        pages: pages.into_iter().map(|(page, _, _)| page.page).collect(),
        assets: ctx.assets.into_values().collect(),
    })
}

type Parsed = (page::ParsedPage, Arc<SourceFile>, usize);

/// Page ids and question ids must be unique: they name the page in the LMS bookmark and the
/// question in the LMS's interaction records.
fn check_ids(ctx: &mut Ctx<'_>, pages: &[Parsed], toml: &SourceFile) {
    let mut page_ids: HashMap<&str, String> = HashMap::new();
    let mut question_ids: HashMap<&str, String> = HashMap::new();
    for (page, file, entry_offset) in pages {
        let here = match page.id_offset {
            Some(offset) => file.location(offset),
            None => toml.location(*entry_offset),
        };
        if let Some(first) = page_ids.insert(&page.page.id, here.to_string()) {
            ctx.diags.push(
                Diagnostic::error(
                    "content/duplicate-id",
                    format!(
                        "duplicate page id `{}` (first used at {first})",
                        page.page.id
                    ),
                )
                .at(here)
                .help("give every page its own `id` in its front matter"),
            );
        }
        for (id, offset) in &page.question_ids {
            let here = file.location(*offset);
            if let Some(first) = question_ids.insert(id, here.to_string()) {
                ctx.diags.push(
                    Diagnostic::error(
                        "content/duplicate-id",
                        format!("duplicate question id `{id}` (first used at {first})"),
                    )
                    .at(here)
                    .help("give every question its own id: `::: question <id>`"),
                );
            }
        }
    }
}

/// Each page with questions is one knowledge check: its questions stand together (the runtime
/// shows them one at a time in one place), and a pool draws no more than the page holds.
fn check_quiz_placement(ctx: &mut Ctx<'_>, pages: &[Parsed]) {
    for (page, file, _) in pages {
        let runs = page
            .page
            .blocks
            .split(|b| !matches!(b, Block::Question(_)))
            .filter(|run| !run.is_empty())
            .count();
        let count = page.question_ids.len();
        if runs > 1 {
            let offset = page.question_ids.first().map(|(_, o)| *o).unwrap_or(0);
            ctx.diags.push(
                Diagnostic::error(
                    "content/split-quiz",
                    "the questions of a page are one knowledge check and must stand together",
                )
                .at(file.location(offset))
                .help("move the questions next to each other, without other blocks between them, or put the second check on a page of its own"),
            );
        }
        if let (Some(draw), Some(span)) = (page.page.draw, &page.page.draw_span) {
            if draw as usize > count {
                ctx.diags.push(
                    Diagnostic::error(
                        "content/draw-too-large",
                        format!(
                            "`draw = {draw}` asks for more questions than the page's {count}"
                        ),
                    )
                    .at(file.location(span.start))
                    .help(if count == 0 {
                        "`draw` picks questions of the page's check; remove it from a page without questions".to_string()
                    } else {
                        format!("draw at most {count}, or add questions to the page")
                    }),
                );
            }
        }
    }
}

//! Course folder → course model: reads `course.toml` and the Markdown pages, checks them
//! against each other, and reports every problem it finds with file:line:column.
//!
//! - `course_toml`: the course settings and the page order.
//! - `page`: one page file: TOML front matter, Markdown, and `:::` blocks.
//! - `blocks`: the block types (pattern, comparison, case-study, download, question).
//! - `markdown`: Markdown → HTML, with local links checked and collected as assets.

mod blocks;
mod course_toml;
mod markdown;
mod page;

pub(crate) use blocks::human_size;
pub(crate) use course_toml::is_absolute_iri;
pub(crate) use markdown::is_external;

use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Asset, Block, Course};
use crate::source::{display_name, resolve_asset, AssetPathError, SourceFile};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// What parsing needs to know beyond the course folder.
pub struct ParseOptions<'a> {
    /// Icon names a pattern card may use (the theme's `icons/*.svg`).
    pub icons: &'a BTreeSet<String>,
}

/// State shared by the parsers of one course.
pub(crate) struct Ctx<'a> {
    course_dir: &'a Path,
    icons: &'a BTreeSet<String>,
    diags: &'a mut Diagnostics,
    assets: BTreeMap<String, Asset>,
}

impl Ctx<'_> {
    /// The asset for a path written in a course file, collected once however often it is used.
    fn asset(&mut self, written: &str) -> Result<Asset, AssetPathError> {
        let (package_path, source) = resolve_asset(self.course_dir, written)?;
        if let Some(asset) = self.assets.get(&package_path) {
            return Ok(asset.clone());
        }
        let size = std::fs::metadata(&source)
            .map_err(|_| AssetPathError::Missing)?
            .len();
        let asset = Asset {
            package_path: package_path.clone(),
            source,
            size,
        };
        self.assets.insert(package_path, asset.clone());
        Ok(asset)
    }

    fn name(&self, relative: &str) -> String {
        display_name(self.course_dir, relative)
    }
}

/// Reads and checks the course in `course_dir`. Returns the course when no error was found;
/// every problem (errors and warnings) is pushed into `diags`.
pub fn load(
    course_dir: &Path,
    options: &ParseOptions<'_>,
    diags: &mut Diagnostics,
) -> Option<Course> {
    let mut ctx = Ctx {
        course_dir,
        icons: options.icons,
        diags,
        assets: BTreeMap::new(),
    };
    let toml_name = ctx.name("course.toml");
    if !course_dir.is_dir() {
        ctx.diags.push(
            Diagnostic::error(
                "content/no-course",
                format!("course folder `{}` does not exist", course_dir.display()),
            )
            .help("pass the folder that holds course.toml, e.g. `scormpack build content`"),
        );
        return None;
    }
    let toml_file = match SourceFile::read(&course_dir.join("course.toml"), &toml_name) {
        Ok(file) => file,
        Err(diag) => {
            ctx.diags.push(diag);
            return None;
        }
    };
    // Even when a setting is wrong, the pages are read: a user sees every problem at once.
    let settings = course_toml::parse(&mut ctx, &toml_file);
    let mut pages = Vec::new();
    for entry in &settings.pages {
        let location = toml_file.location(entry.offset);
        let page_path = match resolve_asset(course_dir, &entry.path) {
            Ok((_, path)) => path,
            Err(err) => {
                ctx.diags.push(
                    Diagnostic::error("content/missing-page", err.message(&entry.path))
                        .at(location)
                        .help(err.help()),
                );
                continue;
            }
        };
        let name = ctx.name(&entry.path);
        match SourceFile::read(&page_path, &name) {
            Ok(file) => {
                if let Some(page) = page::parse(&mut ctx, &file, &entry.path) {
                    pages.push((page, file, entry.offset));
                }
            }
            Err(diag) => ctx.diags.push(diag),
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

/// Page ids and question ids must be unique: they name the page in the LMS bookmark and the
/// question in the LMS's interaction records.
fn check_ids(
    ctx: &mut Ctx<'_>,
    pages: &[(page::ParsedPage, SourceFile, usize)],
    toml: &SourceFile,
) {
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

/// The knowledge check is one run of questions on one page: the runtime scores it as one
/// attempt, and the LMS gets one score.
fn check_quiz_placement(ctx: &mut Ctx<'_>, pages: &[(page::ParsedPage, SourceFile, usize)]) {
    let mut quiz_page: Option<&str> = None;
    for (page, file, _) in pages {
        let runs = page
            .page
            .blocks
            .split(|b| !matches!(b, Block::Question(_)))
            .filter(|run| !run.is_empty())
            .count();
        if runs == 0 {
            continue;
        }
        let offset = page.question_ids.first().map(|(_, o)| *o).unwrap_or(0);
        if runs > 1 || quiz_page.is_some() {
            ctx.diags.push(
                Diagnostic::error(
                    "content/split-quiz",
                    "the questions of the knowledge check must stand together on one page",
                )
                .at(file.location(offset))
                .help(match quiz_page {
                    Some(first) => format!("move this question next to those in {first}"),
                    None => {
                        "move the questions next to each other, without other blocks between them"
                            .into()
                    }
                }),
            );
        }
        quiz_page.get_or_insert(file.name.as_str());
    }
}

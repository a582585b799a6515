//! One page file → a [`Page`]: TOML front matter between `+++` lines, then Markdown in which
//! `:::` lines open and close blocks.
//!
//! ```text
//! +++
//! id = "patterns"
//! title = "three integration patterns"
//! +++
//! Markdown…
//!
//! ::: pattern PAT_01
//! status: online
//! title: Embed Ops engineers
//!
//! Markdown body of the block…
//! :::
//! ```

use super::blocks;
use super::directive::{segments, split_front_matter, Segment};
use super::markdown;
use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{is_identifier, Block, Page, TextForm};
use crate::source::SourceFile;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<Spanned<String>>,
    title: Spanned<String>,
    draw: Option<Spanned<i64>>,
    #[serde(default)]
    shuffle_options: bool,
}

pub(crate) struct ParsedPage {
    pub page: Page,
    /// Where the page's id was written, when the front matter names it.
    pub id_offset: Option<usize>,
    /// The page's question ids with the offsets where they were written.
    pub question_ids: Vec<(String, usize)>,
}

pub(crate) fn parse(ctx: &mut Ctx<'_>, file: &SourceFile, relative: &str) -> Option<ParsedPage> {
    let text = file.text.as_str();
    let Some((front, front_offset, body_offset)) = split_front_matter(text) else {
        ctx.diags.push(
            Diagnostic::error("content/no-front-matter", "the page has no front matter")
                .at(file.location(0))
                .help("start the page with `+++`, a line `title = \"…\"`, and `+++`"),
        );
        return None;
    };
    let front: FrontMatter = match toml::from_str(front) {
        Ok(front) => front,
        Err(err) => {
            let offset = front_offset + err.span().map(|s| s.start).unwrap_or(0);
            ctx.diags.push(
                Diagnostic::error(
                    "content/invalid-front-matter",
                    err.message().trim_end().to_string(),
                )
                .at(file.location(offset))
                .help("the front matter takes `title = \"…\"` and the optional `id = \"…\"`, `draw = N` and `shuffle_options = true`"),
            );
            return None;
        }
    };
    let (id, id_offset) = match front.id {
        Some(id) => {
            let offset = front_offset + id.span().start;
            (id.into_inner(), Some(offset))
        }
        None => (file_stem(relative), None),
    };
    let title_range = front.title.span();
    let title_span = ctx.span(front_offset + title_range.start..front_offset + title_range.end);
    let id_span = id_offset.map(|offset| ctx.span(offset..offset + id.len()));
    if !is_identifier(&id) {
        // Without `id`, the id is the file's name, which may be in any script.
        let whose = if id_offset.is_some() {
            "page id"
        } else {
            "page id, taken from the file name,"
        };
        ctx.diags.push(
            Diagnostic::error(
                "content/invalid-id",
                format!("the {whose} `{id}` may only use the letters A–Z and a–z, digits, `-` and `_`, starting with a letter"),
            )
            .at(file.location(id_offset.unwrap_or(0)))
            .help("set one in the front matter, e.g. `id = \"welcome\"`; the LMS stores it as the learner's bookmark, so keep it once the course is live"),
        );
    }
    let draw = match &front.draw {
        Some(draw) if *draw.get_ref() < 1 || *draw.get_ref() > 1000 => {
            ctx.diags.push(
                Diagnostic::error(
                    "content/invalid-draw",
                    format!("draw {} is outside 1–1000", draw.get_ref()),
                )
                .at(file.location(front_offset + draw.span().start))
                .help(
                    "give the number of the page's questions each attempt shows, e.g. `draw = 3`",
                ),
            );
            None
        }
        Some(draw) => Some(*draw.get_ref() as u32),
        None => None,
    };
    let draw_span = front
        .draw
        .as_ref()
        .map(|d| ctx.span(front_offset + d.span().start..front_offset + d.span().end));
    let mut blocks_out = Vec::new();
    let mut question_ids = Vec::new();
    ctx.links.clear();
    ctx.texts.clear();
    ctx.text_counts.clear();
    ctx.text(
        "title".into(),
        front_offset + title_range.start..front_offset + title_range.end,
        TextForm::Toml,
    );
    let segments = segments(ctx.diags, file, body_offset);
    let prose: Vec<&str> = segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Markdown(_, md) => Some(*md),
            Segment::Directive(_) => None,
        })
        .collect();
    ctx.footnotes.start_page(&id, &prose);
    for segment in segments {
        match segment {
            Segment::Markdown(offset, md) => {
                if !md.trim().is_empty() {
                    let html = markdown::render_prose(ctx, file, offset, md);
                    markdown::texts(ctx, offset, md, "");
                    let span = ctx.span(offset..offset + md.len());
                    blocks_out.push(Block::Markdown { html, span });
                }
            }
            Segment::Directive(d) => {
                if let Some(block) = blocks::parse(ctx, file, &d) {
                    if let Block::Question(q) = &block {
                        let offset = d.arg.map(|(_, o)| o).unwrap_or(d.kind_offset);
                        question_ids.push((q.id.clone(), offset));
                    }
                    blocks_out.push(block);
                }
            }
        }
    }
    Some(ParsedPage {
        page: Page {
            id,
            title: front.title.into_inner(),
            source: file.name.clone(),
            blocks: blocks_out,
            draw,
            shuffle_options: front.shuffle_options,
            draw_span,
            span: ctx.span(0..0),
            title_span,
            id_span,
            links: std::mem::take(&mut ctx.links),
            file: relative.to_string(),
            texts: std::mem::take(&mut ctx.texts),
        },
        id_offset,
        question_ids,
    })
}

/// The id a page file will have: its front matter's `id`, or its file name. Parsing the
/// page reports any problem with either.
pub(crate) fn id_of(text: &str, relative: &str) -> String {
    split_front_matter(text)
        .and_then(|(front, _, _)| toml::from_str::<FrontMatter>(front).ok())
        .and_then(|front| front.id.map(Spanned::into_inner))
        .unwrap_or_else(|| file_stem(relative))
}

fn file_stem(relative: &str) -> String {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.strip_suffix(".md").unwrap_or(name).to_string()
}

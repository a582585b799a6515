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
use super::course_toml::is_identifier;
use super::markdown;
use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{Block, Page};
use crate::source::SourceFile;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Option<Spanned<String>>,
    title: String,
}

pub(crate) struct ParsedPage {
    pub page: Page,
    /// Where the page's id was written, when the front matter names it.
    pub id_offset: Option<usize>,
    /// The page's question ids with the offsets where they were written.
    pub question_ids: Vec<(String, usize)>,
}

/// A `:::` block as written: its type, argument, `key: value` attributes and Markdown body.
pub(crate) struct Directive<'t> {
    pub kind: &'t str,
    pub kind_offset: usize,
    pub arg: Option<(&'t str, usize)>,
    pub attrs: Vec<Attr<'t>>,
    pub body: &'t str,
    pub body_offset: usize,
}

pub(crate) struct Attr<'t> {
    pub key: &'t str,
    pub key_offset: usize,
    pub value: &'t str,
    pub value_offset: usize,
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
                .help("the front matter takes `title = \"…\"` and an optional `id = \"…\"`"),
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
    if !is_identifier(&id) {
        ctx.diags.push(
            Diagnostic::error(
                "content/invalid-id",
                format!("page id `{id}` may only use letters, digits, `-` and `_`, starting with a letter"),
            )
            .at(file.location(id_offset.unwrap_or(0)))
            .help("set `id = \"…\"` in the front matter; the LMS stores it as the learner's bookmark"),
        );
    }
    let mut blocks_out = Vec::new();
    let mut question_ids = Vec::new();
    for segment in segments(ctx, file, body_offset) {
        match segment {
            Segment::Markdown(offset, md) => {
                if !md.trim().is_empty() {
                    let html = markdown::render(ctx, file, offset, md);
                    blocks_out.push(Block::Markdown { html });
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
            title: front.title,
            source: file.name.clone(),
            blocks: blocks_out,
        },
        id_offset,
        question_ids,
    })
}

fn file_stem(relative: &str) -> String {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    name.strip_suffix(".md").unwrap_or(name).to_string()
}

/// The front matter text, its offset, and the offset where the Markdown starts.
fn split_front_matter(text: &str) -> Option<(&str, usize, usize)> {
    let first = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rest = first.strip_prefix("+++")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let front_offset = text.len() - rest.len();
    let mut offset = front_offset;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &text[front_offset..offset];
            return Some((front, front_offset, offset + line.len()));
        }
        offset += line.len();
    }
    None
}

enum Segment<'t> {
    Markdown(usize, &'t str),
    Directive(Directive<'t>),
}

/// Splits the Markdown after the front matter into plain Markdown and `:::` blocks.
fn segments<'t>(ctx: &mut Ctx<'_>, file: &'t SourceFile, start: usize) -> Vec<Segment<'t>> {
    let text = file.text.as_str();
    let mut out = Vec::new();
    let mut offset = start;
    let mut md_start = start;
    let mut in_fence = false;
    let mut lines = text[start..].split_inclusive('\n').peekable();
    while let Some(line) = lines.next() {
        let line_start = offset;
        offset += line.len();
        let trimmed = line.trim_end();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if in_fence || !trimmed.starts_with(":::") {
            continue;
        }
        let head = &trimmed[3..];
        if head.trim().is_empty() {
            ctx.diags.push(
                Diagnostic::error(
                    "content/unopened-block",
                    "`:::` closes a block that was never opened",
                )
                .at(file.location(line_start))
                .help("open a block with `::: <type>`, e.g. `::: pattern PAT_01`"),
            );
            continue;
        }
        out.push(Segment::Markdown(md_start, &text[md_start..line_start]));
        // The opening line: `::: kind [arg]`.
        let kind_rel = head.len() - head.trim_start().len();
        let kind_offset = line_start + 3 + kind_rel;
        let mut words = head.trim().splitn(2, char::is_whitespace);
        let kind = words.next().unwrap_or_default();
        let arg = words
            .next()
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|a| {
                let rel = trimmed.rfind(a).unwrap_or(0);
                (a, line_start + rel)
            });
        // Attributes: `key: value` lines right after the opening line.
        let mut attrs = Vec::new();
        while let Some(next) = lines.peek() {
            let Some((key, value)) = attribute(next) else {
                break;
            };
            let key_offset = offset + (next.len() - next.trim_start().len());
            let colon = next.find(':').map_or(0, |i| i + 1);
            let after = &next[colon..];
            let value_offset = offset + colon + (after.len() - after.trim_start().len());
            attrs.push(Attr {
                key,
                key_offset,
                value,
                value_offset,
            });
            offset += next.len();
            lines.next();
        }
        // The body runs to the closing `:::` line.
        let body_offset = offset;
        let mut closed = false;
        let mut body_fence = false;
        for body_line in lines.by_ref() {
            let body_line_start = offset;
            offset += body_line.len();
            let t = body_line.trim_end();
            if t.starts_with("```") || t.starts_with("~~~") {
                body_fence = !body_fence;
            }
            if !body_fence && t.starts_with(":::") {
                if t[3..].trim().is_empty() {
                    out.push(Segment::Directive(Directive {
                        kind,
                        kind_offset,
                        arg,
                        attrs,
                        body: &text[body_offset..body_line_start],
                        body_offset,
                    }));
                    closed = true;
                    break;
                }
                ctx.diags.push(
                    Diagnostic::error(
                        "content/nested-block",
                        "blocks cannot be nested: this `:::` line opens a block inside another",
                    )
                    .at(file.location(body_line_start))
                    .help(format!("close the `{kind}` block with a line `:::` first")),
                );
            }
        }
        if !closed {
            ctx.diags.push(
                Diagnostic::error(
                    "content/unclosed-block",
                    format!("the `{kind}` block is never closed"),
                )
                .at(file.location(kind_offset))
                .help("end the block with a line that holds only `:::`"),
            );
        }
        md_start = offset;
    }
    out.push(Segment::Markdown(md_start, &text[md_start..]));
    out
}

/// `key: value` with a lower-case key, or `None` for any other line (which starts the body).
fn attribute(line: &str) -> Option<(&str, &str)> {
    let line = line.trim_end();
    let (key, value) = line.split_once(':')?;
    let key_trimmed = key.trim_start();
    let ok = !key_trimmed.is_empty()
        && key_trimmed.len() == key.len()
        && key_trimmed
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
        && (value.is_empty() || value.starts_with(' '));
    ok.then(|| (key_trimmed, value.trim()))
}

/// Renders one Markdown part of a directive for a block parser.
pub(crate) fn body_html(ctx: &mut Ctx<'_>, file: &SourceFile, d: &Directive<'_>) -> String {
    markdown::render(ctx, file, d.body_offset, d.body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_lines_need_a_lowercase_key_and_a_space() {
        assert_eq!(attribute("status: online\n"), Some(("status", "online")));
        assert_eq!(attribute("Result: months to days"), None);
        assert_eq!(attribute("see https://x.org"), None);
        assert_eq!(attribute("  indented: no"), None);
    }

    #[test]
    fn front_matter_is_split_from_the_body() {
        let (front, front_offset, body) =
            split_front_matter("+++\ntitle = \"x\"\n+++\nbody").unwrap();
        assert_eq!(front, "title = \"x\"\n");
        assert_eq!(front_offset, 4);
        assert_eq!(body, 20);
        assert!(split_front_matter("no front matter").is_none());
    }
}

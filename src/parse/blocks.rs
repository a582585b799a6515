//! `:::` blocks → model blocks: pattern cards, comparisons, case studies, downloads and
//! knowledge-check questions. See docs/authoring.md for the syntax of each.

use super::directive::{Attr, Directive};
use super::markdown;
use super::question;
use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{
    human_size, Block, CaseStudy, Column, Comparison, Download, Link, LinkKind, Pattern, Span,
    TextForm,
};
use crate::source::SourceFile;
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::collections::BTreeMap;

const BLOCK_TYPES: &str = "`pattern`, `comparison`, `case-study`, `download`, `question`";

pub(crate) fn parse(ctx: &mut Ctx<'_>, file: &SourceFile, d: &Directive<'_>) -> Option<Block> {
    let mut attrs = Attrs::new(d);
    let prose: &[&str] = match d.kind {
        "pattern" => &["title", "strength"],
        "comparison" | "case-study" => &["title"],
        "download" => &["label"],
        _ => &[],
    };
    if !prose.is_empty() {
        texts(ctx, d, prose);
    }
    let block = match d.kind {
        "pattern" => pattern(ctx, file, d, &mut attrs),
        "comparison" => comparison(ctx, file, d, &mut attrs),
        "case-study" => {
            let title = attrs.require(ctx, file, "title", "title: Target API Enablement (2015)");
            title.map(|title| {
                Block::CaseStudy(CaseStudy {
                    title,
                    body_html: body_html(ctx, file, d),
                    span: block_span(ctx, d),
                    attrs: attr_spans(ctx, d),
                })
            })
        }
        "download" => download(ctx, file, d, &mut attrs),
        "question" => question::parse(ctx, file, d, &mut attrs),
        other => {
            ctx.diags.push(
                Diagnostic::error(
                    "content/unknown-block",
                    format!("unknown block type `{other}`"),
                )
                .at(file.location(d.kind_offset))
                .help(format!("use one of {BLOCK_TYPES}")),
            );
            return None;
        }
    };
    attrs.report_unused(ctx, file);
    block
}

/// Records the prose of a block for a translator, keyed `pattern:1:title`, `pattern:1:p:1`,
/// … by the block's type and its number among the file's blocks of that type: the
/// attributes named, then the texts of the body.
fn texts(ctx: &mut Ctx<'_>, d: &Directive<'_>, prose: &[&str]) {
    let prefix = format!("{}:{}:", d.kind, ctx.number(d.kind));
    for key in prose {
        if let Some(attr) = d.attrs.iter().find(|a| a.key == *key) {
            let range = attr.value_offset..attr.value_offset + attr.value.len();
            ctx.text(format!("{prefix}{key}"), range, TextForm::Line);
        }
    }
    markdown::texts(ctx, d.body_offset, d.body, &prefix);
}

/// Renders the Markdown body of a block.
fn body_html(ctx: &mut Ctx<'_>, file: &SourceFile, d: &Directive<'_>) -> String {
    markdown::render(ctx, file, d.body_offset, d.body)
}

/// The block's `:::` line, from its type on.
pub(super) fn block_span(ctx: &Ctx<'_>, d: &Directive<'_>) -> Span {
    let end = d
        .arg
        .map_or(d.kind_offset + d.kind.len(), |(arg, at)| at + arg.len());
    ctx.span(d.kind_offset..end)
}

/// Where each attribute of the block was written, by key.
pub(super) fn attr_spans(ctx: &Ctx<'_>, d: &Directive<'_>) -> BTreeMap<String, Span> {
    d.attrs
        .iter()
        .map(|a| {
            let end = a.value_offset + a.value.len();
            (
                a.key.to_string(),
                ctx.span(a.key_offset..end.max(a.key_offset)),
            )
        })
        .collect()
}

/// The `key: value` lines of a block; every key must be used by the block's parser.
pub(super) struct Attrs<'d, 't> {
    directive: &'d Directive<'t>,
    used: Vec<bool>,
}

impl<'d, 't> Attrs<'d, 't> {
    fn new(directive: &'d Directive<'t>) -> Self {
        Attrs {
            directive,
            used: vec![false; directive.attrs.len()],
        }
    }

    pub(super) fn get(&mut self, key: &str) -> Option<&'d Attr<'t>> {
        let i = self.directive.attrs.iter().position(|a| a.key == key)?;
        self.used[i] = true;
        Some(&self.directive.attrs[i])
    }

    /// Every attribute with the key, in order (a key some blocks take more than once).
    pub(super) fn all(&mut self, key: &str) -> Vec<&'d Attr<'t>> {
        let mut out = Vec::new();
        for (i, attr) in self.directive.attrs.iter().enumerate() {
            if attr.key == key {
                self.used[i] = true;
                out.push(attr);
            }
        }
        out
    }

    fn optional(&mut self, key: &str) -> Option<String> {
        self.get(key)
            .map(|a| a.value.to_string())
            .filter(|v| !v.is_empty())
    }

    fn require(
        &mut self,
        ctx: &mut Ctx<'_>,
        file: &SourceFile,
        key: &str,
        example: &str,
    ) -> Option<String> {
        let value = self.optional(key);
        if value.is_none() {
            ctx.diags.push(
                Diagnostic::error(
                    "content/missing-attribute",
                    format!("the `{}` block needs a `{key}`", self.directive.kind),
                )
                .at(file.location(self.directive.kind_offset))
                .help(format!("add a line `{example}` right after the `:::` line")),
            );
        }
        value
    }

    fn report_unused(&self, ctx: &mut Ctx<'_>, file: &SourceFile) {
        for (attr, used) in self.directive.attrs.iter().zip(&self.used) {
            if !used {
                ctx.diags.push(
                    Diagnostic::error(
                        "content/unknown-attribute",
                        format!("the `{}` block has no attribute `{}`", self.directive.kind, attr.key),
                    )
                    .at(file.location(attr.key_offset))
                    .help("check the spelling (`scormpack help authoring` lists each block's attributes); leave a blank line before the block's text"),
                );
            }
        }
    }
}

fn pattern(
    ctx: &mut Ctx<'_>,
    file: &SourceFile,
    d: &Directive<'_>,
    attrs: &mut Attrs<'_, '_>,
) -> Option<Block> {
    let code = match d.arg {
        Some((code, _)) => Some(code.to_string()),
        None => {
            ctx.diags.push(
                Diagnostic::error(
                    "content/missing-attribute",
                    "the `pattern` block needs a code",
                )
                .at(file.location(d.kind_offset))
                .help("write the code after the type: `::: pattern PAT_01`"),
            );
            None
        }
    };
    let status = attrs.require(ctx, file, "status", "status: online");
    let title = attrs.require(ctx, file, "title", "title: Embed Ops engineers");
    let icon = attrs
        .get("icon")
        .map(|a| (a.value.to_string(), a.value_offset));
    let strength = attrs.optional("strength");
    let icon = match icon {
        Some((name, offset)) if !ctx.icons.contains(&name) => {
            let known: Vec<&str> = ctx.icons.iter().map(String::as_str).collect();
            ctx.diags.push(
                Diagnostic::error("content/unknown-icon", format!("unknown icon `{name}`"))
                    .at(file.location(offset))
                    .help(format!(
                        "use one of: {}; or add templates/icons/{name}.svg to the course",
                        known.join(", ")
                    )),
            );
            None
        }
        Some((name, _)) => Some(name),
        None => Some(String::new()),
    };
    Some(Block::Pattern(Pattern {
        code: code?,
        status: status?,
        icon: icon?,
        title: title?,
        strength,
        body_html: body_html(ctx, file, d),
        span: block_span(ctx, d),
        attrs: attr_spans(ctx, d),
    }))
}

fn comparison(
    ctx: &mut Ctx<'_>,
    file: &SourceFile,
    d: &Directive<'_>,
    attrs: &mut Attrs<'_, '_>,
) -> Option<Block> {
    let title = attrs.optional("title");
    let events = markdown::events(ctx, file, d.body_offset, d.body);
    let mut columns: Vec<(String, usize, Vec<Event<'_>>)> = Vec::new();
    let mut heading: Option<(String, usize)> = None;
    let mut stray: Option<usize> = None;
    for (event, range) in events {
        match (&event, &mut heading) {
            (
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H3,
                    ..
                }),
                None,
            ) => heading = Some((String::new(), range.start)),
            (Event::End(TagEnd::Heading(HeadingLevel::H3)), Some(_)) => {
                let (title, at) = heading.take().unwrap_or_default();
                columns.push((title, at, Vec::new()));
            }
            (Event::Text(t) | Event::Code(t), Some((h, _))) => h.push_str(t),
            (_, Some(_)) => {}
            (_, None) => match columns.last_mut() {
                Some((_, _, body)) => body.push(event),
                None => {
                    stray.get_or_insert(range.start);
                }
            },
        }
    }
    if let Some(offset) = stray {
        ctx.diags.push(
            Diagnostic::error(
                "content/invalid-comparison",
                "text before the first column heading",
            )
            .at(file.location(offset))
            .help("start each column with a `### Column title` line"),
        );
        return None;
    }
    if columns.len() < 2 {
        ctx.diags.push(
            Diagnostic::error(
                "content/invalid-comparison",
                "a comparison needs at least two columns",
            )
            .at(file.location(d.kind_offset))
            .help("start each column with a `### Column title` line"),
        );
        return None;
    }
    Some(Block::Comparison(Comparison {
        title,
        columns: columns
            .into_iter()
            .map(|(title, at, body)| Column {
                title,
                body_html: markdown::to_html(body),
                span: ctx.span(at..at),
            })
            .collect(),
        span: block_span(ctx, d),
        attrs: attr_spans(ctx, d),
    }))
}

fn download(
    ctx: &mut Ctx<'_>,
    file: &SourceFile,
    d: &Directive<'_>,
    attrs: &mut Attrs<'_, '_>,
) -> Option<Block> {
    let label = attrs.require(
        ctx,
        file,
        "label",
        "label: Case study · Target API Enablement (2015)",
    );
    let Some(target) = attrs.get("file") else {
        attrs.require(ctx, file, "file", "file: assets/case-study.pdf");
        return None;
    };
    let span = ctx.span(target.value_offset..target.value_offset + target.value.len());
    let asset = match ctx.asset(target.value, span.clone()) {
        Ok(asset) => asset,
        Err(err) => {
            ctx.diags.push(
                Diagnostic::error("content/missing-file", err.message(target.value))
                    .at(file.location(target.value_offset))
                    .help(err.help()),
            );
            return None;
        }
    };
    if markdown::is_source_file(&asset.package_path) {
        ctx.diags.push(
            Diagnostic::warning(
                "content/source-download",
                format!("`{}` is a source file of the course, offered as a download", target.value),
            )
            .at(file.location(target.value_offset))
            .help("learners get the file as written (a page's answers included); offer a PDF or another file made for them"),
        );
    }
    let kind = asset
        .package_path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_uppercase())
        .unwrap_or_else(|| "FILE".into());
    ctx.links.push(Link {
        kind: LinkKind::Download,
        target: target.value.to_string(),
        href: asset.package_path.clone(),
        span,
    });
    Some(Block::Download(Download {
        label: label?,
        href: crate::model::url_path(&asset.package_path).into_owned(),
        kind,
        size_bytes: asset.size,
        size: human_size(asset.size),
        span: block_span(ctx, d),
        attrs: attr_spans(ctx, d),
    }))
}

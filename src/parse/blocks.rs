//! `:::` blocks → model blocks: pattern cards, comparisons, case studies, downloads and
//! knowledge-check questions. See docs/authoring.md for the syntax of each.

use super::directive::{Attr, Directive};
use super::markdown::{self, Spanned};
use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{
    human_size, is_identifier, Block, CaseStudy, Choice, Column, Comparison, Download, Link,
    LinkKind, Pattern, Question, Span,
};
use crate::source::SourceFile;
use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};
use std::collections::BTreeMap;

const BLOCK_TYPES: &str = "`pattern`, `comparison`, `case-study`, `download`, `question`";

pub(crate) fn parse(ctx: &mut Ctx<'_>, file: &SourceFile, d: &Directive<'_>) -> Option<Block> {
    let mut attrs = Attrs::new(d);
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
        "question" => question(ctx, file, d),
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

/// Renders the Markdown body of a block.
fn body_html(ctx: &mut Ctx<'_>, file: &SourceFile, d: &Directive<'_>) -> String {
    markdown::render(ctx, file, d.body_offset, d.body)
}

/// The block's `:::` line, from its type on.
fn block_span(ctx: &Ctx<'_>, d: &Directive<'_>) -> Span {
    let end = d
        .arg
        .map_or(d.kind_offset + d.kind.len(), |(arg, at)| at + arg.len());
    ctx.span(d.kind_offset..end)
}

/// Where each attribute of the block was written, by key.
fn attr_spans(ctx: &Ctx<'_>, d: &Directive<'_>) -> BTreeMap<String, Span> {
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
struct Attrs<'d, 't> {
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

    fn get(&mut self, key: &str) -> Option<&'d Attr<'t>> {
        let i = self.directive.attrs.iter().position(|a| a.key == key)?;
        self.used[i] = true;
        Some(&self.directive.attrs[i])
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
        href: asset.package_path.clone(),
        kind,
        size_bytes: asset.size,
        size: human_size(asset.size),
        span: block_span(ctx, d),
        attrs: attr_spans(ctx, d),
    }))
}

fn question(ctx: &mut Ctx<'_>, file: &SourceFile, d: &Directive<'_>) -> Option<Block> {
    let id_span = match d.arg {
        Some((id, offset)) => ctx.span(offset..offset + id.len()),
        None => block_span(ctx, d),
    };
    let id = match d.arg {
        Some((id, offset)) if !is_identifier(id) => {
            ctx.diags.push(
                Diagnostic::error(
                    "content/invalid-id",
                    format!("question id `{id}` may only use letters, digits, `-` and `_`, starting with a letter"),
                )
                .at(file.location(offset))
                .help("the LMS records answers under this id (a SCORM CMIIdentifier), e.g. `ops-liaison`"),
            );
            None
        }
        Some((id, _)) => Some(id.to_string()),
        None => {
            ctx.diags.push(
                Diagnostic::error("content/missing-attribute", "the question needs an id")
                    .at(file.location(d.kind_offset))
                    .help("write the id after the type: `::: question ops-liaison`"),
            );
            None
        }
    };
    let events = markdown::events(ctx, file, d.body_offset, d.body);
    let Some((list_start, list_end)) = first_top_level_list(&events) else {
        ctx.diags.push(
            Diagnostic::error("content/no-options", "the question has no options")
                .at(file.location(d.kind_offset))
                .help("list the options as `- [ ] wrong option` and `- [x] right option`"),
        );
        return None;
    };
    let prompt_html = markdown::to_html(events[..list_start].iter().map(|(e, _)| e.clone()));
    let explanation: Vec<Event<'_>> = events[list_end + 1..]
        .iter()
        .map(|(e, _)| e.clone())
        .collect();
    let explanation_html = (!explanation.is_empty()).then(|| markdown::to_html(explanation));
    let mut choices = Vec::new();
    let mut first_correct: Option<usize> = None;
    let mut ok = true;
    for (n, item) in items(&events[list_start + 1..list_end])
        .into_iter()
        .enumerate()
    {
        let key = (b'a' + n.min(25) as u8) as char;
        let item_span = match (item.first(), item.last()) {
            (Some((_, first)), Some((_, last))) => ctx.span(first.start..last.end),
            _ => ctx.span(d.body_offset..d.body_offset),
        };
        let Some(choice) = option(item, key, item_span) else {
            ctx.diags.push(
                Diagnostic::error(
                    "content/invalid-option",
                    "an option must start with `[ ]` or `[x]`",
                )
                .at(file.location(item.first().map_or(d.body_offset, |(_, r)| r.start)))
                .help("mark the right option `- [x] …` and every other one `- [ ] …`"),
            );
            ok = false;
            continue;
        };
        if choice.correct {
            let here = item.first().map_or(d.body_offset, |(_, r)| r.start);
            if let Some(first) = first_correct {
                ctx.diags.push(
                    Diagnostic::error(
                        "content/several-correct-options",
                        format!(
                            "a single-choice question has one right option, and the option at {} is marked right already",
                            short_location(file, first)
                        ),
                    )
                    .at(file.location(here))
                    .help("keep `[x]` on the one right option and write `[ ]` on the others"),
                );
                ok = false;
            }
            first_correct.get_or_insert(here);
        }
        choices.push(choice);
    }
    if choices.len() > 26 {
        ctx.diags.push(
            Diagnostic::error(
                "content/too-many-options",
                "a question can have at most 26 options",
            )
            .at(file.location(d.kind_offset))
            .help("SCORM 1.2 names each option with one letter, a to z"),
        );
        ok = false;
    } else if choices.len() < 2 && ok {
        ctx.diags.push(
            Diagnostic::error(
                "content/no-options",
                "a question needs at least two options",
            )
            .at(file.location(d.kind_offset))
            .help("list the options as `- [ ] wrong option` and `- [x] right option`"),
        );
        ok = false;
    }
    if first_correct.is_none() && ok {
        ctx.diags.push(
            Diagnostic::error(
                "content/no-correct-option",
                "no option is marked as the right one",
            )
            .at(file.location(d.kind_offset))
            .help("mark the right option with `[x]`: `- [x] Assign Ops liaisons`"),
        );
        ok = false;
    }
    if prompt_html.trim().is_empty() {
        ctx.diags.push(
            Diagnostic::error(
                "content/no-prompt",
                "the question has no text before its options",
            )
            .at(file.location(d.kind_offset))
            .help("write the question as a paragraph above the options"),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    Some(Block::Question(Question {
        id: id?,
        prompt_html,
        choices,
        explanation_html,
        span: id_span,
    }))
}

/// `16:3`: a place in the same file, as a diagnostic about that file names it.
fn short_location(file: &SourceFile, offset: usize) -> String {
    let (line, column) = file.line_column(offset);
    format!("{line}:{column}")
}

/// The index of the first list that is not inside another container, and of its end.
fn first_top_level_list(events: &[Spanned<'_>]) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut start = None;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::List(_)) {
                    start = Some(i);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    if let Some(s) = start {
                        return Some((s, i));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The events inside each item of a list (without the item's own start and end).
fn items<'e, 't>(list: &'e [Spanned<'t>]) -> Vec<&'e [Spanned<'t>]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, (event, _)) in list.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = i + 1;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    out.push(&list[start..i]);
                }
            }
            _ => {}
        }
    }
    out
}

/// One option: `[x] label` with feedback in a quote below it (`> …`).
fn option(item: &[Spanned<'_>], key: char, span: Span) -> Option<Choice> {
    let mut correct = None;
    let mut label = Vec::new();
    let mut feedback = Vec::new();
    let mut depth = 0usize;
    let mut in_quote = false;
    let mut label_done = false;
    for (event, _) in item {
        match event {
            Event::TaskListMarker(checked) if correct.is_none() => correct = Some(*checked),
            // A loose list wraps the label in a paragraph; the label is its inline text.
            Event::Start(Tag::Paragraph) if depth == 0 && !label_done => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 1 && !in_quote && !label_done => {
                depth -= 1;
                label_done = true;
            }
            Event::Start(Tag::BlockQuote(_)) if depth == 0 => {
                depth += 1;
                in_quote = true;
                label_done = true;
            }
            Event::End(TagEnd::BlockQuote(_)) if depth == 1 && in_quote => {
                depth -= 1;
                in_quote = false;
            }
            Event::Start(_) if depth == 0 => {
                label_done = true;
                depth += 1;
                feedback.push(event.clone());
            }
            Event::Start(_) => {
                depth += 1;
                if label_done {
                    feedback.push(event.clone())
                } else {
                    label.push(event.clone())
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if label_done {
                    feedback.push(event.clone())
                } else {
                    label.push(event.clone())
                }
            }
            other if label_done => feedback.push(other.clone()),
            other => label.push(other.clone()),
        }
    }
    let label_html = markdown::to_html(label).trim().to_string();
    let feedback_html = markdown::to_html(feedback).trim().to_string();
    Some(Choice {
        key: key.to_string(),
        label_html,
        feedback_html: (!feedback_html.is_empty()).then_some(feedback_html),
        correct: correct?,
        span,
    })
}

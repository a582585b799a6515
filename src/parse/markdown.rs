//! Markdown text of a page → HTML, with every local link checked and every linked file
//! collected as an asset.
//!
//! Links leave the SCO's frame: inside an LMS the course runs in an iframe, and a link that
//! navigated that frame would unload the course and end the LMS session. So every link except
//! in-page anchors opens in a new window.

use super::html::Piece;
use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{is_external, Link, LinkKind, TextForm};
use crate::source::SourceFile;
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

pub(crate) type Spanned<'a> = (Event<'a>, Range<usize>);

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Parses `text`, which starts at byte `offset` of `file`, into events with spans relative to
/// the whole file, checking links on the way.
pub(crate) fn events<'t>(
    ctx: &mut Ctx<'_>,
    file: &SourceFile,
    offset: usize,
    text: &'t str,
) -> Vec<Spanned<'t>> {
    events_in(ctx, file, offset, text, text.len(), options())
}

/// [`events`] of the first `len` bytes of `text`, parsed with `options`: what follows them
/// (the footnote definitions of the rest of the page, see [`render_prose`]) is only there
/// for the parser to know.
fn events_in<'t>(
    ctx: &mut Ctx<'_>,
    file: &SourceFile,
    offset: usize,
    text: &'t str,
    len: usize,
    options: Options,
) -> Vec<Spanned<'t>> {
    let mut a11y = Accessibility::default();
    let mut out = Vec::new();
    // For each open link: whether we replaced its start tag with raw HTML.
    let mut open_links: Vec<bool> = Vec::new();
    // The lines of an HTML block arrive one event each; a comment may span them, so the
    // block is judged whole.
    let mut html_block: Option<(usize, String)> = None;
    // Whether a list of footnote definitions is open, and whether a definition just ended.
    let (mut notes_open, mut after_note) = (false, false);
    // Inside a definition that is left out: how deep.
    let mut skipping = 0;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        if range.start >= len {
            continue;
        }
        let range = range.start + offset..range.end + offset;
        if after_note && !matches!(event, Event::Start(Tag::FootnoteDefinition(_))) {
            notes_open = false;
            out.push((
                Event::Html(CowStr::from("</ol>\n")),
                range.start..range.start,
            ));
        }
        after_note = false;
        // A second definition of a footnote is left out: its number would name two notes.
        if let Event::Start(Tag::FootnoteDefinition(label)) = &event {
            if skipping == 0 && !ctx.footnotes.defined.insert(label.to_string()) {
                ctx.diags.push(
                    Diagnostic::warning(
                        "content/duplicate-footnote",
                        format!("the footnote `[^{label}]` is defined twice on this page; this second definition is left out"),
                    )
                    .at(file.location(range.start))
                    .help("give each note its own label, e.g. `[^2]`, and refer to it with that label"),
                );
                skipping = 1;
                continue;
            }
        }
        if skipping > 0 {
            match event {
                Event::Start(Tag::FootnoteDefinition(_)) => skipping += 1,
                Event::End(TagEnd::FootnoteDefinition) => {
                    skipping -= 1;
                    after_note = skipping == 0 && notes_open;
                }
                _ => {}
            }
            continue;
        }
        a11y.see(ctx, file, &event, range.start);
        let event = match event {
            Event::FootnoteReference(label) => {
                let (n, first) = ctx.footnotes.reference(&label);
                let page = &ctx.footnotes.page;
                let id = if first {
                    format!(" id=\"fnref-{page}-{n}\"")
                } else {
                    String::new()
                };
                Event::InlineHtml(CowStr::from(format!(
                    "<sup><a href=\"#fn-{page}-{n}\"{id}>{n}</a></sup>"
                )))
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let n = ctx.footnotes.number(&label);
                let item = format!("<li id=\"fn-{}-{n}\" value=\"{n}\">", ctx.footnotes.page);
                if notes_open {
                    Event::Html(CowStr::from(item))
                } else {
                    notes_open = true;
                    Event::Html(CowStr::from(format!("<ol class=\"sp-footnotes\">\n{item}")))
                }
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                after_note = true;
                Event::Html(CowStr::from("</li>\n"))
            }
            Event::Start(Tag::HtmlBlock) => {
                html_block = Some((range.start, String::new()));
                continue;
            }
            Event::Html(raw) if html_block.is_some() => {
                if let Some((_, block)) = html_block.as_mut() {
                    block.push_str(&raw);
                }
                continue;
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((start, block)) = html_block.take() {
                    ctx.raw_html(file, start, &block, &mut out);
                }
                continue;
            }
            Event::Html(raw) | Event::InlineHtml(raw) => {
                ctx.raw_html(file, range.start, &raw, &mut out);
                continue;
            }
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let href = ctx.link_target(file, range.clone(), &dest_url, LinkKind::Link);
                if href.starts_with('#') {
                    open_links.push(false);
                    Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\"{}>",
                        escape(&href),
                        title_attr(&title)
                    )))
                } else {
                    open_links.push(true);
                    Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\" target=\"_blank\" rel=\"noopener\"{}>",
                        escape(&href),
                        title_attr(&title)
                    )))
                }
            }
            Event::End(TagEnd::Link) => {
                open_links.pop();
                Event::InlineHtml(CowStr::from("</a>"))
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let href = ctx.link_target(file, range.clone(), &dest_url, LinkKind::Image);
                Event::Start(Tag::Image {
                    link_type,
                    dest_url: CowStr::from(href),
                    title,
                    id,
                })
            }
            other => other,
        };
        out.push((event, range));
    }
    if notes_open {
        let end = offset + len;
        out.push((Event::Html(CowStr::from("</ol>\n")), end..end));
    }
    out
}

/// The footnotes of one page (`text[^1]` … `[^1]: the note`), numbered in the order the
/// page first refers to them; ids are made unique in the package with the page's id.
#[derive(Debug, Default)]
pub(crate) struct Footnotes {
    page: String,
    numbers: HashMap<String, usize>,
    referred: HashSet<String>,
    defined: HashSet<String>,
    /// Every footnote definition of the page, as written: a part of the page between blocks
    /// refers to the definitions at its end.
    definitions: String,
}

impl Footnotes {
    /// A new page: `segments` are its Markdown parts.
    pub(crate) fn start_page(&mut self, page: &str, segments: &[&str]) {
        *self = Footnotes {
            page: page.to_string(),
            ..Footnotes::default()
        };
        for text in segments {
            let mut depth = 0;
            for (event, range) in Parser::new_ext(text, prose_options()).into_offset_iter() {
                match event {
                    Event::Start(Tag::FootnoteDefinition(_)) => {
                        if depth == 0 {
                            self.definitions.push_str(&text[range]);
                            self.definitions.push_str("\n\n");
                        }
                        depth += 1;
                    }
                    Event::End(TagEnd::FootnoteDefinition) => depth -= 1,
                    _ => {}
                }
            }
        }
    }

    /// The number of the footnote `label`, the next one when it has none yet.
    fn number(&mut self, label: &str) -> usize {
        let next = self.numbers.len() + 1;
        *self.numbers.entry(label.to_string()).or_insert(next)
    }

    /// The number of the footnote `label`, and whether this is the page's first reference
    /// to it.
    fn reference(&mut self, label: &str) -> (usize, bool) {
        (self.number(label), self.referred.insert(label.to_string()))
    }
}

/// The options of a page's own text, outside blocks: footnotes too.
fn prose_options() -> Options {
    options() | Options::ENABLE_FOOTNOTES
}

/// Renders a Markdown part of a page (the text between its blocks), footnotes included.
pub(crate) fn render_prose(
    ctx: &mut Ctx<'_>,
    file: &SourceFile,
    offset: usize,
    text: &str,
) -> String {
    // Parsed with every definition of the page after it, so `[^1]` before a question block
    // finds its note after the block; only `text`'s own events are rendered. Should the text
    // end inside something that would swallow the definitions (an unclosed code fence), it
    // is parsed alone.
    let whole = Some(&ctx.footnotes.definitions)
        .filter(|definitions| !definitions.is_empty() && text.contains("[^"))
        .map(|definitions| format!("{text}\n\n{definitions}"))
        .filter(|whole| {
            !Parser::new_ext(whole, prose_options())
                .into_offset_iter()
                .any(|(event, range)| {
                    range.start < text.len()
                        && range.end > text.len()
                        && matches!(
                            event,
                            Event::Text(_) | Event::Code(_) | Event::Html(_) | Event::InlineHtml(_)
                        )
                })
        });
    let events = events_in(
        ctx,
        file,
        offset,
        whole.as_deref().unwrap_or(text),
        text.len(),
        prose_options(),
    );
    to_html(events.into_iter().map(|(e, _)| e))
}

/// Link texts that say nothing out of context: a screen reader's list of links reads them alone
/// (WCAG 2.4.4).
const VAGUE_LINK_TEXTS: &[&str] = &[
    "click here",
    "here",
    "read more",
    "more",
    "this link",
    "link",
    "this",
    "hier",
    "ici",
    "aquí",
    "qui",
    "clique aqui",
];

/// What a screen-reader user would thank the author for: an image without alt text (an
/// error, WCAG 1.1.1), headings that start below the page title's level or skip a level and
/// a table whose header row is empty (warnings, WCAG 1.3.1), and link texts that say nothing or
/// are a bare address (a warning, WCAG 2.4.4). Fed each event of [`events`] as it is parsed;
/// a typed `<img>` is judged where the raw HTML is ([`Ctx::author_image`]).
#[derive(Default)]
struct Accessibility {
    /// The open link: where it starts, its target, its text so far.
    link: Option<(usize, String, String)>,
    /// The open image: where it starts, its alt text so far.
    image: Option<(usize, String)>,
    /// Where the table being parsed starts.
    table: usize,
    /// In a table's header row: whether a cell of it holds anything.
    head: Option<bool>,
}

impl Accessibility {
    fn see(&mut self, ctx: &mut Ctx<'_>, file: &SourceFile, event: &Event<'_>, at: usize) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                let previous = ctx.heading_level;
                if level <= 2 {
                    ctx.diags.push(
                        Diagnostic::warning(
                            "a11y/heading-level",
                            format!("a level-{level} heading inside a page: the course title is the page's level 1 and the page title its level 2"),
                        )
                        .at(file.location(at))
                        .help("start the headings of a page at `###`"),
                    );
                } else if level > previous + 1 {
                    ctx.diags.push(
                        Diagnostic::warning(
                            "a11y/heading-level",
                            format!(
                                "this level-{level} heading skips a level after level {previous}"
                            ),
                        )
                        .at(file.location(at))
                        .help(format!(
                            "use `{}` here, so a screen reader's outline has no gap",
                            "#".repeat(usize::from(previous + 1))
                        )),
                    );
                }
                ctx.heading_level = level.max(2);
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                self.link = Some((at, dest_url.to_string(), String::new()));
            }
            Event::Start(Tag::Image { .. }) => self.image = Some((at, String::new())),
            Event::End(TagEnd::Image) => {
                if let Some((at, alt)) = self.image.take() {
                    if alt.trim().is_empty() {
                        ctx.diags.push(missing_alt(
                            file,
                            at,
                            "this image has no alt text, so a screen reader passes over it as if it were decoration",
                            "describe what the image shows between the brackets, e.g. `![the four stages of a release](…)`; for an image that is only decoration write `<img alt=\"\" src=\"…\">`",
                        ));
                    }
                }
            }
            Event::Start(Tag::Table(_)) => self.table = at,
            Event::Start(Tag::TableHead) => self.head = Some(false),
            Event::End(TagEnd::TableHead) => {
                let empty = self.head.take() == Some(false);
                if empty {
                    ctx.diags.push(
                        Diagnostic::warning(
                            "a11y/table-header",
                            "this table's header row is empty, so a screen reader names no column",
                        )
                        .at(file.location(self.table))
                        .help("write what each column holds in the table's first row, e.g. `| Pattern | Team size |`"),
                    );
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, text)) = self.link.as_mut() {
                    text.push_str(t);
                }
                if let Some((_, alt)) = self.image.as_mut() {
                    alt.push_str(t);
                }
                if let Some(filled) = self.head.as_mut() {
                    *filled |= !t.trim().is_empty();
                }
            }
            // A typed tag (`<img alt="…">`) is something in a header cell; a comment is not.
            Event::InlineHtml(t) => {
                if let Some(filled) = self.head.as_mut() {
                    *filled |= !t.trim_start().starts_with("<!--");
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((at, href, text)) = self.link.take() {
                    let words = text.trim().trim_end_matches(['.', '!', ':']).to_lowercase();
                    let bare = is_external(&words) || words == href.to_lowercase();
                    if bare || VAGUE_LINK_TEXTS.contains(&words.as_str()) {
                        ctx.diags.push(
                            Diagnostic::warning(
                                "a11y/link-text",
                                format!("the link text `{}` does not say where the link leads", text.trim()),
                            )
                            .at(file.location(at))
                            .help("name the destination, e.g. `[the case study (PDF)](assets/case-study.pdf)`"),
                        );
                    }
                }
            }
            _ => {}
        }
    }
}

/// An image a screen reader cannot describe: an error at the `!` of a Markdown image or the `<`
/// of a typed `<img>`.
fn missing_alt(file: &SourceFile, at: usize, message: &str, help: &str) -> Diagnostic {
    Diagnostic::error("a11y/image-alt", message)
        .at(file.location(at))
        .help(help)
}

/// Records the texts of a Markdown run (starting at byte `offset` of the file being parsed)
/// for a translator: one for each paragraph, heading, list item and table cell, inline
/// Markdown kept in it, keyed `{prefix}p:1`, `{prefix}p:2`, … in the order written. A block
/// of HTML (a line that opens with `<details>`, `<img …>`, `<p>`, …) is shown to the learner,
/// tags that pass and text alike, so it is a text too, with tags, keyed `{prefix}html:1`, …
/// apart from the paragraphs so their keys stay as they were; one of only comments is not.
/// Code blocks are not prose and are left as they are.
pub(crate) fn texts(ctx: &mut Ctx<'_>, offset: usize, text: &str, prefix: &str) {
    let mut run: Option<Range<usize>> = None;
    let mut form = TextForm::Markdown;
    let mut in_code = false;
    let mut html_block: Option<Option<Range<usize>>> = None;
    let flush = |ctx: &mut Ctx<'_>, run: &mut Option<Range<usize>>, form: TextForm| {
        if let Some(range) = run.take() {
            let n = ctx.number(&format!("{prefix}p"));
            let key = format!("{prefix}p:{n}");
            ctx.text(key, range.start + offset..range.end + offset, form);
        }
    };
    // A page's own text (no prefix) is read as it is rendered, footnotes included, so that a
    // note is a text of its own, without its `[^label]:`.
    let options = if prefix.is_empty() {
        prose_options()
    } else {
        options()
    };
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match (&event, &mut html_block) {
            (Event::Start(Tag::HtmlBlock), _) => {
                flush(ctx, &mut run, form);
                html_block = Some(None);
                continue;
            }
            (Event::Html(_), Some(lines)) => {
                *lines = Some(widen(lines.take(), range));
                continue;
            }
            (Event::End(TagEnd::HtmlBlock), _) => {
                if let Some(range) = html_block.take().flatten() {
                    let written = &text[range.clone()];
                    let prose = super::html::split(written)
                        .iter()
                        .any(|(_, piece)| match piece {
                            Piece::Tag(_) | Piece::Refused(..) => true,
                            Piece::Text(t) => !t.trim().is_empty(),
                            Piece::Comment | Piece::UnclosedComment(_) => false,
                        });
                    if prose {
                        let n = ctx.number(&format!("{prefix}html"));
                        let end = range.start + written.trim_end().len();
                        ctx.text(
                            format!("{prefix}html:{n}"),
                            range.start + offset..end + offset,
                            TextForm::Markdown,
                        );
                    }
                }
                continue;
            }
            _ => {}
        }
        let inline = match &event {
            Event::Start(tag) => is_inline(tag),
            Event::End(tag) => is_inline_end(tag),
            Event::Text(_) => !in_code,
            Event::Code(_)
            | Event::SoftBreak
            | Event::HardBreak
            | Event::InlineHtml(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::FootnoteReference(_) => true,
            Event::TaskListMarker(_) | Event::Html(_) => false,
            Event::Rule => false,
        };
        if inline {
            run = Some(widen(run.take(), range));
            continue;
        }
        match event {
            Event::TaskListMarker(_) | Event::Html(_) => continue,
            Event::Start(Tag::CodeBlock(_)) => in_code = true,
            Event::End(TagEnd::CodeBlock) => in_code = false,
            _ => {}
        }
        flush(ctx, &mut run, form);
        if let Event::Start(tag) = event {
            form = match tag {
                Tag::Heading { .. } => TextForm::Line,
                Tag::TableCell => TextForm::Cell,
                _ => TextForm::Markdown,
            };
        }
    }
    flush(ctx, &mut run, form);
}

/// `run` widened to take in `range`, or `range` when there is no run yet.
fn widen(run: Option<Range<usize>>, range: Range<usize>) -> Range<usize> {
    match run {
        Some(r) => r.start.min(range.start)..r.end.max(range.end),
        None => range,
    }
}

fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// Renders events (as returned by [`events`]) to HTML. Where they hold a tag the author
/// typed, the HTML is cleaned by the policy of [`super::html`].
pub(crate) fn to_html<'t>(events: impl IntoIterator<Item = Event<'t>>) -> String {
    let mut out = String::new();
    let mut authored = false;
    let events: Vec<Event<'t>> = events
        .into_iter()
        .inspect(|event| {
            if let Event::InlineHtml(html) = event {
                authored |= !is_generated(html);
            }
        })
        .collect();
    html::push_html(&mut out, boxes(events).into_iter());
    if authored {
        super::html::clean(&out)
    } else {
        out
    }
}

/// What the theme needs beyond what the Markdown renderer writes: every table inside
/// `<div class="sp-table">`, the box it scrolls in when it is wider than the screen, and an
/// image with a title that stands alone in its paragraph (`![alt](src "caption")`) as a
/// `<figure>` whose `<figcaption>` is the title.
fn boxes(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Table(_)) => {
                out.push(Event::Html(CowStr::from("<div class=\"sp-table\">")));
                out.push(events[i].clone());
            }
            Event::End(TagEnd::Table) => {
                out.push(events[i].clone());
                out.push(Event::Html(CowStr::from("</div>\n")));
            }
            Event::Start(Tag::Paragraph) => match figure(&events[i + 1..]) {
                Some(end) => {
                    let Event::Start(Tag::Image {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }) = &events[i + 1]
                    else {
                        unreachable!("a figure starts with its image")
                    };
                    out.push(Event::Html(CowStr::from("<figure>")));
                    // The caption says it once: the image itself takes no title.
                    out.push(Event::Start(Tag::Image {
                        link_type: *link_type,
                        dest_url: dest_url.clone(),
                        title: CowStr::from(""),
                        id: id.clone(),
                    }));
                    // The alt text and the image's end.
                    out.extend(events[i + 2..=i + 1 + end].iter().cloned());
                    out.push(Event::Html(CowStr::from(format!(
                        "<figcaption>{}</figcaption></figure>\n",
                        escape(title)
                    ))));
                    // Past the paragraph's end.
                    i += end + 3;
                    continue;
                }
                None => out.push(events[i].clone()),
            },
            event => out.push(event.clone()),
        }
        i += 1;
    }
    out
}

/// When the events after a paragraph's start are an image with a title and then the
/// paragraph's end: the index (among them) of the image's end.
fn figure(events: &[Event<'_>]) -> Option<usize> {
    match events.first() {
        Some(Event::Start(Tag::Image { title, .. })) if !title.trim().is_empty() => {}
        _ => return None,
    }
    let end = events
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Image)))?;
    matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph))).then_some(end)
}

/// Whether inline HTML is one of the link tags [`events`] writes (an author's `<a>` is never
/// kept, so these are ours).
fn is_generated(html: &str) -> bool {
    html.starts_with("<a ") || html == "</a>" || html.starts_with("<sup><a href=\"#fn-")
}

/// Parses and renders a whole Markdown text in one step.
pub(crate) fn render(ctx: &mut Ctx<'_>, file: &SourceFile, offset: usize, text: &str) -> String {
    to_html(events(ctx, file, offset, text).into_iter().map(|(e, _)| e))
}

fn title_attr(title: &str) -> String {
    if title.is_empty() {
        String::new()
    } else {
        format!(" title=\"{}\"", escape(title))
    }
}

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A tag as a message quotes it: as typed when short, else by its name.
fn shown_tag(tag: &str, name: &str) -> String {
    if tag.chars().count() <= 40 {
        tag.to_string()
    } else if tag.starts_with("</") {
        format!("</{name}>")
    } else {
        format!("<{name} …>")
    }
}

/// The URL schemes a link may use; `javascript:`, `data:`, `file:` and the like never reach a
/// package.
const SAFE_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// A file that is part of the course's source (a page or the settings), which ships only when
/// offered on purpose with a `download` block.
pub(crate) fn is_source_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown") || lower.ends_with(".toml")
}

impl Ctx<'_> {
    /// Raw HTML an author typed, by the policy of [`super::html`]: allowed tags become inline
    /// HTML, any other tag becomes text (with a note saying so), comments are dropped, and an
    /// unclosed comment is an error.
    fn raw_html<'t>(
        &mut self,
        file: &SourceFile,
        start: usize,
        raw: &str,
        out: &mut Vec<Spanned<'t>>,
    ) {
        use super::html::{split, Piece};
        for (at, piece) in split(raw) {
            let range = start + at..start + at;
            match piece {
                Piece::Tag(tag) if self.html_as_text => {
                    out.push((Event::Text(CowStr::from(tag.to_string())), range))
                }
                Piece::Tag(tag) if super::html::is_image(tag) => {
                    self.author_image(file, start + at, tag, out)
                }
                Piece::Tag(tag) => {
                    out.push((Event::InlineHtml(CowStr::from(tag.to_string())), range))
                }
                Piece::Text(text) => out.push((Event::Text(CowStr::from(text.to_string())), range)),
                Piece::Refused(tag, name) => {
                    self.diags.push(
                        Diagnostic::note(
                            "content/html-as-text",
                            format!(
                                "`{}` is not a tag a page may use, so it is shown as text",
                                shown_tag(tag, &name)
                            ),
                        )
                        .at(file.location(start + at))
                        .help("`scormpack help authoring` lists the tags that pass (e.g. <kbd>, <sup>, <abbr>); write `html = \"text\"` under [content] in course.toml to show every tag as text"),
                    );
                    out.push((Event::Text(CowStr::from(tag.to_string())), range));
                }
                Piece::Comment => {}
                Piece::UnclosedComment(_) => self.diags.push(
                    Diagnostic::error(
                        "content/unclosed-comment",
                        "this HTML comment is never closed, so everything after it would vanish",
                    )
                    .at(file.location(start + at))
                    .help("end the comment with `-->`, or delete the `<!--`"),
                ),
            }
        }
    }

    /// An `<img>` the author typed, at byte `at` of the file: written again with its `src`
    /// resolved, checked and shipped as a Markdown image's is, and with only the attributes an
    /// image may carry (`alt`, `title`, `width`, `height`). Without `alt` it is an error: `alt=""`
    /// is how an author says an image is decoration. `</img>` closes nothing and is dropped.
    fn author_image<'t>(
        &mut self,
        file: &SourceFile,
        at: usize,
        tag: &str,
        out: &mut Vec<Spanned<'t>>,
    ) {
        if tag.starts_with("</") {
            return;
        }
        let attrs = super::html::attributes(tag);
        let get = |name: &str| {
            attrs
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, value)| value.as_str())
        };
        let mut html = String::from("<img");
        match get("src") {
            Some(src) => {
                let href = self.link_target(file, at..at + tag.len(), src, LinkKind::Image);
                html.push_str(&format!(" src=\"{}\"", escape(&href)));
            }
            None => self.diags.push(
                Diagnostic::error("content/missing-file", "this `<img>` names no file")
                    .at(file.location(at))
                    .help("name the image by its path in the course folder: `<img src=\"assets/photo.png\" alt=\"…\">`"),
            ),
        }
        match get("alt") {
            Some(_) => {}
            None => self.diags.push(missing_alt(
                file,
                at,
                "this `<img>` has no alt attribute, so a screen reader reads out its file name",
                "add `alt=\"what the image shows\"`, or `alt=\"\"` when the image is only decoration",
            )),
        }
        for name in ["alt", "title", "width", "height"] {
            if let Some(value) = get(name) {
                html.push_str(&format!(" {name}=\"{}\"", escape(value)));
            }
        }
        html.push('>');
        out.push((Event::InlineHtml(CowStr::from(html)), at..at));
    }

    /// The href for a link written in a course file: external and in-page targets stay as they
    /// are; a local file is checked, collected as an asset, and named by its package path.
    /// Every target is recorded with its span among the page's links.
    pub(crate) fn link_target(
        &mut self,
        file: &SourceFile,
        range: Range<usize>,
        target: &str,
        kind: LinkKind,
    ) -> String {
        // The span is the target inside the link (`[x](HERE)`), or the whole link when the
        // target is written elsewhere (a reference-style link).
        let range = file.text[range.clone()]
            .find(target)
            .filter(|_| !target.is_empty())
            .map_or(range.clone(), |at| {
                range.start + at..range.start + at + target.len()
            });
        let span = self.span(range.clone());
        let href = self.resolve_link(file, range.start, target, &span);
        self.links.push(Link {
            kind,
            target: target.to_string(),
            href: href.clone(),
            span,
        });
        href
    }

    fn resolve_link(
        &mut self,
        file: &SourceFile,
        offset: usize,
        target: &str,
        span: &crate::model::Span,
    ) -> String {
        if target.starts_with('#') {
            return target.to_string();
        }
        if is_external(target) {
            let scheme = target.split(':').next().unwrap_or("").to_ascii_lowercase();
            if !(target.starts_with("//") || SAFE_SCHEMES.contains(&scheme.as_str())) {
                self.diags.push(
                    Diagnostic::error(
                        "content/unsafe-link",
                        format!("`{scheme}:` links are not allowed in a package"),
                    )
                    .at(file.location(offset))
                    .help("link to an http(s) address, a mailto: address, or a file of the course by its relative path"),
                );
            }
            return target.to_string();
        }
        let (path, fragment) = match target.find(['#', '?']) {
            Some(i) => (&target[..i], &target[i..]),
            None => (target, ""),
        };
        // `my%20file.pdf` names `my file.pdf`, as it would in a browser.
        let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
        let path: &str = &decoded;
        // A page of the course is reached inside the course, never shipped as its source.
        if let Ok(found) = self.folder.asset(path) {
            if let Some(page) = self.page_ids.get(&found.package_path) {
                return format!("#page-{page}");
            }
            if is_source_file(&found.package_path) {
                self.diags.push(
                    Diagnostic::error(
                        "content/source-link",
                        format!("`{path}` is a source file of the course, not a page of it"),
                    )
                    .at(file.location(offset))
                    .help("list the page in course.toml's `pages` to link to it, or offer the file with a `::: download` block"),
                );
                return target.to_string();
            }
        }
        match self.asset(path, span.clone()) {
            Ok(asset) => format!("{}{fragment}", crate::model::url_path(&asset.package_path)),
            Err(err) => {
                self.diags.push(
                    Diagnostic::error("content/missing-file", err.message(path))
                        .at(file.location(offset))
                        .help(err.help()),
                );
                target.to_string()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(markdown: &str) -> String {
        to_html(Parser::new_ext(markdown, options()))
    }

    #[test]
    fn a_table_is_wrapped_in_the_box_it_scrolls_in() {
        assert_eq!(
            html("| a | b |\n|---|---|\n| 1 | 2 |\n"),
            "<div class=\"sp-table\"><table><thead><tr><th>a</th><th>b</th></tr></thead><tbody>\n\
             <tr><td>1</td><td>2</td></tr>\n</tbody></table>\n</div>\n"
        );
    }

    #[test]
    fn an_image_with_a_title_alone_in_its_paragraph_is_a_figure_with_a_caption() {
        assert_eq!(
            html("![The pipeline](a.png \"Figure 1: <four> stages & more\")\n"),
            "<figure><img src=\"a.png\" alt=\"The pipeline\" />\
             <figcaption>Figure 1: &lt;four&gt; stages &amp; more</figcaption></figure>\n"
        );
        // Among words, or without a title, an image stays an image.
        assert_eq!(
            html("See ![x](a.png \"t\") here.\n"),
            "<p>See <img src=\"a.png\" alt=\"x\" title=\"t\" /> here.</p>\n"
        );
        assert_eq!(
            html("![x](a.png)\n"),
            "<p><img src=\"a.png\" alt=\"x\" /></p>\n"
        );
        // Two figures in a row, each whole.
        assert_eq!(
            html("![a](a.png \"A\")\n\n![b](b.png \"B\")\n")
                .matches("</figure>")
                .count(),
            2
        );
    }
}

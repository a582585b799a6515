//! Markdown text of a page → HTML, with every local link checked and every linked file
//! collected as an asset.
//!
//! Links leave the SCO's frame: inside an LMS the course runs in an iframe, and a link that
//! navigated that frame would unload the course and end the LMS session. So every link except
//! in-page anchors opens in a new window.

use super::Ctx;
use crate::diag::Diagnostic;
use crate::source::SourceFile;
use pulldown_cmark::{html, CowStr, Event, Options, Parser, Tag, TagEnd};
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
    let mut out = Vec::new();
    // For each open link: whether we replaced its start tag with raw HTML.
    let mut open_links: Vec<bool> = Vec::new();
    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        let range = range.start + offset..range.end + offset;
        let event = match event {
            Event::Start(Tag::Link {
                dest_url, title, ..
            }) => {
                let href = ctx.link_target(file, range.start, &dest_url);
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
                let href = ctx.link_target(file, range.start, &dest_url);
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
    out
}

/// Renders events (as returned by [`events`]) to HTML.
pub(crate) fn to_html<'t>(events: impl IntoIterator<Item = Event<'t>>) -> String {
    let mut out = String::new();
    html::push_html(&mut out, events.into_iter());
    out
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

/// Whether a link target points outside the package (a URL with a scheme, or `//host`).
pub(crate) fn is_external(target: &str) -> bool {
    if target.starts_with("//") {
        return true;
    }
    match target.find(':') {
        Some(colon) => {
            let scheme = &target[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !target[..colon].contains('/')
        }
        None => false,
    }
}

impl Ctx<'_> {
    /// The href for a link written in a course file: external and in-page targets stay as they
    /// are; a local file is checked, collected as an asset, and named by its package path.
    pub(crate) fn link_target(&mut self, file: &SourceFile, offset: usize, target: &str) -> String {
        if target.starts_with('#') || is_external(target) {
            return target.to_string();
        }
        let (path, fragment) = match target.find(['#', '?']) {
            Some(i) => (&target[..i], &target[i..]),
            None => (target, ""),
        };
        match self.asset(path) {
            Ok(asset) => format!("{}{fragment}", asset.package_path),
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

    #[test]
    fn external_targets_are_recognised() {
        assert!(is_external("https://example.org/x"));
        assert!(is_external("mailto:someone@example.org"));
        assert!(is_external("//cdn.example.org/x.js"));
        assert!(!is_external("assets/x.pdf"));
        assert!(!is_external("assets/a:b.pdf"));
        assert!(!is_external("#top"));
    }
}

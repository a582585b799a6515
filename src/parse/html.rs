//! What an author may type in angle brackets, and what becomes of it.
//!
//! A short list of harmless formatting tags passes ([`AUTHOR_TAGS`]); anything else typed in
//! angle brackets is shown as text, exactly as typed, so `<script>alert(1)</script>` written
//! about HTML reads as that text and never runs. HTML comments are the author's notes and are
//! dropped. Where an author's tag passed, the rendered HTML is cleaned once more by ammonia:
//! attributes outside the list, event handlers and URLs other than http(s), mailto, tel and
//! relative ones never reach the package, and every element is closed.
//!
//! [`split`] only sorts raw HTML into tags, comments and text; which tag passes is decided by
//! [`AUTHOR_TAGS`] and cleaning is ammonia's.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// The tags an author may type, with the attributes each may carry.
pub(crate) const AUTHOR_TAGS: &[(&str, &[&str])] = &[
    ("abbr", &["title"]),
    ("b", &[]),
    ("bdi", &[]),
    ("bdo", &[]),
    ("br", &[]),
    ("cite", &[]),
    ("del", &[]),
    ("details", &["open"]),
    ("dfn", &["title"]),
    ("em", &[]),
    ("i", &[]),
    // Its `src` is resolved like a Markdown image's (`crate::parse::markdown`).
    ("img", &["src", "alt", "title", "width", "height"]),
    ("ins", &[]),
    ("kbd", &[]),
    ("mark", &[]),
    ("q", &[]),
    ("s", &[]),
    ("samp", &[]),
    ("small", &[]),
    ("strong", &[]),
    ("sub", &[]),
    ("summary", &[]),
    ("sup", &[]),
    ("time", &["datetime"]),
    ("u", &[]),
    ("var", &[]),
    ("wbr", &[]),
];

/// The elements and attributes the Markdown renderer writes itself, which the cleaning pass
/// keeps as they are.
const GENERATED_TAGS: &[(&str, &[&str])] = &[
    // `id` and `value`: a footnote's reference, and its number in the list of notes.
    ("a", &["href", "title", "target", "rel", "id"]),
    ("blockquote", &[]),
    ("code", &["class"]),
    // `<div class="sp-table">` around a table, the box it scrolls in.
    ("div", &["class"]),
    ("figcaption", &[]),
    ("figure", &[]),
    ("h1", &[]),
    ("h2", &[]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("hr", &[]),
    ("img", &["src", "alt", "title"]),
    ("input", &["type", "disabled", "checked"]),
    ("li", &["id", "value"]),
    ("ol", &["start", "class"]),
    ("p", &[]),
    ("pre", &[]),
    ("table", &[]),
    ("tbody", &[]),
    ("td", &["style"]),
    ("th", &["style"]),
    ("thead", &[]),
    ("tr", &[]),
    ("ul", &[]),
];

/// A piece of raw HTML as an author typed it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'t> {
    /// A start or end tag of [`AUTHOR_TAGS`], to keep.
    Tag(&'t str),
    /// A tag of any other name, to show as text; with the tag's name.
    Refused(&'t str, String),
    /// Text, to show as it is.
    Text(&'t str),
    /// `<!-- … -->`, to drop.
    Comment,
    /// `<!--` with no `-->` after it, at this byte offset of the raw text.
    UnclosedComment(usize),
}

/// Splits raw HTML into tags, comments and text.
pub(crate) fn split(raw: &str) -> Vec<(usize, Piece<'_>)> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut i = 0;
    let bytes = raw.as_bytes();
    while i < bytes.len() {
        if bytes[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &raw[i..];
        let token = if let Some(comment) = rest.strip_prefix("<!--") {
            match comment.find("-->") {
                Some(end) => Some((4 + end + 3, Piece::Comment)),
                None => Some((rest.len(), Piece::UnclosedComment(i))),
            }
        } else {
            tag(rest).map(|(len, name)| {
                let text = &rest[..len];
                let piece = if AUTHOR_TAGS.iter().any(|(n, _)| *n == name) {
                    Piece::Tag(text)
                } else {
                    Piece::Refused(text, name)
                };
                (len, piece)
            })
        };
        match token {
            Some((len, piece)) => {
                if text_start < i {
                    out.push((text_start, Piece::Text(&raw[text_start..i])));
                }
                out.push((i, piece));
                i += len;
                text_start = i;
            }
            None => i += 1,
        }
    }
    if text_start < raw.len() {
        out.push((text_start, Piece::Text(&raw[text_start..])));
    }
    out
}

/// A tag at the start of `text` (`<name …>`, `</name>`, `<name/>`, or a declaration such as
/// `<!DOCTYPE …>` or `<?php …?>`): its length and lower-case name. Quoted attribute values
/// may hold `>`.
fn tag(text: &str) -> Option<(usize, String)> {
    let body = text.strip_prefix('<')?;
    let body = body
        .strip_prefix('/')
        .or_else(|| body.strip_prefix('!'))
        .or_else(|| body.strip_prefix('?'))
        .unwrap_or(body);
    let name_len = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == ':'))
        .unwrap_or(body.len());
    if name_len == 0 || !body.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let name = body[..name_len].to_ascii_lowercase();
    let mut quote: Option<char> = None;
    for (at, c) in text.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '>') => return Some((at + 1, name)),
            (None, '<') => return None,
            _ => {}
        }
    }
    None
}

/// Whether a tag of [`split`] is an `<img>` (or `</img>`).
pub(crate) fn is_image(tag: &str) -> bool {
    self::tag(tag).is_some_and(|(_, name)| name == "img")
}

/// The attributes of a start tag, in order: names in lower case, values with their character
/// references decoded (`&amp;` → `&`); an attribute without a value has an empty one.
pub(crate) fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let body = tag.trim_start_matches('<');
    let body = body.strip_suffix('>').unwrap_or(body);
    // Past the tag's name.
    let mut rest = body.trim_start_matches(|c: char| !c.is_whitespace() && c != '/');
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_len = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len());
        let name = rest[..name_len].to_ascii_lowercase();
        rest = rest[name_len..].trim_start();
        let mut value = String::new();
        if let Some(after) = rest.strip_prefix('=') {
            let after = after.trim_start();
            let (raw, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let inner = &after[1..];
                    let end = inner.find(q).unwrap_or(inner.len());
                    (&inner[..end], inner.get(end + 1..).unwrap_or(""))
                }
                _ => {
                    let end = after.find(char::is_whitespace).unwrap_or(after.len());
                    (&after[..end], &after[end..])
                }
            };
            value = decode(raw);
            rest = tail;
        }
        if !out.iter().any(|(n, _)| *n == name) {
            out.push((name, value));
        }
    }
}

/// An attribute value as a browser reads it: the character references an author would type
/// (`&amp;`, `&quot;`, `&#39;`, `&#x2F;`, …) decoded; anything else kept as it is.
fn decode(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let end = after.find(';').filter(|&end| end <= 10);
        let decoded = end.and_then(|end| {
            let entity = &after[..end];
            match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => {
                    let number = entity.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '\0')
                }
            }
        });
        match (decoded, end) {
            (Some(c), Some(end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            _ => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// HTML rendered from Markdown that holds tags an author typed, cleaned: only the elements
/// and attributes of both lists, safe URLs, every element closed.
pub(crate) fn clean(html: &str) -> String {
    static CLEANER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    CLEANER
        .get_or_init(|| {
            let mut tags: HashSet<&'static str> = HashSet::new();
            let mut attrs: HashMap<&'static str, HashSet<&'static str>> = HashMap::new();
            for (tag, allowed) in AUTHOR_TAGS.iter().chain(GENERATED_TAGS) {
                tags.insert(tag);
                attrs
                    .entry(tag)
                    .or_default()
                    .extend(allowed.iter().copied());
            }
            let mut builder = ammonia::Builder::empty();
            builder
                .tags(tags)
                .tag_attributes(attrs)
                .generic_attributes(HashSet::from(["lang", "dir"]))
                .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
                .url_relative(ammonia::UrlRelative::PassThrough)
                .link_rel(None)
                .strip_comments(true);
            builder
        })
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_split_into_kept_tags_refused_tags_comments_and_text() {
        let pieces = split("a<kbd>Ctrl</kbd> <script src='x>y'>alert(1)</script><!-- n -->b<3");
        assert_eq!(
            pieces,
            [
                (0, Piece::Text("a")),
                (1, Piece::Tag("<kbd>")),
                (6, Piece::Text("Ctrl")),
                (10, Piece::Tag("</kbd>")),
                (16, Piece::Text(" ")),
                (17, Piece::Refused("<script src='x>y'>", "script".into())),
                (35, Piece::Text("alert(1)")),
                (43, Piece::Refused("</script>", "script".into())),
                (52, Piece::Comment),
                (62, Piece::Text("b<3")),
            ]
        );
    }

    #[test]
    fn attributes_of_a_typed_image_are_read_as_a_browser_reads_them() {
        assert_eq!(
            attributes(
                r#"<IMG Src='a b.png' alt="Dev &amp; Ops &#x2F; &#39;x&#39;" hidden width=40 />"#
            ),
            [
                ("src".to_string(), "a b.png".to_string()),
                ("alt".to_string(), "Dev & Ops / 'x'".to_string()),
                ("hidden".to_string(), String::new()),
                ("width".to_string(), "40".to_string()),
            ]
        );
        assert_eq!(
            attributes(r#"<img alt="" src=x.png alt="second">"#),
            [
                ("alt".to_string(), String::new()),
                ("src".to_string(), "x.png".to_string()),
            ]
        );
        assert_eq!(attributes("<img>"), []);
        assert_eq!(
            decode("a &unknown; & b &#0; &amp"),
            "a &unknown; & b &#0; &amp"
        );
        assert!(is_image("<img src=x>") && is_image("</IMG>") && !is_image("<imgx>"));
    }

    #[test]
    fn an_unclosed_comment_is_found_where_it_opens() {
        assert_eq!(
            split("x <!-- TODO: add the photo\nmore"),
            [(0, Piece::Text("x ")), (2, Piece::UnclosedComment(2))]
        );
    }

    #[test]
    fn cleaning_drops_handlers_and_unsafe_urls_and_closes_elements() {
        assert_eq!(
            clean(r#"<p><abbr title="t" onclick="x()">A</abbr> <mark>m"#),
            r#"<p><abbr title="t">A</abbr> <mark>m</mark></p>"#
        );
        assert_eq!(
            clean(r#"<a href="javascript:alert(1)" target="_blank">x</a>"#),
            r#"<a target="_blank">x</a>"#
        );
    }
}

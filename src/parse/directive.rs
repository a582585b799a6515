//! The `:::` syntax of a page, with nothing else: text in, the page's front matter, plain
//! Markdown runs and `:::` blocks (type, argument, `key: value` attributes, body) out, each
//! with its byte offsets. It knows no block type; `blocks` gives the blocks their meaning.

use crate::diag::{Diagnostic, Diagnostics};
use crate::source::SourceFile;

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

/// The front matter text, its offset, and the offset where the Markdown starts.
pub(crate) fn split_front_matter(text: &str) -> Option<(&str, usize, usize)> {
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

pub(crate) enum Segment<'t> {
    Markdown(usize, &'t str),
    Directive(Directive<'t>),
}

/// Splits the Markdown after the front matter into plain Markdown and `:::` blocks.
pub(crate) fn segments<'t>(
    diags: &mut Diagnostics,
    file: &'t SourceFile,
    start: usize,
) -> Vec<Segment<'t>> {
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
            diags.push(
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
                diags.push(
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
            diags.push(
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

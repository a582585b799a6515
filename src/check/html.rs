//! HTML and CSS text → the tags, attributes and `url(…)`s the rules look at. A tolerant scan,
//! not a parser: a rule needs to find `src="http://…"` in any page an authoring tool wrote,
//! and must not give up on markup a browser would accept.

/// One start tag: its lower-case name and its attributes (names lower-cased).
#[derive(Debug, Clone)]
pub(crate) struct Tag<'t> {
    pub name: String,
    pub attrs: Vec<(String, &'t str)>,
}

impl<'t> Tag<'t> {
    pub fn attr(&self, name: &str) -> Option<&'t str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

/// The start tags of `text`, and the contents of its `<style>` elements.
pub(crate) fn scan(text: &str) -> (Vec<Tag<'_>>, Vec<&str>) {
    let mut tags = Vec::new();
    let mut styles = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(rel) = text[i..].find('<') {
        let start = i + rel;
        let rest = &text[start..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |end| start + end + 3);
            continue;
        }
        if !bytes
            .get(start + 1)
            .is_some_and(|b| b.is_ascii_alphabetic())
        {
            i = start + 1;
            continue;
        }
        let (tag, end) = tag(text, start + 1);
        i = end;
        // Script and style bodies are not markup: skip to their end tag.
        if tag.name == "script" || tag.name == "style" {
            let close = format!("</{}", tag.name);
            let body_end = find_ci(&text[i..], &close).map_or(text.len(), |e| i + e);
            if tag.name == "style" {
                styles.push(&text[i..body_end]);
            }
            i = body_end;
        }
        tags.push(tag);
    }
    (tags, styles)
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack
        .to_ascii_lowercase()
        .find(&needle.to_ascii_lowercase())
}

/// Reads a tag starting at its name; returns it and the offset after its `>`.
fn tag(text: &str, from: usize) -> (Tag<'_>, usize) {
    let bytes = text.as_bytes();
    let mut i = from;
    while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'-') {
        i += 1;
    }
    let name = text[from..i].to_ascii_lowercase();
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            break;
        }
        if bytes[i] == b'>' {
            i += 1;
            break;
        }
        let name_start = i;
        while i < bytes.len()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
            && !bytes[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let attr = text[name_start..i].to_ascii_lowercase();
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = "";
        if i < bytes.len() && bytes[i] == b'=' {
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_whitespace() {
                i += 1;
            }
            if i < bytes.len() && (bytes[i] == b'"' || bytes[i] == b'\'') {
                let quote = bytes[i];
                let value_start = i + 1;
                let end = text[value_start..]
                    .find(quote as char)
                    .map_or(text.len(), |e| value_start + e);
                value = &text[value_start..end];
                i = (end + 1).min(text.len());
            } else {
                let value_start = i;
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
                value = &text[value_start..i];
            }
        }
        if !attr.is_empty() {
            attrs.push((attr, value));
        }
    }
    (Tag { name, attrs }, i)
}

/// The targets of `url(…)` and `@import "…"` in CSS text.
pub(crate) fn css_urls(css: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        let after = &rest[i + 4..];
        let end = after.find(')').unwrap_or(after.len());
        let target = after[..end].trim().trim_matches(['"', '\'']);
        out.push(target);
        rest = &after[end..];
    }
    let mut rest = css;
    while let Some(i) = rest.find("@import") {
        let after = rest[i + 7..].trim_start();
        if let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') {
            let body = &after[1..];
            if let Some(end) = body.find(quote) {
                out.push(&body[..end]);
            }
        }
        rest = &rest[i + 7..];
    }
    out
}

/// The URLs an HTML page makes the browser load by itself (scripts, styles, fonts via inline
/// CSS, images, frames, media) — not links, which only load when clicked.
pub(crate) fn loaded_urls(text: &str) -> Vec<&str> {
    let (tags, styles) = scan(text);
    let mut out = Vec::new();
    for tag in &tags {
        let loaded: &[&str] = match tag.name.as_str() {
            "script" | "img" | "iframe" | "frame" | "embed" | "source" | "track" | "audio"
            | "input" => &["src"],
            "video" => &["src", "poster"],
            "object" => &["data"],
            "link" => {
                let rel = tag.attr("rel").unwrap_or("").to_ascii_lowercase();
                let loads = rel.split_whitespace().any(|r| {
                    matches!(
                        r,
                        "stylesheet"
                            | "icon"
                            | "preload"
                            | "prefetch"
                            | "modulepreload"
                            | "manifest"
                    )
                });
                if loads {
                    &["href"]
                } else {
                    &[]
                }
            }
            _ => &[],
        };
        for name in loaded {
            if let Some(value) = tag.attr(name) {
                out.push(value.trim());
            }
        }
        if let Some(style) = tag.attr("style") {
            out.extend(css_urls(style));
        }
    }
    for style in styles {
        out.extend(css_urls(style));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loaded_urls_come_from_resource_positions_only() {
        let html = r#"<!doctype html><html><head>
<link rel="stylesheet" href="https://cdn.example/x.css"><link rel=canonical href="http://a/b">
<script src='http://cdn.example/x.js'></script><script>if (a < b) { x = "<img src=http://no>"; }</script>
<style>@font-face { src: url("https://fonts.example/f.woff2"); } @import 'http://i/x.css';</style>
<!-- <img src="http://commented"> -->
</head><body><a href="https://example.org">a link</a><img src=local.png alt=x>
<iframe src="https://video.example/embed"></iframe><div style="background: url(http://bg/x.png)"></div>
</body></html>"#;
        assert_eq!(
            loaded_urls(html),
            [
                "https://cdn.example/x.css",
                "http://cdn.example/x.js",
                "local.png",
                "https://video.example/embed",
                "http://bg/x.png",
                "https://fonts.example/f.woff2",
                "http://i/x.css",
            ]
        );
    }

    #[test]
    fn attributes_are_read_with_and_without_quotes() {
        let (tags, _) = scan("<input type=radio value=\"b\" name='q-x' checked>");
        assert_eq!(tags[0].name, "input");
        assert_eq!(tags[0].attr("type"), Some("radio"));
        assert_eq!(tags[0].attr("value"), Some("b"));
        assert_eq!(tags[0].attr("name"), Some("q-x"));
        assert_eq!(tags[0].attr("checked"), Some(""));
    }
}

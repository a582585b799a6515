//! Text of the model's HTML for places that take plain text (xAPI activity names, LMS
//! catalogue descriptions).

/// HTML rendered from Markdown → the text a catalogue shows: tags dropped, the entities the
/// Markdown renderer writes decoded, whitespace collapsed.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    let words: Vec<&str> = decoded.split_whitespace().collect();
    // Punctuation that followed an inline tag (`<em>x</em>.`) is glued back on.
    words
        .join(" ")
        .replace(" .", ".")
        .replace(" ,", ",")
        .replace(" ?", "?")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_drops_tags_and_decodes_entities() {
        assert_eq!(
            plain_text("<p>What&#39;s the <em>right</em> pattern?</p>\n"),
            "What's the right pattern?"
        );
        assert_eq!(plain_text("Dev &amp; Ops &lt;3"), "Dev & Ops <3");
    }
}

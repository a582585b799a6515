//! The rules for the names and values the model holds: identifiers, IRIs, language tags, and
//! the size of a file as a learner reads it. Parsing checks authors' text with them; `send`
//! and `check` check statements and packages with the same rules.

/// Letters, digits, `-` and `_`, starting with a letter: safe in file names, XML ids and
/// SCORM CMIIdentifiers.
pub fn is_identifier(id: &str) -> bool {
    id.len() <= 200
        && id.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// An absolute IRI (RFC 3987): a scheme, `:`, and a rest without spaces or the characters IRIs
/// exclude. Enough to catch a relative path or a typo; LRSs check no more than this.
pub fn is_absolute_iri(iri: &str) -> bool {
    let Some((scheme, rest)) = iri.split_once(':') else {
        return false;
    };
    scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && iri.len() <= 2000
        && !rest
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>\"{}|\\^`".contains(c))
}

/// A BCP 47 tag as far as SCORM and xAPI need: subtags of 1–8 letters or digits joined by `-`.
pub fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// Whether a link target points outside the package (a URL with a scheme, or `//host`).
pub fn is_external(target: &str) -> bool {
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

/// `4.2 KB`, `510 KB`, `1.3 MB`: the size a learner expects before a download.
pub fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1000.0;
    let mut unit = 0;
    while value >= 999.5 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if value < 9.95 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// A package path as a URL path: what a browser would not read as part of a path is escaped
/// (`my file.pdf` → `my%20file.pdf`).
pub fn url_path(path: &str) -> std::borrow::Cow<'_, str> {
    const ESCAPED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(path, ESCAPED).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_like_a_download_link() {
        assert_eq!(human_size(512), "512 B");
        assert_eq!(human_size(4_210), "4.2 KB");
        assert_eq!(human_size(510_000), "510 KB");
        assert_eq!(human_size(1_300_000), "1.3 MB");
        assert_eq!(human_size(999_700), "1.0 MB");
    }

    #[test]
    fn identifiers_iris_and_language_tags() {
        assert!(is_identifier("ops-liaison_2"));
        assert!(!is_identifier("2nd"));
        assert!(!is_identifier("a b"));
        assert!(is_absolute_iri("https://courses.example.com/x"));
        assert!(is_absolute_iri("urn:scormpack:x"));
        assert!(!is_absolute_iri("courses/x"));
        assert!(!is_absolute_iri("https://a b"));
        assert!(is_language_tag("de-CH"));
        assert!(!is_language_tag("de_CH"));
        assert!(!is_language_tag(""));
    }

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

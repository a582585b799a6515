//! The words of the package that the author did not write (buttons, "Question 1/12", the
//! result line, the standalone note), in the course's language.
//!
//! The tables are theme files, `strings/<language>.toml`, one per language, each with every
//! key of `strings/en.toml`. For a course in `fr-CA` the words are looked up in that order:
//! the course's `[strings]` in course.toml, its `templates/strings.toml`, `strings/fr-ca.toml`,
//! `strings/fr.toml`, `strings/en.toml`. A course may add a language with its own
//! `templates/strings/<language>.toml`; a key missing there falls back to English, with a
//! warning. A key that no table knows is an error at the line that names it.

use super::Theme;
use crate::diag::{Diagnostic, Location};
use crate::model::CourseMeta;
use crate::source::{SourceFile, Sources};
use std::collections::BTreeMap;
use toml::Spanned;

/// Right-to-left languages: the page gets `dir="rtl"` and a mirrored layout.
const RTL: &[&str] = &["ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"];

/// The resolved words, by key.
#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Strings(BTreeMap<String, String>);

impl Strings {
    pub fn get(&self, key: &str) -> &str {
        self.0.get(key).map_or("", String::as_str)
    }
}

/// Whether `language` has a table of words (built in or the course's own), its primary
/// language's included; English always has one.
pub fn has_table(theme: &Theme, language: &str) -> bool {
    let tag = language.to_ascii_lowercase();
    let parts: Vec<&str> = tag.split('-').collect();
    parts.first() == Some(&"en")
        || (1..=parts.len()).any(|n| {
            theme
                .get(&format!("strings/{}.toml", parts[..n].join("-")))
                .is_some()
        })
}

/// The keys of the package's words, as the built-in English table names them.
pub fn keys(theme: &Theme) -> Vec<String> {
    table_keys(theme.get("builtin/strings/en.toml"))
}

/// The keys the course's own `templates/strings.toml` sets.
pub fn course_keys(theme: &Theme) -> Vec<String> {
    table_keys(theme.get("strings.toml"))
}

fn table_keys(text: Option<&str>) -> Vec<String> {
    text.and_then(|text| toml::from_str::<BTreeMap<String, toml::Value>>(text).ok())
        .map(|table| table.into_keys().collect())
        .unwrap_or_default()
}

/// `rtl` for a right-to-left language, else `ltr`.
pub fn direction(language: &str) -> &'static str {
    let primary = language
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    if RTL.contains(&primary.as_str()) {
        "rtl"
    } else {
        "ltr"
    }
}

/// The words for `meta.language`, with the course's own overrides; warnings for a course
/// table that lacks keys, errors for keys no table knows.
pub fn resolve(
    theme: &Theme,
    meta: &CourseMeta,
    sources: &Sources,
) -> Result<(Strings, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    let english = theme
        .get("builtin/strings/en.toml")
        .and_then(|text| toml::from_str::<BTreeMap<String, String>>(text).ok())
        .unwrap_or_default();
    let mut words = english.clone();
    // Most general first: `en`, then `fr`, then `fr-ca`, each overlaid on the one before.
    let tag = meta.language.to_ascii_lowercase();
    let parts: Vec<&str> = tag.split('-').collect();
    for n in 1..=parts.len() {
        let name = format!("strings/{}.toml", parts[..n].join("-"));
        if name == "strings/en.toml" && theme.get(&name) == theme.get("builtin/strings/en.toml") {
            continue;
        }
        if let Some(text) = theme.get(&name) {
            let shown = theme.origin(&name);
            let table = read_table(&shown, text, &english, &mut errors);
            let missing: Vec<&str> = english
                .keys()
                .filter(|k| !table.contains_key(*k))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() && n == parts.len() {
                warnings.push(
                    Diagnostic::warning(
                        "content/missing-strings",
                        format!(
                            "the `{}` string table lacks {} key(s), shown in English: {}",
                            parts[..n].join("-"),
                            missing.len(),
                            missing.join(", ")
                        ),
                    )
                    .at(Location::file(shown))
                    .help("add the missing keys (strings/en.toml of the built-in theme lists them all)"),
                );
            }
            words.extend(table);
        }
    }
    // The keys the author translated in the course itself.
    let mut own: Vec<String> = Vec::new();
    if let Some(text) = theme.get("strings.toml") {
        let shown = theme.origin("strings.toml");
        let table = read_table(&shown, text, &english, &mut errors);
        own.extend(table.keys().cloned());
        words.extend(table);
    }
    for (key, value) in &meta.strings {
        if english.contains_key(key) {
            own.push(key.clone());
            words.insert(key.clone(), value.clone());
        } else {
            errors.push(unknown_key(
                key,
                sources.location(meta.span_of(&format!("strings.{key}"))),
                &english,
            ));
        }
    }
    if !has_table(theme, &meta.language) {
        let missing: Vec<&str> = english
            .keys()
            .filter(|k| !own.contains(k))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            warnings.push(no_table(meta, sources, &missing));
        }
    }
    if errors.is_empty() {
        Ok((Strings(words), warnings))
    } else {
        Err(errors)
    }
}

/// A table of a theme file: every key must be one of English's; a value that is not text is
/// an error too.
fn read_table(
    shown: &str,
    text: &str,
    english: &BTreeMap<String, String>,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let file = SourceFile::new(shown, text);
    let table: BTreeMap<Spanned<String>, Spanned<String>> = match toml::from_str(text) {
        Ok(table) => table,
        Err(err) => {
            errors.push(
                Diagnostic::error(
                    "content/invalid-strings",
                    err.message().trim_end().to_string(),
                )
                .at(file.location(err.span().map_or(0, |s| s.start)))
                .help("one `key = \"text\"` per line, e.g. `verify = \"Check\"`"),
            );
            return BTreeMap::new();
        }
    };
    let mut out = BTreeMap::new();
    for (key, value) in table {
        let at = file.location(key.span().start);
        let key = key.into_inner();
        if english.contains_key(&key) {
            out.insert(key, value.into_inner());
        } else {
            errors.push(unknown_key(&key, at, english));
        }
    }
    out
}

/// A language no table knows: the learner would read the package's own words in English.
fn no_table(meta: &CourseMeta, sources: &Sources, missing: &[&str]) -> Diagnostic {
    let primary = meta
        .language
        .split('-')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    Diagnostic::warning(
        "content/missing-strings",
        format!(
            "scormpack has no words for `{}`: {} of the package's own words (buttons, \"Question 1/12\", the result line) are shown in English",
            meta.language,
            missing.len()
        ),
    )
    .at(sources.location(meta.span_of("language")))
    .help(format!(
        "translate them in templates/strings/{primary}.toml or under [strings] in course.toml, one `key = \"text\"` per line: {}",
        missing.join(", ")
    ))
}

fn unknown_key(key: &str, at: Location, english: &BTreeMap<String, String>) -> Diagnostic {
    let known: Vec<&str> = english.keys().map(String::as_str).collect();
    Diagnostic::error(
        "content/unknown-string",
        format!("`{key}` is not a word of the package"),
    )
    .at(at)
    .help(format!("use one of: {}", known.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(name: &str) -> BTreeMap<String, String> {
        let theme = Theme::default();
        toml::from_str(
            theme
                .get(name)
                .unwrap_or_else(|| panic!("{name} is built in")),
        )
        .unwrap()
    }

    #[test]
    fn every_built_in_language_has_every_key_and_the_same_placeholders() {
        let english = table("strings/en.toml");
        let placeholders = |text: &str| {
            let mut found: Vec<String> = text
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
                .collect();
            found.sort();
            found
        };
        for language in [
            "de", "fr", "es", "it", "pt", "nl", "pl", "sv", "ja", "zh", "ar",
        ] {
            let words = table(&format!("strings/{language}.toml"));
            let keys: Vec<&String> = words.keys().collect();
            assert_eq!(keys, english.keys().collect::<Vec<_>>(), "{language}");
            for (key, text) in &words {
                assert_eq!(
                    placeholders(text),
                    placeholders(&english[key]),
                    "{language}: {key}"
                );
                assert_ne!(text.trim(), "", "{language}: {key}");
            }
        }
    }

    #[test]
    fn right_to_left_languages_are_recognised_by_their_primary_tag() {
        assert_eq!(direction("ar"), "rtl");
        assert_eq!(direction("he-IL"), "rtl");
        assert_eq!(direction("fa"), "rtl");
        assert_eq!(direction("fr-CA"), "ltr");
        assert_eq!(direction("en"), "ltr");
    }
}

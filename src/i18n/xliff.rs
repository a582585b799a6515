//! The XLIFF 2.0 document a translator works in: units of a course out, translated units in.
//!
//! ```xml
//! <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
//!   <file id="f2" original="pages/intro.md">
//!     <unit id="q:capital:prompt">
//!       <segment><source>What is the capital of France?</source></segment>
//!     </unit>
//! ```
//!
//! One `<file>` for each file of the course, named by its path in `original`; one `<unit>`
//! for each text, its `id` the text's key within that file (XLIFF ids are XML name tokens,
//! which a `/` would break). Whatever reads it back names problems with file:line:column.

use crate::diag::{Diagnostic, Location};
use crate::package::tree::{self, Element};
use crate::package::xml;
use crate::source::SourceFile;
use quick_xml::escape::partial_escape;
use quick_xml::events::{BytesDecl, BytesText, Event};

/// The XLIFF 2.0 core namespace.
pub const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// One text of the course, with its translation when a translator gave one.
#[derive(Debug, Clone)]
pub struct Unit {
    /// The course file the text stands in (`pages/intro.md`).
    pub file: String,
    /// The text's key in its file (`q:capital:prompt`).
    pub key: String,
    pub source: String,
    pub target: Option<String>,
    /// Where the unit was read from an XLIFF file (0 for units of a course).
    pub offset: usize,
}

/// A whole XLIFF document.
#[derive(Debug, Clone)]
pub struct Document {
    pub source_language: String,
    pub target_language: String,
    pub units: Vec<Unit>,
    /// Where `<xliff>` opens, for problems with its languages.
    pub offset: usize,
}

/// The document as XLIFF 2.0 text; units keep their order, files their first appearance.
pub fn write(doc: &Document) -> String {
    let mut files: Vec<(&str, Vec<&Unit>)> = Vec::new();
    for unit in &doc.units {
        match files.iter_mut().find(|(name, _)| *name == unit.file) {
            Some((_, units)) => units.push(unit),
            None => files.push((&unit.file, vec![unit])),
        }
    }
    xml::document(|w| {
        w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        // `xml:space="preserve"`: the line breaks inside a text are the author's.
        w.create_element("xliff")
            .with_attributes([
                ("xmlns", NS),
                ("version", "2.0"),
                ("srcLang", doc.source_language.as_str()),
                ("trgLang", doc.target_language.as_str()),
                ("xml:space", "preserve"),
            ])
            .write_inner_content(|w| {
                for (n, (name, units)) in files.iter().enumerate() {
                    let id = format!("f{}", n + 1);
                    w.create_element("file")
                        .with_attributes([("id", id.as_str()), ("original", name)])
                        .write_inner_content(|w| {
                            for unit in units {
                                w.create_element("unit")
                                    .with_attribute(("id", unit.key.as_str()))
                                    .write_inner_content(|w| {
                                        w.create_element("segment").write_inner_content(|w| {
                                            text(w, "source", &unit.source)?;
                                            if let Some(target) = &unit.target {
                                                text(w, "target", target)?;
                                            }
                                            Ok(())
                                        })?;
                                        Ok(())
                                    })?;
                            }
                            Ok(())
                        })?;
                }
                Ok(())
            })?;
        Ok(())
    })
}

/// `<name>text</name>` with only `<`, `>` and `&` escaped: a translator reads `it's` as
/// written, not `it&apos;s`.
fn text(w: &mut quick_xml::Writer<Vec<u8>>, name: &str, text: &str) -> std::io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::from_escaped(partial_escape(text)))?;
    Ok(())
}

/// Reads an XLIFF 2.0 document; `name` is how problems name the file.
pub fn read(name: &str, text: &str) -> Result<Document, Vec<Diagnostic>> {
    let file = SourceFile::new(name, text);
    let error = |offset: usize, message: String, help: &str| {
        Diagnostic::error("xliff/invalid", message)
            .at(file.location(offset))
            .help(help.to_string())
    };
    let root = tree::parse(text.trim_start_matches('\u{feff}')).map_err(|err| {
        // The offsets of the tree count from after a byte order mark.
        let bom = text.len() - text.trim_start_matches('\u{feff}').len();
        vec![error(
            err.offset + bom,
            format!("this is not well-formed XML: {}", err.message),
            "an XLIFF file is XML; open it in the translation tool again and export it anew",
        )]
    })?;
    let bom = text.len() - text.trim_start_matches('\u{feff}').len();
    let at = |e: &Element| e.offset + bom;
    if !root.is(NS, "xliff") || root.attr("version") != Some("2.0") {
        return Err(vec![error(
            at(&root),
            format!("<{}> is not an XLIFF 2.0 document", root.qname),
            "scormpack reads XLIFF 2.0: `<xliff version=\"2.0\" xmlns=\"urn:oasis:names:tc:xliff:document:2.0\">`",
        )]);
    }
    let mut problems = Vec::new();
    let language = |attr: &str, problems: &mut Vec<Diagnostic>| match root.attr(attr) {
        Some(tag) => tag.to_string(),
        None => {
            problems.push(error(
                at(&root),
                format!("<xliff> has no `{attr}`"),
                "`srcLang` names the course's language and `trgLang` the translation's, e.g. `trgLang=\"fr\"`",
            ));
            String::new()
        }
    };
    let source_language = language("srcLang", &mut problems);
    let target_language = language("trgLang", &mut problems);
    let mut units = Vec::new();
    for file_element in root.children.iter().filter(|e| e.is(NS, "file")) {
        let Some(original) = file_element.attr("original") else {
            problems.push(error(
                at(file_element),
                "<file> has no `original`: the course file its units belong to".into(),
                "keep the `original` attribute that `scormpack i18n export` wrote",
            ));
            continue;
        };
        for unit in file_element
            .descendants()
            .into_iter()
            .filter(|e| e.is(NS, "unit"))
        {
            let Some(key) = unit.attr("id") else {
                problems.push(error(
                    at(unit),
                    "<unit> has no `id`".into(),
                    "keep the `id` attribute that `scormpack i18n export` wrote",
                ));
                continue;
            };
            let mut source = String::new();
            let mut target: Option<String> = None;
            for part in unit
                .children
                .iter()
                .filter(|e| e.is(NS, "segment") || e.is(NS, "ignorable"))
            {
                for content in &part.children {
                    let into = if content.is(NS, "source") {
                        &mut source
                    } else if content.is(NS, "target") {
                        target.get_or_insert_with(String::new)
                    } else {
                        continue;
                    };
                    if let Some(inline) = content.children.first() {
                        problems.push(error(
                            at(inline),
                            format!("<{}> inside a text is not supported", inline.qname),
                            "write the translation as plain text: the Markdown in it (`**`, `[…](…)`) stays as it is",
                        ));
                    }
                    into.push_str(&content.text);
                }
            }
            units.push(Unit {
                file: original.to_string(),
                key: key.to_string(),
                source,
                target,
                offset: at(unit),
            });
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Document {
        source_language,
        target_language,
        units,
        offset: at(&root),
    })
}

/// Where an offset of the XLIFF text is, for a problem found after reading it.
pub fn location(name: &str, text: &str, offset: usize) -> Location {
    SourceFile::new(name, text).location(offset)
}

//! Small quick-xml helpers the control-file writers share: an element holding text, with or
//! without a language attribute, and the SCO resource of a SCORM manifest.

use crate::render::{Contents, RenderedFile};
use quick_xml::events::BytesText;
use quick_xml::Writer;
use std::io;

/// `<name>value</name>`, with the value escaped.
pub(crate) fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

/// `<name LANG_ATTR="language">value</name>`: `xml:lang` in IMS metadata, `lang` in tincan.xml.
pub(crate) fn lang_text(
    w: &mut Writer<Vec<u8>>,
    name: &str,
    lang_attr: &str,
    language: &str,
    value: &str,
) -> io::Result<()> {
    w.create_element(name)
        .with_attribute((lang_attr, language))
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

/// A whole XML document written by `body`: the declaration it writes, two-space indentation,
/// and a final newline.
pub(crate) fn document(body: impl FnOnce(&mut Writer<Vec<u8>>) -> io::Result<()>) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    body(&mut writer).expect("writing XML into memory does not fail");
    let mut xml = String::from_utf8(writer.into_inner()).expect("the writer was given UTF-8 only");
    xml.push('\n');
    xml
}

/// The rendered files with a SCORM manifest added: `manifest` gets every package path, sorted
/// and each once, and its text becomes `imsmanifest.xml`.
pub(crate) fn with_manifest(
    mut files: Vec<RenderedFile>,
    manifest: impl FnOnce(&[&str]) -> String,
) -> Vec<RenderedFile> {
    let mut paths: Vec<&str> = files.iter().map(|f| f.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    let text = manifest(&paths);
    files.push(RenderedFile {
        path: super::scorm12::MANIFEST.into(),
        contents: Contents::Memory(text.into_bytes()),
    });
    files
}

/// `<resources>` with the one SCO of the package, launched at `index.html` and listing every
/// file of the package. SCORM 1.2 spells the type attribute `adlcp:scormtype`, SCORM 2004
/// `adlcp:scormType`.
pub(crate) fn sco_resources(
    w: &mut Writer<Vec<u8>>,
    id: &str,
    scorm_type_attr: &str,
    files: &[&str],
) -> io::Result<()> {
    w.create_element("resources").write_inner_content(|w| {
        w.create_element("resource")
            .with_attributes([
                ("identifier", format!("RES-{id}").as_str()),
                ("type", "webcontent"),
                (scorm_type_attr, "sco"),
                ("href", "index.html"),
            ])
            .write_inner_content(|w| {
                for file in files {
                    // An href is a URL: `my file#2.pdf` is `my%20file%232.pdf`.
                    w.create_element("file")
                        .with_attribute(("href", crate::model::url_path(file).as_ref()))
                        .write_empty()?;
                }
                Ok(())
            })?;
        Ok(())
    })?;
    Ok(())
}

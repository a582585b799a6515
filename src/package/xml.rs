//! Small quick-xml helpers the control-file writers share: an element holding text, with or
//! without a language attribute.

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

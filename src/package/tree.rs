//! XML text → a small element tree with resolved namespaces and byte offsets: how every
//! control file is read back (`check` on manifests, `send` on `tincan.xml`, the tests), so a
//! problem can point at its line.

use quick_xml::events::{BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;

/// One element: its namespace and local name, attributes, children and text.
#[derive(Debug, Clone)]
pub struct Element {
    pub ns: Option<String>,
    pub local: String,
    /// The name as written, e.g. `adlcp:masteryscore`.
    pub qname: String,
    pub attrs: Vec<Attr>,
    pub children: Vec<Element>,
    /// The text directly inside the element (entities resolved).
    pub text: String,
    /// Byte offset of the `<` that opens the element.
    pub offset: usize,
}

#[derive(Debug, Clone)]
pub struct Attr {
    pub ns: Option<String>,
    pub local: String,
    pub qname: String,
    pub value: String,
}

impl Element {
    /// The value of the attribute `local` without a namespace.
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attr_ns(None, local)
    }

    pub fn attr_ns(&self, ns: Option<&str>, local: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|a| a.local == local && a.ns.as_deref() == ns)
            .map(|a| a.value.as_str())
    }

    pub fn is(&self, ns: &str, local: &str) -> bool {
        self.ns.as_deref() == Some(ns) && self.local == local
    }

    /// Every element below this one, depth first.
    pub fn descendants(&self) -> Vec<&Element> {
        let mut out = Vec::new();
        let mut stack: Vec<&Element> = self.children.iter().rev().collect();
        while let Some(e) = stack.pop() {
            out.push(e);
            stack.extend(e.children.iter().rev());
        }
        out
    }
}

/// Why the text is not well-formed XML, and where.
#[derive(Debug, Clone)]
pub struct XmlError {
    pub message: String,
    pub offset: usize,
}

/// Parses `text` into its root element.
pub fn parse(text: &str) -> Result<Element, XmlError> {
    let mut reader = NsReader::from_str(text);
    let mut stack: Vec<Element> = Vec::new();
    let mut root: Option<Element> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|err| XmlError {
            message: err.to_string(),
            offset: reader.error_position() as usize,
        })?;
        match event {
            Event::Start(start) => {
                let element = element(&reader, &start, before)?;
                stack.push(element);
            }
            Event::Empty(start) => {
                let element = element(&reader, &start, before)?;
                close(&mut stack, &mut root, element, before)?;
            }
            Event::End(_) => {
                let element = stack.pop().ok_or_else(|| XmlError {
                    message: "closing tag without an opening tag".into(),
                    offset: before,
                })?;
                close(&mut stack, &mut root, element, before)?;
            }
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                if let Some(top) = stack.last_mut() {
                    let name: &str = &r;
                    top.text.push_str(&entity(name).unwrap_or_default());
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError {
            message: format!("the element <{}> is never closed", stack[0].qname),
            offset: stack[0].offset,
        });
    }
    root.ok_or(XmlError {
        message: "the file has no root element".into(),
        offset: 0,
    })
}

fn close(
    stack: &mut [Element],
    root: &mut Option<Element>,
    element: Element,
    offset: usize,
) -> Result<(), XmlError> {
    match stack.last_mut() {
        Some(parent) => parent.children.push(element),
        None if root.is_none() => *root = Some(element),
        None => {
            return Err(XmlError {
                message: "a second root element".into(),
                offset,
            })
        }
    }
    Ok(())
}

fn element(
    reader: &NsReader<&[u8]>,
    start: &BytesStart<'_>,
    offset: usize,
) -> Result<Element, XmlError> {
    let (ns, local) = reader.resolver().resolve_element(start.name());
    let ns = namespace(ns, offset, start.name().as_ref())?;
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|err| XmlError {
            message: err.to_string(),
            offset,
        })?;
        let qname = attr.key.as_ref().to_string();
        if qname == "xmlns" || qname.starts_with("xmlns:") {
            continue;
        }
        let (ans, alocal) = reader.resolver().resolve_attribute(attr.key);
        let value = attr
            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map_err(|err| XmlError {
                message: err.to_string(),
                offset,
            })?
            .into_owned();
        attrs.push(Attr {
            ns: namespace(ans, offset, &qname)?,
            local: alocal.as_ref().to_string(),
            qname,
            value,
        });
    }
    Ok(Element {
        ns,
        local: local.as_ref().to_string(),
        qname: start.name().as_ref().to_string(),
        attrs,
        children: Vec::new(),
        text: String::new(),
        offset,
    })
}

fn namespace(
    result: ResolveResult<'_>,
    offset: usize,
    name: &str,
) -> Result<Option<String>, XmlError> {
    match result {
        ResolveResult::Bound(ns) => Ok(Some(ns.as_ref().to_string())),
        ResolveResult::Unbound => Ok(None),
        ResolveResult::Unknown(prefix) => Err(XmlError {
            message: format!("`{name}` uses the prefix `{prefix}`, which is not declared"),
            offset,
        }),
    }
}

fn entity(name: &str) -> Option<String> {
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        _ => {
            let code = name.strip_prefix('#')?;
            let n = match code.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => code.parse().ok()?,
            };
            char::from_u32(n)?
        }
    };
    Some(c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_offsets_and_text_are_kept() {
        let root = parse(
            "<?xml version=\"1.0\"?>\n<m xmlns=\"urn:a\" xmlns:b=\"urn:b\" id=\"x\">\n  <b:s>8&amp;0</b:s><e/></m>",
        )
        .unwrap();
        assert!(root.is("urn:a", "m"));
        assert_eq!(root.attr("id"), Some("x"));
        assert_eq!(root.offset, 22);
        assert!(root.children[0].is("urn:b", "s"));
        assert_eq!(root.children[0].text, "8&0");
        assert!(root.children[1].is("urn:a", "e"));
    }

    #[test]
    fn broken_xml_is_an_error_with_a_place() {
        let err = parse("<m>\n<a></b></m>").unwrap_err();
        assert!(err.offset > 0, "{err:?}");
        assert!(parse("<m><a></a>").is_err());
    }
}

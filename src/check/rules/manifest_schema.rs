//! `package/manifest-schema`: the manifest must be well-formed XML and valid against the SCORM
//! 1.2 schemas (IMS CP 1.1.2 and ADL CP 1.2); Moodle and strict LMSs refuse a manifest that is
//! not. The schema files are © IMS Global and ADL without a licence to redistribute them, so
//! they are not bundled: this rule encodes what they require — which elements, in which order,
//! how often, which attributes with which values, unique ids and resolvable references. The
//! tests hold it to `xmllint --schema` with the official files. Not checked: the inside of IMS
//! metadata (`imsmd:lom`), which LMSs ignore.

use super::super::package::ManifestState;
use super::super::{Author, Ctx, Rule};
use super::{NS_ADLCP, NS_IMSCP, XML_NS};
use crate::diag::{Diagnostic, Severity};
use crate::package::tree::Element;
use std::collections::HashSet;

pub(super) const RULE: Rule = Rule {
    id: "package/manifest-schema",
    severity: Severity::Error,
    summary: "a manifest that is not well-formed or not valid against the SCORM 1.2 schemas",
    check,
};

const NS_IMSMD: &str = "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1";
const NS_XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// How a value of an attribute or a text is constrained.
#[derive(Clone, Copy)]
enum Value {
    /// xsd:ID: an NCName, unique in the document.
    Id,
    /// xsd:IDREF: an NCName that is the id of some element.
    IdRef,
    Boolean,
    /// A string of at most this many characters.
    Max(usize),
    OneOf(&'static [&'static str]),
}

struct AttrSpec {
    name: &'static str,
    required: bool,
    value: Value,
}

const fn req(name: &'static str, value: Value) -> AttrSpec {
    AttrSpec {
        name,
        required: true,
        value,
    }
}

const fn opt(name: &'static str, value: Value) -> AttrSpec {
    AttrSpec {
        name,
        required: false,
        value,
    }
}

/// An element of the IMS CP namespace: its children in order (name, min, max), its
/// unqualified attributes, whether it takes foreign attributes, and for simple types its text.
struct Model {
    children: &'static [(&'static str, usize, usize)],
    attrs: &'static [AttrSpec],
    /// `xsd:anyAttribute namespace="##other"`.
    any_attribute: bool,
    /// Simple content (no children, no attributes) with this constraint.
    text: Option<Value>,
}

const N: usize = usize::MAX;

fn model(local: &str) -> Option<Model> {
    let complex = |children, attrs| Model {
        children,
        attrs,
        any_attribute: true,
        text: None,
    };
    let simple = |max| Model {
        children: &[],
        attrs: &[],
        any_attribute: false,
        text: Some(Value::Max(max)),
    };
    Some(match local {
        "manifest" => complex(
            &[
                ("metadata", 0, 1),
                ("organizations", 1, 1),
                ("resources", 1, 1),
                ("manifest", 0, N),
            ],
            const { &[req("identifier", Value::Id), opt("version", Value::Max(20))] },
        ),
        "metadata" => Model {
            children: &[("schema", 0, 1), ("schemaversion", 0, 1)],
            attrs: &[],
            any_attribute: false,
            text: None,
        },
        "organizations" => complex(
            &[("organization", 0, N)],
            const { &[opt("default", Value::IdRef)] },
        ),
        "organization" => complex(
            &[("title", 0, 1), ("item", 0, N), ("metadata", 0, 1)],
            const {
                &[
                    req("identifier", Value::Id),
                    opt("structure", Value::Max(200)),
                ]
            },
        ),
        "item" => complex(
            &[("title", 0, 1), ("item", 0, N), ("metadata", 0, 1)],
            const {
                &[
                    req("identifier", Value::Id),
                    opt("identifierref", Value::Max(2000)),
                    opt("isvisible", Value::Boolean),
                    opt("parameters", Value::Max(1000)),
                ]
            },
        ),
        "resources" => complex(&[("resource", 0, N)], &[]),
        "resource" => complex(
            &[("metadata", 0, 1), ("file", 0, N), ("dependency", 0, N)],
            const {
                &[
                    req("identifier", Value::Id),
                    req("type", Value::Max(1000)),
                    opt("href", Value::Max(2000)),
                ]
            },
        ),
        "file" => complex(
            &[("metadata", 0, 1)],
            const { &[req("href", Value::Max(2000))] },
        ),
        "dependency" => complex(&[], const { &[req("identifierref", Value::Max(2000))] }),
        "title" => simple(200),
        "schema" => simple(100),
        "schemaversion" => simple(20),
        _ => return None,
    })
}

/// The elements ADL CP 1.2 declares, with the constraint on their text.
fn adlcp_element(local: &str) -> Option<Value> {
    Some(match local {
        "location" => Value::Max(2000),
        "prerequisites" => Value::Max(200),
        "maxtimeallowed" => Value::Max(13),
        "timelimitaction" => Value::OneOf(&[
            "exit,no message",
            "exit,message",
            "continue,no message",
            "continue,message",
        ]),
        "datafromlms" => Value::Max(255),
        "masteryscore" => Value::Max(200),
        "schema" => Value::OneOf(&["ADL SCORM"]),
        "schemaversion" => Value::OneOf(&["1.2"]),
        _ => return None,
    })
}

struct Checker {
    problems: Vec<(usize, String)>,
    ids: HashSet<String>,
    idrefs: Vec<(usize, String)>,
}

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let manifest = match ctx.manifest {
        ManifestState::Parsed(manifest) => manifest,
        ManifestState::Broken(err) => {
            let entry = ctx.view.entry(super::super::package::MANIFEST);
            let name = entry.map_or_else(
                || "imsmanifest.xml".to_string(),
                |e| ctx.view.entry_display(e),
            );
            let text = entry.and_then(|e| e.text.clone()).unwrap_or_default();
            out.push(
                ctx.finding(&RULE, format!("imsmanifest.xml is not well-formed XML: {}", err.message))
                    .at(crate::source::SourceFile::new(name, text).location(err.offset))
                    .help("fix the XML: every element closed, attribute values in quotes, `&` written as `&amp;`"),
            );
            return;
        }
        ManifestState::Missing => return,
    };
    // The rule encodes the SCORM 1.2 schemas. A SCORM 2004 manifest follows other ones (IMS
    // CP 1.1.4, ADL CP 1.3, IMS SS 1.0); scormpack's own are held against the official XSDs
    // of both editions in tests/scorm2004_package.rs.
    if super::is_scorm2004_manifest(manifest) {
        return;
    }
    let mut checker = Checker {
        problems: Vec::new(),
        ids: HashSet::new(),
        idrefs: Vec::new(),
    };
    let root = &manifest.root;
    if root.is(NS_IMSCP, "manifest") {
        checker.element(root);
    } else {
        checker.problems.push((
            root.offset,
            format!(
                "the root element is <{}> in namespace {}, not <manifest> in the SCORM 1.2 content packaging namespace {NS_IMSCP}",
                root.qname,
                root.ns.as_deref().unwrap_or("(none)")
            ),
        ));
    }
    for (offset, id) in std::mem::take(&mut checker.idrefs) {
        if !checker.ids.contains(&id) {
            checker.problems.push((
                offset,
                format!("`{id}` is not the identifier of any element"),
            ));
        }
    }
    let elements = manifest.root.descendants();
    for (offset, message) in checker.problems {
        // In a course folder, a title or mastery score the schema refuses was written in
        // course.toml: point there.
        let setting =
            elements
                .iter()
                .find(|e| e.offset == offset)
                .and_then(|e| match e.local.as_str() {
                    "title" => Some("title"),
                    "masteryscore" => Some("completion.passing_score"),
                    _ => None,
                });
        let authored = setting.and_then(|key| ctx.view.author_location(&Author::Setting(key)));
        let finding = ctx.finding(&RULE, message);
        out.push(match authored {
            Some(location) => finding.at(location).help(
                "change it in course.toml: the SCORM 1.2 manifest schema limits what this value may be",
            ),
            None => finding.at(manifest.file.location(offset)).help(
                "make the manifest follow the SCORM 1.2 content packaging schema (IMS CP 1.1.2 + ADL CP 1.2)",
            ),
        });
    }
}

impl Checker {
    fn problem(&mut self, element: &Element, message: String) {
        self.problems.push((element.offset, message));
    }

    fn element(&mut self, element: &Element) {
        let Some(model) = model(&element.local) else {
            self.problem(
                element,
                format!(
                    "<{}> is not an element of SCORM 1.2 content packaging",
                    element.qname
                ),
            );
            return;
        };
        self.attributes(element, &model);
        if let Some(value) = model.text {
            if let Some(child) = element.children.first() {
                self.problem(
                    child,
                    format!("<{}> holds text only, not <{}>", element.qname, child.qname),
                );
            }
            self.value(
                element,
                &format!("the text of <{}>", element.qname),
                &element.text,
                value,
            );
            return;
        }
        if !element.text.trim().is_empty() {
            self.problem(
                element,
                format!(
                    "<{}> holds elements only, not the text `{}`",
                    element.qname,
                    element.text.trim()
                ),
            );
        }
        let mut counts = vec![0usize; model.children.len()];
        let mut position = 0;
        let mut in_foreign = false;
        for child in &element.children {
            if child.ns.as_deref() != Some(NS_IMSCP) {
                in_foreign = true;
                self.foreign(child);
                continue;
            }
            let found = model.children[position..]
                .iter()
                .position(|(name, _, _)| *name == child.local)
                .map(|i| i + position);
            match found {
                Some(i) if !in_foreign => {
                    position = i;
                    counts[i] += 1;
                    if counts[i] > model.children[i].2 {
                        self.problem(
                            child,
                            format!("<{}> may hold only one <{}>", element.qname, child.qname),
                        );
                    }
                    self.element(child);
                }
                _ => {
                    let expected: Vec<String> = model
                        .children
                        .iter()
                        .map(|(n, _, _)| format!("<{n}>"))
                        .collect();
                    let order = if expected.is_empty() {
                        format!("<{}> holds no such elements", element.qname)
                    } else {
                        format!(
                            "<{}> holds {} in this order, then elements of other namespaces",
                            element.qname,
                            expected.join(", ")
                        )
                    };
                    self.problem(
                        child,
                        format!("<{}> is not allowed here: {order}", child.qname),
                    );
                }
            }
        }
        for (i, (name, min, _)) in model.children.iter().enumerate() {
            if counts[i] < *min {
                self.problem(element, format!("<{}> needs a <{name}>", element.qname));
            }
        }
    }

    fn attributes(&mut self, element: &Element, model: &Model) {
        for spec in model.attrs {
            match element.attr(spec.name) {
                Some(value) => self.value(
                    element,
                    &format!("`{}` of <{}>", spec.name, element.qname),
                    value,
                    spec.value,
                ),
                None if spec.required => self.problem(
                    element,
                    format!("<{}> needs a `{}` attribute", element.qname, spec.name),
                ),
                None => {}
            }
        }
        for attr in &element.attrs {
            let allowed = match attr.ns.as_deref() {
                None => model.attrs.iter().any(|s| s.name == attr.local),
                Some(NS_XSI) => true,
                // xml:base on manifest, resources and resource is declared; the rest through
                // anyAttribute, which ims_xml.xsd's declarations of xml:lang/base satisfy.
                Some(XML_NS) => {
                    model.any_attribute && matches!(attr.local.as_str(), "base" | "lang")
                }
                Some(NS_ADLCP) if model.any_attribute => attr.local == "scormtype",
                Some(_) => false,
            };
            if !allowed {
                self.problem(
                    element,
                    format!("<{}> has no attribute `{}`", element.qname, attr.qname),
                );
                continue;
            }
            if attr.ns.as_deref() == Some(NS_ADLCP)
                && !matches!(attr.value.as_str(), "sco" | "asset")
            {
                self.problem(
                    element,
                    format!(
                        "`{}` is `{}`; it must be `sco` or `asset`",
                        attr.qname, attr.value
                    ),
                );
            }
        }
    }

    /// An element of another namespace, where the schemas allow one (`xsd:any` with strict
    /// processing: it must be declared by a schema the manifest uses).
    fn foreign(&mut self, element: &Element) {
        match element.ns.as_deref() {
            Some(NS_ADLCP) => {
                let Some(value) = adlcp_element(&element.local) else {
                    self.problem(
                        element,
                        format!("<{}> is not an element of ADL CP 1.2", element.qname),
                    );
                    return;
                };
                if element.local == "prerequisites" && element.attr("type") != Some("aicc_script") {
                    self.problem(
                        element,
                        format!("<{}> needs type=\"aicc_script\"", element.qname),
                    );
                }
                if let Some(child) = element.children.first() {
                    self.problem(child, format!("<{}> holds text only", element.qname));
                }
                self.value(
                    element,
                    &format!("the text of <{}>", element.qname),
                    &element.text,
                    value,
                );
            }
            // IMS metadata: LMSs read the title at most; its inner structure is not checked.
            Some(NS_IMSMD) => {}
            Some(ns) => self.problem(
                element,
                format!(
                    "<{}> is in the namespace {ns}, which no SCORM 1.2 schema declares",
                    element.qname
                ),
            ),
            None => self.problem(
                element,
                format!(
                    "<{}> has no namespace; in a SCORM 1.2 manifest every element has one",
                    element.qname
                ),
            ),
        }
    }

    fn value(&mut self, element: &Element, what: &str, value: &str, rule: Value) {
        match rule {
            Value::Id => {
                if !is_ncname(value) {
                    self.problem(element, format!("{what} is `{value}`, not an XML identifier (a letter or `_` first, then letters, digits, `.`, `-`, `_`)"));
                } else if !self.ids.insert(value.to_string()) {
                    self.problem(element, format!("the identifier `{value}` is used twice"));
                }
            }
            Value::IdRef => {
                if is_ncname(value) {
                    self.idrefs.push((element.offset, value.to_string()));
                } else {
                    self.problem(
                        element,
                        format!("{what} is `{value}`, not an XML identifier"),
                    );
                }
            }
            Value::Boolean => {
                if !matches!(value.trim(), "true" | "false" | "1" | "0") {
                    self.problem(
                        element,
                        format!("{what} is `{value}`; it must be `true` or `false`"),
                    );
                }
            }
            Value::Max(max) => {
                let len = value.chars().count();
                if len > max {
                    self.problem(
                        element,
                        format!("{what} has {len} characters, more than the {max} allowed"),
                    );
                }
            }
            Value::OneOf(values) => {
                if !values.contains(&value) {
                    let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    self.problem(
                        element,
                        format!("{what} is `{value}`; it must be one of {}", list.join(", ")),
                    );
                }
            }
        }
    }
}

/// xsd:NCName: a letter or `_` first, then letters, digits, `.`, `-`, `_` (no colon).
fn is_ncname(value: &str) -> bool {
    let mut chars = value.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
}

#[cfg(test)]
mod tests {
    use super::is_ncname;

    #[test]
    fn ncnames_start_with_a_letter_and_have_no_spaces_or_colons() {
        assert!(is_ncname("ITEM-ops_1.2"));
        assert!(is_ncname("_x"));
        assert!(!is_ncname("1item"));
        assert!(!is_ncname("my item"));
        assert!(!is_ncname("a:b"));
        assert!(!is_ncname(""));
    }
}

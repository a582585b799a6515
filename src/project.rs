//! A course folder, loaded once, and the packages assembled from it: the one pipeline that
//! `build`, `check`, `preview` and `send` share.
//!
//! ```text
//! Project::load(dir)   source → parse → model::Course + Theme + Sources (every text read)
//! project.assemble(f)  render → package: every file of the package for format f, in order
//! ```
//!
//! Nothing here writes: `build` hands the package to `archive`, `check` to its rules,
//! `preview` to its server.

use crate::diag::{Diagnostic, Diagnostics, Location};
use crate::model::{Asset, Course};
use crate::package::{Format, Package};
use crate::render::{self, Contents, RenderedFile, Strings, Theme};
use crate::source::{CourseFolder, Sources};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A course read and checked, with every text it was read from.
pub struct Project {
    pub course_dir: PathBuf,
    pub course: Course,
    pub theme: Theme,
    /// The course's text files (course.toml, pages, template overrides), which the spans in
    /// `course` and the diagnostics point into.
    pub sources: Sources,
    /// Problems that do not stop a build.
    pub warnings: Vec<Diagnostic>,
    /// The package's own words in the course's language.
    pub strings: Strings,
}

/// A course that could not be loaded: every problem found, and the texts they point into.
#[derive(Debug)]
pub struct LoadError {
    pub diagnostics: Vec<Diagnostic>,
    pub sources: Sources,
}

impl Project {
    /// Reads and checks the course in `course_dir`, reporting every problem at once.
    pub fn load(course_dir: &Path) -> Result<Project, LoadError> {
        let mut folder = CourseFolder::new(course_dir);
        let theme = match Theme::load(&mut folder) {
            Ok(theme) => theme,
            Err(diagnostics) => {
                return Err(LoadError {
                    diagnostics,
                    sources: folder.sources,
                })
            }
        };
        let icons = theme.icon_names();
        let mut diags = Diagnostics::default();
        let course = crate::parse::load(
            &mut folder,
            &crate::parse::ParseOptions { icons: &icons },
            &mut diags,
        );
        for warning in folder.warnings.drain(..) {
            diags.push(warning);
        }
        let course = match course {
            Some(course) if !diags.has_errors() => course,
            _ => {
                return Err(LoadError {
                    diagnostics: diags.into_vec(),
                    sources: folder.sources,
                })
            }
        };
        let strings = match render::strings::resolve(&theme, &course.meta, &folder.sources) {
            Ok((strings, warnings)) => {
                for warning in warnings {
                    diags.push(warning);
                }
                strings
            }
            Err(errors) => {
                return Err(LoadError {
                    diagnostics: diags.into_vec().into_iter().chain(errors).collect(),
                    sources: folder.sources,
                })
            }
        };
        Ok(Project {
            course_dir: course_dir.to_path_buf(),
            course,
            theme,
            sources: folder.sources,
            warnings: diags.into_vec(),
            strings,
        })
    }

    /// Every file of the course's package in `format`: rendered pages, theme and runtime,
    /// the assets (still on disk) and the format's control file.
    pub fn assemble(&self, format: Format) -> Result<Package, Vec<Diagnostic>> {
        if format.is_xapi() && self.course.meta.activity_id.is_none() {
            return Err(vec![missing_activity_id(&self.course_dir)]);
        }
        let target = render::Target {
            format: format.name(),
            scripts: format.scripts(),
        };
        let files = render::render(&self.course, &self.theme, &self.strings, &target)
            .map_err(|d| vec![d])?;
        let files = format.assemble(&self.course, files);
        let collisions = self.collisions(&files);
        if !collisions.is_empty() {
            return Err(collisions);
        }
        Ok(Package::new(files))
    }

    /// Files of the package that would share a path, compared as a case-insensitive file
    /// system (Windows, macOS) unzips them: a course file named like a file scormpack
    /// generates (`imsmanifest.xml`, `index.html`, `scormpack/…`), or two files of the
    /// course that differ only in case.
    fn collisions(&self, files: &[RenderedFile]) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let generated: Vec<&str> = files
            .iter()
            .filter(|f| matches!(f.contents, Contents::Memory(_)))
            .map(|f| f.path.as_str())
            .collect();
        let mut seen: HashMap<String, &Asset> = HashMap::new();
        for asset in &self.course.assets {
            let key = asset.package_path.to_lowercase();
            let here = self.sources.location(&asset.span);
            let own = format!("{}/", crate::render::OWN_DIR);
            let clash = if key.starts_with(&own) {
                Some(format!("{own}…"))
            } else {
                generated
                    .iter()
                    .find(|g| g.to_lowercase() == key)
                    .map(|g| g.to_string())
            };
            if let Some(generated) = clash {
                out.push(
                    Diagnostic::error(
                        "content/reserved-path",
                        format!(
                            "`{}` would take the place of `{generated}`, which scormpack writes itself",
                            asset.package_path
                        ),
                    )
                    .at(here)
                    .help("rename the file or move it into a folder such as `assets/`"),
                );
            } else if let Some(first) = seen.get(&key) {
                out.push(
                    Diagnostic::error(
                        "content/path-collision",
                        format!(
                            "`{}` and `{}` (used at {}) differ only in case: unzipped on Windows or macOS they are one file",
                            asset.package_path,
                            first.package_path,
                            self.sources.location(&first.span)
                        ),
                    )
                    .at(here)
                    .help("give the two files names that differ in more than case"),
                );
            } else {
                seen.insert(key, asset);
            }
        }
        out
    }
}

/// The error for an xAPI build (or `send`) of a course without `[xapi] activity_id`.
pub fn missing_activity_id(course_dir: &Path) -> Diagnostic {
    let file = crate::source::display_name(course_dir, "course.toml");
    Diagnostic::error(
        "content/missing-activity-id",
        "an xAPI package needs the course's activity id".to_string(),
    )
    .at(Location::file(file))
    .help("add `[xapi]` with `activity_id = \"https://…/<course>\"`, an IRI you own that will not change")
}

#[cfg(test)]
mod tests {
    /// Pieces of author text that have broken pages or could run as script.
    const FRAGMENTS: &[&str] = &[
        "<",
        ">",
        "&",
        "&amp;",
        "<!--",
        "-->",
        "<script>",
        "</script>",
        "alert(1)",
        "<img src=x onerror=alert(1)>",
        "<img src=a.png alt=\"\" onerror=alert(1) style=x>",
        "<img alt=x src=\"javascript:alert(1)\">",
        "</img>",
        "<a href=\"javascript:alert(1)\">",
        "</a>",
        "<kbd onclick='x()'>",
        "</kbd>",
        "<details open>",
        "</details>",
        "javascript:",
        "\u{0}",
        "\u{1b}",
        "\u{c}",
        "<iframe src=//x>",
        "<svg onload=alert(1)>",
        "[x](javascript:y)",
        "![i](data:x)",
        "`",
        "\n",
        "\n\n",
        "text",
        " ",
        "<b",
        "<abbr title=\"a\" onmouseover=\"b\">",
        "<style>",
        "\"",
        "'",
        "<!DOCTYPE html>",
        "<math>",
        "<template>",
        "<form action=x>",
        "<object data=x>",
        "<meta http-equiv=refresh>",
        "<base href=//x>",
        "<p style=\"x\">",
        "<br/>",
        "<sup>",
        "- ",
        "> ",
        "# ",
        "    ",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        /// Whatever an author types, the page holds no element or attribute the policy
        /// forbids: no script but the runtime's, no frame, form, object or style, no event
        /// handler, no URL outside http(s), mailto, tel and relative ones, no control character.
        #[test]
        fn random_author_text_never_reaches_the_page_as_markup(
            pieces in proptest::collection::vec(proptest::sample::select(FRAGMENTS), 0..40)
        ) {
            let text: String = pieces.concat();
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir(dir.path().join("pages")).unwrap();
            std::fs::write(dir.path().join("a.png"), b"\x89PNG\r\n\x1a\n").unwrap();
            std::fs::write(
                dir.path().join("course.toml"),
                "id = \"p\"\ntitle = \"P\"\nversion = \"1\"\npages = [\"pages/a.md\"]\n",
            ).unwrap();
            std::fs::write(
                dir.path().join("pages/a.md"),
                format!("+++\ntitle = \"a\"\n+++\n\n{text}\n\n::: question q\n\n{text} ?\n\n- [x] {text}\n  > {text}\n- [ ] b\n:::\n"),
            ).unwrap();
            let Ok(project) = crate::Project::load(dir.path()) else {
                return Ok(()); // refused with an error (e.g. an unclosed comment): nothing ships
            };
            let package = project.assemble(crate::package::Format::Scorm12).unwrap();
            let html = package
                .files
                .iter()
                .find(|f| f.path == "index.html")
                .map(|f| match &f.contents {
                    crate::render::Contents::Memory(bytes) => String::from_utf8(bytes.clone()).unwrap(),
                    crate::render::Contents::Disk(_) => unreachable!(),
                })
                .unwrap();
            proptest::prop_assert!(!html.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r')));
            let (tags, _) = crate::check::html::scan(&html);
            let mut scripts = 0;
            // Attribute values as a browser reads them: character references decoded.
            let decode = |value: &str| {
                let mut out = String::new();
                let mut rest = value;
                while let Some(at) = rest.find('&') {
                    out.push_str(&rest[..at]);
                    let after = &rest[at + 1..];
                    let end = after.find(';').unwrap_or(0);
                    let entity = &after[..end];
                    let decoded = match entity.strip_prefix('#') {
                        Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok().and_then(char::from_u32),
                        Some(dec) => dec.parse().ok().and_then(char::from_u32),
                        None if entity == "colon" => Some(':'),
                        None if entity == "amp" => Some('&'),
                        None => None,
                    };
                    match decoded {
                        Some(c) if end > 0 => {
                            out.push(c);
                            rest = &after[end + 1..];
                        }
                        _ => {
                            out.push('&');
                            rest = after;
                        }
                    }
                }
                out.push_str(rest);
                out
            };
            for tag in &tags {
                let name = tag.name.as_str();
                proptest::prop_assert!(
                    !matches!(name, "iframe" | "frame" | "object" | "embed" | "form" | "style" | "base" | "meta" | "math" | "template")
                        || (name == "meta" && tag.attr("http-equiv").is_none()),
                    "<{}> in {}", name, text
                );
                if name == "script" {
                    scripts += 1;
                    proptest::prop_assert!(tag.attr("src").is_some_and(|s| decode(s).starts_with("scormpack/")));
                }
                for (attr, value) in &tag.attrs {
                    proptest::prop_assert!(!attr.starts_with("on"), "{}={} in {}", attr, value, text);
                    if matches!(attr.as_str(), "href" | "src" | "action" | "data") {
                        let value = decode(value);
                        let scheme = value.split(':').next().unwrap_or("");
                        proptest::prop_assert!(
                            !value.contains(':') || value.contains('/') && scheme.contains('/')
                                || matches!(scheme.to_ascii_lowercase().as_str(), "http" | "https" | "mailto" | "tel"),
                            "{}={} in {}", attr, value, text
                        );
                    }
                }
            }
            proptest::prop_assert_eq!(scripts, 2, "only the runtime's scripts");
        }
    }
}

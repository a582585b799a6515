//! Rendered files → a complete package: each format adds its control file (the SCORM
//! manifest, `tincan.xml`, `cmi5.xml`) and names the runtime scripts it needs.

pub mod cmi5;
pub mod scorm12;
pub mod scorm2004;
pub mod tree;
pub mod xapi;
pub(crate) mod xml;

use crate::model::Course;
use crate::render::RenderedFile;

/// A package format scormpack can build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    Scorm12,
    /// SCORM 2004 4th edition (`imsmanifest.xml` with IMS SS sequencing, API_1484_11).
    Scorm2004,
    /// SCORM 2004 3rd edition: the same package declaring the edition Cornerstone implements.
    Scorm2004Third,
    /// xAPI 1.0.3 in a Tin Can package (`tincan.xml`), reporting to the LRS the LMS names at
    /// launch.
    Xapi,
    /// cmi5: xAPI with an LMS's launch rules (`cmi5.xml`, one AU, a session per launch).
    Cmi5,
}

impl Format {
    pub const ALL: &'static [Format] = &[
        Format::Scorm12,
        Format::Scorm2004,
        Format::Scorm2004Third,
        Format::Xapi,
        Format::Cmi5,
    ];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            Format::Scorm12 => "scorm12",
            Format::Scorm2004 => "scorm2004",
            Format::Scorm2004Third => "scorm2004-3rd",
            Format::Xapi => "xapi",
            Format::Cmi5 => "cmi5",
        }
    }

    /// The theme's runtime scripts this format ships, in load order: the standard's adapter
    /// (after the LRS client the xAPI and cmi5 adapters share) first, then the runtime core
    /// that uses it.
    pub fn scripts(self) -> &'static [&'static str] {
        match self {
            Format::Scorm12 => &["runtime/scorm12.js", "runtime/core.js"],
            Format::Scorm2004 | Format::Scorm2004Third => {
                &["runtime/scorm2004.js", "runtime/core.js"]
            }
            Format::Xapi => &["runtime/lrs.js", "runtime/xapi.js", "runtime/core.js"],
            Format::Cmi5 => &["runtime/lrs.js", "runtime/cmi5.js", "runtime/core.js"],
        }
    }

    /// Whether the package reports to an LRS, and so needs the course's activity id.
    pub fn is_xapi(self) -> bool {
        matches!(self, Format::Xapi | Format::Cmi5)
    }

    /// Whether this is one of the SCORM 2004 editions.
    pub fn is_scorm2004(self) -> bool {
        matches!(self, Format::Scorm2004 | Format::Scorm2004Third)
    }

    /// Adds the format's control files to the rendered files.
    pub fn assemble(self, course: &Course, files: Vec<RenderedFile>) -> Vec<RenderedFile> {
        match self {
            Format::Scorm12 => scorm12::assemble(course, files),
            Format::Scorm2004 => scorm2004::assemble(course, scorm2004::Edition::Fourth, files),
            Format::Scorm2004Third => scorm2004::assemble(course, scorm2004::Edition::Third, files),
            Format::Xapi => xapi::assemble(course, files),
            Format::Cmi5 => cmi5::assemble(course, files),
        }
    }
}

/// Every file of a package, sorted by path: the order the zip is written in.
pub struct Package {
    pub files: Vec<RenderedFile>,
}

impl Package {
    pub fn new(mut files: Vec<RenderedFile>) -> Package {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files.dedup_by(|a, b| a.path == b.path);
        Package { files }
    }
}

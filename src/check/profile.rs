//! LMS profiles: where an LMS is known to differ from the SCORM 1.2 specification, its profile
//! raises, lowers or turns off a rule. Each difference names why, so the list can be argued
//! with and extended.

use crate::diag::Severity;

/// The LMS a package is checked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// The specification as the strictest LMSs apply it.
    #[default]
    Generic,
    Moodle,
    Cornerstone,
    SuccessFactors,
}

/// One difference: the rule, what it becomes (`None`: off), and why.
pub struct Difference {
    pub rule: &'static str,
    pub severity: Option<Severity>,
    pub why: &'static str,
}

const MOODLE: &[Difference] = &[
    Difference {
        rule: "package/unreferenced-file",
        severity: None,
        why: "Moodle unpacks the whole zip and serves every file, listed in the manifest or not",
    },
    Difference {
        rule: "lms/masteryscore-completed",
        severity: Some(Severity::Error),
        why: "Moodle's SCORM 1.2 player sets passed/failed from the mastery score as soon as a score is reported, replacing `completed`",
    },
    Difference {
        rule: "lms/scorm2004-support",
        severity: Some(Severity::Warning),
        why: "Moodle's SCORM 2004 support is partial (much of sequencing is left out); its SCORM 1.2 player is the one it supports fully",
    },
];

const CORNERSTONE: &[Difference] = &[
    Difference {
        rule: "lms/failed-status",
        severity: Some(Severity::Warning),
        why: "Cornerstone shows a SCORM 1.2 `failed` as \"In Progress\" unless its support enables a Failed status",
    },
    Difference {
        rule: "lms/scorm2004-edition",
        severity: Some(Severity::Warning),
        why: "Cornerstone implements SCORM 2004 3rd edition, not the 4th",
    },
    Difference {
        rule: "lms/external-reference",
        severity: Some(Severity::Error),
        why: "Cornerstone plays courses in a secure (https) frame from its own content servers; resources from other hosts are blocked or break offline review",
    },
];

const SUCCESSFACTORS: &[Difference] = &[
    Difference {
        rule: "lms/file-name",
        severity: Some(Severity::Error),
        why: "SAP SuccessFactors Learning serves content from its content server by URL; names with spaces or non-ASCII characters fail to load there",
    },
    Difference {
        rule: "lms/external-reference",
        severity: Some(Severity::Error),
        why: "SuccessFactors launches content in an https frame with a strict content policy; resources from other hosts are blocked",
    },
];

impl Profile {
    pub const ALL: &'static [Profile] = &[
        Profile::Generic,
        Profile::Moodle,
        Profile::Cornerstone,
        Profile::SuccessFactors,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Profile::Generic => "generic",
            Profile::Moodle => "moodle",
            Profile::Cornerstone => "cornerstone",
            Profile::SuccessFactors => "successfactors",
        }
    }

    /// The differences of this LMS from the generic rules.
    pub fn differences(self) -> &'static [Difference] {
        match self {
            Profile::Generic => &[],
            Profile::Moodle => MOODLE,
            Profile::Cornerstone => CORNERSTONE,
            Profile::SuccessFactors => SUCCESSFACTORS,
        }
    }

    /// What the profile makes of rule `id`: `None` when it keeps the rule's default,
    /// `Some(None)` when it turns the rule off.
    pub fn severity(self, id: &str) -> Option<Option<Severity>> {
        self.differences()
            .iter()
            .find(|d| d.rule == id)
            .map(|d| d.severity)
    }

    /// Whether a rule that is off unless a profile turns it on applies.
    pub fn enables(self, id: &str) -> bool {
        matches!(self.severity(id), Some(Some(_)))
    }

    /// The default size limit for `lms/package-size`, in bytes. Upload limits are site
    /// settings in every LMS; these are common defaults, and `--max-size` sets the real one.
    pub fn max_size(self) -> u64 {
        const MB: u64 = 1024 * 1024;
        match self {
            // Moodle's own default maximum upload size is limited by PHP's upload_max_filesize,
            // which many hosted sites leave at a few tens of megabytes.
            Profile::Moodle => 50 * MB,
            _ => 100 * MB,
        }
    }
}

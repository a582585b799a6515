//! The course model: what a course is, independent of how it was written or packaged.
//!
//! Parsing fills it from `course.toml` and the Markdown pages; rendering and packaging read it.
//! It is plain data (serialisable, so templates see it as it is). Text that came from Markdown
//! is already HTML here.

mod ids;
mod text;

pub use crate::source::{FileId, Span};
pub use ids::{human_size, is_absolute_iri, is_external, is_identifier, is_language_tag, url_path};
pub use text::plain_text;

use serde::Serialize;
use std::collections::BTreeMap;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize)]
pub struct Course {
    pub meta: CourseMeta,
    pub pages: Vec<Page>,
    /// Files copied into the package as they are, each once, sorted by package path.
    pub assets: Vec<Asset>,
}

impl Course {
    /// The pages with questions: each is one knowledge check.
    pub fn checks(&self) -> impl Iterator<Item = &Page> {
        self.pages.iter().filter(|p| p.questions().next().is_some())
    }

    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.pages.iter().flat_map(|page| {
            page.blocks.iter().filter_map(|block| match block {
                Block::Question(q) => Some(q),
                _ => None,
            })
        })
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CourseMeta {
    /// Letters, digits, `-` and `_`; names the package and its identifiers.
    pub id: String,
    pub title: String,
    pub version: String,
    /// BCP 47 language tag, e.g. `en` or `de-CH`.
    pub language: String,
    pub description: String,
    /// The course's xAPI activity id, an absolute IRI the author owns (e.g.
    /// `https://courses.example.com/ops-integration`). Statements about the course name it, so
    /// it stays the same across builds and versions. Required for the xAPI format only.
    pub activity_id: Option<String>,
    pub organization: Option<String>,
    pub author: Option<String>,
    /// The small console-style line above the title, e.g. `MOD_03 / SECTION_03 // DEVOPS`.
    pub kicker: Option<String>,
    /// A status badge beside the kicker, e.g. `MODULE READY`.
    pub badge: Option<String>,
    pub completion: Completion,
    /// `[theme]`: the organisation's look.
    pub theme: Brand,
    /// `[strings]`: the author's own words for the package's buttons and messages, by key
    /// (`verify = "Check"`); checked against the keys of the string tables when rendering.
    pub strings: BTreeMap<String, String>,
    /// `[i18n] source`: the language the course was first written in, when this folder is a
    /// translation (`scormpack i18n import` writes it). Packages of a translation carry their
    /// language in their file name.
    pub source_language: Option<String>,
    /// The author's texts of `course.toml` a translator translates (title, description, …).
    #[serde(skip)]
    pub texts: Vec<Text>,
    /// Where each key of `course.toml` was written, by its dotted name
    /// (`completion.statuses`); a key left to its default has none.
    #[serde(skip)]
    pub spans: BTreeMap<String, Span>,
    /// The start of `course.toml`, for a setting that was not written.
    #[serde(skip)]
    pub source: Span,
}

impl CourseMeta {
    /// Where the key was written, or the start of `course.toml` when it was left out.
    pub fn span_of(&self, key: &str) -> &Span {
        self.spans.get(key).unwrap_or(&self.source)
    }
}

/// `[theme]` of course.toml: colour scheme, accent colour, logo and font family.
#[derive(Debug, Clone, Serialize)]
pub struct Brand {
    /// `dark` (the default), `light`, or `auto` (follows the learner's system setting).
    pub scheme: String,
    /// `#rrggbb`, checked for WCAG AA contrast against the scheme's background.
    pub accent: Option<String>,
    /// The text colour on the accent (buttons): black or white, whichever contrasts more.
    pub on_accent: Option<String>,
    /// The logo's path inside the package as a URL, shown in the header.
    pub logo: Option<String>,
    /// The logo's alt text: `logo_alt`, else the organisation, else the course title.
    pub logo_alt: String,
    /// `system` (the default), `serif` or `mono`.
    pub font: String,
}

/// How the course reports its outcome to the LMS.
#[derive(Debug, Clone, Serialize)]
pub struct Completion {
    /// Score (0–100) at or above which the knowledge check is passed.
    pub passing_score: u8,
    /// Status reported when the learner reaches the passing score.
    pub pass_status: PassStatus,
    /// Status reported when the learner stays below it.
    pub fail_status: FailStatus,
    /// Attempts a learner has at each check (`attempts = N`); 0 for no limit.
    pub attempts: u32,
    /// After a wrong answer, show which answer was right.
    pub reveal_answers: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PassStatus {
    Passed,
    Completed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FailStatus {
    Failed,
    Incomplete,
}

#[derive(Debug, Clone, Serialize)]
pub struct Page {
    pub id: String,
    pub title: String,
    /// The source file, as named in diagnostics.
    pub source: String,
    pub blocks: Vec<Block>,
    /// `draw = N` in the front matter: each attempt at the page's check shows N of its
    /// questions, drawn at random.
    pub draw: Option<u32>,
    /// `shuffle_options = true`: options, steps and right items in a new order each attempt.
    pub shuffle_options: bool,
    /// Where `draw` was written.
    #[serde(skip)]
    pub draw_span: Option<Span>,
    /// The start of the page file.
    #[serde(skip)]
    pub span: Span,
    /// Where the `title` of the front matter was written.
    #[serde(skip)]
    pub title_span: Span,
    /// Where the `id` of the front matter was written, when it was.
    #[serde(skip)]
    pub id_span: Option<Span>,
    /// Every link and image target written on the page, in order.
    #[serde(skip)]
    pub links: Vec<Link>,
    /// The page file as `course.toml` lists it (`pages/intro.md`).
    #[serde(skip)]
    pub file: String,
    /// Every text of the page a translator translates, in the order written.
    #[serde(skip)]
    pub texts: Vec<Text>,
}

/// A text the author wrote, as a translator gets it: a key that names it within its file
/// without a line number (`q:capital:prompt`, `p:3`), and where it stands.
#[derive(Debug, Clone)]
pub struct Text {
    pub key: String,
    /// The text itself, without the syntax around it (the `- [ ] ` of an option, the quotes
    /// of a TOML string).
    pub span: Span,
    pub form: TextForm,
}

/// How a [`Text`] is written in its file, which decides how a translation is written back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextForm {
    /// Markdown that may run over several lines, each continued with the prefix of its
    /// container (the indentation of a list item, the `> ` of a quote).
    Markdown,
    /// One line: a `key: value` attribute, a heading, an `answer:` line, a side of a pair.
    Line,
    /// A cell of a Markdown table: one line in which a `|` must be escaped.
    Cell,
    /// A TOML string, quotes included.
    Toml,
}

impl Page {
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.blocks.iter().filter_map(|block| match block {
            Block::Question(q) => Some(q),
            _ => None,
        })
    }
}

/// A link or image target as the author wrote it.
#[derive(Debug, Clone)]
pub struct Link {
    pub kind: LinkKind,
    /// The target as written (`assets/x.pdf`, `https://…`).
    pub target: String,
    /// The target as the package names it (`assets/x.pdf`; external targets unchanged).
    pub href: String,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Link,
    Image,
    /// The `file:` of a `download` block.
    Download,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Block {
    /// Plain Markdown, rendered to HTML.
    Markdown {
        html: String,
        #[serde(skip)]
        span: Span,
    },
    Pattern(Pattern),
    Comparison(Comparison),
    CaseStudy(CaseStudy),
    Download(Download),
    Question(Question),
}

/// A card presenting one pattern: `PAT_01 · ONLINE`, an icon, a title, a strength line.
#[derive(Debug, Clone, Serialize)]
pub struct Pattern {
    pub code: String,
    pub status: String,
    pub icon: String,
    pub title: String,
    pub strength: Option<String>,
    pub body_html: String,
    /// The `:::` line that opens the block.
    #[serde(skip)]
    pub span: Span,
    /// Where each `key: value` attribute was written, by key.
    #[serde(skip)]
    pub attrs: BTreeMap<String, Span>,
}

/// Two or more columns side by side, e.g. functional silos vs long-lived teams.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub title: Option<String>,
    pub columns: Vec<Column>,
    /// The `:::` line that opens the block.
    #[serde(skip)]
    pub span: Span,
    /// Where each `key: value` attribute was written, by key.
    #[serde(skip)]
    pub attrs: BTreeMap<String, Span>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Column {
    pub title: String,
    pub body_html: String,
    /// The `###` heading that opens the column.
    #[serde(skip)]
    pub span: Span,
}

#[derive(Debug, Clone, Serialize)]
pub struct CaseStudy {
    pub title: String,
    pub body_html: String,
    /// The `:::` line that opens the block.
    #[serde(skip)]
    pub span: Span,
    /// Where each `key: value` attribute was written, by key.
    #[serde(skip)]
    pub attrs: BTreeMap<String, Span>,
}

/// A file the learner can download, shown with its type and real size.
#[derive(Debug, Clone, Serialize)]
pub struct Download {
    pub label: String,
    /// Path inside the package as a URL, e.g. `assets/case-study.pdf`, `assets/my%20notes.txt`.
    pub href: String,
    /// Upper-case file type from the extension, e.g. `PDF`.
    pub kind: String,
    pub size_bytes: u64,
    /// Human size, e.g. `4.2 KB`.
    pub size: String,
    /// The `:::` line that opens the block.
    #[serde(skip)]
    pub span: Span,
    /// Where each `key: value` attribute was written, by key.
    #[serde(skip)]
    pub attrs: BTreeMap<String, Span>,
}

/// A question of a knowledge check. The page it stands on is the check.
#[derive(Debug, Clone, Serialize)]
pub struct Question {
    /// A SCORM CMIIdentifier: letters, digits, `-` and `_`.
    pub id: String,
    pub kind: QuestionKind,
    pub prompt_html: String,
    pub explanation_html: Option<String>,
    /// The question's share of the score (`weight: N`, 1 by default).
    pub weight: u32,
    /// `graded: false`: a practice question, with feedback but no share of the score.
    pub graded: bool,
    /// `choice` and `multiple`: the options, keyed `a`, `b`, …; `sequencing`: the steps in the
    /// right order, keyed `a`, `b`, … in that order.
    pub choices: Vec<Choice>,
    /// `true-false`: the right answer.
    pub truth: Option<bool>,
    /// `fill-in`: every accepted answer, as written.
    pub accepted: Vec<String>,
    /// `fill-in`: compare with case (`case_sensitive: true`).
    pub case_sensitive: bool,
    /// `numeric`: the inclusive range of right answers (min = max for one number).
    pub range: Option<(f64, f64)>,
    /// `matching`: the left items, keyed `1`, `2`, …, each with the key of its right item.
    pub pairs: Vec<Pair>,
    /// `matching`: the distinct right items, keyed `a`, `b`, … in order of appearance.
    pub targets: Vec<Choice>,
    /// Feedback shown for a right answer (`right: …`), for the types without options.
    pub right_html: Option<String>,
    /// Feedback shown for a wrong answer (`> …`), for the types without options.
    pub wrong_html: Option<String>,
    /// The id on the `::: question` line.
    #[serde(skip)]
    pub span: Span,
    /// Where each `key: value` attribute was written, by key.
    #[serde(skip)]
    pub attrs: BTreeMap<String, Span>,
}

/// The kind of a question (`type:`), with the interaction type the standards record it as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Choice,
    Multiple,
    TrueFalse,
    FillIn,
    Numeric,
    Matching,
    Sequencing,
}

impl QuestionKind {
    pub const ALL: [QuestionKind; 7] = [
        QuestionKind::Choice,
        QuestionKind::Multiple,
        QuestionKind::TrueFalse,
        QuestionKind::FillIn,
        QuestionKind::Numeric,
        QuestionKind::Matching,
        QuestionKind::Sequencing,
    ];

    /// The name an author writes after `type:`.
    pub fn name(self) -> &'static str {
        match self {
            QuestionKind::Choice => "choice",
            QuestionKind::Multiple => "multiple",
            QuestionKind::TrueFalse => "true-false",
            QuestionKind::FillIn => "fill-in",
            QuestionKind::Numeric => "numeric",
            QuestionKind::Matching => "matching",
            QuestionKind::Sequencing => "sequencing",
        }
    }

    pub fn from_name(name: &str) -> Option<QuestionKind> {
        Self::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The interaction type of SCORM and xAPI: "select all that apply" is a `choice` too.
    pub fn interaction_type(self) -> &'static str {
        match self {
            QuestionKind::Multiple => "choice",
            other => other.name(),
        }
    }
}

/// A left item of a matching question and the key of its right item.
#[derive(Debug, Clone, Serialize)]
pub struct Pair {
    /// `1`, `2`, … in the order written.
    pub key: String,
    pub label_html: String,
    /// The key of the right item among the question's targets.
    pub target: String,
    #[serde(skip)]
    pub span: Span,
}

impl Question {
    /// The first right option of a choice question.
    pub fn correct(&self) -> Option<&Choice> {
        self.choices.iter().find(|c| c.correct)
    }

    /// The correct responses in the format of SCORM 2004 and xAPI (`a[,]c`, `true`,
    /// `{case_matters=false}text`, `40[:]45`, `1[.]a[,]2[.]c`, `a[,]b[,]c`): one pattern, or
    /// one per accepted answer of a fill-in question.
    pub fn patterns(&self) -> Vec<String> {
        let keys = |choices: &[Choice], only_correct: bool| {
            choices
                .iter()
                .filter(|c| c.correct || !only_correct)
                .map(|c| c.key.as_str())
                .collect::<Vec<_>>()
                .join("[,]")
        };
        match self.kind {
            QuestionKind::Choice | QuestionKind::Multiple => vec![keys(&self.choices, true)],
            QuestionKind::Sequencing => vec![keys(&self.choices, false)],
            QuestionKind::TrueFalse => self.truth.iter().map(|t| t.to_string()).collect(),
            QuestionKind::FillIn => self
                .accepted
                .iter()
                .map(|a| format!("{{case_matters={}}}{a}", self.case_sensitive))
                .collect(),
            QuestionKind::Numeric => self
                .range
                .iter()
                .map(|(min, max)| format!("{min}[:]{max}"))
                .collect(),
            QuestionKind::Matching => vec![self
                .pairs
                .iter()
                .map(|p| format!("{}[.]{}", p.key, p.target))
                .collect::<Vec<_>>()
                .join("[,]")],
        }
    }

    /// The longest response the learner can give, in characters of the saved state.
    pub fn max_response_len(&self) -> usize {
        match self.kind {
            QuestionKind::Choice | QuestionKind::TrueFalse => 1,
            QuestionKind::Multiple | QuestionKind::Sequencing => self.choices.len(),
            QuestionKind::Matching => self.pairs.len(),
            QuestionKind::Numeric => NUMERIC_MAX_LEN,
            QuestionKind::FillIn => self.fill_in_max_len(),
        }
    }

    /// The `maxlength` of a fill-in's text field: room for twice the longest accepted answer,
    /// at least 40 characters, at most the 255 a SCORM 1.2 response holds.
    pub fn fill_in_max_len(&self) -> usize {
        let longest = self
            .accepted
            .iter()
            .map(|a| a.chars().count())
            .max()
            .unwrap_or(0);
        (longest * 2).clamp(40, 255)
    }
}

/// The `maxlength` of a numeric answer's field.
pub const NUMERIC_MAX_LEN: usize = 24;

/// An option of a choice question, a step of a sequencing question or a right item of a
/// matching question.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// One character per option (`a`, `b`, …), as SCORM 1.2 choice responses require.
    pub key: String,
    pub label_html: String,
    pub feedback_html: Option<String>,
    pub correct: bool,
    /// The list item of the option.
    #[serde(skip)]
    pub span: Span,
}

/// A file of the course folder packed as it is.
#[derive(Debug, Clone, Serialize)]
pub struct Asset {
    /// Path inside the package, with forward slashes.
    pub package_path: String,
    #[serde(skip)]
    pub source: PathBuf,
    pub size: u64,
    /// Where the course first links to or offers the file.
    #[serde(skip)]
    pub span: Span,
}

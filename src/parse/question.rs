//! `::: question` blocks → [`Question`]: every kind of question a knowledge check holds. The
//! syntax of each is in docs/authoring.md:
//!
//! ```text
//! ::: question capital
//! type: fill-in
//! weight: 2
//!
//! What is the capital of France?
//!
//! answer: Paris
//! right: Yes — Paris since 508.
//! > The capital is Paris.
//!
//! An explanation shown after every answer.
//! :::
//! ```
//!
//! `choice` and `multiple` list options (`- [x]`, `- [ ]`, feedback in a quote below each);
//! `matching` lists pairs (`- left => right`) and `sequencing` the steps in order (`1. …`);
//! `true-false`, `fill-in` and `numeric` give `answer:` lines. After the answers of all but the
//! option kinds, `right: …` lines are the feedback for a right answer and `> …` lines for a
//! wrong one; the rest of the body is the explanation.

use super::blocks::{attr_spans, block_span, Attrs};
use super::directive::Directive;
use super::markdown::{self, Spanned};
use super::Ctx;
use crate::diag::Diagnostic;
use crate::model::{is_identifier, Block, Choice, Pair, Question, QuestionKind, Span, TextForm};
use crate::source::SourceFile;
use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use std::ops::Range;

const KINDS: &str =
    "`choice`, `multiple`, `true-false`, `fill-in`, `numeric`, `matching` or `sequencing`";

/// SCORM 1.2 names options, steps and right items with one letter each.
const MAX_KEYS: usize = 26;

pub(super) fn parse(
    ctx: &mut Ctx<'_>,
    file: &SourceFile,
    d: &Directive<'_>,
    attrs: &mut Attrs<'_, '_>,
) -> Option<Block> {
    let id_span = match d.arg {
        Some((id, offset)) => ctx.span(offset..offset + id.len()),
        None => block_span(ctx, d),
    };
    let mut ok = true;
    let id = match d.arg {
        Some((id, offset)) if !is_identifier(id) => {
            ctx.diags.push(
                Diagnostic::error(
                    "content/invalid-id",
                    format!("question id `{id}` may only use the letters A–Z and a–z, digits, `-` and `_`, starting with a letter"),
                )
                .at(file.location(offset))
                .help("the LMS records answers under this id (a SCORM CMIIdentifier), e.g. `ops-liaison`"),
            );
            None
        }
        Some((id, _)) => Some(id.to_string()),
        None => {
            ctx.diags.push(
                Diagnostic::error("content/missing-attribute", "the question needs an id")
                    .at(file.location(d.kind_offset))
                    .help("write the id after the type: `::: question ops-liaison`"),
            );
            None
        }
    };
    let kind = match attrs.get("type") {
        None => QuestionKind::Choice,
        Some(attr) => match QuestionKind::from_name(attr.value.trim()) {
            Some(kind) => kind,
            None => {
                ctx.diags.push(
                    Diagnostic::error(
                        "content/unknown-question-type",
                        format!("unknown question type `{}`", attr.value),
                    )
                    .at(file.location(attr.value_offset))
                    .help(format!("use {KINDS}")),
                );
                return None;
            }
        },
    };
    let weight = match attrs.get("weight") {
        None => 1,
        Some(attr) => match attr.value.trim().parse::<u32>() {
            Ok(weight) if (1..=999).contains(&weight) => weight,
            _ => {
                ctx.diags.push(
                    Diagnostic::error(
                        "content/invalid-weight",
                        format!("weight `{}` is not a whole number from 1 to 999", attr.value),
                    )
                    .at(file.location(attr.value_offset))
                    .help("`weight: 2` counts the question twice; `graded: false` makes it a practice question that never counts"),
                );
                ok = false;
                1
            }
        },
    };
    let mut flag = |ctx: &mut Ctx<'_>, key: &str, default: bool| match attrs.get(key) {
        None => Some(default),
        Some(attr) => match attr.value.trim() {
            "true" => Some(true),
            "false" => Some(false),
            other => {
                ctx.diags.push(
                    Diagnostic::error(
                        "content/invalid-attribute",
                        format!("`{key}` is `true` or `false`, not `{other}`"),
                    )
                    .at(file.location(attr.value_offset))
                    .help(format!("write `{key}: true` or `{key}: false`")),
                );
                None
            }
        },
    };
    let graded = flag(ctx, "graded", true);
    let case_sensitive = flag(ctx, "case_sensitive", false);
    ok &= graded.is_some() && case_sensitive.is_some();
    if kind != QuestionKind::FillIn {
        if let Some(attr) = attrs.get("case_sensitive") {
            ctx.diags.push(
                Diagnostic::error(
                    "content/misplaced-attribute",
                    format!(
                        "`case_sensitive` applies to fill-in questions, and this is a {} question",
                        kind.name()
                    ),
                )
                .at(file.location(attr.key_offset))
                .help("remove the line, or set `type: fill-in`"),
            );
            ok = false;
        }
    }
    let mut question = Question {
        id: String::new(),
        kind,
        prompt_html: String::new(),
        explanation_html: None,
        weight,
        graded: graded.unwrap_or(true),
        choices: Vec::new(),
        truth: None,
        accepted: Vec::new(),
        case_sensitive: case_sensitive.unwrap_or(false),
        range: None,
        pairs: Vec::new(),
        targets: Vec::new(),
        right_html: None,
        wrong_html: None,
        span: id_span,
        attrs: attr_spans(ctx, d),
    };
    let mut reader = Reader {
        ctx,
        file,
        d,
        question: &mut question,
        ok: true,
        prefix: format!("q:{}:", d.arg.map_or("", |(id, _)| id)),
    };
    match kind {
        QuestionKind::Choice | QuestionKind::Multiple => {
            reader.misplaced_answers(attrs);
            reader.options();
        }
        QuestionKind::Sequencing | QuestionKind::Matching => {
            reader.misplaced_answers(attrs);
            reader.list();
        }
        QuestionKind::TrueFalse | QuestionKind::FillIn | QuestionKind::Numeric => {
            reader.answers(attrs)
        }
    }
    ok &= reader.ok;
    if question.prompt_html.trim().is_empty() {
        ctx.diags.push(
            Diagnostic::error(
                "content/no-prompt",
                "the question has no text before its answers",
            )
            .at(file.location(d.kind_offset))
            .help("write the question as a paragraph after the blank line below the attributes"),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    question.id = id?;
    Some(Block::Question(question))
}

/// Reads the body of one question into it, reporting what is wrong.
struct Reader<'r, 'c, 'f, 'd> {
    ctx: &'r mut Ctx<'c>,
    file: &'f SourceFile,
    d: &'r Directive<'d>,
    question: &'r mut Question,
    ok: bool,
    /// The keys of the question's texts for a translator start with it: `q:capital:`.
    prefix: String,
}

impl Reader<'_, '_, '_, '_> {
    fn error(&mut self, code: &'static str, offset: usize, message: String, help: &str) {
        self.ctx.diags.push(
            Diagnostic::error(code, message)
                .at(self.file.location(offset))
                .help(help.to_string()),
        );
        self.ok = false;
    }

    /// Records a text of the question for a translator, keyed by the question and `part`.
    fn text(&mut self, part: &str, range: Option<Range<usize>>, form: TextForm) {
        if let Some(range) = range {
            let key = format!("{}{part}", self.prefix);
            self.ctx.text(key, range, form);
        }
    }

    fn kind(&self) -> &'static str {
        self.question.kind.name()
    }

    fn misplaced_answers(&mut self, attrs: &mut Attrs<'_, '_>) {
        if let Some(attr) = attrs.all("answer").first() {
            let message = format!(
                "a {} question has no `answer:` lines; its list gives the answer",
                self.kind()
            );
            self.error(
                "content/misplaced-attribute",
                attr.key_offset,
                message,
                "set `type: true-false`, `fill-in` or `numeric` for a question answered with `answer:`",
            );
        }
    }

    /// `choice` and `multiple`: the options of the first list, the explanation after it.
    fn options(&mut self) {
        let d = self.d;
        let events = markdown::events(self.ctx, self.file, d.body_offset, d.body);
        let Some((list_start, list_end)) = first_top_level_list(&events) else {
            self.error(
                "content/no-options",
                d.kind_offset,
                format!("the {} question has no options", self.kind()),
                "list the options as `- [ ] wrong option` and `- [x] right option`, or set `type:` to `true-false`, `fill-in` or `numeric` to answer with `answer:` lines",
            );
            return;
        };
        self.question.prompt_html =
            markdown::to_html(events[..list_start].iter().map(|(e, _)| e.clone()));
        self.text("prompt", extent(&events[..list_start]), TextForm::Markdown);
        let explanation: Vec<Event<'_>> = events[list_end + 1..]
            .iter()
            .map(|(e, _)| e.clone())
            .collect();
        self.question.explanation_html =
            (!explanation.is_empty()).then(|| markdown::to_html(explanation));
        let mut first_correct: Option<usize> = None;
        let single = self.question.kind == QuestionKind::Choice;
        for (n, item) in items(&events[list_start + 1..list_end])
            .into_iter()
            .enumerate()
        {
            let key = (b'a' + n.min(25) as u8) as char;
            let here = item.first().map_or(d.body_offset, |(_, r)| r.start);
            let item_span = self.item_span(item);
            let Some((choice, label, feedback)) = option(item, key, item_span) else {
                self.error(
                    "content/invalid-option",
                    here,
                    "an option must start with `[ ]` or `[x]`".into(),
                    "mark the right option `- [x] …` and every other one `- [ ] …`",
                );
                continue;
            };
            if choice.correct {
                if let (Some(first), true) = (first_correct, single) {
                    let message = format!(
                        "a single-choice question has one right option, and the option at {} is marked right already",
                        short_location(self.file, first)
                    );
                    self.error(
                        "content/several-correct-options",
                        here,
                        message,
                        "keep `[x]` on the one right option and write `[ ]` on the others, or set `type: multiple` for \"select all that apply\"",
                    );
                }
                first_correct.get_or_insert(here);
            }
            self.text(&format!("option:{key}"), label, TextForm::Markdown);
            self.text(
                &format!("option:{key}:feedback"),
                feedback,
                TextForm::Markdown,
            );
            self.question.choices.push(choice);
        }
        self.text(
            "explanation",
            extent(&events[list_end + 1..]),
            TextForm::Markdown,
        );
        let count = self.question.choices.len();
        if count > MAX_KEYS {
            self.error(
                "content/too-many-options",
                d.kind_offset,
                "a question can have at most 26 options".into(),
                "SCORM 1.2 names each option with one letter, a to z",
            );
        } else if count < 2 && self.ok {
            self.error(
                "content/no-options",
                d.kind_offset,
                "a question needs at least two options".into(),
                "list the options as `- [ ] wrong option` and `- [x] right option`",
            );
        }
        if first_correct.is_none() && self.ok {
            self.error(
                "content/no-correct-option",
                d.kind_offset,
                "no option is marked as the right one".into(),
                "mark the right option with `[x]`: `- [x] Assign Ops liaisons`",
            );
        }
    }

    fn item_span(&self, item: &[Spanned<'_>]) -> Span {
        match (item.first(), item.last()) {
            (Some((_, first)), Some((_, last))) => self.ctx.span(first.start..last.end),
            _ => self.ctx.span(self.d.body_offset..self.d.body_offset),
        }
    }

    /// `matching` and `sequencing`: the question, one list, then feedback and explanation.
    fn list(&mut self) {
        let d = self.d;
        let Some(list) = list_range(d.body) else {
            let (message, help) = if self.question.kind == QuestionKind::Matching {
                (
                    "the matching question has no pairs",
                    "list each left item with its right item: `- Ping => checks reachability`",
                )
            } else {
                (
                    "the sequencing question has no steps",
                    "list the steps in the right order: `1. Plan`, `2. Build`, `3. Ship`",
                )
            };
            self.error("content/no-options", d.kind_offset, message.into(), help);
            return;
        };
        let events = markdown::events(self.ctx, self.file, d.body_offset, &d.body[..list.end]);
        let Some((list_start, list_end)) = first_top_level_list(&events) else {
            return;
        };
        self.question.prompt_html =
            markdown::to_html(events[..list_start].iter().map(|(e, _)| e.clone()));
        self.text("prompt", extent(&events[..list_start]), TextForm::Markdown);
        let items = items(&events[list_start + 1..list_end]);
        if self.question.kind == QuestionKind::Matching {
            self.pairs(&items);
        } else {
            self.steps(&items);
        }
        self.tail(d.body_offset + list.end, &d.body[list.end..]);
    }

    fn steps(&mut self, items: &[&[Spanned<'_>]]) {
        for (n, item) in items.iter().enumerate() {
            let label = inline(item.iter().map(|(e, _)| e.clone()));
            let here = item.first().map_or(self.d.body_offset, |(_, r)| r.start);
            if label.is_empty() {
                self.error(
                    "content/invalid-option",
                    here,
                    "the step is empty".into(),
                    "write each step as a line of the list: `1. Plan the change`",
                );
                continue;
            }
            let span = self.item_span(item);
            self.text(
                &format!("step:{}", key(n)),
                extent(item),
                TextForm::Markdown,
            );
            self.question.choices.push(Choice {
                key: key(n),
                label_html: label,
                feedback_html: None,
                correct: true,
                span,
            });
        }
        let count = self.question.choices.len();
        if count > MAX_KEYS {
            self.error(
                "content/too-many-options",
                self.d.kind_offset,
                "a sequencing question can have at most 26 steps".into(),
                "SCORM 1.2 names each step with one letter, a to z",
            );
        } else if count < 2 && self.ok {
            self.error(
                "content/no-options",
                self.d.kind_offset,
                "a sequencing question needs at least two steps".into(),
                "list the steps in the right order: `1. Plan`, `2. Build`, `3. Ship`",
            );
        }
    }

    fn pairs(&mut self, items: &[&[Spanned<'_>]]) {
        for item in items {
            let here = item.first().map_or(self.d.body_offset, |(_, r)| r.start);
            let Some((left, right)) = split_pair(item) else {
                self.error(
                    "content/invalid-pair",
                    here,
                    "a matching item pairs a left and a right side with `=>`".into(),
                    "write each pair as `- left => right`, e.g. `- Ping => checks reachability`",
                );
                continue;
            };
            let span = self.item_span(item);
            let n = self.question.pairs.len() + 1;
            if let (Some(whole), Some(arrow)) = (extent(item), arrow(self.file, item)) {
                let left = Some(whole.start..arrow);
                let right = Some(arrow + "=>".len()..whole.end);
                self.text(&format!("pair:{n}:left"), left, TextForm::Line);
                self.text(&format!("pair:{n}:right"), right, TextForm::Line);
            }
            let target = match self.question.targets.iter().find(|t| t.label_html == right) {
                Some(target) => target.key.clone(),
                None => {
                    let key = key(self.question.targets.len());
                    self.question.targets.push(Choice {
                        key: key.clone(),
                        label_html: right,
                        feedback_html: None,
                        correct: true,
                        span: span.clone(),
                    });
                    key
                }
            };
            self.question.pairs.push(Pair {
                key: n.to_string(),
                label_html: left,
                target,
                span,
            });
        }
        let count = self.question.pairs.len();
        if count > MAX_KEYS {
            self.error(
                "content/too-many-options",
                self.d.kind_offset,
                "a matching question can have at most 26 pairs".into(),
                "split the pairs over two questions",
            );
        } else if count < 2 && self.ok {
            self.error(
                "content/too-few-pairs",
                self.d.kind_offset,
                format!("a matching question needs at least two pairs, and this one has {count}"),
                "add a second pair `- left => right`; with one pair there is nothing to match",
            );
        }
    }

    /// `true-false`, `fill-in` and `numeric`: the question, `answer:` lines, then feedback
    /// and explanation. `answer:` may also stand among the attributes.
    fn answers(&mut self, attrs: &mut Attrs<'_, '_>) {
        let d = self.d;
        let mut answers: Vec<(String, usize)> = attrs
            .all("answer")
            .into_iter()
            .map(|a| (a.value.trim().to_string(), a.value_offset))
            .collect();
        let body = d.body;
        let first = line_starts(body)
            .find(|&(at, line)| line.starts_with("answer:") && !in_fence(body, at));
        let (prompt_end, tail_start) = match first {
            Some((start, _)) => {
                let mut at = start;
                for line in body[start..].split_inclusive('\n') {
                    if let Some(value) = line.strip_prefix("answer:") {
                        let lead = value.len() - value.trim_start().len();
                        answers.push((
                            value.trim().to_string(),
                            d.body_offset + at + "answer:".len() + lead,
                        ));
                    } else if !line.trim().is_empty() {
                        break;
                    }
                    at += line.len();
                }
                (start, at)
            }
            // Answers among the attributes: the feedback starts at the first `right:` or `>`
            // line after the question's first line.
            None => {
                let start = line_starts(body)
                    .skip(1)
                    .find(|&(at, line)| {
                        (line.starts_with("right:") || line.starts_with('>')) && !in_fence(body, at)
                    })
                    .map_or(body.len(), |(at, _)| at);
                (start, start)
            }
        };
        self.question.prompt_html =
            markdown::render(self.ctx, self.file, d.body_offset, &body[..prompt_end]);
        let prompt = d.body_offset..d.body_offset + prompt_end;
        self.text("prompt", Some(prompt), TextForm::Markdown);
        if self.question.kind == QuestionKind::FillIn {
            for (n, (value, offset)) in answers.iter().enumerate() {
                let range = *offset..*offset + value.len();
                self.text(&format!("answer:{}", n + 1), Some(range), TextForm::Line);
            }
        }
        self.tail(d.body_offset + tail_start, &body[tail_start..]);
        let kind = self.question.kind;
        if answers.is_empty() {
            let example = match kind {
                QuestionKind::TrueFalse => "`answer: true` or `answer: false`",
                QuestionKind::Numeric => "`answer: 42` or a range `answer: 40..45`",
                _ => "`answer: Paris`, one line for each accepted answer",
            };
            self.error(
                "content/missing-answer",
                d.kind_offset,
                format!("the {} question has no `answer:` line", kind.name()),
                &format!("write {example} below the question"),
            );
            return;
        }
        if kind != QuestionKind::FillIn && answers.len() > 1 {
            let (_, second) = answers[1];
            self.error(
                "content/several-answers",
                second,
                format!("a {} question has one `answer:` line", kind.name()),
                if kind == QuestionKind::Numeric {
                    "give a range for several right numbers: `answer: 40..45`"
                } else {
                    "keep one `answer: true` or `answer: false`"
                },
            );
            return;
        }
        for (value, offset) in answers {
            match kind {
                QuestionKind::TrueFalse => match value.to_ascii_lowercase().as_str() {
                    "true" => self.question.truth = Some(true),
                    "false" => self.question.truth = Some(false),
                    _ => self.error(
                        "content/invalid-answer",
                        offset,
                        format!("a true-false answer is `true` or `false`, not `{value}`"),
                        "write `answer: true` or `answer: false`",
                    ),
                },
                QuestionKind::Numeric => match numeric_range(&value) {
                    Ok(range) => self.question.range = Some(range),
                    Err(RangeError::NotANumber(part)) => self.error(
                        "content/invalid-answer",
                        offset,
                        format!("`{part}` is not a number"),
                        "write digits with `.` as the decimal point (`4.5`), or a range `40..45`",
                    ),
                    Err(RangeError::UpsideDown) => self.error(
                        "content/upside-down-range",
                        offset,
                        format!("the range `{value}` is upside down: its first number is larger"),
                        "write the smaller number first, e.g. `answer: 40..45`",
                    ),
                },
                _ => {
                    let text = value.split_whitespace().collect::<Vec<_>>().join(" ");
                    if text.is_empty() {
                        self.error(
                            "content/invalid-answer",
                            offset,
                            "the `answer:` line is empty".into(),
                            "write the accepted answer after `answer:`, e.g. `answer: Paris`",
                        );
                    } else if !self.question.accepted.contains(&text) {
                        let length = text.chars().count();
                        if length > 255 {
                            self.ctx.diags.push(
                                Diagnostic::warning(
                                    "content/long-answer",
                                    format!("this accepted answer has {length} characters; a learner can type at most 255, all SCORM 1.2 records"),
                                )
                                .at(self.file.location(offset))
                                .help("accept a shorter answer; a longer one can never be given"),
                            );
                        }
                        self.question.accepted.push(text);
                    }
                }
            }
        }
    }

    /// After the answers: `right: …` lines (feedback for a right answer), `> …` lines (for a
    /// wrong one), in any order, then the explanation.
    fn tail(&mut self, offset: usize, text: &str) {
        let mut right = String::new();
        let mut wrong = String::new();
        let (mut rights, mut wrongs) = (0, 0);
        let mut at = 0;
        let mut lines = line_starts(text).peekable();
        while let Some(&(start, line)) = lines.peek() {
            if line.trim().is_empty() {
                lines.next();
            } else if let Some(value) = line.strip_prefix("right:") {
                let lead = value.len() - value.trim_start().len();
                let from = start + "right:".len() + lead;
                rights += 1;
                let range = offset + from..offset + from + value.trim().len();
                self.text(&numbered("right", rights), Some(range), TextForm::Line);
                right.push_str(&markdown::render(
                    self.ctx,
                    self.file,
                    offset + from,
                    value.trim(),
                ));
                lines.next();
            } else if line.starts_with('>') {
                let mut end = start;
                while let Some(&(at, quoted)) = lines.peek() {
                    if !quoted.starts_with('>') {
                        break;
                    }
                    end = at + quoted.len();
                    lines.next();
                }
                let html = markdown::render(self.ctx, self.file, offset + start, &text[start..end]);
                // The text starts after the first line's `>`; later lines keep theirs.
                wrongs += 1;
                let range = offset + start + 1..offset + end;
                self.text(&numbered("wrong", wrongs), Some(range), TextForm::Markdown);
                wrong.push_str(unquote(&html));
            } else {
                break;
            }
            at = lines.peek().map_or(text.len(), |&(next, _)| next);
        }
        let rest = &text[at..];
        let range = offset + at..offset + text.len();
        self.text("explanation", Some(range), TextForm::Markdown);
        if !rest.trim().is_empty() {
            self.question.explanation_html =
                Some(markdown::render(self.ctx, self.file, offset + at, rest));
        }
        self.question.right_html = (!right.is_empty()).then_some(right);
        self.question.wrong_html = (!wrong.is_empty()).then_some(wrong);
    }
}

/// `a`, `b`, … for the n-th option, step or right item (from 0).
fn key(n: usize) -> String {
    ((b'a' + n.min(25) as u8) as char).to_string()
}

/// Each line of `text` with its offset.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |at, line| {
        let start = *at;
        *at += line.len();
        Some((start, line))
    })
}

/// Whether the line at `at` is inside a fenced code block.
fn in_fence(text: &str, at: usize) -> bool {
    text[..at]
        .lines()
        .filter(|l| {
            let t = l.trim_start();
            t.starts_with("```") || t.starts_with("~~~")
        })
        .count()
        % 2
        == 1
}

/// The byte range of the first top-level list of a Markdown text.
fn list_range(text: &str) -> Option<Range<usize>> {
    let mut depth = 0usize;
    let mut start = None;
    for (event, range) in Parser::new_ext(text, markdown::options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::List(_)) {
                    start = Some(range.start);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    if let Some(start) = start {
                        return Some(start..range.end);
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The HTML of a `> …` quote without the `<blockquote>` around it.
fn unquote(html: &str) -> &str {
    html.trim()
        .strip_prefix("<blockquote>")
        .and_then(|h| h.strip_suffix("</blockquote>"))
        .map_or(html, str::trim)
}

/// Inline HTML of events, without the paragraph a loose list wraps around them.
fn inline<'t>(events: impl IntoIterator<Item = Event<'t>>) -> String {
    let events = events.into_iter().filter(|e| {
        !matches!(
            e,
            Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph)
        )
    });
    markdown::to_html(events).trim().to_string()
}

/// `left => right`: the inline HTML of each side, split at the first `=>` of the item's text.
fn split_pair(item: &[Spanned<'_>]) -> Option<(String, String)> {
    let mut left = Vec::new();
    let mut right = Vec::new();
    let mut found = false;
    for (event, _) in item {
        match event {
            Event::Text(text) if !found && text.contains("=>") => {
                let (before, after) = text.split_once("=>")?;
                left.push(Event::Text(CowStr::from(before.trim_end().to_string())));
                right.push(Event::Text(CowStr::from(after.trim_start().to_string())));
                found = true;
            }
            other if found => right.push(other.clone()),
            other => left.push(other.clone()),
        }
    }
    let (left, right) = (inline(left), inline(right));
    (found && !left.is_empty() && !right.is_empty()).then_some((left, right))
}

enum RangeError {
    NotANumber(String),
    UpsideDown,
}

/// `42` or `40..45` (inclusive), with `.` as the decimal point.
fn numeric_range(value: &str) -> Result<(f64, f64), RangeError> {
    let number = |text: &str| {
        let text = text.trim();
        let digits = text.strip_prefix('-').unwrap_or(text);
        let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
        let plain = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if plain(whole) && plain(fraction) && text.len() <= 20 {
            text.parse::<f64>()
                .map_err(|_| RangeError::NotANumber(text.to_string()))
        } else {
            Err(RangeError::NotANumber(text.to_string()))
        }
    };
    let (min, max) = match value.split_once("..") {
        Some((min, max)) => (number(min)?, number(max)?),
        None => {
            let n = number(value)?;
            (n, n)
        }
    };
    if min > max {
        return Err(RangeError::UpsideDown);
    }
    Ok((min, max))
}

fn short_location(file: &SourceFile, offset: usize) -> String {
    let (line, column) = file.line_column(offset);
    format!("{line}:{column}")
}

/// The index of the first list that is not inside another container, and of its end.
fn first_top_level_list(events: &[Spanned<'_>]) -> Option<(usize, usize)> {
    let mut depth = 0usize;
    let mut start = None;
    for (i, (event, _)) in events.iter().enumerate() {
        match event {
            Event::Start(tag) => {
                if depth == 0 && matches!(tag, Tag::List(_)) {
                    start = Some(i);
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    if let Some(s) = start {
                        return Some((s, i));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// The events inside each item of a list (without the item's own start and end).
fn items<'e, 't>(list: &'e [Spanned<'t>]) -> Vec<&'e [Spanned<'t>]> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, (event, _)) in list.iter().enumerate() {
        match event {
            Event::Start(_) => {
                if depth == 0 {
                    start = i + 1;
                }
                depth += 1;
            }
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    out.push(&list[start..i]);
                }
            }
            _ => {}
        }
    }
    out
}

/// One option: `[x] label` with feedback in a quote below it (`> …`).
/// Returns the option with the extent of its label and of its feedback in the file.
fn option(item: &[Spanned<'_>], key: char, span: Span) -> Option<(Choice, Extent, Extent)> {
    let mut label_at: Extent = None;
    let mut feedback_at: Extent = None;
    let mut correct = None;
    let mut label = Vec::new();
    let mut feedback = Vec::new();
    let mut depth = 0usize;
    let mut in_quote = false;
    let mut label_done = false;
    for (event, range) in item {
        match event {
            Event::TaskListMarker(checked) if correct.is_none() => correct = Some(*checked),
            // A loose list wraps the label in a paragraph; the label is its inline text.
            Event::Start(Tag::Paragraph) if depth == 0 && !label_done => depth += 1,
            Event::End(TagEnd::Paragraph) if depth == 1 && !in_quote && !label_done => {
                depth -= 1;
                label_done = true;
            }
            Event::Start(Tag::BlockQuote(_)) if depth == 0 => {
                depth += 1;
                in_quote = true;
                label_done = true;
            }
            Event::End(TagEnd::BlockQuote(_)) if depth == 1 && in_quote => {
                depth -= 1;
                in_quote = false;
            }
            Event::Start(_) if depth == 0 => {
                label_done = true;
                depth += 1;
                feedback.push(event.clone());
                grow(&mut feedback_at, range);
            }
            Event::Start(_) => {
                depth += 1;
                if label_done {
                    feedback.push(event.clone());
                    grow(&mut feedback_at, range);
                } else {
                    label.push(event.clone());
                    grow(&mut label_at, range);
                }
            }
            Event::End(_) => {
                depth = depth.saturating_sub(1);
                if label_done {
                    feedback.push(event.clone());
                    grow(&mut feedback_at, range);
                } else {
                    label.push(event.clone());
                    grow(&mut label_at, range);
                }
            }
            other if label_done => {
                feedback.push(other.clone());
                grow(&mut feedback_at, range);
            }
            other => {
                label.push(other.clone());
                grow(&mut label_at, range);
            }
        }
    }
    let label_html = markdown::to_html(label).trim().to_string();
    let feedback_html = markdown::to_html(feedback).trim().to_string();
    let choice = Choice {
        key: key.to_string(),
        label_html,
        feedback_html: (!feedback_html.is_empty()).then_some(feedback_html),
        correct: correct?,
        span,
    };
    Some((choice, label_at, feedback_at))
}

/// Where some events of a Markdown text stand in the file, when there are any.
type Extent = Option<Range<usize>>;

fn grow(extent: &mut Extent, range: &Range<usize>) {
    *extent = Some(match extent.take() {
        Some(r) => r.start.min(range.start)..r.end.max(range.end),
        None => range.clone(),
    });
}

/// From the start of the first event to the end of the last.
fn extent(events: &[Spanned<'_>]) -> Extent {
    let mut out = None;
    for (_, range) in events {
        grow(&mut out, range);
    }
    out
}

/// Where the `=>` of a matching pair stands in the file.
fn arrow(file: &SourceFile, item: &[Spanned<'_>]) -> Option<usize> {
    item.iter().find_map(|(event, range)| match event {
        Event::Text(text) if text.contains("=>") => file
            .text
            .get(range.clone())?
            .find("=>")
            .map(|at| range.start + at),
        _ => None,
    })
}

/// `right`, then `right:2`, … for the texts of a kind a question may have several of.
fn numbered(part: &str, n: usize) -> String {
    if n == 1 {
        part.to_string()
    } else {
        format!("{part}:{n}")
    }
}

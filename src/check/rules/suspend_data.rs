//! `lms/suspend-data-limit`: SCORM 1.2 stores at most 4096 characters of `cmi.suspend_data`
//! (CMIString4096, RTE 3.4.2), SCORM 2004 at least 64,000 (SPM, RTE 4.2.23), which is also
//! what scormpack's SCORM 2004 adapter sends at most. scormpack's runtime saves the answers given so far there; when
//! every answer would not fit, it saves the bookmark without them, so a resumed learner starts
//! the checks over. The worst case is computed from the markup of every check (its pool, each
//! question's longest answer). Checked for packages that follow scormpack's quiz markup.

use super::super::{Author, Ctx, Rule};
use super::{is_scorm2004, launch_tags};
use crate::check::html::Tag;
use crate::diag::{Diagnostic, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/suspend-data-limit",
    // Past the limit an LMS cuts or refuses the learner's state: a resumed learner loses
    // answers. `build` refuses such a course.
    severity: Severity::Error,
    summary: "suspend_data that can grow past the 4096 characters SCORM 1.2 stores",
    check,
};

/// CMIString4096.
const LIMIT: usize = 4096;
/// characterstring (SPM 64000).
const LIMIT_2004: usize = 64000;

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    let Some((entry, tags)) = launch_tags(ctx) else {
        return;
    };
    let checks = checks(&tags);
    if checks.is_empty() {
        return;
    }
    let attempts = tags
        .iter()
        .find_map(|t| t.attr("data-attempts").filter(|_| t.name == "body"))
        .and_then(|a| a.parse::<u32>().ok())
        .unwrap_or(0);
    let longest = worst_case(&checks, attempts);
    let (limit, standard) = if is_scorm2004(ctx) {
        (LIMIT_2004, "SCORM 2004")
    } else {
        (LIMIT, "SCORM 1.2")
    };
    if longest <= limit {
        return;
    }
    let mut sizes: Vec<(usize, &Check)> = checks
        .iter()
        .map(|c| (worst_case(std::slice::from_ref(c), attempts), c))
        .collect();
    sizes.sort_by_key(|s| std::cmp::Reverse(s.0));
    let pages = sizes
        .iter()
        .map(|(size, c)| format!("`{}` {size}", c.id))
        .collect::<Vec<_>>()
        .join(", ");
    let first = sizes[0].1.questions.first().map_or("", |q| q.id);
    out.push(
        ctx.finding(
            &RULE,
            format!(
                "with every check answered, suspend_data needs up to {longest} characters; {standard} stores {limit} (by page: {pages})"
            ),
        )
        .at(ctx.locate(&entry.name, first, Author::Question(first)))
        .help("split the largest check, draw fewer questions (`draw = N`), or use shorter fill-in answers; past the limit a resumed learner loses the answers given"),
    );
}

/// A knowledge check as its markup describes it: the page, the pool, each question's longest
/// saved answer.
struct Check<'t> {
    id: &'t str,
    draw: Option<usize>,
    questions: Vec<Question<'t>>,
}

struct Question<'t> {
    id: &'t str,
    /// The longest answer `runtime/core.js` saves, in characters of its JSON.
    longest: usize,
}

fn checks<'t>(tags: &[Tag<'t>]) -> Vec<Check<'t>> {
    let mut checks: Vec<Check<'t>> = Vec::new();
    let mut kind = "";
    for tag in tags {
        if let Some(id) = tag.attr("data-quiz") {
            checks.push(Check {
                id,
                draw: tag.attr("data-draw").and_then(|d| d.parse().ok()),
                questions: Vec::new(),
            });
            continue;
        }
        let Some(check) = checks.last_mut() else {
            continue;
        };
        if let Some(id) = tag.attr("data-question") {
            kind = tag.attr("data-type").unwrap_or("choice");
            let fixed = matches!(kind, "choice" | "true-false");
            check.questions.push(Question {
                id,
                longest: usize::from(fixed),
            });
            continue;
        }
        let Some(question) = check.questions.last_mut() else {
            continue;
        };
        let grows = match kind {
            "multiple" => tag.name == "input",
            "matching" => tag.name == "select",
            "sequencing" => tag.attr("data-step").is_some(),
            _ => false,
        };
        if grows {
            question.longest += 1;
        }
        if tag.attr("data-answer").is_some() {
            let max: usize = tag
                .attr("maxlength")
                .and_then(|m| m.parse().ok())
                .unwrap_or(255);
            // A typed quote or backslash takes two characters in JSON.
            question.longest = if kind == "fill-in" { 2 * max } else { max };
        }
    }
    checks
}

/// The length of what `runtime/core.js` saves when every check is answered in full, with the
/// largest questions drawn: `{"v":2,"c":{"<page>":{"s":<seed>,"i":<last>,"a":[…],"n":<n>}}}`,
/// as `JSON.stringify` writes it.
fn worst_case(checks: &[Check<'_>], attempts: u32) -> usize {
    let mut saved = serde_json::Map::new();
    for check in checks {
        let mut longest: Vec<usize> = check.questions.iter().map(|q| q.longest).collect();
        longest.sort_unstable_by_key(|n| std::cmp::Reverse(*n));
        longest.truncate(check.draw.unwrap_or(longest.len()));
        let answers: Vec<String> = longest.iter().map(|n| "z".repeat(*n)).collect();
        saved.insert(
            check.id.to_string(),
            serde_json::json!({
                "s": 2147483647u32,
                "i": answers.len().saturating_sub(1),
                "a": answers,
                // Without a limit, attempts keep counting: room for a six-digit count.
                "n": if attempts == 0 { 999_999 } else { attempts },
            }),
        );
    }
    serde_json::json!({ "v": 2, "c": saved }).to_string().len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::html::scan;

    #[test]
    fn worst_case_matches_what_the_runtime_writes() {
        let html = r#"<body data-attempts="2"><div data-quiz="p" data-draw="1">
            <fieldset data-question="x" data-type="multiple"><input type="checkbox"><input type="checkbox"></fieldset>
            <fieldset data-question="y" data-type="choice"><input type="radio"><input type="radio"></fieldset>
            </div>"#;
        let (tags, _) = scan(html);
        let checks = checks(&tags);
        // JSON.stringify({v:2,c:{p:{s:2147483647,i:0,a:["zz"],n:2}}})
        assert_eq!(
            worst_case(&checks, 2),
            r#"{"v":2,"c":{"p":{"s":2147483647,"i":0,"a":["zz"],"n":2}}}"#.len()
        );
    }

    #[test]
    fn a_fill_in_counts_twice_its_maxlength() {
        let html = r#"<div data-quiz="p"><fieldset data-question="x" data-type="fill-in"><input data-answer maxlength="40"></fieldset></div>"#;
        let (tags, _) = scan(html);
        assert_eq!(checks(&tags)[0].questions[0].longest, 80);
    }
}

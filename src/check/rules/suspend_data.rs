//! `lms/suspend-data-limit`: SCORM 1.2 stores at most 4096 characters of `cmi.suspend_data`
//! (CMIString4096, RTE 3.4.2), SCORM 2004 at least 64,000 (SPM, RTE 4.2.23), which is also
//! what scormpack's SCORM 2004 adapter sends at most. scormpack's runtime saves the answers given so far there; when
//! every answer would not fit, it saves the bookmark without them, so a resumed learner starts
//! the quiz over. Checked for packages that follow scormpack's quiz markup.

use super::super::{Author, Ctx, Rule};
use super::{is_scorm2004, launch_tags};
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
    let ids: Vec<&str> = tags
        .iter()
        .filter_map(|t| t.attr("data-question"))
        .collect();
    if ids.is_empty() {
        return;
    }
    let longest = worst_case(&ids);
    let (limit, standard) = if is_scorm2004(ctx) {
        (LIMIT_2004, "SCORM 2004")
    } else {
        (LIMIT, "SCORM 1.2")
    };
    if longest <= limit {
        return;
    }
    out.push(
        ctx.finding(
            &RULE,
            format!(
                "with all {} questions answered, suspend_data needs {longest} characters; {standard} stores {limit}",
                ids.len()
            ),
        )
        .at(ctx.locate(&entry.name, ids[0], Author::Question(ids[0])))
        .help("use shorter question ids or fewer questions; past the limit a resumed learner loses the answers given"),
    );
}

/// The length of what `runtime/core.js` saves when every question is answered and verified:
/// `{"v":1,"q":<last>,"a":{"<id>":"<key>",…},"d":["<id>",…]}`, as `JSON.stringify` writes it.
fn worst_case(ids: &[&str]) -> usize {
    let answers: serde_json::Map<String, serde_json::Value> = ids
        .iter()
        .map(|id| (id.to_string(), serde_json::Value::from("z")))
        .collect();
    let state = serde_json::json!({
        "v": 1,
        "q": ids.len().saturating_sub(1),
        "a": answers,
        "d": ids,
    });
    state.to_string().len()
}

#[cfg(test)]
mod tests {
    use super::worst_case;

    #[test]
    fn worst_case_matches_what_the_runtime_writes() {
        // JSON.stringify({v:1,q:1,a:{x:"z",yy:"z"},d:["x","yy"]})
        assert_eq!(
            worst_case(&["x", "yy"]),
            r#"{"v":1,"q":1,"a":{"x":"z","yy":"z"},"d":["x","yy"]}"#.len()
        );
    }
}

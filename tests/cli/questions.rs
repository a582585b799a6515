//! The question kinds' authoring mistakes: each is one error with file:line:column and a hint,
//! and no zip is written.

use super::support::{Course, MINIMAL_TOML};

/// Builds a one-page course whose page body (after the front matter, line 4 on) is `body`.
fn build(front: &str, body: &str) -> (i32, String) {
    let page = format!("+++\ntitle = \"one\"\n{front}+++\n{body}");
    let course = Course::from_files(&[("course.toml", MINIMAL_TOML), ("pages/one.md", &page)]);
    let run = course.build();
    assert_eq!(
        course.out().exists(),
        run.code == 0,
        "a zip exactly when the build succeeds"
    );
    (run.code, run.stderr_redacted())
}

fn rejected(body: &str, expected: &str) {
    let (code, stderr) = build("", body);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        format!("{expected}\nerror: the course has 1 error(s); no zip was written\n")
    );
}

#[test]
fn a_multiple_without_a_right_option() {
    rejected(
        "::: question q\ntype: multiple\n\nPick.\n\n- [ ] a\n- [ ] b\n:::\n",
        "error[content/no-correct-option]: content/pages/one.md:4:5: no option is marked as the right one\n\
         \x20 help: mark the right option with `[x]`: `- [x] Assign Ops liaisons`",
    );
}

#[test]
fn a_fill_in_without_an_answer() {
    rejected(
        "::: question q\ntype: fill-in\n\nThe capital of France?\n:::\n",
        "error[content/missing-answer]: content/pages/one.md:4:5: the fill-in question has no `answer:` line\n\
         \x20 help: write `answer: Paris`, one line for each accepted answer below the question",
    );
}

#[test]
fn a_numeric_range_upside_down() {
    rejected(
        "::: question q\ntype: numeric\n\nHow many?\n\nanswer: 45..40\n:::\n",
        "error[content/upside-down-range]: content/pages/one.md:9:9: the range `45..40` is upside down: its first number is larger\n\
         \x20 help: write the smaller number first, e.g. `answer: 40..45`",
    );
}

#[test]
fn a_numeric_answer_with_a_decimal_comma() {
    rejected(
        "::: question q\ntype: numeric\n\nHow many?\n\nanswer: 4,5\n:::\n",
        "error[content/invalid-answer]: content/pages/one.md:9:9: `4,5` is not a number\n\
         \x20 help: write digits with `.` as the decimal point (`4.5`), or a range `40..45`",
    );
}

#[test]
fn a_true_false_answer_that_is_neither() {
    rejected(
        "::: question q\ntype: true-false\n\nIs it?\n\nanswer: yes\n:::\n",
        "error[content/invalid-answer]: content/pages/one.md:9:9: a true-false answer is `true` or `false`, not `yes`\n\
         \x20 help: write `answer: true` or `answer: false`",
    );
}

#[test]
fn a_matching_with_one_pair() {
    rejected(
        "::: question q\ntype: matching\n\nMatch.\n\n- ping => reachability\n:::\n",
        "error[content/too-few-pairs]: content/pages/one.md:4:5: a matching question needs at least two pairs, and this one has 1\n\
         \x20 help: add a second pair `- left => right`; with one pair there is nothing to match",
    );
}

#[test]
fn a_matching_item_without_an_arrow() {
    rejected(
        "::: question q\ntype: matching\n\nMatch.\n\n- ping => reachability\n- dig resolves names\n- a => b\n:::\n",
        "error[content/invalid-pair]: content/pages/one.md:10:3: a matching item pairs a left and a right side with `=>`\n\
         \x20 help: write each pair as `- left => right`, e.g. `- Ping => checks reachability`",
    );
}

#[test]
fn an_unknown_question_type() {
    rejected(
        "::: question q\ntype: essay\n\nWrite.\n:::\n",
        "error[content/unknown-question-type]: content/pages/one.md:5:7: unknown question type `essay`\n\
         \x20 help: use `choice`, `multiple`, `true-false`, `fill-in`, `numeric`, `matching` or `sequencing`",
    );
}

#[test]
fn a_weight_that_is_not_a_whole_number() {
    rejected(
        "::: question q\nweight: 1.5\n\nPick.\n\n- [x] a\n- [ ] b\n:::\n",
        "error[content/invalid-weight]: content/pages/one.md:5:9: weight `1.5` is not a whole number from 1 to 999\n\
         \x20 help: `weight: 2` counts the question twice; `graded: false` makes it a practice question that never counts",
    );
}

#[test]
fn case_sensitive_on_a_choice_question() {
    rejected(
        "::: question q\ncase_sensitive: true\n\nPick.\n\n- [x] a\n- [ ] b\n:::\n",
        "error[content/misplaced-attribute]: content/pages/one.md:5:1: `case_sensitive` applies to fill-in questions, and this is a choice question\n\
         \x20 help: remove the line, or set `type: fill-in`",
    );
}

#[test]
fn a_draw_larger_than_the_page() {
    let (code, stderr) = build(
        "draw = 3\n",
        "::: question q\nPick.\n\n- [x] a\n- [ ] b\n:::\n",
    );
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(
        stderr,
        "error[content/draw-too-large]: content/pages/one.md:3:8: `draw = 3` asks for more questions than the page's 1\n\
         \x20 help: draw at most 1, or add questions to the page\n\
         error: the course has 1 error(s); no zip was written\n"
    );
}

#[test]
fn negative_attempts() {
    let toml = format!("{MINIMAL_TOML}\n[completion]\nattempts = -1\n");
    let course = Course::from_files(&[
        ("course.toml", &toml),
        ("pages/one.md", "+++\ntitle = \"one\"\n+++\nHello.\n"),
    ]);
    let run = course.build();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(
        run.stderr_redacted(),
        "error[content/invalid-course-toml]: content/course.toml:7:12: attempts -1 is outside 0–1000\n\
         \x20 help: give the number of attempts a learner has at each check, or 0 for no limit: `attempts = 3`\n\
         error: the course has 1 error(s); no zip was written\n"
    );
}

#[test]
fn every_kind_builds_and_a_long_fill_in_answer_is_a_warning() {
    let body = format!(
        "::: question q\ntype: fill-in\n\nType it.\n\nanswer: {}\n:::\n",
        "x".repeat(300)
    );
    let (code, stderr) = build("", &body);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("warning[content/long-answer]: content/pages/one.md:9:9: this accepted answer has 300 characters"),
        "{stderr}"
    );
}

#[test]
fn three_checks_of_twenty_questions_of_every_kind_fit_in_scorm_12_suspend_data() {
    // Each check: 20 questions, cycling through the seven kinds; the course is built for SCORM
    // 1.2, whose 4096 characters of suspend_data must hold every answer of every check.
    let kinds = [
        "- [x] a\n- [ ] b\n- [ ] c\n- [ ] d",
        "type: multiple\n\nPick.\n\n- [x] a\n- [x] b\n- [ ] c\n- [ ] d\n- [ ] e",
        "type: true-false\n\nTrue?\n\nanswer: true",
        "type: fill-in\n\nName it.\n\nanswer: Kubernetes\nanswer: k8s",
        "type: numeric\n\nHow many?\n\nanswer: 40..45",
        "type: matching\n\nMatch.\n\n- one => 1\n- two => 2\n- three => 3\n- four => 4",
        "type: sequencing\n\nOrder.\n\n1. a\n2. b\n3. c\n4. d\n5. e",
    ];
    let mut files = vec![(
        "course.toml".to_string(),
        MINIMAL_TOML.replace(
            "[\"pages/one.md\"]",
            "[\"pages/a.md\", \"pages/b.md\", \"pages/c.md\"]",
        ),
    )];
    for page in ["a", "b", "c"] {
        let mut text = format!("+++\ntitle = \"{page}\"\ndraw = 15\n+++\n\n");
        for n in 0..20 {
            let kind = kinds[n % kinds.len()];
            let body = if kind.starts_with("type:") {
                kind.to_string()
            } else {
                format!("Pick.\n\n{kind}")
            };
            text.push_str(&format!("::: question {page}-{n}\n{body}\n:::\n\n"));
        }
        files.push((format!("pages/{page}.md"), text));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let course = Course::from_files(&refs);
    let run = course.build();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("suspend-data"), "{}", run.stderr);
}

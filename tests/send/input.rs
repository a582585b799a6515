//! Bad input stops the run before anything is sent, each problem named at file:line:column;
//! the CSV dialects LMS exports use are read.

use super::*;

const HEAD: &str = "email,status,score,completion date\n";

#[test]
fn an_unknown_column_is_named_before_anything_is_sent() {
    assert_bad_input(
        "--results",
        "r.csv",
        "email,status,mark,completion date\n",
        "1:14",
        "unknown column `mark`",
    );
}

#[test]
fn an_unparsable_score_is_named_with_its_line() {
    let csv = format!("{HEAD}a@example.com,passed,90,2026-03-01T09:00:00Z\nb@example.com,passed,9O,2026-03-01T09:00:00Z\n");
    assert_bad_input(
        "--results",
        "r.csv",
        &csv,
        "3:22",
        "score `9O` is not a number",
    );
}

#[test]
fn a_score_outside_0_to_100_is_named_with_its_line() {
    let csv = format!("{HEAD}a@example.com,passed,120,2026-03-01T09:00:00Z\n");
    assert_bad_input(
        "--results",
        "r.csv",
        &csv,
        "2:22",
        "score 120 is outside 0–100",
    );
}

#[test]
fn a_date_without_a_time_zone_is_named_with_its_line() {
    let csv = format!("{HEAD}a@example.com,passed,90,2026-03-01 09:00:00\n");
    assert_bad_input(
        "--results",
        "r.csv",
        &csv,
        "2:25",
        "completion date `2026-03-01 09:00:00` has no time zone",
    );
}

#[test]
fn an_invalid_statement_is_named_with_its_line_and_json_path() {
    let json = r#"[
  {
    "actor": {"mbox": "mailto:a@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
    "object": {"id": "https://courses.example.com/c"}
  },
  {
    "actor": {"mbox": "mailto:b@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}},
    "object": {"id": "https://courses.example.com/c"},
    "result": {"score": {"scaled": 1.2}}
  }
]
"#;
    assert_bad_input(
        "--statements",
        "s.json",
        json,
        "7:3",
        "invalid statement: result.score.scaled: 1.2 is outside −1..1",
    );
}

#[test]
fn dry_run_prints_the_statements_and_sends_nothing() {
    let (endpoint, connections) = sentinel();
    let dir = temp();
    let csv = results_csv(dir.path(), 3);
    let run = send(
        dir.path(),
        &[
            "--results",
            csv.to_str().unwrap(),
            "--endpoint",
            &endpoint,
            "--dry-run",
        ],
    );
    run.assert_ok();
    let statements: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(statements.len(), 3);
    assert_eq!(
        statements[0]["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/failed"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 0);
}

#[test]
fn semicolon_and_tab_separated_exports_are_read() {
    let dir = temp();
    std::fs::write(
        dir.path().join("semi.csv"),
        "Email;Status;Score;Completion Date\na@example.com;passed;85,5;2026-03-01T09:30:00Z\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tab.txt"),
        "Email\tStatus\tCompletion Date\na@example.com\tcompleted\t2026-03-01T09:30:00Z\n",
    )
    .unwrap();
    let semi = send(dir.path(), &["--results", "semi.csv", "--dry-run"]);
    assert_eq!(
        semi.code, 1,
        "a decimal comma is not a number: {}",
        semi.stderr
    );
    assert!(
        semi.stderr
            .contains("semi.csv:2:22: score `85,5` is not a number"),
        "{}",
        semi.stderr
    );
    std::fs::write(
        dir.path().join("semi.csv"),
        "Email;Status;Score;Completion Date\na@example.com;passed;85.5;2026-03-01T09:30:00Z\n",
    )
    .unwrap();
    let semi = send(dir.path(), &["--results", "semi.csv", "--dry-run"]);
    semi.assert_ok();
    let statements: Vec<Value> = serde_json::from_str(&semi.stdout).unwrap();
    assert_eq!(statements[0]["result"]["score"]["raw"], 85.5);
    let tab = send(
        dir.path(),
        &["--results", "tab.txt", "--dry-run", "--delimiter", "tab"],
    );
    tab.assert_ok();
    let statements: Vec<Value> = serde_json::from_str(&tab.stdout).unwrap();
    assert_eq!(
        statements[0]["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/completed"
    );
}

#[test]
fn a_row_with_too_many_fields_is_named_in_words() {
    let csv = format!(
        "{HEAD}a@example.com,passed,90,2026-03-01T09:00:00Z\nb@example.com,passed,90,2026-03-01T09:00:00Z,x\n"
    );
    assert_bad_input(
        "--results",
        "r.csv",
        &csv,
        "3:46",
        "this row has 5 field(s) separated by `,`, the header row 4",
    );
}

#[test]
fn every_error_of_a_bad_statement_is_reported() {
    let json = r#"[{"actor": {"mbox": "a@example.com"},
  "verb": {"id": "completed"},
  "object": {"id": "https://courses.example.com/c"},
  "timestamp": "yesterday"}]"#;
    let (endpoint, _) = sentinel();
    let dir = temp();
    std::fs::write(dir.path().join("s.json"), json).unwrap();
    let run = send(
        dir.path(),
        &["--statements", "s.json", "--endpoint", &endpoint],
    );
    assert_eq!(run.code, 1);
    for message in [
        "s.json:1:2: invalid statement: actor.mbox: `a@example.com` is not a mailto: address",
        "s.json:1:2: invalid statement: verb.id: `completed` is not an absolute IRI",
        "s.json:1:2: invalid statement: timestamp: `yesterday` is not an ISO 8601 time",
        "error: s.json has 3 error(s); nothing was sent",
    ] {
        assert!(
            run.stderr.contains(message),
            "`{message}` in:\n{}",
            run.stderr
        );
    }
}

//! xAPI 1.0.3 statements: the completion statement `send` writes for one result row, its
//! deterministic id, and (in the submodules) the checks every statement passes before it is
//! spooled and the durations LMS exports write.
//!
//! In: a [`CompletionRow`] or a JSON value. Out: a statement as JSON.

mod duration;
pub mod id;
mod rules;
mod validate;

pub use duration::{is_iso_duration, parse_duration};
pub use rules::Invalid;
pub use validate::validate;

use crate::package::xapi::TYPE_COURSE;
use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{json, Map, Value};

/// The ADL verbs `send` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Passed,
    Failed,
    Completed,
}

impl Verb {
    pub fn id(self) -> &'static str {
        match self {
            Verb::Passed => "http://adlnet.gov/expapi/verbs/passed",
            Verb::Failed => "http://adlnet.gov/expapi/verbs/failed",
            Verb::Completed => "http://adlnet.gov/expapi/verbs/completed",
        }
    }

    pub fn display(self) -> &'static str {
        match self {
            Verb::Passed => "passed",
            Verb::Failed => "failed",
            Verb::Completed => "completed",
        }
    }
}

/// Who a result is about: one of the identifiers an LMS export carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Learner {
    Email(String),
    Account { home_page: String, name: String },
}

/// The course a statement is about, as `tincan.xml` defines it.
#[derive(Debug, Clone)]
pub struct CourseActivity {
    pub id: String,
    pub name: String,
    pub description: String,
    pub language: String,
}

/// One completion from a results file, checked and typed.
#[derive(Debug, Clone)]
pub struct CompletionRow {
    pub learner: Learner,
    pub name: Option<String>,
    pub verb: Verb,
    /// Percent, 0–100.
    pub score: Option<f64>,
    pub completed_at: DateTime<Utc>,
    pub duration: Option<String>,
}

/// The statement for one completion, with its deterministic id (see [`id`]).
pub fn completion_statement(row: &CompletionRow, course: &CourseActivity) -> Value {
    let timestamp = row
        .completed_at
        .to_rfc3339_opts(SecondsFormat::Millis, true);
    let learner = match &row.learner {
        // Email addresses are compared without case: exports differ in how they write them.
        Learner::Email(email) => format!("mailto:{}", email.to_lowercase()),
        Learner::Account { home_page, name } => format!("account:{home_page} {name}"),
    };
    let id = id::completion_id(&course.id, &learner, row.verb.id(), None, &timestamp);
    let mut actor = Map::new();
    actor.insert("objectType".into(), json!("Agent"));
    if let Some(name) = &row.name {
        actor.insert("name".into(), json!(name));
    }
    match &row.learner {
        Learner::Email(email) => {
            actor.insert("mbox".into(), json!(format!("mailto:{email}")));
        }
        Learner::Account { home_page, name } => {
            actor.insert(
                "account".into(),
                json!({ "homePage": home_page, "name": name }),
            );
        }
    }
    let mut result = Map::new();
    if let Some(score) = row.score {
        result.insert(
            "score".into(),
            json!({ "scaled": score / 100.0, "raw": score, "min": 0, "max": 100 }),
        );
    }
    match row.verb {
        Verb::Passed => {
            result.insert("success".into(), json!(true));
        }
        Verb::Failed => {
            result.insert("success".into(), json!(false));
        }
        Verb::Completed => {}
    }
    result.insert("completion".into(), json!(true));
    if let Some(duration) = &row.duration {
        result.insert("duration".into(), json!(duration));
    }
    let lang = &course.language;
    let mut definition = Map::new();
    definition.insert("type".into(), json!(TYPE_COURSE));
    definition.insert("name".into(), json!({ lang: course.name }));
    if !course.description.is_empty() {
        definition.insert("description".into(), json!({ lang: course.description }));
    }
    json!({
        "id": id.to_string(),
        "actor": actor,
        "verb": { "id": row.verb.id(), "display": { "en-US": row.verb.display() } },
        "object": { "objectType": "Activity", "id": course.id, "definition": definition },
        "result": result,
        "context": {
            "platform": "scormpack send",
            "language": lang,
            "contextActivities": { "grouping": [{ "objectType": "Activity", "id": course.id }] },
        },
        "timestamp": timestamp,
    })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn course() -> CourseActivity {
        CourseActivity {
            id: "https://courses.example.com/ops".into(),
            name: "Ops".into(),
            description: "About ops".into(),
            language: "en".into(),
        }
    }

    pub(crate) fn row(verb: Verb, score: Option<f64>) -> CompletionRow {
        CompletionRow {
            learner: Learner::Email("jane@example.com".into()),
            name: Some("Jane Doe".into()),
            verb,
            score,
            completed_at: DateTime::parse_from_rfc3339("2026-03-01T10:30:00+02:00")
                .unwrap()
                .with_timezone(&Utc),
            duration: Some("PT12M30S".into()),
        }
    }

    #[test]
    fn completion_statements_are_valid_for_every_verb() {
        for (verb, score) in [
            (Verb::Passed, Some(100.0)),
            (Verb::Failed, Some(42.5)),
            (Verb::Completed, None),
        ] {
            let statement = completion_statement(&row(verb, score), &course());
            assert_eq!(validate(&statement), [], "{statement:#}");
            assert_eq!(statement["verb"]["display"]["en-US"], verb.display());
            assert_eq!(statement["timestamp"], "2026-03-01T08:30:00.000Z");
        }
        let passed = completion_statement(&row(Verb::Passed, Some(85.0)), &course());
        assert_eq!(passed["result"]["score"]["scaled"], 0.85);
        assert_eq!(passed["result"]["success"], true);
        assert_eq!(passed["actor"]["mbox"], "mailto:jane@example.com");
    }
}

//! xAPI 1.0.3 statements: the completion statement for one result row, and the checks every
//! statement passes before `send` spools it — the same rules an LRS applies (actor with exactly
//! one identifier, IRIs, language maps, score ranges, timestamps with a zone, ISO 8601
//! durations), so that a bad statement stops the run before anything is sent.
//!
//! In: a [`CompletionRow`] or a JSON value. Out: a statement as JSON, or the first rule it
//! breaks as an [`Invalid`] with its JSON path.

use crate::package::xapi::TYPE_COURSE;
use crate::parse::is_absolute_iri;
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

/// The statement for one completion, without an id: the spool assigns it.
pub fn completion_statement(row: &CompletionRow, course: &CourseActivity) -> Value {
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
        "actor": actor,
        "verb": { "id": row.verb.id(), "display": { "en-US": row.verb.display() } },
        "object": { "objectType": "Activity", "id": course.id, "definition": definition },
        "result": result,
        "context": {
            "platform": "scormpack send",
            "language": lang,
            "contextActivities": { "grouping": [{ "objectType": "Activity", "id": course.id }] },
        },
        "timestamp": row.completed_at.to_rfc3339_opts(SecondsFormat::Millis, true),
    })
}

/// The first rule a statement breaks: where (a JSON path such as `result.score.raw`) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct Invalid {
    pub path: String,
    pub message: String,
}

type Check = Result<(), Invalid>;

fn invalid(path: &str, message: impl Into<String>) -> Invalid {
    Invalid {
        path: path.to_string(),
        message: message.into(),
    }
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

fn object<'v>(value: &'v Value, path: &str) -> Result<&'v Map<String, Value>, Invalid> {
    value
        .as_object()
        .ok_or_else(|| invalid(path, "must be a JSON object"))
}

fn only_keys(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Check {
    match map.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(key) => Err(invalid(
            &join(path, key),
            format!(
                "is not a property xAPI 1.0.3 allows here (allowed: {})",
                allowed.join(", ")
            ),
        )),
        None => Ok(()),
    }
}

fn string<'v>(
    map: &'v Map<String, Value>,
    key: &str,
    path: &str,
) -> Result<Option<&'v str>, Invalid> {
    match map.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(invalid(&join(path, key), "must be a string")),
    }
}

/// Checks a whole statement as `send` would post it (with or without an `id`).
pub fn validate(statement: &Value) -> Check {
    validate_statement(statement, "", false)
}

fn validate_statement(statement: &Value, path: &str, sub: bool) -> Check {
    let map = object(statement, if path.is_empty() { "statement" } else { path })?;
    let allowed: &[&str] = if sub {
        &[
            "objectType",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "attachments",
        ]
    } else {
        &[
            "id",
            "actor",
            "verb",
            "object",
            "result",
            "context",
            "timestamp",
            "stored",
            "authority",
            "version",
            "attachments",
        ]
    };
    only_keys(map, path, allowed)?;
    if let Some(id) = string(map, "id", path)? {
        check_uuid(id, &join(path, "id"))?;
    }
    let actor = map
        .get("actor")
        .ok_or_else(|| invalid(&join(path, "actor"), "is required"))?;
    validate_agent_or_group(actor, &join(path, "actor"))?;
    let verb = map
        .get("verb")
        .ok_or_else(|| invalid(&join(path, "verb"), "is required"))?;
    validate_verb(verb, &join(path, "verb"))?;
    let object_value = map
        .get("object")
        .ok_or_else(|| invalid(&join(path, "object"), "is required"))?;
    validate_object(object_value, &join(path, "object"), sub)?;
    if let Some(result) = map.get("result") {
        validate_result(result, &join(path, "result"))?;
    }
    if let Some(context) = map.get("context") {
        let is_activity = object_value
            .get("objectType")
            .and_then(Value::as_str)
            .is_none_or(|t| t == "Activity");
        validate_context(context, &join(path, "context"), is_activity)?;
    }
    if let Some(timestamp) = string(map, "timestamp", path)? {
        check_timestamp(timestamp, &join(path, "timestamp"))?;
    }
    if let Some(version) = string(map, "version", path)? {
        if !version.starts_with("1.0.") && version != "1.0" {
            return Err(invalid(&join(path, "version"), "must be a 1.0.x version"));
        }
    }
    Ok(())
}

fn validate_verb(verb: &Value, path: &str) -> Check {
    let map = object(verb, path)?;
    only_keys(map, path, &["id", "display"])?;
    let id = string(map, "id", path)?.ok_or_else(|| invalid(&join(path, "id"), "is required"))?;
    check_iri(id, &join(path, "id"))?;
    match map.get("display") {
        Some(display) => check_language_map(display, &join(path, "display")),
        None => Err(invalid(
            &join(path, "display"),
            "is required: a language map such as {\"en-US\": \"completed\"}",
        )),
    }
}

fn validate_agent_or_group(value: &Value, path: &str) -> Check {
    let map = object(value, path)?;
    match map.get("objectType").and_then(Value::as_str) {
        Some("Group") => {
            only_keys(
                map,
                path,
                &[
                    "objectType",
                    "name",
                    "member",
                    "mbox",
                    "mbox_sha1sum",
                    "openid",
                    "account",
                ],
            )?;
            let ifis = check_ifis(map, path)?;
            match map.get("member") {
                Some(Value::Array(members)) => {
                    for (i, member) in members.iter().enumerate() {
                        validate_agent(member, &format!("{path}.member[{i}]"))?;
                    }
                }
                Some(_) => return Err(invalid(&join(path, "member"), "must be an array")),
                None if ifis == 0 => {
                    return Err(invalid(path, "an anonymous Group needs `member`"))
                }
                None => {}
            }
            Ok(())
        }
        _ => validate_agent(value, path),
    }
}

fn validate_agent(value: &Value, path: &str) -> Check {
    let map = object(value, path)?;
    only_keys(
        map,
        path,
        &[
            "objectType",
            "name",
            "mbox",
            "mbox_sha1sum",
            "openid",
            "account",
        ],
    )?;
    if let Some(kind) = string(map, "objectType", path)? {
        if kind != "Agent" {
            return Err(invalid(&join(path, "objectType"), "must be `Agent`"));
        }
    }
    string(map, "name", path)?;
    match check_ifis(map, path)? {
        1 => Ok(()),
        0 => Err(invalid(
            path,
            "needs exactly one identifier: mbox, mbox_sha1sum, openid or account",
        )),
        n => Err(invalid(
            path,
            format!("has {n} identifiers; an Agent has exactly one"),
        )),
    }
}

/// Checks the inverse functional identifiers present and returns how many there are.
fn check_ifis(map: &Map<String, Value>, path: &str) -> Result<usize, Invalid> {
    let mut count = 0;
    if let Some(mbox) = string(map, "mbox", path)? {
        count += 1;
        let address = mbox.strip_prefix("mailto:").unwrap_or_default();
        if !address.contains('@') || address.starts_with('@') || address.ends_with('@') {
            return Err(invalid(
                &join(path, "mbox"),
                format!("`{mbox}` is not a mailto: address"),
            ));
        }
    }
    if let Some(sha1) = string(map, "mbox_sha1sum", path)? {
        count += 1;
        if sha1.len() != 40 || !sha1.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(invalid(
                &join(path, "mbox_sha1sum"),
                "must be 40 hex digits",
            ));
        }
    }
    if let Some(openid) = string(map, "openid", path)? {
        count += 1;
        check_iri(openid, &join(path, "openid"))?;
    }
    if let Some(account) = map.get("account") {
        count += 1;
        let apath = join(path, "account");
        let a = object(account, &apath)?;
        only_keys(a, &apath, &["homePage", "name"])?;
        let home = string(a, "homePage", &apath)?
            .ok_or_else(|| invalid(&join(&apath, "homePage"), "is required"))?;
        check_iri(home, &join(&apath, "homePage"))?;
        let name = string(a, "name", &apath)?
            .ok_or_else(|| invalid(&join(&apath, "name"), "is required"))?;
        if name.is_empty() {
            return Err(invalid(&join(&apath, "name"), "must not be empty"));
        }
    }
    Ok(count)
}

fn validate_object(value: &Value, path: &str, in_sub: bool) -> Check {
    let map = object(value, path)?;
    match map
        .get("objectType")
        .and_then(Value::as_str)
        .unwrap_or("Activity")
    {
        "Activity" => validate_activity(value, path),
        "Agent" | "Group" => validate_agent_or_group(value, path),
        "StatementRef" => {
            only_keys(map, path, &["objectType", "id"])?;
            let id = string(map, "id", path)?
                .ok_or_else(|| invalid(&join(path, "id"), "is required"))?;
            check_uuid(id, &join(path, "id"))
        }
        "SubStatement" if !in_sub => validate_statement(value, path, true),
        "SubStatement" => Err(invalid(path, "a SubStatement cannot contain another")),
        other => Err(invalid(
            &join(path, "objectType"),
            format!("`{other}` is not an object type"),
        )),
    }
}

fn validate_activity(value: &Value, path: &str) -> Check {
    let map = object(value, path)?;
    only_keys(map, path, &["objectType", "id", "definition"])?;
    let id = string(map, "id", path)?.ok_or_else(|| invalid(&join(path, "id"), "is required"))?;
    check_iri(id, &join(path, "id"))?;
    if let Some(definition) = map.get("definition") {
        let dpath = join(path, "definition");
        let d = object(definition, &dpath)?;
        only_keys(
            d,
            &dpath,
            &[
                "name",
                "description",
                "type",
                "moreInfo",
                "extensions",
                "interactionType",
                "correctResponsesPattern",
                "choices",
                "scale",
                "source",
                "target",
                "steps",
            ],
        )?;
        for key in ["name", "description"] {
            if let Some(map) = d.get(key) {
                check_language_map(map, &join(&dpath, key))?;
            }
        }
        for key in ["type", "moreInfo"] {
            if let Some(iri) = string(d, key, &dpath)? {
                check_iri(iri, &join(&dpath, key))?;
            }
        }
        if let Some(kind) = string(d, "interactionType", &dpath)? {
            const TYPES: &[&str] = &[
                "true-false",
                "choice",
                "fill-in",
                "long-fill-in",
                "matching",
                "performance",
                "sequencing",
                "likert",
                "numeric",
                "other",
            ];
            if !TYPES.contains(&kind) {
                return Err(invalid(
                    &join(&dpath, "interactionType"),
                    format!("`{kind}` is not an interaction type"),
                ));
            }
        }
        if let Some(pattern) = d.get("correctResponsesPattern") {
            let ok = pattern
                .as_array()
                .is_some_and(|a| a.iter().all(Value::is_string));
            if !ok {
                return Err(invalid(
                    &join(&dpath, "correctResponsesPattern"),
                    "must be an array of strings",
                ));
            }
        }
        if let Some(extensions) = d.get("extensions") {
            check_extensions(extensions, &join(&dpath, "extensions"))?;
        }
    }
    Ok(())
}

fn validate_result(value: &Value, path: &str) -> Check {
    let map = object(value, path)?;
    only_keys(
        map,
        path,
        &[
            "score",
            "success",
            "completion",
            "response",
            "duration",
            "extensions",
        ],
    )?;
    for key in ["success", "completion"] {
        if map.get(key).is_some_and(|v| !v.is_boolean()) {
            return Err(invalid(&join(path, key), "must be true or false"));
        }
    }
    string(map, "response", path)?;
    if let Some(duration) = string(map, "duration", path)? {
        if !is_iso_duration(duration) {
            return Err(invalid(
                &join(path, "duration"),
                format!("`{duration}` is not an ISO 8601 duration such as PT1H30M or PT12.5S"),
            ));
        }
    }
    if let Some(score) = map.get("score") {
        let spath = join(path, "score");
        let s = object(score, &spath)?;
        only_keys(s, &spath, &["scaled", "raw", "min", "max"])?;
        let number = |key: &str| -> Result<Option<f64>, Invalid> {
            match s.get(key) {
                None => Ok(None),
                Some(v) => v
                    .as_f64()
                    .map(Some)
                    .ok_or_else(|| invalid(&join(&spath, key), "must be a number")),
            }
        };
        let (scaled, raw, min, max) = (
            number("scaled")?,
            number("raw")?,
            number("min")?,
            number("max")?,
        );
        if let Some(scaled) = scaled {
            if !(-1.0..=1.0).contains(&scaled) {
                return Err(invalid(
                    &join(&spath, "scaled"),
                    format!("{scaled} is outside −1..1"),
                ));
            }
        }
        if let (Some(min), Some(max)) = (min, max) {
            if min > max {
                return Err(invalid(&spath, format!("min {min} is above max {max}")));
            }
        }
        if let Some(raw) = raw {
            if min.is_some_and(|min| raw < min) || max.is_some_and(|max| raw > max) {
                return Err(invalid(
                    &join(&spath, "raw"),
                    format!(
                        "{raw} is outside min..max ({}..{})",
                        min.map_or("".into(), |m| m.to_string()),
                        max.map_or("".into(), |m| m.to_string())
                    ),
                ));
            }
        }
    }
    if let Some(extensions) = map.get("extensions") {
        check_extensions(extensions, &join(path, "extensions"))?;
    }
    Ok(())
}

fn validate_context(value: &Value, path: &str, object_is_activity: bool) -> Check {
    let map = object(value, path)?;
    only_keys(
        map,
        path,
        &[
            "registration",
            "instructor",
            "team",
            "contextActivities",
            "revision",
            "platform",
            "language",
            "statement",
            "extensions",
        ],
    )?;
    if let Some(registration) = string(map, "registration", path)? {
        check_uuid(registration, &join(path, "registration"))?;
    }
    if let Some(instructor) = map.get("instructor") {
        validate_agent_or_group(instructor, &join(path, "instructor"))?;
    }
    if let Some(team) = map.get("team") {
        validate_agent_or_group(team, &join(path, "team"))?;
    }
    for key in ["revision", "platform"] {
        if string(map, key, path)?.is_some() && !object_is_activity {
            return Err(invalid(
                &join(path, key),
                "is only allowed when the object is an Activity",
            ));
        }
    }
    if let Some(language) = string(map, "language", path)? {
        if !is_language_tag(language) {
            return Err(invalid(
                &join(path, "language"),
                format!("`{language}` is not a language tag"),
            ));
        }
    }
    if let Some(activities) = map.get("contextActivities") {
        let cpath = join(path, "contextActivities");
        let c = object(activities, &cpath)?;
        only_keys(c, &cpath, &["parent", "grouping", "category", "other"])?;
        for (key, value) in c {
            let kpath = join(&cpath, key);
            match value {
                Value::Array(items) => {
                    for (i, item) in items.iter().enumerate() {
                        validate_activity(item, &format!("{kpath}[{i}]"))?;
                    }
                }
                single => validate_activity(single, &kpath)?,
            }
        }
    }
    if let Some(extensions) = map.get("extensions") {
        check_extensions(extensions, &join(path, "extensions"))?;
    }
    Ok(())
}

fn check_extensions(value: &Value, path: &str) -> Check {
    let map = object(value, path)?;
    for key in map.keys() {
        check_iri(key, &join(path, key))?;
    }
    Ok(())
}

fn check_language_map(value: &Value, path: &str) -> Check {
    let map = object(value, path)?;
    for (tag, text) in map {
        if !is_language_tag(tag) {
            return Err(invalid(
                &join(path, tag),
                format!("`{tag}` is not a language tag"),
            ));
        }
        if !text.is_string() {
            return Err(invalid(&join(path, tag), "must be a string"));
        }
    }
    Ok(())
}

fn check_iri(iri: &str, path: &str) -> Check {
    if is_absolute_iri(iri) {
        Ok(())
    } else {
        Err(invalid(path, format!("`{iri}` is not an absolute IRI")))
    }
}

fn check_uuid(id: &str, path: &str) -> Check {
    match uuid::Uuid::parse_str(id) {
        Ok(_) if id.len() == 36 => Ok(()),
        _ => Err(invalid(path, format!("`{id}` is not a UUID"))),
    }
}

fn check_timestamp(timestamp: &str, path: &str) -> Check {
    match DateTime::parse_from_rfc3339(timestamp) {
        Ok(_) => Ok(()),
        Err(_) => Err(invalid(
            path,
            format!("`{timestamp}` is not an ISO 8601 time with a zone, e.g. 2026-03-01T09:30:00Z"),
        )),
    }
}

/// A BCP 47 tag as far as xAPI needs: subtags of 1–8 letters or digits joined by `-`.
fn is_language_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.split('-').all(|part| {
            !part.is_empty() && part.len() <= 8 && part.chars().all(|c| c.is_ascii_alphanumeric())
        })
}

/// An ISO 8601 duration as xAPI allows it: `PnW`, or `PnYnMnDTnHnMnS` with at least one part,
/// a fraction only on the last (seconds) part.
pub fn is_iso_duration(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('P') else {
        return false;
    };
    if let Some(weeks) = rest.strip_suffix('W') {
        return !weeks.is_empty() && weeks.chars().all(|c| c.is_ascii_digit());
    }
    let (date, time) = match rest.split_once('T') {
        Some((date, time)) => {
            if time.is_empty() {
                return false;
            }
            (date, Some(time))
        }
        None => (rest, None),
    };
    let parts = |text: &str, units: &[char], fraction_on_last: bool| -> Option<usize> {
        let mut count = 0;
        let mut number = String::new();
        let mut next_unit = 0;
        for c in text.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
                continue;
            }
            let index = units[next_unit..].iter().position(|u| *u == c)? + next_unit;
            let is_last = index == units.len() - 1;
            let valid = if number.contains('.') {
                fraction_on_last
                    && is_last
                    && number
                        .split('.')
                        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
                    && number.matches('.').count() == 1
            } else {
                !number.is_empty()
            };
            if !valid {
                return None;
            }
            number.clear();
            next_unit = index + 1;
            count += 1;
        }
        number.is_empty().then_some(count)
    };
    let Some(date_parts) = parts(date, &['Y', 'M', 'D'], false) else {
        return false;
    };
    let time_parts = match time {
        Some(time) => match parts(time, &['H', 'M', 'S'], true) {
            Some(0) | None => return false,
            Some(n) => n,
        },
        None => 0,
    };
    date_parts + time_parts > 0
}

/// `HH:MM:SS`, `H:MM:SS.ss` or `MM:SS` (as LMS exports write time spent) → an ISO 8601
/// duration; an ISO 8601 duration passes as it is. `None` when it is neither.
pub fn parse_duration(text: &str) -> Option<String> {
    let text = text.trim();
    if text.starts_with('P') {
        return is_iso_duration(text).then(|| text.to_string());
    }
    let fields: Vec<&str> = text.split(':').collect();
    if !(2..=3).contains(&fields.len()) {
        return None;
    }
    let seconds_text = fields[fields.len() - 1];
    let seconds: f64 = seconds_text.parse().ok()?;
    let whole = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let minutes = whole(fields[fields.len() - 2])?;
    let hours = if fields.len() == 3 {
        whole(fields[0])?
    } else {
        0
    };
    if !(0.0..60.0).contains(&seconds) || minutes >= 60 && fields.len() == 3 {
        return None;
    }
    let mut out = String::from("PT");
    if hours > 0 {
        out.push_str(&format!("{hours}H"));
    }
    if minutes > 0 {
        out.push_str(&format!("{minutes}M"));
    }
    out.push_str(&format!("{seconds}S"));
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> CourseActivity {
        CourseActivity {
            id: "https://courses.example.com/ops".into(),
            name: "Ops".into(),
            description: "About ops".into(),
            language: "en".into(),
        }
    }

    fn row(verb: Verb, score: Option<f64>) -> CompletionRow {
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
            assert_eq!(validate(&statement), Ok(()), "{statement:#}");
            assert_eq!(statement["verb"]["display"]["en-US"], verb.display());
            assert_eq!(statement["timestamp"], "2026-03-01T08:30:00.000Z");
        }
        let passed = completion_statement(&row(Verb::Passed, Some(85.0)), &course());
        assert_eq!(passed["result"]["score"]["scaled"], 0.85);
        assert_eq!(passed["result"]["success"], true);
        assert_eq!(passed["actor"]["mbox"], "mailto:jane@example.com");
    }

    fn with(mut statement: Value, pointer: &str, value: Value) -> Value {
        *statement.pointer_mut(pointer).unwrap() = value;
        statement
    }

    #[test]
    fn broken_statements_name_the_rule_and_path() {
        let good = completion_statement(&row(Verb::Passed, Some(80.0)), &course());
        let path_of = |s: Value| validate(&s).unwrap_err().path;
        assert_eq!(
            path_of(with(good.clone(), "/result/score/scaled", json!(1.5))),
            "result.score.scaled"
        );
        assert_eq!(
            path_of(with(good.clone(), "/result/score/raw", json!(101))),
            "result.score.raw"
        );
        assert_eq!(
            path_of(with(
                good.clone(),
                "/timestamp",
                json!("2026-03-01T10:30:00")
            )),
            "timestamp"
        );
        assert_eq!(
            path_of(with(good.clone(), "/result/duration", json!("12 minutes"))),
            "result.duration"
        );
        assert_eq!(
            path_of(with(good.clone(), "/verb/id", json!("passed"))),
            "verb.id"
        );
        let mut two_ids = good.clone();
        two_ids["actor"]["openid"] = json!("https://openid.example.com/jane");
        assert_eq!(path_of(two_ids), "actor");
        let mut no_id = good.clone();
        no_id["actor"].as_object_mut().unwrap().remove("mbox");
        assert_eq!(path_of(no_id), "actor");
        let mut unknown = good;
        unknown["verb"]["displayed"] = json!({});
        assert_eq!(path_of(unknown), "verb.displayed");
    }

    #[test]
    fn iso_durations_follow_the_forms_xapi_allows() {
        for ok in ["PT12S", "PT1H2M3.45S", "P1DT2H", "P3W", "P1Y2M", "PT0S"] {
            assert!(is_iso_duration(ok), "{ok}");
        }
        for bad in [
            "P", "PT", "12S", "PT1.5M", "PT1S2M", "P1W2D", "PT-1S", "PT1..2S",
        ] {
            assert!(!is_iso_duration(bad), "{bad}");
        }
    }

    #[test]
    fn clock_durations_become_iso_8601() {
        assert_eq!(parse_duration("01:02:03").as_deref(), Some("PT1H2M3S"));
        assert_eq!(parse_duration("12:30").as_deref(), Some("PT12M30S"));
        assert_eq!(parse_duration("0:00:07.5").as_deref(), Some("PT7.5S"));
        assert_eq!(parse_duration("PT5M").as_deref(), Some("PT5M"));
        assert_eq!(parse_duration("5 min"), None);
        assert_eq!(parse_duration("1:75:00"), None);
    }
}

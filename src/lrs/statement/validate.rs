//! The xAPI 1.0.3 rules every statement passes before `send` spools it — the same rules an LRS
//! applies (actor with exactly one identifier, IRIs, language maps, score ranges, timestamps
//! with a zone, ISO 8601 durations), so that a bad statement stops the run before anything is
//! sent.
//!
//! In: a JSON value. Out: every rule it breaks, each an [`Invalid`] with its JSON path (within
//! one property such as `actor` or `result.score`, the first).

use super::duration::is_iso_duration;
use super::rules::{
    check_extensions, check_iri, check_language_map, check_timestamp, check_uuid, invalid,
    is_language_tag, join, keep, object, only_keys, string, unknown_keys, validate_agent_or_group,
    Check, Invalid,
};
use serde_json::Value;

/// Checks a whole statement as `send` would post it (with or without an `id`): every rule it
/// breaks, none when it is valid.
pub fn validate(statement: &Value) -> Vec<Invalid> {
    let mut errors = Vec::new();
    validate_statement(statement, "", false, &mut errors);
    errors
}

fn validate_statement(statement: &Value, path: &str, sub: bool, errors: &mut Vec<Invalid>) {
    let map = match object(statement, if path.is_empty() { "statement" } else { path }) {
        Ok(map) => map,
        Err(invalid) => return errors.push(invalid),
    };
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
    unknown_keys(map, path, allowed, errors);
    keep(
        errors,
        string(map, "id", path).and_then(|id| match id {
            Some(id) => check_uuid(id, &join(path, "id")),
            None => Ok(()),
        }),
    );
    keep(
        errors,
        map.get("actor")
            .ok_or_else(|| invalid(&join(path, "actor"), "is required"))
            .and_then(|actor| validate_agent_or_group(actor, &join(path, "actor"))),
    );
    keep(
        errors,
        map.get("verb")
            .ok_or_else(|| invalid(&join(path, "verb"), "is required"))
            .and_then(|verb| validate_verb(verb, &join(path, "verb"))),
    );
    let object_value = map.get("object");
    match object_value {
        None => errors.push(invalid(&join(path, "object"), "is required")),
        Some(value) => validate_object(value, &join(path, "object"), sub, errors),
    }
    if let Some(result) = map.get("result") {
        validate_result(result, &join(path, "result"), errors);
    }
    if let Some(context) = map.get("context") {
        let is_activity = object_value
            .and_then(|o| o.get("objectType"))
            .and_then(Value::as_str)
            .is_none_or(|t| t == "Activity");
        validate_context(context, &join(path, "context"), is_activity, errors);
    }
    keep(
        errors,
        string(map, "timestamp", path).and_then(|t| match t {
            Some(timestamp) => check_timestamp(timestamp, &join(path, "timestamp")),
            None => Ok(()),
        }),
    );
    keep(
        errors,
        string(map, "version", path).and_then(|v| match v {
            Some(version) if !version.starts_with("1.0.") && version != "1.0" => {
                Err(invalid(&join(path, "version"), "must be a 1.0.x version"))
            }
            _ => Ok(()),
        }),
    );
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

fn validate_object(value: &Value, path: &str, in_sub: bool, errors: &mut Vec<Invalid>) {
    let map = match object(value, path) {
        Ok(map) => map,
        Err(invalid) => return errors.push(invalid),
    };
    let check = match map
        .get("objectType")
        .and_then(Value::as_str)
        .unwrap_or("Activity")
    {
        "Activity" => validate_activity(value, path),
        "Agent" | "Group" => validate_agent_or_group(value, path),
        "StatementRef" => only_keys(map, path, &["objectType", "id"]).and_then(|()| {
            let id = string(map, "id", path)?
                .ok_or_else(|| invalid(&join(path, "id"), "is required"))?;
            check_uuid(id, &join(path, "id"))
        }),
        "SubStatement" if !in_sub => {
            validate_statement(value, path, true, errors);
            Ok(())
        }
        "SubStatement" => Err(invalid(path, "a SubStatement cannot contain another")),
        other => Err(invalid(
            &join(path, "objectType"),
            format!("`{other}` is not an object type"),
        )),
    };
    keep(errors, check);
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

fn validate_result(value: &Value, path: &str, errors: &mut Vec<Invalid>) {
    let map = match object(value, path) {
        Ok(map) => map,
        Err(invalid) => return errors.push(invalid),
    };
    unknown_keys(
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
        errors,
    );
    for key in ["success", "completion"] {
        if map.get(key).is_some_and(|v| !v.is_boolean()) {
            errors.push(invalid(&join(path, key), "must be true or false"));
        }
    }
    keep(errors, string(map, "response", path).map(drop));
    keep(
        errors,
        string(map, "duration", path).and_then(|duration| match duration {
            Some(duration) if !is_iso_duration(duration) => Err(invalid(
                &join(path, "duration"),
                format!("`{duration}` is not an ISO 8601 duration such as PT1H30M or PT12.5S"),
            )),
            _ => Ok(()),
        }),
    );
    if let Some(score) = map.get("score") {
        keep(errors, check_score(score, &join(path, "score")));
    }
    if let Some(extensions) = map.get("extensions") {
        keep(
            errors,
            check_extensions(extensions, &join(path, "extensions")),
        );
    }
}

/// `result.score`: numbers, `scaled` within −1..1, `raw` within `min..max`.
fn check_score(score: &Value, spath: &str) -> Check {
    let s = object(score, spath)?;
    only_keys(s, spath, &["scaled", "raw", "min", "max"])?;
    let number = |key: &str| -> Result<Option<f64>, Invalid> {
        match s.get(key) {
            None => Ok(None),
            Some(v) => v
                .as_f64()
                .map(Some)
                .ok_or_else(|| invalid(&join(spath, key), "must be a number")),
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
                &join(spath, "scaled"),
                format!("{scaled} is outside −1..1"),
            ));
        }
    }
    if let (Some(min), Some(max)) = (min, max) {
        if min > max {
            return Err(invalid(spath, format!("min {min} is above max {max}")));
        }
    }
    if let Some(raw) = raw {
        if min.is_some_and(|min| raw < min) || max.is_some_and(|max| raw > max) {
            return Err(invalid(
                &join(spath, "raw"),
                format!(
                    "{raw} is outside min..max ({}..{})",
                    min.map_or("".into(), |m| m.to_string()),
                    max.map_or("".into(), |m| m.to_string())
                ),
            ));
        }
    }
    Ok(())
}

fn validate_context(
    value: &Value,
    path: &str,
    object_is_activity: bool,
    errors: &mut Vec<Invalid>,
) {
    let map = match object(value, path) {
        Ok(map) => map,
        Err(invalid) => return errors.push(invalid),
    };
    unknown_keys(
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
        errors,
    );
    keep(
        errors,
        string(map, "registration", path).and_then(|r| match r {
            Some(registration) => check_uuid(registration, &join(path, "registration")),
            None => Ok(()),
        }),
    );
    for key in ["instructor", "team"] {
        if let Some(agent) = map.get(key) {
            keep(errors, validate_agent_or_group(agent, &join(path, key)));
        }
    }
    for key in ["revision", "platform"] {
        keep(
            errors,
            string(map, key, path).and_then(|v| match v {
                Some(_) if !object_is_activity => Err(invalid(
                    &join(path, key),
                    "is only allowed when the object is an Activity",
                )),
                _ => Ok(()),
            }),
        );
    }
    keep(
        errors,
        string(map, "language", path).and_then(|l| match l {
            Some(language) if !is_language_tag(language) => Err(invalid(
                &join(path, "language"),
                format!("`{language}` is not a language tag"),
            )),
            _ => Ok(()),
        }),
    );
    if let Some(activities) = map.get("contextActivities") {
        let cpath = join(path, "contextActivities");
        match object(activities, &cpath) {
            Err(invalid) => errors.push(invalid),
            Ok(c) => {
                unknown_keys(
                    c,
                    &cpath,
                    &["parent", "grouping", "category", "other"],
                    errors,
                );
                for (key, value) in c {
                    let kpath = join(&cpath, key);
                    match value {
                        Value::Array(items) => {
                            for (i, item) in items.iter().enumerate() {
                                keep(errors, validate_activity(item, &format!("{kpath}[{i}]")));
                            }
                        }
                        single => keep(errors, validate_activity(single, &kpath)),
                    }
                }
            }
        }
    }
    if let Some(extensions) = map.get("extensions") {
        keep(
            errors,
            check_extensions(extensions, &join(path, "extensions")),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lrs::statement::tests::{course, row};
    use crate::lrs::statement::{completion_statement, Verb};
    use serde_json::json;

    fn with(mut statement: Value, pointer: &str, value: Value) -> Value {
        *statement.pointer_mut(pointer).unwrap() = value;
        statement
    }

    #[test]
    fn broken_statements_name_the_rule_and_path() {
        let good = completion_statement(&row(Verb::Passed, Some(80.0)), &course());
        let path_of = |s: Value| {
            let errors = validate(&s);
            assert_eq!(errors.len(), 1, "{errors:?}");
            errors[0].path.clone()
        };
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
    fn every_broken_property_of_a_statement_is_reported() {
        let mut bad = completion_statement(&row(Verb::Passed, Some(80.0)), &course());
        bad["result"]["score"]["scaled"] = json!(1.5);
        bad["result"]["duration"] = json!("12 minutes");
        bad["timestamp"] = json!("yesterday");
        bad["colour"] = json!("blue");
        bad["context"]["language"] = json!("en_GB");
        let paths: Vec<String> = validate(&bad).into_iter().map(|i| i.path).collect();
        assert_eq!(
            paths,
            [
                "colour",
                "result.duration",
                "result.score.scaled",
                "context.language",
                "timestamp"
            ]
        );
    }
}

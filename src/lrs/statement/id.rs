//! Deterministic statement ids: a UUID v5 of what makes a statement the same fact, so that any
//! re-send — from a grown export, after the spool was deleted, from another machine — carries
//! the same id and the LRS stores it once (xAPI 1.0.3 Data 2.4.1: an LRS must not store two
//! statements with one id).
//!
//! - a completion from `--results` is identified by the course's activity id, the learner (the
//!   email address without case, or the account's home page and name), the verb, the
//!   registration (none for `send`) and the completion time as an instant;
//! - a statement from `--statements` without an id by its canonical JSON: keys sorted, no
//!   whitespace, exactly as given (before `send` adds a timestamp).

use serde_json::{json, Value};
use std::fmt::Write as _;
use uuid::Uuid;

/// The namespace of every id `send` makes: UUID v5 of this URL in the URL namespace.
fn namespace() -> Uuid {
    Uuid::new_v5(
        &Uuid::NAMESPACE_URL,
        b"https://scormpack.dev/xapi/statement-id",
    )
}

/// The id of a completion: `learner` is the actor's identifier (see the module documentation),
/// `timestamp` the completion time in UTC.
pub fn completion_id(
    activity_id: &str,
    learner: &str,
    verb_id: &str,
    registration: Option<&str>,
    timestamp: &str,
) -> Uuid {
    let material = json!([
        "completion",
        activity_id,
        learner,
        verb_id,
        registration.unwrap_or(""),
        timestamp
    ]);
    Uuid::new_v5(&namespace(), material.to_string().as_bytes())
}

/// The id of a statement given without one: of its canonical JSON.
pub fn content_id(statement: &Value) -> Uuid {
    let mut text = String::from("statement\n");
    canonical(statement, &mut text);
    Uuid::new_v5(&namespace(), text.as_bytes())
}

/// JSON with object keys sorted (by their UTF-8 bytes) and no whitespace; strings and numbers
/// as serde_json writes them.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                canonical(&map[key], out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                canonical(item, out);
            }
            out.push(']');
        }
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_statement_in_another_layout_has_the_same_id() {
        let a: Value = serde_json::from_str(
            r#"{"verb": {"id": "v"}, "actor": {"mbox": "mailto:a@example.com", "name": "A"}}"#,
        )
        .unwrap();
        let b: Value = serde_json::from_str("{\"actor\":{\"name\":\"A\",\n\"mbox\":\"mailto:a@example.com\"},\"verb\":{\"id\":\"v\"}}").unwrap();
        assert_eq!(content_id(&a), content_id(&b));
        let mut c = a.clone();
        c["actor"]["name"] = json!("B");
        assert_ne!(content_id(&a), content_id(&c));
        assert_eq!(content_id(&a).get_version_num(), 5);
    }

    #[test]
    fn completion_ids_change_with_each_part_of_the_fact() {
        let id = |a, l, v, r, t| completion_id(a, l, v, r, t);
        let base = id(
            "urn:c",
            "mailto:a@x.org",
            "urn:v",
            None,
            "2026-03-01T09:00:00.000Z",
        );
        assert_eq!(
            base,
            id(
                "urn:c",
                "mailto:a@x.org",
                "urn:v",
                None,
                "2026-03-01T09:00:00.000Z"
            )
        );
        for other in [
            id(
                "urn:d",
                "mailto:a@x.org",
                "urn:v",
                None,
                "2026-03-01T09:00:00.000Z",
            ),
            id(
                "urn:c",
                "mailto:b@x.org",
                "urn:v",
                None,
                "2026-03-01T09:00:00.000Z",
            ),
            id(
                "urn:c",
                "mailto:a@x.org",
                "urn:w",
                None,
                "2026-03-01T09:00:00.000Z",
            ),
            id(
                "urn:c",
                "mailto:a@x.org",
                "urn:v",
                Some("r"),
                "2026-03-01T09:00:00.000Z",
            ),
            id(
                "urn:c",
                "mailto:a@x.org",
                "urn:v",
                None,
                "2026-03-01T09:00:01.000Z",
            ),
        ] {
            assert_ne!(base, other);
        }
    }
}

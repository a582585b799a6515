//! The building blocks of the statement checks: the [`Invalid`] a rule reports, typed access to
//! JSON properties, identifiers (IRIs, UUIDs, language tags, timestamps) and agents.

use crate::model::is_absolute_iri;
pub(super) use crate::model::is_language_tag;
use chrono::DateTime;
use serde_json::{Map, Value};

/// A rule a statement breaks: where (a JSON path such as `result.score.raw`) and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {message}")]
pub struct Invalid {
    pub path: String,
    pub message: String,
}

pub(super) type Check = Result<(), Invalid>;

pub(super) fn invalid(path: &str, message: impl Into<String>) -> Invalid {
    Invalid {
        path: path.to_string(),
        message: message.into(),
    }
}

pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

pub(super) fn object<'v>(value: &'v Value, path: &str) -> Result<&'v Map<String, Value>, Invalid> {
    value
        .as_object()
        .ok_or_else(|| invalid(path, "must be a JSON object"))
}

pub(super) fn only_keys(map: &Map<String, Value>, path: &str, allowed: &[&str]) -> Check {
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

pub(super) fn string<'v>(
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

/// Keeps the error of one independent check.
pub(super) fn keep(errors: &mut Vec<Invalid>, check: Check) {
    if let Err(invalid) = check {
        errors.push(invalid);
    }
}

/// Every property of `map` that is not `allowed`.
pub(super) fn unknown_keys(
    map: &Map<String, Value>,
    path: &str,
    allowed: &[&str],
    errors: &mut Vec<Invalid>,
) {
    for key in map.keys().filter(|k| !allowed.contains(&k.as_str())) {
        errors.push(invalid(
            &join(path, key),
            format!(
                "is not a property xAPI 1.0.3 allows here (allowed: {})",
                allowed.join(", ")
            ),
        ));
    }
}

pub(super) fn validate_agent_or_group(value: &Value, path: &str) -> Check {
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

pub(super) fn validate_agent(value: &Value, path: &str) -> Check {
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
pub(super) fn check_ifis(map: &Map<String, Value>, path: &str) -> Result<usize, Invalid> {
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

pub(super) fn check_extensions(value: &Value, path: &str) -> Check {
    let map = object(value, path)?;
    for key in map.keys() {
        check_iri(key, &join(path, key))?;
    }
    Ok(())
}

pub(super) fn check_language_map(value: &Value, path: &str) -> Check {
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

pub(super) fn check_iri(iri: &str, path: &str) -> Check {
    if is_absolute_iri(iri) {
        Ok(())
    } else {
        Err(invalid(path, format!("`{iri}` is not an absolute IRI")))
    }
}

pub(super) fn check_uuid(id: &str, path: &str) -> Check {
    match uuid::Uuid::parse_str(id) {
        Ok(_) if id.len() == 36 => Ok(()),
        _ => Err(invalid(path, format!("`{id}` is not a UUID"))),
    }
}

pub(super) fn check_timestamp(timestamp: &str, path: &str) -> Check {
    match DateTime::parse_from_rfc3339(timestamp) {
        Ok(_) => Ok(()),
        Err(_) => Err(invalid(
            path,
            format!("`{timestamp}` is not an ISO 8601 time with a zone, e.g. 2026-03-01T09:30:00Z"),
        )),
    }
}

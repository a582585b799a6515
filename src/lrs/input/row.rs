//! One row of a results CSV → a checked [`CompletionRow`], or every problem it has.

use super::columns::{normalise, Column};
use crate::lrs::statement::{parse_duration, CompletionRow, Learner, Verb};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// One problem of a row: the column it is in (if one), the message and a hint.
pub(super) type RowError = (Option<Column>, String, Option<&'static str>);

/// A row → a completion (`None` for an unfinished learner), or every problem it has.
pub(super) fn read_row<'r>(
    get: &dyn Fn(Column) -> &'r str,
    account_home_page: Option<&str>,
) -> Result<Option<CompletionRow>, Vec<RowError>> {
    let mut errors: Vec<RowError> = Vec::new();
    let status = get(Column::Status);
    let verb = match normalise(status).as_str() {
        "passed" | "pass" => Some(Verb::Passed),
        "failed" | "fail" => Some(Verb::Failed),
        "completed" | "complete" => Some(Verb::Completed),
        "incomplete" | "inprogress" | "notattempted" | "notstarted" | "browsed" => return Ok(None),
        "" => {
            errors.push((
                Some(Column::Status),
                "the status is empty".into(),
                Some("write passed, failed or completed"),
            ));
            None
        }
        _ => {
            errors.push((
                Some(Column::Status),
                format!("unknown status `{status}`"),
                Some("write passed, failed or completed (incomplete rows are skipped)"),
            ));
            None
        }
    };
    let email = get(Column::Email);
    let account = get(Column::Account);
    let learner = if !email.is_empty() {
        let email = email.strip_prefix("mailto:").unwrap_or(email);
        let (local, domain) = email.split_once('@').unwrap_or_default();
        if local.is_empty() || !domain.contains('.') || email.contains(char::is_whitespace) {
            errors.push((
                Some(Column::Email),
                format!("`{email}` is not an email address"),
                None,
            ));
            None
        } else {
            Some(Learner::Email(email.to_string()))
        }
    } else if !account.is_empty() {
        Some(Learner::Account {
            home_page: account_home_page.unwrap_or_default().to_string(),
            name: account.to_string(),
        })
    } else {
        errors.push((
            None,
            "the row names no learner".into(),
            Some("fill in the email or account id"),
        ));
        None
    };
    let score = match get(Column::Score) {
        "" => None,
        text => {
            let number = text.strip_suffix('%').unwrap_or(text).trim();
            match number.parse::<f64>() {
                Err(_) => {
                    errors.push((
                        Some(Column::Score),
                        format!("score `{text}` is not a number"),
                        Some("write the percentage, e.g. 85 or 85.5%"),
                    ));
                    None
                }
                Ok(score) if !(0.0..=100.0).contains(&score) || !score.is_finite() => {
                    errors.push((
                        Some(Column::Score),
                        format!("score {text} is outside 0–100"),
                        Some("write the percentage of the maximum score"),
                    ));
                    None
                }
                Ok(score) => Some(score),
            }
        }
    };
    let completed_at = match parse_time(get(Column::Date)) {
        Ok(time) => Some(time),
        Err((message, help)) => {
            errors.push((Some(Column::Date), message, help));
            None
        }
    };
    let duration = match get(Column::Duration) {
        "" => None,
        text => match parse_duration(text) {
            Some(duration) => Some(duration),
            None => {
                errors.push((
                    Some(Column::Duration),
                    format!("duration `{text}` is neither HH:MM:SS nor ISO 8601"),
                    Some("write e.g. 00:12:30 or PT12M30S"),
                ));
                None
            }
        },
    };
    let (Some(verb), Some(learner), Some(completed_at), true) =
        (verb, learner, completed_at, errors.is_empty())
    else {
        return Err(errors);
    };
    let name = Some(get(Column::Name))
        .filter(|n| !n.is_empty())
        .map(str::to_string);
    Ok(Some(CompletionRow {
        learner,
        name,
        verb,
        score,
        completed_at,
        duration,
    }))
}

/// An RFC 3339 time (a space may replace the `T`). A time without a zone is an error rather
/// than a guess: the same export read on two machines would give two different instants.
fn parse_time(text: &str) -> Result<DateTime<Utc>, (String, Option<&'static str>)> {
    if text.is_empty() {
        return Err(("the completion date is empty".into(), None));
    }
    let iso = text.replacen(' ', "T", 1);
    if let Ok(time) = DateTime::parse_from_rfc3339(&iso) {
        return Ok(time.with_timezone(&Utc));
    }
    let zoneless = NaiveDateTime::parse_from_str(&iso, "%Y-%m-%dT%H:%M:%S%.f").is_ok()
        || NaiveDateTime::parse_from_str(&iso, "%Y-%m-%dT%H:%M").is_ok()
        || NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok();
    if zoneless {
        Err((
            format!("completion date `{text}` has no time zone"),
            Some("add the zone the LMS exported in, e.g. 2026-03-01T09:30:00Z or 2026-03-01T10:30:00+01:00"),
        ))
    } else {
        Err((
            format!("completion date `{text}` is not a date and time"),
            Some("write ISO 8601 with a zone, e.g. 2026-03-01T09:30:00Z"),
        ))
    }
}

//! Durations: the ISO 8601 form xAPI allows, and the clock times (`HH:MM:SS`) LMS exports write
//! for time spent → ISO 8601.

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

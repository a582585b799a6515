//! The LRS over HTTP: spooled statements → `POST statements` in batches over one keep-alive
//! connection, with retries, until the spool says every statement is stored.
//!
//! What each answer means (xAPI 1.0.3, Communication 2.1.2 and 3.2):
//! - 200/204: stored;
//! - 409: some id in the batch is known already. LRSs differ: one answers an identical resend
//!   with 200, another with 409. Each statement of the batch is looked up by id; found ones count
//!   as already stored, the rest are sent again alone;
//! - 400: the LRS rejects a statement; the run stops, naming it and the LRS's reason;
//! - 401/403: the credentials are wrong; the run stops;
//! - 429 (after `Retry-After`), 5xx, timeouts and connection errors: retried with exponential
//!   backoff and jitter, up to a number of attempts.

use super::spool::{Queued, Spool, SpoolError};
use reqwest::blocking::{Client, Response};
use reqwest::header::{HeaderValue, AUTHORIZATION, CONTENT_TYPE, RETRY_AFTER};
use reqwest::StatusCode;
use serde_json::Value;
use std::fmt;
use std::time::Duration;

const VERSION_HEADER: &str = "X-Experience-API-Version";
const XAPI_VERSION: &str = "1.0.3";

/// HTTP Basic credentials. They print as `[redacted]`, whatever formats them.
#[derive(Clone)]
pub struct Credentials {
    pub username: String,
    pub password: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Credentials([redacted])")
    }
}

/// How hard to try before giving up on a batch.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// Requests per batch, the first one included.
    pub max_attempts: u32,
    /// The first backoff; it doubles with each attempt, up to `cap`.
    pub base: Duration,
    pub cap: Duration,
    /// Per-request timeout.
    pub timeout: Duration,
}

impl RetryPolicy {
    /// The wait before retry number `attempt` (1-based): half the exponential step plus a random
    /// half ("equal jitter"), so that many senders do not retry in step.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let step = self
            .base
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
            .min(self.cap);
        let half = step / 2;
        let random = (uuid::Uuid::new_v4().as_u128() % 1_000_000) as u32;
        half + half.mul_f64(f64::from(random) / 1_000_000.0)
    }
}

/// Why a run stopped before everything was stored.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("the LRS rejected statement {id} (input line {line}): {reason}")]
    Rejected {
        id: String,
        line: u64,
        reason: String,
    },
    #[error("the LRS refused the credentials (HTTP {status}): check SCORMPACK_LRS_USERNAME and SCORMPACK_LRS_PASSWORD or --credentials-file, and that this client may write statements")]
    Credentials { status: u16 },
    #[error("gave up after {attempts} attempts: {last}")]
    GaveUp { attempts: u32, last: String },
    #[error("the LRS holds a different statement with id {id} (input line {line})")]
    IdTaken { id: String, line: u64 },
    #[error("the LRS answered HTTP {status} with a new location, {location}; statements are not posted to another address unasked")]
    Redirected { status: u16, location: String },
    #[error("unexpected answer from the LRS: HTTP {status}: {reason}")]
    Unexpected { status: u16, reason: String },
    #[error(transparent)]
    Spool(#[from] SpoolError),
    #[error("cannot set up the HTTP client: {0}")]
    Setup(String),
}

/// What one send achieved, also when it stopped early.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Stored by this run.
    pub sent: usize,
    /// Found stored already (by an earlier run whose answer was lost, or through a 409).
    pub already: usize,
    /// Not stored when the run ended.
    pub failed: usize,
}

pub struct Lrs {
    http: Client,
    endpoint: String,
    auth: HeaderValue,
    policy: RetryPolicy,
}

impl fmt::Debug for Lrs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lrs")
            .field("endpoint", &self.endpoint)
            .finish_non_exhaustive()
    }
}

/// One answer to a POST, classified.
enum Answer {
    Stored,
    Conflict,
    BadRequest(String),
    Unauthorized(u16),
    Retry {
        reason: String,
        after: Option<Duration>,
    },
    Unexpected(u16, String),
    Redirect(u16, String),
}

impl Lrs {
    /// A client for the LRS at `endpoint` (ending in `/`).
    pub fn new(
        endpoint: &str,
        credentials: &Credentials,
        policy: RetryPolicy,
    ) -> Result<Lrs, SendError> {
        // reqwest is built without a crypto provider (see Cargo.toml); ring is ours. Err means
        // one is installed already, which is what we want.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = Client::builder()
            .timeout(policy.timeout)
            .connect_timeout(policy.timeout.min(Duration::from_secs(10)))
            .pool_max_idle_per_host(1)
            // A POST that follows a redirect lands the statements (without Authorization) on a
            // host nobody named; the new location is reported instead.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("scormpack/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|err| SendError::Setup(err.to_string()))?;
        // reqwest encodes the Basic credentials (and marks the header sensitive); the value is
        // taken once from a request that is never sent, and reused for every request.
        let auth = http
            .get(endpoint)
            .basic_auth(&credentials.username, Some(&credentials.password))
            .build()
            .ok()
            .and_then(|request| request.headers().get(AUTHORIZATION).cloned())
            .ok_or_else(|| {
                SendError::Setup(
                    "the credentials contain characters HTTP headers cannot carry".into(),
                )
            })?;
        Ok(Lrs {
            http,
            endpoint: endpoint.to_string(),
            auth,
            policy,
        })
    }

    /// The `Authorization` value, for redacting it from anything printed.
    pub fn authorization(&self) -> Option<String> {
        self.auth.to_str().ok().map(str::to_string)
    }

    fn post(&self, body: String) -> Answer {
        let response = self
            .http
            .post(format!("{}statements", self.endpoint))
            .header(AUTHORIZATION, self.auth.clone())
            .header(VERSION_HEADER, XAPI_VERSION)
            .header(CONTENT_TYPE, "application/json")
            .body(body)
            .send();
        match response {
            Err(err) => Answer::Retry {
                reason: describe(&err),
                after: None,
            },
            Ok(response) => classify(response),
        }
    }

    /// The statement stored under `id`, if any; `Err` carries a retryable reason.
    fn get(&self, id: &str) -> Result<Option<Value>, Answer> {
        let response = self
            .http
            .get(format!("{}statements?statementId={id}", self.endpoint))
            .header(AUTHORIZATION, self.auth.clone())
            .header(VERSION_HEADER, XAPI_VERSION)
            .send()
            .map_err(|err| Answer::Retry {
                reason: describe(&err),
                after: None,
            })?;
        match response.status() {
            StatusCode::OK => {
                let text = response.text().map_err(|err| Answer::Retry {
                    reason: describe(&err),
                    after: None,
                })?;
                serde_json::from_str(&text)
                    .map(Some)
                    .map_err(|_| Answer::Retry {
                        reason:
                            "the LRS answered a statement lookup with something other than JSON"
                                .into(),
                        after: None,
                    })
            }
            StatusCode::NOT_FOUND => Ok(None),
            _ => Err(classify(response)),
        }
    }

    /// Sends every pending statement of `spool` in batches of `batch_size`, read from the
    /// spool one batch at a time, recording each confirmed batch in the spool before the next
    /// goes out. `progress` hears how many statements each batch settled.
    pub fn deliver(
        &self,
        spool: &mut Spool,
        batch_size: usize,
        progress: &mut dyn FnMut(usize),
    ) -> (Summary, Option<SendError>) {
        let total = spool.pending_count();
        let mut summary = Summary::default();
        let mut done = 0;
        let result = (|| -> Result<(), SendError> {
            let mut pending = spool.pending()?;
            loop {
                let batch = pending.next_batch(batch_size.max(1))?;
                if batch.is_empty() {
                    return Ok(());
                }
                self.send_batch(&batch, spool, &mut summary)?;
                done += batch.len();
                progress(batch.len());
            }
        })();
        match result {
            Ok(()) => (summary, None),
            Err(err) => {
                summary.failed = total - done;
                (summary, Some(err))
            }
        }
    }

    fn send_batch(
        &self,
        batch: &[Queued],
        spool: &mut Spool,
        summary: &mut Summary,
    ) -> Result<(), SendError> {
        // The body is the spooled JSON text joined: nothing is parsed or written again.
        let mut body = String::with_capacity(
            batch
                .iter()
                .map(|q| q.statement.get().len() + 1)
                .sum::<usize>()
                + 2,
        );
        body.push('[');
        for (i, queued) in batch.iter().enumerate() {
            if i > 0 {
                body.push(',');
            }
            body.push_str(queued.statement.get());
        }
        body.push(']');
        let mut attempt = 1;
        loop {
            let answer = self.post(body.clone());
            match answer {
                Answer::Stored => {
                    spool.mark_delivered(batch.iter().map(Queued::id))?;
                    summary.sent += batch.len();
                    return Ok(());
                }
                Answer::Conflict => return self.resolve_conflict(batch, spool, summary),
                Answer::BadRequest(reason) => {
                    let culprit = culprit(&reason, batch);
                    return Err(SendError::Rejected {
                        id: culprit.id().to_string(),
                        line: culprit.line,
                        reason,
                    });
                }
                Answer::Unauthorized(status) => return Err(SendError::Credentials { status }),
                Answer::Unexpected(status, reason) => {
                    return Err(SendError::Unexpected { status, reason })
                }
                Answer::Redirect(status, location) => {
                    return Err(SendError::Redirected { status, location })
                }
                Answer::Retry { reason, after } => {
                    if attempt >= self.policy.max_attempts {
                        return Err(SendError::GaveUp {
                            attempts: attempt,
                            last: reason,
                        });
                    }
                    let wait = after
                        .map(|after| after.min(Duration::from_secs(300)))
                        .unwrap_or_else(|| self.policy.backoff(attempt));
                    std::thread::sleep(wait);
                    attempt += 1;
                }
            }
        }
    }

    /// A 409 for a batch: looks each statement up by id. A stored one counts as delivered (its
    /// verb and object must match what we sent); a missing one is sent again alone.
    fn resolve_conflict(
        &self,
        batch: &[Queued],
        spool: &mut Spool,
        summary: &mut Summary,
    ) -> Result<(), SendError> {
        for spooled in batch {
            let mut attempt = 1;
            let found = loop {
                match self.get(spooled.id()) {
                    Ok(found) => break found,
                    Err(Answer::Unauthorized(status)) => {
                        return Err(SendError::Credentials { status })
                    }
                    Err(Answer::Retry { reason, after }) if attempt < self.policy.max_attempts => {
                        let _ = reason;
                        std::thread::sleep(after.unwrap_or_else(|| self.policy.backoff(attempt)));
                        attempt += 1;
                    }
                    Err(Answer::Retry { reason, .. }) => {
                        return Err(SendError::GaveUp {
                            attempts: attempt,
                            last: reason,
                        })
                    }
                    Err(Answer::BadRequest(reason) | Answer::Unexpected(_, reason)) => {
                        return Err(SendError::Unexpected { status: 0, reason })
                    }
                    Err(Answer::Redirect(status, location)) => {
                        return Err(SendError::Redirected { status, location })
                    }
                    Err(Answer::Stored | Answer::Conflict) => break None,
                }
            };
            match found {
                Some(stored) if same_statement(&stored, spooled) => {
                    spool.mark_delivered([spooled.id()])?;
                    summary.already += 1;
                }
                Some(_) => {
                    return Err(SendError::IdTaken {
                        id: spooled.id().to_string(),
                        line: spooled.line,
                    })
                }
                None if batch.len() > 1 => {
                    self.send_batch(std::slice::from_ref(spooled), spool, summary)?;
                }
                None => {
                    // Alone, unknown by id, and still a conflict: the LRS disagrees with itself.
                    return Err(SendError::IdTaken {
                        id: spooled.id().to_string(),
                        line: spooled.line,
                    });
                }
            }
        }
        Ok(())
    }
}

/// Whether the statement the LRS returned is the one we sent. The LRS adds `stored`,
/// `authority`, `version` and default `objectType`s, so the comparison is on what identifies a
/// statement's meaning: verb, object and timestamp instant — not the timestamp when the spool
/// gave it (an earlier spool gave the same statement another one; the id, made from its
/// content, is the same).
fn same_statement(stored: &Value, spooled: &Queued) -> bool {
    let sent = &spooled.value();
    let instant = |v: &Value| {
        v["timestamp"]
            .as_str()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
    };
    stored["verb"]["id"] == sent["verb"]["id"]
        && stored["object"]["id"] == sent["object"]["id"]
        && (spooled.stamped || instant(stored) == instant(sent))
}

/// The statement a 400 names (`statements.3.actor…` in Learning Locker's reasons, `[3]` in
/// others'), or the first of the batch.
fn culprit<'b>(reason: &str, batch: &'b [Queued]) -> &'b Queued {
    let index = reason
        .split("statements.")
        .nth(1)
        .or_else(|| reason.split("statements[").nth(1))
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok());
    index.and_then(|i| batch.get(i)).unwrap_or(&batch[0])
}

fn classify(response: Response) -> Answer {
    let status = response.status();
    let after = response
        .headers()
        .get(RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(parse_retry_after);
    let location = response
        .headers()
        .get(reqwest::header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(|l| {
            response
                .url()
                .join(l)
                .map_or_else(|_| l.to_string(), |u| u.to_string())
        });
    let reason = || {
        let text = response.text().unwrap_or_default();
        let text = text.trim();
        // LRSs answer errors with JSON ({"message": …} or {"warnings": […]}); show its gist.
        let reason = serde_json::from_str::<Value>(text)
            .ok()
            .and_then(|v| {
                v.get("warnings")
                    .filter(|w| w.as_array().is_some_and(|a| !a.is_empty()))
                    .map(|w| w.to_string())
                    .or_else(|| v.get("message").and_then(Value::as_str).map(str::to_string))
            })
            .unwrap_or_else(|| text.chars().take(500).collect());
        if reason.is_empty() {
            format!("HTTP {status}")
        } else {
            reason
        }
    };
    match status.as_u16() {
        200..=299 => Answer::Stored,
        301 | 302 | 303 | 307 | 308 => Answer::Redirect(
            status.as_u16(),
            location.unwrap_or_else(|| "(none given)".into()),
        ),
        409 => Answer::Conflict,
        400 => Answer::BadRequest(reason()),
        401 | 403 => Answer::Unauthorized(status.as_u16()),
        429 => Answer::Retry {
            reason: format!(
                "HTTP 429 Too Many Requests{}",
                after.map_or(String::new(), |a| format!(
                    " (Retry-After {} s)",
                    a.as_secs_f64()
                ))
            ),
            after: Some(after.unwrap_or(Duration::from_secs(1))),
        },
        500..=599 => Answer::Retry {
            reason: format!("HTTP {}: {}", status.as_u16(), reason()),
            after,
        },
        other => Answer::Unexpected(other, reason()),
    }
}

/// `Retry-After`: seconds, or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    if let Ok(seconds) = value.trim().parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(value.trim()).ok()?;
    let wait = when.with_timezone(&chrono::Utc) - chrono::Utc::now();
    Some(wait.to_std().unwrap_or(Duration::ZERO))
}

/// A transport error in words, without the URL's query or anything the request carried.
fn describe(err: &reqwest::Error) -> String {
    let kind = if err.is_timeout() {
        "timed out"
    } else if err.is_connect() {
        "could not connect"
    } else if err.is_body() || err.is_decode() {
        "the answer was cut off"
    } else {
        "the connection failed"
    };
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(err);
    let mut detail = String::new();
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_string()
    } else {
        format!("{kind}: {detail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::value::RawValue;

    #[test]
    fn basic_auth_is_standard_and_credentials_never_print() {
        let c = Credentials {
            username: "Aladdin".into(),
            password: "open sesame".into(),
        };
        assert_eq!(format!("{c:?}"), "Credentials([redacted])");
        let policy = RetryPolicy {
            max_attempts: 1,
            base: Duration::from_millis(1),
            cap: Duration::from_millis(1),
            timeout: Duration::from_secs(1),
        };
        let lrs = Lrs::new("http://127.0.0.1:9/xapi/", &c, policy).unwrap();
        assert_eq!(
            lrs.authorization().as_deref(),
            Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
        );
    }

    #[test]
    fn backoff_grows_and_stays_within_its_cap() {
        let policy = RetryPolicy {
            max_attempts: 5,
            base: Duration::from_millis(100),
            cap: Duration::from_millis(1000),
            timeout: Duration::from_secs(1),
        };
        for _ in 0..50 {
            let first = policy.backoff(1);
            assert!(first >= Duration::from_millis(50) && first <= Duration::from_millis(100));
            let late = policy.backoff(10);
            assert!(late >= Duration::from_millis(500) && late <= Duration::from_millis(1000));
        }
    }

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(parse_retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn the_culprit_of_a_400_is_found_by_index() {
        let batch: Vec<Queued> = (0..3)
            .map(|i| Queued {
                line: i + 2,
                id: format!("id-{i}"),
                statement: RawValue::from_string(format!("{{\"id\": \"id-{i}\"}}")).unwrap(),
                stamped: false,
            })
            .collect();
        assert_eq!(
            culprit("[\"Problem in 'statements.2.actor.mbox'\"]", &batch).line,
            4
        );
        assert_eq!(culprit("something else", &batch).line, 2);
    }
}

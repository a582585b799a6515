//! The server side of the preview's cmi5 LMS: an LRS in memory and the LMS's fetch URL, so the
//! course's cmi5 package runs in the preview page as a cmi5 LMS launches it.
//!
//! - `/__lms/fetch?launch=ID` — POST: the auth token the first time, a cmi5 error after (8.2);
//! - `/__lrs/statements` — POST a statement or an array (ids kept, a repeated id stored once),
//!   GET one by `statementId` or all, optionally of one `registration`, oldest first;
//! - `/__lrs/activities/state`, `/__lrs/agents/profile` — PUT, GET and DELETE JSON documents,
//!   GET without an id lists the ids.
//!
//! The page (`preview/lms.js`, `preview/cmi5.js`) plays the LMS and judges the statements; this
//! only keeps them, for as long as the preview runs.

use super::server::{Body, Reply};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashSet};

/// The token the fetch URL hands out: any value serves, the preview LRS asks for none.
const TOKEN: &str = "cHJldmlldzpwcmV2aWV3";

#[derive(Debug, Default)]
pub(crate) struct Lrs {
    statements: Vec<Value>,
    ids: HashSet<String>,
    /// Documents by resource and scope (activity, agent, registration), then by id.
    documents: BTreeMap<String, BTreeMap<String, Vec<u8>>>,
    fetched: HashSet<String>,
}

/// One request to the LMS or LRS routes.
pub(crate) struct Request<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub body: &'a [u8],
}

impl Lrs {
    /// The reply to a request under `/__lms/` or `/__lrs/`; `None` for any other path.
    pub(crate) fn answer(&mut self, request: &Request<'_>) -> Option<Reply> {
        let query = parse_query(request.query);
        Some(match (request.method, request.path) {
            ("POST", "/__lms/fetch") => {
                let launch = query.get("launch").cloned().unwrap_or_default();
                if self.fetched.insert(launch) {
                    json_reply(200, &json!({ "auth-token": TOKEN }))
                } else {
                    json_reply(
                        200,
                        &json!({ "error-code": "1", "error-text": "the auth token of this launch was fetched already" }),
                    )
                }
            }
            (_, "/__lrs/statements") => self.statements(request, &query),
            (_, "/__lrs/activities/state") => {
                let scope = format!(
                    "state|{}|{}|{}",
                    query.get("activityId").map_or("", String::as_str),
                    agent_key(query.get("agent")),
                    query.get("registration").map_or("", String::as_str)
                );
                self.document(request, scope, query.get("stateId"))
            }
            (_, "/__lrs/agents/profile") => {
                let scope = format!("profile|{}", agent_key(query.get("agent")));
                self.document(request, scope, query.get("profileId"))
            }
            (_, path) if path.starts_with("/__lrs/") || path.starts_with("/__lms/") => json_reply(
                404,
                &json!({ "message": "the preview LRS has no such resource" }),
            ),
            _ => return None,
        })
    }

    fn statements(&mut self, request: &Request<'_>, query: &BTreeMap<String, String>) -> Reply {
        match request.method {
            "POST" => {
                let Ok(value) = serde_json::from_slice::<Value>(request.body) else {
                    return json_reply(400, &json!({ "message": "the body is not JSON" }));
                };
                let batch = match value {
                    Value::Array(items) => items,
                    one => vec![one],
                };
                if batch.iter().any(|s| !s.is_object()) {
                    return json_reply(400, &json!({ "message": "a statement is not an object" }));
                }
                let mut ids = Vec::new();
                for mut statement in batch {
                    let id = match statement.get("id").and_then(Value::as_str) {
                        Some(id) => id.to_string(),
                        None => {
                            let id = format!("preview-{}", self.statements.len() + 1);
                            statement["id"] = json!(id);
                            id
                        }
                    };
                    if self.ids.insert(id.clone()) {
                        self.statements.push(statement);
                    }
                    ids.push(id);
                }
                json_reply(200, &json!(ids))
            }
            "GET" => {
                if let Some(id) = query.get("statementId") {
                    return match self.statements.iter().find(|s| s["id"] == json!(id)) {
                        Some(statement) => json_reply(200, statement),
                        None => json_reply(404, &json!({ "message": "no such statement" })),
                    };
                }
                let registration = query.get("registration");
                let statements: Vec<&Value> = self
                    .statements
                    .iter()
                    .filter(|s| {
                        registration.is_none_or(|r| s["context"]["registration"] == json!(r))
                    })
                    .collect();
                json_reply(200, &json!({ "statements": statements, "more": "" }))
            }
            _ => json_reply(405, &json!({ "message": "POST or GET" })),
        }
    }

    fn document(&mut self, request: &Request<'_>, scope: String, id: Option<&String>) -> Reply {
        let docs = self.documents.entry(scope).or_default();
        match (request.method, id) {
            ("PUT" | "POST", Some(id)) => {
                docs.insert(id.clone(), request.body.to_vec());
                Reply {
                    status: 204,
                    content_type: "text/plain; charset=utf-8",
                    body: Body::Bytes(Vec::new()),
                }
            }
            ("GET", Some(id)) => match docs.get(id) {
                Some(body) => Reply {
                    status: 200,
                    content_type: "application/json",
                    body: Body::Bytes(body.clone()),
                },
                None => json_reply(404, &json!({ "message": "no such document" })),
            },
            ("GET", None) => json_reply(200, &json!(docs.keys().collect::<Vec<_>>())),
            ("DELETE", id) => {
                match id {
                    Some(id) => {
                        docs.remove(id);
                    }
                    None => docs.clear(),
                }
                json_reply(200, &json!({}))
            }
            _ => json_reply(400, &json!({ "message": "unsupported request" })),
        }
    }
}

/// `a=1&b=x%20y` (form encoding: `+` is a space) → its pairs.
fn parse_query(query: &str) -> BTreeMap<String, String> {
    let decode = |text: &str| {
        percent_encoding::percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect()
}

/// The agent's identifier, whatever else the JSON carries (name, objectType).
fn agent_key(agent: Option<&String>) -> String {
    let Some(Ok(agent)) = agent.map(|a| serde_json::from_str::<Value>(a)) else {
        return String::new();
    };
    for key in ["mbox", "mbox_sha1sum", "openid", "account"] {
        if let Some(value) = agent.get(key) {
            return format!("{key}:{value}");
        }
    }
    String::new()
}

fn json_reply(status: u16, value: &Value) -> Reply {
    Reply {
        status,
        content_type: "application/json",
        body: Body::Bytes(value.to_string().into_bytes()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(lrs: &mut Lrs, method: &str, path: &str, query: &str, body: &str) -> (u16, Value) {
        let reply = lrs
            .answer(&Request {
                method,
                path,
                query,
                body: body.as_bytes(),
            })
            .expect("an LRS route");
        let Body::Bytes(bytes) = reply.body else {
            panic!("in memory")
        };
        (
            reply.status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    #[test]
    fn the_fetch_url_hands_out_its_token_once() {
        let mut lrs = Lrs::default();
        let (_, first) = call(&mut lrs, "POST", "/__lms/fetch", "launch=a", "");
        assert_eq!(first["auth-token"], TOKEN);
        let (_, second) = call(&mut lrs, "POST", "/__lms/fetch", "launch=a", "");
        assert_eq!(second["error-code"], "1");
        let (_, other) = call(&mut lrs, "POST", "/__lms/fetch", "launch=b", "");
        assert_eq!(other["auth-token"], TOKEN);
    }

    #[test]
    fn statements_are_stored_once_each_and_listed_by_registration() {
        let mut lrs = Lrs::default();
        let batch = r#"[{"id":"1","context":{"registration":"r"}},{"id":"2"}]"#;
        assert_eq!(
            call(&mut lrs, "POST", "/__lrs/statements", "", batch).0,
            200
        );
        call(&mut lrs, "POST", "/__lrs/statements", "", batch);
        let (_, all) = call(&mut lrs, "GET", "/__lrs/statements", "", "");
        assert_eq!(all["statements"].as_array().map(Vec::len), Some(2));
        let (_, of_r) = call(&mut lrs, "GET", "/__lrs/statements", "registration=r", "");
        assert_eq!(of_r["statements"][0]["id"], "1");
        assert_eq!(of_r["statements"].as_array().map(Vec::len), Some(1));
        assert_eq!(
            call(&mut lrs, "GET", "/__lrs/statements", "statementId=3", "").0,
            404
        );
        assert_eq!(
            call(&mut lrs, "POST", "/__lrs/statements", "", "not json").0,
            400
        );
    }

    #[test]
    fn state_documents_are_kept_per_agent_and_listed() {
        let mut lrs = Lrs::default();
        let scope = "activityId=x&agent=%7B%22mbox%22%3A%22mailto%3Aa%40b%22%7D&registration=r";
        let put = format!("{scope}&stateId=LMS.LaunchData");
        assert_eq!(
            call(
                &mut lrs,
                "PUT",
                "/__lrs/activities/state",
                &put,
                r#"{"a":1}"#
            )
            .0,
            204
        );
        let (_, doc) = call(&mut lrs, "GET", "/__lrs/activities/state", &put, "");
        assert_eq!(doc["a"], 1);
        let (_, ids) = call(&mut lrs, "GET", "/__lrs/activities/state", scope, "");
        assert_eq!(ids, json!(["LMS.LaunchData"]));
        let other = "activityId=x&agent=%7B%22mbox%22%3A%22mailto%3Ac%40d%22%7D&registration=r&stateId=LMS.LaunchData";
        assert_eq!(
            call(&mut lrs, "GET", "/__lrs/activities/state", other, "").0,
            404
        );
    }
}

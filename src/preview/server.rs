//! HTTP on 127.0.0.1 (tiny_http, one thread a request): requests in, responses out.
//!
//! - `/` — the simulated LMS page; `/__preview/<file>` — its scripts and styles;
//! - `/sco/<path>` — a file of the package, from memory;
//! - `/__preview/status?since=N` — the build generation and errors as JSON; with `since`, it
//!   waits (long-poll, up to 20 s) until the generation differs from N, so the page learns of a
//!   rebuild at once without a socket library.

use super::{assets, PreviewError, Shared, State};
use std::time::Duration;

/// How long a status request waits for a rebuild before answering anyway; the page asks again.
const LONG_POLL: Duration = Duration::from_secs(20);

pub(crate) struct Server {
    inner: tiny_http::Server,
    port: u16,
}

/// A response as plain data, so routing is testable without sockets.
#[derive(Debug, PartialEq)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: &'static str,
    pub(crate) body: Vec<u8>,
}

impl Server {
    pub(crate) fn bind(port: u16) -> Result<Server, PreviewError> {
        let inner =
            tiny_http::Server::http(("127.0.0.1", port)).map_err(|err| PreviewError::Bind {
                port,
                reason: err.to_string(),
            })?;
        let port = inner.server_addr().to_ip().map_or(port, |addr| addr.port());
        Ok(Server { inner, port })
    }

    pub(crate) fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    /// Answers requests until the process ends; each on its own thread, because a status
    /// request may wait for a rebuild.
    pub(crate) fn serve(self, shared: &Shared) {
        for request in self.inner.incoming_requests() {
            let shared = shared.clone();
            std::thread::spawn(move || answer(request, &shared));
        }
    }
}

fn answer(request: tiny_http::Request, shared: &Shared) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let since = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|n| n.parse::<u64>().ok());
    let (lock, changed) = &**shared;
    let state = lock.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let state = match (path, since) {
        ("/__preview/status", Some(since)) => {
            changed
                .wait_timeout_while(state, LONG_POLL, |s| s.generation == since)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0
        }
        _ => state,
    };
    let reply = route(path, &state);
    drop(state);
    let content_type = tiny_http::Header::from_bytes("Content-Type", reply.content_type)
        .expect("content types are ASCII constants");
    // The page and the package change under the same URLs with every save.
    let no_store =
        tiny_http::Header::from_bytes("Cache-Control", "no-store").expect("an ASCII constant");
    let response = tiny_http::Response::from_data(reply.body)
        .with_status_code(reply.status)
        .with_header(content_type)
        .with_header(no_store);
    // The browser may have gone away (a reload cancels the pending long-poll); nothing to do.
    let _ = request.respond(response);
}

/// The reply for `path` (without the query) from the state.
pub(crate) fn route(path: &str, state: &State) -> Reply {
    let path = percent_decode(path);
    if path == "/" || path == "/index.html" {
        return asset("lms.html");
    }
    if path == "/__preview/status" {
        let body = serde_json::json!({
            "generation": state.generation,
            "errors": state.errors,
        });
        return Reply {
            status: 200,
            content_type: "application/json",
            body: body.to_string().into_bytes(),
        };
    }
    if let Some(name) = path.strip_prefix("/__preview/") {
        return asset(name);
    }
    if let Some(name) = path.strip_prefix("/sco/") {
        return match state.files.get(name) {
            Some(bytes) => Reply {
                status: 200,
                content_type: content_type(name),
                body: bytes.clone(),
            },
            None => not_found(),
        };
    }
    not_found()
}

fn asset(name: &str) -> Reply {
    match assets::BUILTIN.iter().find(|(n, _)| *n == name) {
        Some((_, text)) => Reply {
            status: 200,
            content_type: content_type(name),
            body: text.as_bytes().to_vec(),
        },
        None => not_found(),
    }
}

fn not_found() -> Reply {
    Reply {
        status: 404,
        content_type: "text/plain; charset=utf-8",
        body: b"not found".to_vec(),
    }
}

fn content_type(name: &str) -> &'static str {
    let ext = name.rsplit_once('.').map_or("", |(_, ext)| ext);
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" | "xsd" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%20` and friends in a request path; an invalid escape is kept as it is.
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn state_with(file: &str, bytes: &[u8]) -> State {
        let mut files = super::super::Files::new();
        files.insert(file.to_string(), bytes.to_vec());
        State {
            generation: 3,
            files: Arc::new(files),
            errors: vec!["error[content/x]: broken".into()],
        }
    }

    #[test]
    fn root_serves_the_simulated_lms_page() {
        let reply = route("/", &State::default());
        assert_eq!(reply.status, 200);
        assert_eq!(reply.content_type, "text/html; charset=utf-8");
        assert!(String::from_utf8_lossy(&reply.body).contains("id=\"sco\""));
    }

    #[test]
    fn package_files_are_served_under_sco_with_decoded_names() {
        let state = state_with("assets/a b.pdf", b"%PDF");
        let reply = route("/sco/assets/a%20b.pdf", &state);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.content_type, "application/pdf");
        assert_eq!(reply.body, b"%PDF");
        assert_eq!(route("/sco/missing.html", &state).status, 404);
        assert_eq!(route("/elsewhere", &state).status, 404);
    }

    #[test]
    fn status_reports_generation_and_errors() {
        let reply = route("/__preview/status", &state_with("x", b""));
        let json: serde_json::Value = serde_json::from_slice(&reply.body).expect("JSON");
        assert_eq!(json["generation"], 3);
        assert_eq!(json["errors"][0], "error[content/x]: broken");
    }
}

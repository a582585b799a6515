//! HTTP on 127.0.0.1 (tiny_http, one thread a request): requests in, responses out.
//!
//! - `/` — the simulated LMS page; `/__preview/<file>` — its scripts and styles;
//! - `/sco/<path>` — a file of the package: rendered ones from memory, the course's own files
//!   streamed from disk; `/scorm2004/<path>` and `/cmi5/<path>` — a file of the SCORM 2004 or
//!   the cmi5 package, the same way;
//! - `/__lms/…`, `/__lrs/…` — the cmi5 LMS's fetch URL and LRS (`lrs.rs`);
//! - `/__preview/status?since=N` — the build generation and errors as JSON; with `since`, it
//!   waits (long-poll, up to 20 s) until the generation differs from N, so the page learns of a
//!   rebuild at once without a socket library.

use super::lrs::{self, Lrs};
use super::{assets, PreviewError, Shared, State};
use crate::render::Contents;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
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
    pub(crate) body: Body,
}

#[derive(Debug, PartialEq)]
pub(crate) enum Body {
    Bytes(Vec<u8>),
    /// A file of the course folder, streamed when the reply is sent.
    File(PathBuf),
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
        let lrs: Arc<Mutex<Lrs>> = Arc::default();
        for request in self.inner.incoming_requests() {
            let shared = shared.clone();
            let lrs = lrs.clone();
            std::thread::spawn(move || answer(request, &shared, &lrs));
        }
    }
}

fn answer(mut request: tiny_http::Request, shared: &Shared, lrs: &Mutex<Lrs>) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    if path.starts_with("/__lrs/") || path.starts_with("/__lms/") {
        let mut body = Vec::new();
        // A body that cannot be read is an empty one: the LRS answers it with 400.
        let _ = request.as_reader().read_to_end(&mut body);
        let method = request.method().as_str().to_string();
        let reply = lrs
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .answer(&lrs::Request {
                method: &method,
                path,
                query,
                body: &body,
            });
        if let Some(reply) = reply {
            respond(request, reply);
            return;
        }
    }
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
    respond(request, reply);
}

fn respond(request: tiny_http::Request, reply: Reply) {
    let content_type = tiny_http::Header::from_bytes("Content-Type", reply.content_type)
        .expect("content types are ASCII constants");
    // The page and the package change under the same URLs with every save.
    let no_store =
        tiny_http::Header::from_bytes("Cache-Control", "no-store").expect("an ASCII constant");
    let response = match reply.body {
        Body::Bytes(bytes) => tiny_http::Response::from_data(bytes).boxed(),
        // A file of the course folder is streamed, never read whole: media may be large.
        Body::File(path) => match std::fs::File::open(&path) {
            Ok(file) => tiny_http::Response::from_file(file).boxed(),
            Err(_) => tiny_http::Response::from_data(not_found_text()).boxed(),
        },
    };
    let response = response
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
            "cmi5": state.cmi5_files.is_some(),
        });
        return Reply {
            status: 200,
            content_type: "application/json",
            body: Body::Bytes(body.to_string().into_bytes()),
        };
    }
    if let Some(name) = path.strip_prefix("/__preview/") {
        return asset(name);
    }
    let package = if let Some(name) = path.strip_prefix("/sco/") {
        Some((name, Some(&state.files)))
    } else if let Some(name) = path.strip_prefix("/scorm2004/") {
        Some((name, Some(&state.scorm2004_files)))
    } else {
        path.strip_prefix("/cmi5/")
            .map(|name| (name, state.cmi5_files.as_ref()))
    };
    if let Some((name, files)) = package {
        return match files.and_then(|files| files.get(name)) {
            Some(contents) => Reply {
                status: 200,
                content_type: content_type(name),
                body: match contents {
                    Contents::Memory(bytes) => Body::Bytes(bytes.clone()),
                    Contents::Disk(path) => Body::File(path.clone()),
                },
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
            body: Body::Bytes(text.as_bytes().to_vec()),
        },
        None => not_found(),
    }
}

fn not_found() -> Reply {
    Reply {
        status: 404,
        content_type: "text/plain; charset=utf-8",
        body: Body::Bytes(not_found_text()),
    }
}

fn not_found_text() -> Vec<u8> {
    b"not found".to_vec()
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
    percent_encoding::percent_decode_str(path)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn state_with(file: &str, bytes: &[u8]) -> State {
        let mut files = super::super::Files::new();
        files.insert(file.to_string(), Contents::Memory(bytes.to_vec()));
        let mut scorm2004 = super::super::Files::new();
        scorm2004.insert(
            "imsmanifest.xml".to_string(),
            Contents::Memory(b"<manifest/>".to_vec()),
        );
        State {
            generation: 3,
            files: Arc::new(files),
            scorm2004_files: Arc::new(scorm2004),
            cmi5_files: None,
            errors: vec!["error[content/x]: broken".into()],
        }
    }

    #[test]
    fn root_serves_the_simulated_lms_page() {
        let reply = route("/", &State::default());
        assert_eq!(reply.status, 200);
        assert_eq!(reply.content_type, "text/html; charset=utf-8");
        let Body::Bytes(body) = reply.body else {
            panic!("the page is in memory")
        };
        assert!(String::from_utf8_lossy(&body).contains("id=\"sco\""));
    }

    #[test]
    fn package_files_are_served_under_sco_with_decoded_names() {
        let state = state_with("assets/a b.pdf", b"%PDF");
        let reply = route("/sco/assets/a%20b.pdf", &state);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.content_type, "application/pdf");
        assert!(matches!(reply.body, Body::Bytes(ref b) if b == b"%PDF"));
        assert_eq!(route("/sco/missing.html", &state).status, 404);
        assert_eq!(
            route("/cmi5/index.html", &state).status,
            404,
            "no cmi5 package"
        );
        let reply = route("/scorm2004/imsmanifest.xml", &state);
        assert_eq!(reply.status, 200);
        assert!(matches!(reply.body, Body::Bytes(ref b) if b == b"<manifest/>"));
        assert_eq!(route("/scorm2004/assets/a%20b.pdf", &state).status, 404);
        assert_eq!(route("/elsewhere", &state).status, 404);
    }

    #[test]
    fn status_reports_generation_and_errors() {
        let reply = route("/__preview/status", &state_with("x", b""));
        let Body::Bytes(body) = reply.body else {
            panic!("status is in memory")
        };
        let json: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(json["generation"], 3);
        assert_eq!(json["errors"][0], "error[content/x]: broken");
    }
}

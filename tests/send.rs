//! `scormpack send`, run as the real binary against the real LRS of `tests/lrs` (Learning
//! Locker's statement service on 127.0.0.1): 1,000 results arrive exactly once — directly,
//! through a fault proxy, after a SIGKILL, after the LRS was down — wrong credentials fail
//! without showing the password, and every bad input stops the run before anything is sent.
//!
//! Needs Node.js and `cargo xtask deps` (npm ci in tests/lrs); without them every test fails
//! with that message.

mod support;

use serde_json::Value;
use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::repo_content;

const USER: &str = "send-tests";
const PASSWORD: &str = "pw-Zq8-never-printed";
const COURSE_ID: &str = "https://courses.cloud-integrations.example/ops-integration";

fn lrs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lrs")
}

/// A Node process of `tests/lrs` that prints `listening <endpoint>`; killed on drop.
struct NodeService {
    child: Child,
    endpoint: String,
}

impl NodeService {
    fn start(script: &str, env: &[(&str, String)]) -> NodeService {
        let dir = lrs_dir();
        assert!(
            dir.join("node_modules/xapi-statements").is_dir(),
            "{} has no node_modules: run `cargo xtask deps`",
            dir.display()
        );
        let mut child = Command::new("node")
            .arg(dir.join(script))
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs (Node.js 20+ is needed)");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let endpoint = line
            .trim()
            .strip_prefix("listening ")
            .unwrap_or_else(|| panic!("{script} did not start: {line:?}"))
            .to_string();
        NodeService { child, endpoint }
    }

    fn lrs(port: u16) -> NodeService {
        NodeService::start(
            "lrs.js",
            &[
                ("LRS_USERNAME", USER.into()),
                ("LRS_PASSWORD", PASSWORD.into()),
                ("LRS_PORT", port.to_string()),
            ],
        )
    }

    fn proxy(lrs: &NodeService, plan: &str, extra: &[(&str, &str)]) -> NodeService {
        let origin = lrs.endpoint.trim_end_matches("/xAPI/").to_string();
        let mut env = vec![("TARGET", origin), ("PLAN", plan.to_string())];
        env.extend(extra.iter().map(|(k, v)| (*k, v.to_string())));
        NodeService::start("fault-proxy.js", &env)
    }

    fn origin(&self) -> String {
        self.endpoint.trim_end_matches("/xAPI/").to_string()
    }
}

impl Drop for NodeService {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn http() -> reqwest::blocking::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::blocking::Client::new()
}

/// Every statement the LRS holds, following its `more` links.
fn stored(lrs: &NodeService) -> Vec<Value> {
    let client = http();
    let mut url = format!("{}statements?limit=500", lrs.endpoint);
    let mut all = Vec::new();
    loop {
        let page: Value = client
            .get(&url)
            .basic_auth(USER, Some(PASSWORD))
            .header("X-Experience-API-Version", "1.0.3")
            .send()
            .and_then(|r| r.text())
            .map(|t| serde_json::from_str(&t).unwrap())
            .unwrap();
        all.extend(page["statements"].as_array().unwrap().iter().cloned());
        match page["more"].as_str() {
            Some(more) if !more.is_empty() => url = format!("{}{more}", lrs.origin()),
            _ => return all,
        }
    }
}

/// Asserts that the LRS holds exactly one statement per learner of a results file of `n` rows.
fn assert_exactly_once(lrs: &NodeService, n: usize) {
    let all = stored(lrs);
    let learners: HashSet<&str> = all
        .iter()
        .map(|s| s["actor"]["mbox"].as_str().unwrap())
        .collect();
    assert_eq!(all.len(), n, "statements in the LRS");
    assert_eq!(learners.len(), n, "distinct learners: none twice");
    assert!(all.iter().all(|s| s["object"]["id"] == COURSE_ID));
}

fn results_csv(dir: &Path, n: usize) -> PathBuf {
    let mut text = String::from("Email,Name,Status,Score,Completion Date,Duration\n");
    for i in 0..n {
        let (status, score) = if i % 5 == 0 {
            ("failed", 40 + i % 30)
        } else {
            ("passed", 80 + i % 21)
        };
        text.push_str(&format!(
            "learner{i}@example.com,Learner {i},{status},{score},2026-03-{:02}T09:{:02}:00+01:00,00:{:02}:30\n",
            1 + i % 28,
            i % 60,
            10 + i % 40
        ));
    }
    let path = dir.join("results.csv");
    std::fs::write(&path, text).unwrap();
    path
}

/// `scormpack send` in `dir` with the LRS credentials in the environment.
fn send_command(dir: &Path, password: &str, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_scormpack"));
    cmd.arg("send")
        .arg("--course")
        .arg(repo_content())
        .args(args)
        .current_dir(dir)
        .env_remove("SCORMPACK_LRS_ENDPOINT")
        .env("SCORMPACK_LRS_USERNAME", USER)
        .env("SCORMPACK_LRS_PASSWORD", password)
        .env("NO_COLOR", "1");
    cmd
}

struct Sent {
    code: i32,
    stdout: String,
    stderr: String,
}

fn send(dir: &Path, args: &[&str]) -> Sent {
    sent(send_command(dir, PASSWORD, args).output().unwrap())
}

fn sent(output: Output) -> Sent {
    Sent {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

impl Sent {
    fn assert_ok(&self) -> &Sent {
        assert_eq!(
            self.code, 0,
            "stdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }
}

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

#[test]
fn a_thousand_results_arrive_exactly_once_and_a_rerun_sends_nothing() {
    let lrs = NodeService::lrs(0);
    let dir = temp();
    let csv = results_csv(dir.path(), 1000);
    let args = [
        "--results",
        csv.to_str().unwrap(),
        "--endpoint",
        &lrs.endpoint,
    ];
    let run = send(dir.path(), &args);
    run.assert_ok();
    assert_eq!(run.stdout, "sent 1000, already stored 0, failed 0\n");
    assert_exactly_once(&lrs, 1000);
    let passed = stored(&lrs)
        .into_iter()
        .find(|s| s["actor"]["mbox"] == "mailto:learner1@example.com")
        .unwrap();
    assert_eq!(
        passed["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/passed"
    );
    assert_eq!(passed["result"]["score"]["raw"], 81.0);
    assert_eq!(passed["result"]["score"]["scaled"], 0.81);
    assert_eq!(passed["result"]["duration"], "PT11M30S");
    assert_eq!(passed["timestamp"], "2026-03-02T08:01:00.000Z");

    let again = send(dir.path(), &args);
    again.assert_ok();
    assert_eq!(
        again.stdout,
        "sent 0, already stored 0, failed 0 (1000 stored by an earlier run)\n"
    );
    assert_exactly_once(&lrs, 1000);
}

#[test]
fn through_503s_429s_dropped_and_stalled_connections_still_exactly_once() {
    let lrs = NodeService::lrs(0);
    // Statements that went through once come back as 409, as from LRSs that answer an identical
    // resend that way; the client must look them up by id.
    let proxy = NodeService::proxy(
        &lrs,
        "503,pass,429,drop,pass,drop-after,slow,stall,503,pass,drop-after,429,pass",
        &[("STRICT_409", "1"), ("STALL_MS", "4500")],
    );
    let dir = temp();
    let csv = results_csv(dir.path(), 1000);
    let run = send(
        dir.path(),
        &[
            "--results",
            csv.to_str().unwrap(),
            "--endpoint",
            &proxy.endpoint,
            // Long enough for a batch on a busy machine, shorter than the stall.
            "--timeout",
            "2",
        ],
    );
    run.assert_ok();
    assert_exactly_once(&lrs, 1000);
    let faults: Value = http()
        .get(format!("{}/__faults", proxy.origin()))
        .send()
        .and_then(|r| r.text())
        .map(|t| serde_json::from_str(&t).unwrap())
        .unwrap();
    for fault in ["503", "429", "drop", "drop-after", "slow", "stall", "409"] {
        assert!(
            faults[fault].as_u64().unwrap_or(0) >= 1,
            "fault {fault} never happened: {faults}"
        );
    }
    // The batches the LRS stored before the connection dropped were found by id.
    let already: usize = run
        .stdout
        .split("already stored ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(already >= 100, "{}\n{}\n{faults}", run.stdout, run.stderr);
    assert!(run.stdout.ends_with(", failed 0\n"), "{}", run.stdout);
}

#[test]
fn a_run_killed_halfway_and_run_again_stores_each_statement_once() {
    let lrs = NodeService::lrs(0);
    let proxy = NodeService::proxy(&lrs, "", &[("DELAY_MS", "100")]);
    let dir = temp();
    let csv = results_csv(dir.path(), 1000);
    let args = [
        "--results",
        csv.to_str().unwrap(),
        "--endpoint",
        &proxy.endpoint,
        "--batch-size",
        "10",
    ];
    let mut child = send_command(dir.path(), PASSWORD, &args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let n = stored(&lrs).len();
        if n >= 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "only {n} statements arrived in 60 s"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    let halfway = stored(&lrs).len();
    assert!(
        (200..1000).contains(&halfway),
        "{halfway} stored when killed"
    );

    let run = send(dir.path(), &args);
    run.assert_ok();
    assert!(run.stderr.starts_with("resuming "), "{}", run.stderr);
    assert_exactly_once(&lrs, 1000);
}

#[test]
fn statements_wait_in_the_spool_while_the_lrs_is_down_and_a_later_run_delivers_them() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let endpoint = format!("http://127.0.0.1:{port}/xAPI/");
    let dir = temp();
    let csv = results_csv(dir.path(), 50);
    let args = [
        "--results",
        csv.to_str().unwrap(),
        "--endpoint",
        &endpoint,
        "--max-attempts",
        "2",
    ];
    let down = send(dir.path(), &args);
    assert_eq!(down.code, 1, "{}", down.stderr);
    assert_eq!(down.stdout, "sent 0, already stored 0, failed 50\n");
    assert!(down.stderr.contains("could not connect"), "{}", down.stderr);
    assert!(
        down.stderr.contains("run the same command again"),
        "{}",
        down.stderr
    );
    let spooled: Vec<String> = std::fs::read_dir(dir.path().join(".scormpack/spool"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(spooled.len(), 1, "{spooled:?}");
    // Learners' emails and scores: readable by their owner only.
    assert_eq!(mode(&dir.path().join(".scormpack/spool")), 0o700);
    assert_eq!(
        mode(&dir.path().join(".scormpack/spool").join(&spooled[0])),
        0o600
    );
    let ids: HashSet<String> =
        std::fs::read_to_string(dir.path().join(".scormpack/spool").join(&spooled[0]))
            .unwrap()
            .lines()
            .map(|l| {
                serde_json::from_str::<Value>(l).unwrap()["statement"]["id"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();

    let lrs = NodeService::lrs(port);
    send(dir.path(), &args).assert_ok();
    assert_exactly_once(&lrs, 50);
    let arrived: HashSet<String> = stored(&lrs)
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(arrived, ids, "the spooled ids are the ones stored");
}

#[test]
fn wrong_credentials_fail_clearly_without_printing_the_password() {
    let lrs = NodeService::lrs(0);
    let dir = temp();
    let csv = results_csv(dir.path(), 5);
    let wrong = "wrong-Pw-77-secret";
    let run = sent(
        send_command(
            dir.path(),
            wrong,
            &[
                "--results",
                csv.to_str().unwrap(),
                "--endpoint",
                &lrs.endpoint,
            ],
        )
        .output()
        .unwrap(),
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("the LRS refused the credentials (HTTP 401)"),
        "{}",
        run.stderr
    );
    let header = &reqwest_header(wrong);
    for text in [&run.stdout, &run.stderr] {
        assert!(
            !text.contains(wrong) && !text.contains(header),
            "secret printed:\n{text}"
        );
    }
    assert!(stored(&lrs).is_empty());

    // The same through a credentials file.
    let file = dir.path().join("lrs.toml");
    std::fs::write(
        &file,
        format!("username = \"{USER}\"\npassword = \"{wrong}\"\n"),
    )
    .unwrap();
    private(&file);
    let run = sent(
        send_command(
            dir.path(),
            "",
            &[
                "--results",
                csv.to_str().unwrap(),
                "--endpoint",
                &lrs.endpoint,
                "--credentials-file",
                file.to_str().unwrap(),
            ],
        )
        .env_remove("SCORMPACK_LRS_PASSWORD")
        .output()
        .unwrap(),
    );
    assert_eq!(run.code, 1);
    assert!(
        !run.stdout.contains(wrong) && !run.stderr.contains(wrong),
        "{}",
        run.stderr
    );
}

fn reqwest_header(password: &str) -> String {
    let client = http();
    let request = client
        .get("http://127.0.0.1/")
        .basic_auth(USER, Some(password))
        .build()
        .unwrap();
    let value = request.headers()["authorization"]
        .to_str()
        .unwrap()
        .to_string();
    value.trim_start_matches("Basic ").to_string()
}

/// A listener that counts the connections it accepts, standing where the LRS would be: proof
/// that a rejected input sent nothing.
fn sentinel() -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}/xAPI/", listener.local_addr().unwrap());
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            if stream.is_ok() {
                seen.fetch_add(1, Ordering::SeqCst);
            }
        }
    });
    (endpoint, count)
}

/// Runs `send` on a file with `contents` and checks that it fails with exit code 1, names the
/// file, line and column (`place`, e.g. `3:22`), says `message`, and sends nothing.
fn assert_bad_input(flag: &str, name: &str, contents: &str, place: &str, message: &str) {
    let (endpoint, connections) = sentinel();
    let dir = temp();
    std::fs::write(dir.path().join(name), contents).unwrap();
    let run = send(dir.path(), &[flag, name, "--endpoint", &endpoint]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let located = format!("]: {name}:{place}: {message}");
    assert!(
        run.stderr.contains(&located),
        "expected `{located}` in:\n{}",
        run.stderr
    );
    assert!(run.stderr.contains("nothing was sent"), "{}", run.stderr);
    assert_eq!(
        connections.load(Ordering::SeqCst),
        0,
        "a bad input reached the network"
    );
    assert!(
        !dir.path().join(".scormpack").exists(),
        "a bad input was spooled"
    );
}

const HEAD: &str = "email,status,score,completion date\n";

#[test]
fn an_unknown_column_is_named_before_anything_is_sent() {
    assert_bad_input(
        "--results",
        "r.csv",
        "email,status,mark,completion date\n",
        "1:14",
        "unknown column `mark`",
    );
}

#[test]
fn an_unparsable_score_is_named_with_its_line() {
    let csv = format!("{HEAD}a@example.com,passed,90,2026-03-01T09:00:00Z\nb@example.com,passed,9O,2026-03-01T09:00:00Z\n");
    assert_bad_input(
        "--results",
        "r.csv",
        &csv,
        "3:22",
        "score `9O` is not a number",
    );
}

#[test]
fn a_score_outside_0_to_100_is_named_with_its_line() {
    let csv = format!("{HEAD}a@example.com,passed,120,2026-03-01T09:00:00Z\n");
    assert_bad_input(
        "--results",
        "r.csv",
        &csv,
        "2:22",
        "score 120 is outside 0–100",
    );
}

#[test]
fn a_date_without_a_time_zone_is_named_with_its_line() {
    let csv = format!("{HEAD}a@example.com,passed,90,2026-03-01 09:00:00\n");
    assert_bad_input(
        "--results",
        "r.csv",
        &csv,
        "2:25",
        "completion date `2026-03-01 09:00:00` has no time zone",
    );
}

#[test]
fn an_invalid_statement_is_named_with_its_line_and_json_path() {
    let json = r#"[
  {
    "actor": {"mbox": "mailto:a@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"en-US": "completed"}},
    "object": {"id": "https://courses.example.com/c"}
  },
  {
    "actor": {"mbox": "mailto:b@example.com"},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}},
    "object": {"id": "https://courses.example.com/c"},
    "result": {"score": {"scaled": 1.2}}
  }
]
"#;
    assert_bad_input(
        "--statements",
        "s.json",
        json,
        "7:3",
        "invalid statement: result.score.scaled: 1.2 is outside −1..1",
    );
}

#[test]
fn ready_statements_are_sent_with_their_ids() {
    let lrs = NodeService::lrs(0);
    let dir = temp();
    let id = "3b2f5c1e-9a4d-4e8b-8f6a-1c2d3e4f5a6b";
    let json = format!(
        r#"[{{"id": "{id}", "actor": {{"account": {{"homePage": "https://lms.example.com", "name": "u-17"}}}},
            "verb": {{"id": "http://adlnet.gov/expapi/verbs/completed", "display": {{"en-US": "completed"}}}},
            "object": {{"id": "{COURSE_ID}"}}, "timestamp": "2026-03-01T09:00:00Z"}}]"#
    );
    std::fs::write(dir.path().join("s.json"), json).unwrap();
    send(
        dir.path(),
        &["--statements", "s.json", "--endpoint", &lrs.endpoint],
    )
    .assert_ok();
    let all = stored(&lrs);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["id"], id);
}

#[test]
fn dry_run_prints_the_statements_and_sends_nothing() {
    let (endpoint, connections) = sentinel();
    let dir = temp();
    let csv = results_csv(dir.path(), 3);
    let run = send(
        dir.path(),
        &[
            "--results",
            csv.to_str().unwrap(),
            "--endpoint",
            &endpoint,
            "--dry-run",
        ],
    );
    run.assert_ok();
    let statements: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(statements.len(), 3);
    assert_eq!(
        statements[0]["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/failed"
    );
    assert_eq!(connections.load(Ordering::SeqCst), 0);
}

/// Runs `send` with `args` (and the credentials in the environment unless `env_remove` names
/// them) and checks that it is refused as wrong usage: exit 2, `message` on stderr, nothing
/// sent or spooled.
fn assert_usage_error(args: &[&str], env_remove: &[&str], message: &str) {
    let (endpoint, connections) = sentinel();
    let dir = temp();
    let csv = results_csv(dir.path(), 3);
    let mut cmd = send_command(dir.path(), PASSWORD, &["--results", csv.to_str().unwrap()]);
    for name in env_remove {
        cmd.env_remove(name);
    }
    let args: Vec<String> = args
        .iter()
        .map(|a| a.replace("SENTINEL", &endpoint))
        .collect();
    let run = sent(cmd.args(&args).output().unwrap());
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains(message),
        "expected `{message}` in:\n{}",
        run.stderr
    );
    assert_eq!(connections.load(Ordering::SeqCst), 0);
    assert!(!dir.path().join(".scormpack").exists(), "spooled");
}

#[test]
fn a_missing_endpoint_is_a_usage_error_like_missing_credentials() {
    assert_usage_error(
        &[],
        &[],
        "error[send/no-endpoint]: no LRS endpoint\n  help: pass --endpoint URL or set SCORMPACK_LRS_ENDPOINT",
    );
    assert_usage_error(
        &["--endpoint", "SENTINEL"],
        &["SCORMPACK_LRS_PASSWORD"],
        "error[send/no-credentials]: no LRS credentials",
    );
}

#[test]
fn a_bad_endpoint_or_credentials_file_is_a_usage_error() {
    assert_usage_error(
        &["--endpoint", "ftp://lrs.example.com/xapi/"],
        &[],
        "error[send/bad-endpoint]: the endpoint `ftp://lrs.example.com/xapi/` is not an http:// or https:// URL",
    );
    assert_usage_error(
        &[
            "--endpoint",
            "SENTINEL",
            "--credentials-file",
            "missing.toml",
        ],
        &[],
        "error[send/bad-credentials-file]: cannot read missing.toml",
    );
}

#[test]
fn a_grown_export_and_a_deleted_spool_add_no_duplicate() {
    let lrs = NodeService::lrs(0);
    let dir = temp();
    let args = |csv: &Path| {
        vec![
            "--results".to_string(),
            csv.to_str().unwrap().to_string(),
            "--endpoint".to_string(),
            lrs.endpoint.clone(),
        ]
    };
    let csv = results_csv(dir.path(), 100);
    let first = args(&csv);
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    send(dir.path(), &first).assert_ok();
    assert_exactly_once(&lrs, 100);

    // The export gained a row: a new file, a new spool, the same 100 facts.
    results_csv(dir.path(), 101);
    send(dir.path(), &first).assert_ok();
    assert_exactly_once(&lrs, 101);

    std::fs::remove_dir_all(dir.path().join(".scormpack")).unwrap();
    let again = send(dir.path(), &first);
    again.assert_ok();
    assert_exactly_once(&lrs, 101);

    // Delivered spools go with --clean (a run prunes them after 30 days).
    let clean = send(dir.path(), &["--clean"]);
    clean.assert_ok();
    assert_eq!(
        clean.stdout,
        "removed 1 spool(s) whose statements are all stored; 0 with statements not yet stored kept\n"
    );
    let left = std::fs::read_dir(dir.path().join(".scormpack/spool"))
        .unwrap()
        .count();
    assert_eq!(left, 0);
}

#[test]
fn statements_without_id_or_timestamp_resent_from_a_new_spool_are_stored_once() {
    let lrs = NodeService::lrs(0);
    // Every statement the LRS gets is answered 409 once it holds it, as some LRSs do: the
    // lookup by id must see the copy with the earlier spool's timestamp as the same statement.
    let proxy = NodeService::proxy(&lrs, "", &[("STRICT_409", "1")]);
    let dir = temp();
    let json = format!(
        r#"[{{"actor": {{"mbox": "mailto:a@example.com"}},
            "verb": {{"id": "http://adlnet.gov/expapi/verbs/completed", "display": {{"en-US": "completed"}}}},
            "object": {{"id": "{COURSE_ID}"}}}}]"#
    );
    std::fs::write(dir.path().join("s.json"), json).unwrap();
    let args = ["--statements", "s.json", "--endpoint", &proxy.endpoint];
    send(dir.path(), &args).assert_ok();
    let first = stored(&lrs);
    assert_eq!(first.len(), 1);
    assert!(first[0]["timestamp"].is_string());

    std::fs::remove_dir_all(dir.path().join(".scormpack")).unwrap();
    std::thread::sleep(Duration::from_millis(20));
    let again = send(dir.path(), &args);
    again.assert_ok();
    assert_eq!(again.stdout, "sent 0, already stored 1, failed 0\n");
    let all = stored(&lrs);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["id"], first[0]["id"]);
}

fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

fn private(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
}

#[test]
fn a_credentials_file_others_can_read_is_refused_with_a_hint() {
    let dir = temp();
    let file = dir.path().join("lrs.toml");
    std::fs::write(
        &file,
        format!("username = \"{USER}\"\npassword = \"{PASSWORD}\"\n"),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
    let path = file.to_str().unwrap().to_string();
    assert_usage_error(
        &["--endpoint", "SENTINEL", "--credentials-file", &path],
        &[],
        &format!("is readable by other users (mode 644): its password is not secret\n  help: chmod 600 {path}"),
    );
}

#[test]
fn basic_auth_over_plain_http_to_another_host_is_refused_unless_allowed() {
    assert_usage_error(
        &["--endpoint", "http://lrs.example.com/xapi/"],
        &[],
        "error[send/insecure-endpoint]: the endpoint http://lrs.example.com/xapi/ is plain http:// to another host",
    );
    // Allowed, it goes as far as reading the input (a dry run sends nothing).
    let dir = temp();
    let csv = results_csv(dir.path(), 1);
    let run = send(
        dir.path(),
        &[
            "--results",
            csv.to_str().unwrap(),
            "--endpoint",
            "http://lrs.example.com/xapi/",
            "--allow-insecure",
            "--dry-run",
        ],
    );
    run.assert_ok();
}

#[test]
fn an_endpoint_that_is_no_url_is_refused_before_anything_is_spooled() {
    assert_usage_error(
        &["--endpoint", "http://[::1"],
        &[],
        "error[send/bad-endpoint]: the endpoint `http://[::1` is not a URL",
    );
}

#[test]
fn a_redirect_is_reported_and_not_followed() {
    let (elsewhere, followed) = sentinel();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let endpoint = format!("http://{}/xAPI/", listener.local_addr().unwrap());
    let target = format!("{elsewhere}statements");
    let location = target.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = Vec::new();
            let mut buf = [0u8; 65536];
            // Read the head and the body the Content-Length announces, then answer.
            loop {
                let n = std::io::Read::read(&mut stream, &mut buf).unwrap_or(0);
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buf[..n]);
                let text = String::from_utf8_lossy(&request);
                if let Some(head_end) = text.find("\r\n\r\n") {
                    let length: usize = text[..head_end]
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap_or(0))
                        })
                        .unwrap_or(0);
                    if request.len() >= head_end + 4 + length {
                        break;
                    }
                }
            }
            let answer = format!("HTTP/1.1 307 Temporary Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let _ = std::io::Write::write_all(&mut stream, answer.as_bytes());
        }
    });
    let dir = temp();
    let csv = results_csv(dir.path(), 3);
    let run = send(
        dir.path(),
        &["--results", csv.to_str().unwrap(), "--endpoint", &endpoint],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "error[send/redirected]: the LRS answered HTTP 307 with a new location, {target}"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(
        followed.load(Ordering::SeqCst),
        0,
        "the redirect was followed"
    );
}

#[test]
fn semicolon_and_tab_separated_exports_are_read() {
    let dir = temp();
    std::fs::write(
        dir.path().join("semi.csv"),
        "Email;Status;Score;Completion Date\na@example.com;passed;85,5;2026-03-01T09:30:00Z\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("tab.txt"),
        "Email\tStatus\tCompletion Date\na@example.com\tcompleted\t2026-03-01T09:30:00Z\n",
    )
    .unwrap();
    let semi = send(dir.path(), &["--results", "semi.csv", "--dry-run"]);
    assert_eq!(
        semi.code, 1,
        "a decimal comma is not a number: {}",
        semi.stderr
    );
    assert!(
        semi.stderr
            .contains("semi.csv:2:22: score `85,5` is not a number"),
        "{}",
        semi.stderr
    );
    std::fs::write(
        dir.path().join("semi.csv"),
        "Email;Status;Score;Completion Date\na@example.com;passed;85.5;2026-03-01T09:30:00Z\n",
    )
    .unwrap();
    let semi = send(dir.path(), &["--results", "semi.csv", "--dry-run"]);
    semi.assert_ok();
    let statements: Vec<Value> = serde_json::from_str(&semi.stdout).unwrap();
    assert_eq!(statements[0]["result"]["score"]["raw"], 85.5);
    let tab = send(
        dir.path(),
        &["--results", "tab.txt", "--dry-run", "--delimiter", "tab"],
    );
    tab.assert_ok();
    let statements: Vec<Value> = serde_json::from_str(&tab.stdout).unwrap();
    assert_eq!(
        statements[0]["verb"]["id"],
        "http://adlnet.gov/expapi/verbs/completed"
    );
}

#[test]
fn a_row_with_too_many_fields_is_named_in_words() {
    let csv = format!(
        "{HEAD}a@example.com,passed,90,2026-03-01T09:00:00Z\nb@example.com,passed,90,2026-03-01T09:00:00Z,x\n"
    );
    assert_bad_input(
        "--results",
        "r.csv",
        &csv,
        "3:46",
        "this row has 5 field(s) separated by `,`, the header row 4",
    );
}

#[test]
fn every_error_of_a_bad_statement_is_reported() {
    let json = r#"[{"actor": {"mbox": "a@example.com"},
  "verb": {"id": "completed"},
  "object": {"id": "https://courses.example.com/c"},
  "timestamp": "yesterday"}]"#;
    let (endpoint, _) = sentinel();
    let dir = temp();
    std::fs::write(dir.path().join("s.json"), json).unwrap();
    let run = send(
        dir.path(),
        &["--statements", "s.json", "--endpoint", &endpoint],
    );
    assert_eq!(run.code, 1);
    for message in [
        "s.json:1:2: invalid statement: actor.mbox: `a@example.com` is not a mailto: address",
        "s.json:1:2: invalid statement: verb.id: `completed` is not an absolute IRI",
        "s.json:1:2: invalid statement: timestamp: `yesterday` is not an ISO 8601 time",
        "error: s.json has 3 error(s); nothing was sent",
    ] {
        assert!(
            run.stderr.contains(message),
            "`{message}` in:\n{}",
            run.stderr
        );
    }
}

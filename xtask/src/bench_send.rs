//! The `send` section of `cargo xtask bench`: generated results and statements files →
//! `scormpack send` timed (wall time, peak RSS by GNU time) against a loopback sink that
//! acknowledges every request at once, at 20,000 and 200,000 statements, from `--results` and
//! from `--statements`; and the rate `send` gets from the real local LRS (tests/lrs) against a
//! minimal client (Node, same batches, one keep-alive connection), each on a fresh LRS.
//!
//! The sink shows the tool's own cost and whether it is linear (the in-memory LRS slows as it
//! fills, so it cannot); the LRS ratio shows that the tool keeps up with a real LRS.

use anyhow::{bail, Context, Result};
use std::fmt::Write as _;
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

const COURSE_ID: &str = "https://courses.cloud-integrations.example/ops-integration";
const USER: &str = "bench";
const PASSWORD: &str = "bench-password";

/// One timed run.
struct Figures {
    seconds: f64,
    rss_kb: u64,
}

/// Runs the section and returns it as Markdown.
pub(crate) fn run(scormpack: &Path, work: &Path) -> Result<String> {
    let dir = work.join("send");
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir)?;
    let sink = start_sink()?;
    let mut out = String::from("\n## send\n\n");
    out.push_str(
        "Against a loopback sink that acknowledges every request at once: the tool's own cost. \
         Batches of 100; a fresh spool each run.\n\n\
         | input | statements | wall time | per statement | peak memory |\n|---|---|---|---|---|\n",
    );
    let mut targets = Vec::new();
    for flag in ["--results", "--statements"] {
        let mut per = Vec::new();
        for n in [20_000usize, 200_000] {
            let file = if flag == "--results" {
                write_results(&dir, n)?
            } else {
                write_statements(&dir, n)?
            };
            eprintln!("xtask: bench: send {flag} {n}");
            let figures = time_send(scormpack, &dir, flag, &file, &sink)?;
            let micros = figures.seconds / n as f64 * 1e6;
            let _ = writeln!(
                out,
                "| {flag} | {n} | {:.2} s | {micros:.1} µs | {:.1} MB |",
                figures.seconds,
                figures.rss_kb as f64 * 1024.0 / 1e6
            );
            per.push((n, figures, micros));
            fs::remove_file(&file)?;
        }
        let (_, big, big_micros) = &per[1];
        let small_micros = per[0].2;
        targets.push(format!(
            "- {flag}, 200,000 statements: under 20 s: {} ({:.2} s); peak memory under 100 MB: {} ({:.1} MB); cost per statement within 1.5× of 20,000's: {} ({:.2}×)",
            yes(big.seconds < 20.0),
            big.seconds,
            yes(big.rss_kb * 1024 < 100_000_000),
            big.rss_kb as f64 * 1024.0 / 1e6,
            yes(*big_micros <= 1.5 * small_micros),
            big_micros / small_micros
        ));
    }
    out.push('\n');
    for line in targets {
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&lrs_ratio(scormpack, &dir)?);
    Ok(out)
}

fn yes(ok: bool) -> &'static str {
    if ok {
        "**yes**"
    } else {
        "**no**"
    }
}

fn write_results(dir: &Path, n: usize) -> Result<PathBuf> {
    let path = dir.join(format!("results-{n}.csv"));
    let mut file = std::io::BufWriter::new(fs::File::create(&path)?);
    writeln!(file, "Email,Name,Status,Score,Completion Date,Duration")?;
    for i in 0..n {
        writeln!(
            file,
            "learner{i}@example.com,Learner {i},passed,{},2026-03-{:02}T09:{:02}:{:02}Z,00:{:02}:30",
            80 + i % 21,
            1 + i % 28,
            i / 60 % 60,
            i % 60,
            10 + i % 40
        )?;
    }
    file.flush()?;
    Ok(path)
}

fn write_statements(dir: &Path, n: usize) -> Result<PathBuf> {
    let path = dir.join(format!("statements-{n}.json"));
    let mut file = std::io::BufWriter::new(fs::File::create(&path)?);
    writeln!(file, "[")?;
    for i in 0..n {
        let comma = if i + 1 < n { "," } else { "" };
        writeln!(
            file,
            r#"  {{"actor": {{"objectType": "Agent", "name": "Learner {i}", "mbox": "mailto:learner{i}@example.com"}}, "verb": {{"id": "http://adlnet.gov/expapi/verbs/completed", "display": {{"en-US": "completed"}}}}, "object": {{"objectType": "Activity", "id": "{COURSE_ID}"}}, "result": {{"completion": true, "duration": "PT12M30S"}}, "timestamp": "2026-03-01T09:{:02}:{:02}Z"}}{comma}"#,
            i / 60 % 60,
            i % 60
        )?;
    }
    writeln!(file, "]")?;
    file.flush()?;
    Ok(path)
}

/// Runs one `send` under GNU time.
fn time_send(
    scormpack: &Path,
    dir: &Path,
    flag: &str,
    file: &Path,
    endpoint: &str,
) -> Result<Figures> {
    let spool = dir.join("spool");
    let _ = fs::remove_dir_all(&spool);
    let rss_file = dir.join("rss.txt");
    let started = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&rss_file)
        .arg(scormpack)
        .args(["send", "--quiet", "--course"])
        .arg(crate::root().join("content"))
        .arg(flag)
        .arg(file)
        .arg("--endpoint")
        .arg(endpoint)
        .arg("--spool")
        .arg(&spool)
        .env("SCORMPACK_LRS_USERNAME", USER)
        .env("SCORMPACK_LRS_PASSWORD", PASSWORD)
        .stdin(Stdio::null())
        .output()
        .context("cannot run scormpack send")?;
    let seconds = started.elapsed().as_secs_f64();
    if !output.status.success() {
        bail!(
            "scormpack send failed ({}):\n{}",
            output.status,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let text = fs::read_to_string(&rss_file)?;
    let rss_kb = text
        .trim()
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .with_context(|| format!("no peak memory in `{text}`"))?;
    Ok(Figures { seconds, rss_kb })
}

/// A loopback HTTP server that answers every request `200 []` as soon as its body is read,
/// over keep-alive connections. Returns its xAPI endpoint.
fn start_sink() -> Result<String> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let endpoint = format!("http://{}/xapi/", listener.local_addr()?);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || {
                let _ = serve(stream);
            });
        }
    });
    Ok(endpoint)
}

fn serve(stream: TcpStream) -> std::io::Result<()> {
    let mut writer = stream.try_clone()?;
    let mut reader = BufReader::with_capacity(256 * 1024, stream);
    let mut line = String::new();
    let mut body = Vec::new();
    loop {
        let mut length = 0usize;
        let mut first = true;
        loop {
            line.clear();
            if reader.read_line(&mut line)? == 0 {
                return Ok(());
            }
            if line == "\r\n" && !first {
                break;
            }
            first = false;
            if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = value.trim().parse().unwrap_or(0);
            }
        }
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
        writer.write_all(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n[]",
        )?;
    }
}

/// A Node process of tests/lrs; killed on drop.
struct Node(Child);

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts a fresh in-memory LRS and returns it with its endpoint.
fn start_lrs() -> Result<(Node, String)> {
    let mut child = Command::new("node")
        .arg(crate::root().join("tests/lrs/lrs.js"))
        .env("LRS_USERNAME", USER)
        .env("LRS_PASSWORD", PASSWORD)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start the test LRS (node)")?;
    let mut line = String::new();
    BufReader::new(child.stdout.take().context("no stdout")?).read_line(&mut line)?;
    let endpoint = line
        .trim()
        .strip_prefix("listening ")
        .with_context(|| format!("the LRS did not start: {line:?}"))?
        .to_string();
    Ok((Node(child), endpoint))
}

/// Posts the statements of `argv[1]` (a JSON array) to `argv[2]` in batches of 100 over one
/// keep-alive connection and prints the seconds the requests took.
const MINIMAL_CLIENT: &str = r#"
const http = require("http");
const fs = require("fs");
const [file, endpoint, auth] = process.argv.slice(1);
const statements = JSON.parse(fs.readFileSync(file, "utf8"));
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
const url = new URL("statements", endpoint);
const post = (body) => new Promise((resolve, reject) => {
  const req = http.request(url, { method: "POST", agent, headers: {
    "Authorization": "Basic " + Buffer.from(auth).toString("base64"),
    "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on("end", () => res.statusCode < 300 ? resolve() : reject(new Error("HTTP " + res.statusCode)));
  });
  req.on("error", reject);
  req.end(body);
});
(async () => {
  const started = process.hrtime.bigint();
  for (let i = 0; i < statements.length; i += 100) {
    await post(JSON.stringify(statements.slice(i, i + 100)));
  }
  console.log(Number(process.hrtime.bigint() - started) / 1e9);
  agent.destroy();
})().catch((e) => { console.error(e); process.exit(1); });
"#;

/// `send`'s rate against a fresh local LRS ÷ the minimal client's against another fresh one,
/// the same 5,000 statements (with the ids `send` gives them).
fn lrs_ratio(scormpack: &Path, dir: &Path) -> Result<String> {
    const N: usize = 5_000;
    let results = write_results(dir, N)?;
    // The statements as send makes them, ids included, for the minimal client.
    let dry = Command::new(scormpack)
        .args(["send", "--quiet", "--dry-run", "--course"])
        .arg(crate::root().join("content"))
        .arg("--results")
        .arg(&results)
        .output()?;
    if !dry.status.success() {
        bail!(
            "send --dry-run failed: {}",
            String::from_utf8_lossy(&dry.stderr)
        );
    }
    let statements = dir.join("statements-lrs.json");
    fs::write(&statements, &dry.stdout)?;

    eprintln!("xtask: bench: send {N} statements to a fresh local LRS");
    let (lrs, endpoint) = start_lrs()?;
    let tool = time_send(scormpack, dir, "--results", &results, &endpoint)?;
    drop(lrs);

    eprintln!("xtask: bench: the minimal client, {N} statements to a fresh local LRS");
    let (lrs, endpoint) = start_lrs()?;
    let output = Command::new("node")
        .arg("-e")
        .arg(MINIMAL_CLIENT)
        .arg(&statements)
        .arg(&endpoint)
        .arg(format!("{USER}:{PASSWORD}"))
        .output()?;
    drop(lrs);
    if !output.status.success() {
        bail!(
            "the minimal client failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let minimal: f64 = String::from_utf8_lossy(&output.stdout)
        .trim()
        .parse()
        .context("the minimal client printed no time")?;
    let ratio = (N as f64 / tool.seconds) / (N as f64 / minimal);
    Ok(format!(
        "\nAgainst the real local LRS (tests/lrs, fresh for each, {N} statements, batches of 100, \
         one keep-alive connection): scormpack send {:.2} s ({:.0} statements/s, the whole run), \
         a minimal Node client {minimal:.2} s ({:.0}/s, the requests only): **{ratio:.2}** of the \
         minimal client's rate (target ≥ 0.8: {}).\n",
        tool.seconds,
        N as f64 / tool.seconds,
        N as f64 / minimal,
        yes(ratio >= 0.8)
    ))
}

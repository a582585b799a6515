//! Safe by default: usage errors (exit 2) before anything is read or spooled, secrets never
//! printed, no plain-http Basic auth to another host, no redirect followed.

use super::*;

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

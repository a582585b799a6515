//! A folder path → a small, complete starter course written into it: `course.toml` and three
//! pages from `starter/` (compiled into the binary), and a one-page PDF hand-out made here.
//! The course builds and passes `check` unchanged, and its comments teach the format.

mod pdf;

use std::io;
use std::path::{Path, PathBuf};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_starter.rs"));
}

/// Where the starter's download lives, as its page names it.
pub const HANDOUT: &str = "assets/handout.pdf";

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("`{}` is not empty; scormpack new writes only into a new or empty folder", .0.display())]
    NotEmpty(PathBuf),
    #[error("`{}` is a file, not a folder", .0.display())]
    NotAFolder(PathBuf),
    #[error("cannot write `{}`: {source}", .path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// Writes the starter course into `dir`, which must not exist or be empty. Returns the files
/// written, relative to `dir`, in the order written.
pub fn write(dir: &Path) -> Result<Vec<String>, NewError> {
    if dir.is_file() {
        return Err(NewError::NotAFolder(dir.to_path_buf()));
    }
    if dir.is_dir() {
        let mut entries = std::fs::read_dir(dir).map_err(|source| NewError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        if entries.next().is_some() {
            return Err(NewError::NotEmpty(dir.to_path_buf()));
        }
    }
    let mut written = Vec::new();
    let files = builtin::BUILTIN
        .iter()
        .map(|(name, text)| (*name, text.as_bytes().to_vec()))
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

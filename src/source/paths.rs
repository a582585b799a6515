//! Turns a path written in a course file into a file inside the course folder, or says why not.
//!
//! Course files name assets relative to the course folder (`assets/case-study.pdf`). A path
//! that is absolute, climbs out with `..`, or passes through a symlink that points outside
//! would pack a file from elsewhere on the author's disk into a package sent to an LMS, so each
//! of those is refused.

use std::path::{Component, Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssetPathError {
    Absolute,
    LeavesCourse,
    Missing,
    NotAFile,
    SymlinkOutside,
}

impl AssetPathError {
    pub fn message(&self, written: &str) -> String {
        match self {
            AssetPathError::Absolute => format!("`{written}` is an absolute path"),
            AssetPathError::LeavesCourse => format!("`{written}` leaves the course folder"),
            AssetPathError::Missing => format!("`{written}` does not exist"),
            AssetPathError::NotAFile => format!("`{written}` is not a file"),
            AssetPathError::SymlinkOutside => {
                format!("`{written}` is a link to a file outside the course folder")
            }
        }
    }

    pub fn help(&self) -> &'static str {
        match self {
            AssetPathError::Missing | AssetPathError::NotAFile => {
                "check the spelling; paths are relative to the course folder, e.g. `assets/case-study.pdf`"
            }
            _ => "put the file inside the course folder (e.g. in `assets/`) and name it relative to the course folder",
        }
    }
}

/// The normalised package path (`assets/x.pdf`) and the file on disk for a path written in a
/// course file, relative to `course_dir`.
pub fn resolve_asset(
    course_dir: &Path,
    written: &str,
) -> Result<(String, PathBuf), AssetPathError> {
    let written_path = Path::new(written);
    if written_path.is_absolute() || written.starts_with('/') || written.starts_with('\\') {
        return Err(AssetPathError::Absolute);
    }
    let mut parts: Vec<String> = Vec::new();
    for component in written_path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            Component::ParentDir => {
                if parts.pop().is_none() {
                    return Err(AssetPathError::LeavesCourse);
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(AssetPathError::Absolute),
        }
    }
    if parts.is_empty() {
        return Err(AssetPathError::NotAFile);
    }
    let relative = parts.join("/");
    let path = course_dir.join(&relative);
    let meta = std::fs::symlink_metadata(&path).map_err(|_| AssetPathError::Missing)?;
    // A symlink (anywhere on the way) may point outside: compare the real locations.
    let real = path.canonicalize().map_err(|_| AssetPathError::Missing)?;
    let root = course_dir
        .canonicalize()
        .map_err(|_| AssetPathError::Missing)?;
    if !real.starts_with(&root) {
        return Err(AssetPathError::SymlinkOutside);
    }
    if !(meta.is_file() || real.is_file()) {
        return Err(AssetPathError::NotAFile);
    }
    Ok((relative, path))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn course() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("assets")).unwrap();
        std::fs::write(dir.path().join("assets/a.pdf"), b"%PDF").unwrap();
        dir
    }

    #[test]
    fn relative_path_inside_the_course_resolves() {
        let dir = course();
        let (rel, path) = resolve_asset(dir.path(), "./assets/../assets/a.pdf").unwrap();
        assert_eq!(rel, "assets/a.pdf");
        assert!(path.is_file());
    }

    #[test]
    fn escaping_and_absolute_paths_are_refused() {
        let dir = course();
        assert_eq!(
            resolve_asset(dir.path(), "../../etc/passwd"),
            Err(AssetPathError::LeavesCourse)
        );
        assert_eq!(
            resolve_asset(dir.path(), "/etc/passwd"),
            Err(AssetPathError::Absolute)
        );
        assert_eq!(
            resolve_asset(dir.path(), "assets/b.pdf"),
            Err(AssetPathError::Missing)
        );
        assert_eq!(
            resolve_asset(dir.path(), "assets"),
            Err(AssetPathError::NotAFile)
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_pointing_outside_is_refused() {
        let dir = course();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), b"x").unwrap();
        std::os::unix::fs::symlink(
            outside.path().join("secret.txt"),
            dir.path().join("assets/s.txt"),
        )
        .unwrap();
        assert_eq!(
            resolve_asset(dir.path(), "assets/s.txt"),
            Err(AssetPathError::SymlinkOutside)
        );
    }
}

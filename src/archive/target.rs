//! Where a zip may go: a path in, the reason it must not be written there out.
//!
//! A zip replaces only a regular file, or takes a name nothing has. Renaming over a device, a
//! named pipe, a socket or a symbolic link would replace that node with a file (`-o /dev/null`
//! run as root used to turn the device into a zip), and a zip written over a file of the course
//! destroys the source it was built from.

use std::fs::FileType;
use std::path::{Path, PathBuf};

/// Why the zip cannot be written at a path. The message names the path; [`TargetError::help`]
/// says what to do instead.
#[derive(Debug, thiserror::Error)]
pub enum TargetError {
    #[error("cannot write the zip to `{}`: it is {what}, not a regular file", .out.display())]
    NotAFile { out: PathBuf, what: &'static str },
    #[error("cannot write the zip to `{}`: it is a file of the course folder `{}`, which the zip would replace", .out.display(), .course_dir.display())]
    CourseFile { out: PathBuf, course_dir: PathBuf },
    #[error("cannot write the zip to `{}`: it is `{}`, a file the package is built from, which the zip would replace", .out.display(), .file.display())]
    SourceFile { out: PathBuf, file: PathBuf },
}

impl TargetError {
    /// What to do instead, in one line.
    pub fn help(&self) -> String {
        match self {
            TargetError::NotAFile { out, what } if *what == FOLDER => format!(
                "name the zip file itself, e.g. `-o {}`",
                out.join("course.zip").display()
            ),
            TargetError::NotAFile { .. } => {
                "name a regular file or a new one, e.g. `-o course.zip`".to_string()
            }
            TargetError::CourseFile { .. } | TargetError::SourceFile { .. } => {
                "write the zip outside the course folder, e.g. `-o course.zip`, or leave out -o to write it into dist/".to_string()
            }
        }
    }
}

const FOLDER: &str = "a folder";

/// What kind of node `out` is, when it is anything but a regular file or missing.
pub(super) fn not_a_file(out: &Path) -> Result<(), TargetError> {
    let Ok(meta) = std::fs::symlink_metadata(out) else {
        // Missing (the common case), or not even examinable: creating the file will tell.
        return Ok(());
    };
    match kind(meta.file_type()) {
        None => Ok(()),
        Some(what) => Err(TargetError::NotAFile {
            out: out.to_path_buf(),
            what,
        }),
    }
}

fn kind(file_type: FileType) -> Option<&'static str> {
    if file_type.is_file() {
        return None;
    }
    if file_type.is_dir() {
        return Some(FOLDER);
    }
    if file_type.is_symlink() {
        return Some("a symbolic link");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return Some("a named pipe (FIFO)");
        }
        if file_type.is_socket() {
            return Some("a socket");
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return Some("a device");
        }
    }
    Some("not a regular file")
}

/// Checks the zip a user named (`-o`) against the course it is built from: a regular file or
/// a new name, and not an existing file inside the course folder — whatever the course reads
/// from it (course.toml, a page, an asset, a template) would be destroyed. The course's own
/// `dist/` folder, where a build run inside the course folder writes its zips, is the one
/// exception: scormpack writes there, and a build writes over its previous zip.
pub fn check(out: &Path, course_dir: &Path) -> Result<(), TargetError> {
    not_a_file(out)?;
    let (Ok(real_out), Ok(real_course)) = (out.canonicalize(), course_dir.canonicalize()) else {
        // A new file, or a course folder that does not exist (the build reports that).
        return Ok(());
    };
    if real_out.starts_with(&real_course) && !real_out.starts_with(real_course.join("dist")) {
        return Err(TargetError::CourseFile {
            out: out.to_path_buf(),
            course_dir: course_dir.to_path_buf(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_and_new_names_are_targets() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.zip");
        std::fs::write(&file, b"").unwrap();
        assert!(not_a_file(&file).is_ok());
        assert!(not_a_file(&dir.path().join("new.zip")).is_ok());
        let err = not_a_file(dir.path()).unwrap_err();
        assert!(err
            .to_string()
            .ends_with("it is a folder, not a regular file"));
        #[cfg(unix)]
        {
            let link = dir.path().join("link.zip");
            std::os::unix::fs::symlink(&file, &link).unwrap();
            assert!(not_a_file(&link)
                .unwrap_err()
                .to_string()
                .contains("a symbolic link"));
            assert!(not_a_file(Path::new("/dev/null"))
                .unwrap_err()
                .to_string()
                .contains("it is a device"));
        }
    }

    #[test]
    fn files_inside_the_course_folder_are_refused_except_in_its_dist() {
        let dir = tempfile::tempdir().unwrap();
        let course = dir.path().join("course");
        std::fs::create_dir_all(course.join("dist")).unwrap();
        std::fs::write(course.join("course.toml"), b"").unwrap();
        std::fs::write(course.join("dist/old.zip"), b"").unwrap();
        assert!(matches!(
            check(&course.join("course.toml"), &course),
            Err(TargetError::CourseFile { .. })
        ));
        // Named through `..`, it is still the same file.
        let roundabout = course.join("dist/../course.toml");
        assert!(check(&roundabout, &course).is_err());
        assert!(check(&course.join("dist/old.zip"), &course).is_ok());
        assert!(check(&course.join("new.zip"), &course).is_ok());
        assert!(check(&dir.path().join("x.zip"), &course).is_ok());
    }
}

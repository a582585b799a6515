//! course.toml and the pages, as every command reads them: the input is the files of a course
//! separated by NUL bytes (course.toml, then pages/1.md, pages/2.md, …).
#![no_main]
use libfuzzer_sys::fuzz_target;
use scormpack_fuzz::{assert_inert, load_course, write_course, FILE_SEPARATOR};

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|b| *b == FILE_SEPARATOR);
    let toml = parts.next().unwrap_or_default();
    let mut files = vec![("course.toml".to_string(), toml)];
    files.extend(
        parts
            .take(8)
            .enumerate()
            .map(|(i, page)| (format!("pages/{}.md", i + 1), page)),
    );
    if let Some(course) = load_course(&write_course(&files)) {
        assert_inert(&course);
    }
});

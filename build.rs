//! Compiles the default theme (`templates/`) into the binary: writes a table of every file
//! under `templates/` to `$OUT_DIR/builtin_templates.rs`, so adding a template needs no list
//! kept by hand.

use std::fmt::Write;
use std::path::Path;

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    println!("cargo:rerun-if-changed=templates");
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let name = entry
                .path()
                .strip_prefix(&root)
                .expect("walkdir yields paths below its root")
                .to_string_lossy()
                .replace('\\', "/");
            (name, entry.path().to_string_lossy().into_owned())
        })
        .collect();
    files.sort();
    let mut out = String::from("pub(crate) static BUILTIN: &[(&str, &str)] = &[\n");
    for (name, path) in &files {
        writeln!(out, "    ({name:?}, include_str!({path:?})),").expect("writing to a String");
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"))
        .join("builtin_templates.rs");
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

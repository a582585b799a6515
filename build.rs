//! Compiles the built-in files into the binary, so adding one needs no list kept by hand:
//!
//! - `templates/` (the default theme and runtime) → `$OUT_DIR/builtin_templates.rs`;
//! - `starter/` (the course `scormpack new` writes) → `$OUT_DIR/builtin_starter.rs`;
//! - `preview/` (the simulated LMS page of `scormpack preview`) → `$OUT_DIR/builtin_preview.rs`;
//! - `docs/` (the guides `scormpack help TOPIC` prints) → `$OUT_DIR/builtin_docs.rs`.
//!
//! Each is a table `BUILTIN: &[(name, contents)]` sorted by name, names relative to the folder.

use std::fmt::Write;
use std::path::Path;

fn main() {
    table("templates", "builtin_templates.rs");
    table("starter", "builtin_starter.rs");
    table("preview", "builtin_preview.rs");
    table("docs", "builtin_docs.rs");
}

fn table(folder: &str, out_name: &str) {
    // Read at run time: cargo may reuse one compiled build script for checkouts at other paths.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let root = Path::new(&manifest_dir).join(folder);
    println!("cargo:rerun-if-changed={folder}");
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
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(out_name);
    std::fs::write(dest, out).expect("OUT_DIR is writable");
}

//! `scormpack new DIR`: writes a starter course and says what to run next.

use super::Outcome;
use clap::Args;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack new my-course        a starter course in ./my-course (a new or empty folder)
  cd my-course && scormpack check . && scormpack build .";

#[derive(Debug, Args)]
pub(super) struct NewArgs {
    /// The folder to create (it may exist, but must be empty).
    dir: PathBuf,
    /// List every file written.
    #[arg(short, long)]
    verbose: bool,
}

pub(super) fn run(args: NewArgs) -> Outcome {
    match crate::starter::write(&args.dir) {
        Ok(files) => {
            let dir = args.dir.to_string_lossy().replace('\\', "/");
            println!("created the starter course in {dir}/");
            if args.verbose {
                for file in &files {
                    println!("  wrote {dir}/{file}");
                }
            }
            println!();
            println!("next:");
            println!(
                "  scormpack preview {dir}   see it in a simulated LMS; saving a file reloads it"
            );
            println!("  scormpack check {dir}   find what would break in an LMS");
            println!("  scormpack build {dir}   write the zip to upload");
            Outcome::Success
        }
        Err(err) => {
            eprintln!("error: {err}");
            eprintln!("  nothing was written");
            Outcome::Failed
        }
    }
}

//! `scormpack new DIR`: writes a starter course and says what to run next.

use super::Outcome;
use clap::Args;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack new my-course        a starter course in ./my-course, with the id my-course
  scormpack new .                the current folder (empty, or holding only .git)
  cd my-course && scormpack check && scormpack build";

#[derive(Debug, Args)]
pub(super) struct NewArgs {
    /// The folder to create (it may exist, but must be empty or hold only `.git`); its name
    /// becomes the course id.
    dir: PathBuf,
    /// List every file written.
    #[arg(short, long)]
    verbose: bool,
}

pub(super) fn run(args: NewArgs) -> Outcome {
    match crate::starter::write(&args.dir) {
        Ok(files) => {
            let dir = args.dir.to_string_lossy().replace('\\', "/");
            let id = crate::starter::course_id(&args.dir);
            println!("created the starter course `{id}` in {dir}/");
            if args.verbose {
                for file in &files {
                    println!("  wrote {dir}/{file}");
                }
            }
            let arg = shell_word(&dir);
            println!();
            println!("next:");
            println!(
                "  scormpack preview {arg}   see it in a simulated LMS; saving a file reloads it"
            );
            println!("  scormpack check {arg}   find what would break in an LMS");
            println!("  scormpack build {arg}   write the zip to upload");
            println!("  scormpack help authoring   how to write pages, questions and downloads");
            Outcome::Success
        }
        Err(err) => {
            eprintln!("error: {err}");
            eprintln!("  nothing was written");
            Outcome::Failed
        }
    }
}

/// `text` as one word for a POSIX shell, so a suggested command can be pasted as it is: left
/// alone when it holds only characters no shell treats specially, else in single quotes.
fn shell_word(text: &str) -> String {
    if text.starts_with('-') {
        // Not an option: a folder of that name.
        return shell_word(&format!("./{text}"));
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || "_-./,:@%+=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn suggested_paths_are_quoted_for_the_shell() {
        assert_eq!(shell_word("my-course"), "my-course");
        assert_eq!(shell_word("courses/ops_2.1"), "courses/ops_2.1");
        assert_eq!(shell_word("my course"), "'my course'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(shell_word("$HOME;rm"), "'$HOME;rm'");
        assert_eq!(shell_word("-x"), "./-x");
    }
}

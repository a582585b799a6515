//! `scormpack preview`: a course folder → the course in a simulated SCORM 1.2, SCORM 2004 or cmi5
//! LMS on 127.0.0.1, rebuilt and relaunched on every save. Runs until interrupted.

use super::{color, Outcome};
use crate::preview::{PreviewError, PreviewOptions};
use clap::Args;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack preview                   the course here (or ./content) at http://127.0.0.1:3000/
  scormpack preview my-course         another course folder
  scormpack preview --port 0          any free port; the URL is printed

Open the URL; saving any file of the course rebuilds it and relaunches the page.
The page logs every SCORM API call and rejects what a strict LMS rejects. Ctrl-C stops it.";

#[derive(Debug, Args)]
pub(super) struct PreviewArgs {
    /// The course folder (the one holding course.toml) [default: the current folder when it
    /// holds course.toml, else content].
    course_dir: Option<PathBuf>,
    /// The port on 127.0.0.1; 0 picks a free one.
    #[arg(short, long, default_value_t = 3000)]
    port: u16,
}

pub(super) fn run(args: PreviewArgs) -> Outcome {
    let options = PreviewOptions {
        course_dir: super::course_dir(args.course_dir),
        port: args.port,
        color: color(std::io::stderr().is_terminal()),
    };
    // Ctrl-C (or SIGTERM from a script) is how a preview ends: say so and exit 0.
    super::on_interrupt(|| {
        println!();
        println!("preview: stopped");
        let _ = std::io::stdout().flush();
        Outcome::Success
    });
    let result = crate::preview::run(&options, |url| {
        println!("preview: serving {} at {url}", options.course_dir.display());
        println!("preview: watching it for changes; Ctrl-C stops");
        // Tests and scripts read the URL from a pipe, where stdout is block-buffered.
        let _ = std::io::stdout().flush();
    });
    match result {
        Ok(()) => Outcome::Success,
        Err(err) => {
            eprintln!("error: {err}");
            if let PreviewError::Bind { .. } = err {
                eprintln!("  help: another program (or another preview) may use that port; `--port 0` picks a free one");
            }
            Outcome::Failed
        }
    }
}

//! `scormpack help [TOPIC]`: a command's help, or one of the guides in `docs/` (compiled into
//! the binary), so a designer reads the manual of the scormpack they run without the source.
//!
//! clap's own `help` subcommand knows only commands; this one replaces it and knows both. A
//! topic that is a command and a guide (`check`, `preview`) prints the command's help and then
//! the guide.

use super::{Cli, Outcome};
use clap::{Args, CommandFactory};

mod docs {
    include!(concat!(env!("OUT_DIR"), "/builtin_docs.rs"));
}

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack help authoring     how to write course.toml, pages, blocks and questions
  scormpack help xapi          xAPI packages, the activity id and `scormpack send`
  scormpack help cmi5          cmi5 packages: cmi5.xml, the launch and the statements
  scormpack help check         the options of `check`, then its guide with every rule
  scormpack help build         the options of `build`, as `build --help` prints them";

#[derive(Debug, Args)]
pub(super) struct HelpArgs {
    /// A command, or a guide (`scormpack help` lists them).
    topic: Option<String>,
}

/// The guides by topic: `docs/authoring.md` is `authoring`.
fn guide(topic: &str) -> Option<&'static str> {
    docs::BUILTIN
        .iter()
        .find(|(name, _)| name.strip_suffix(".md") == Some(topic))
        .map(|(_, text)| *text)
}

fn guides() -> impl Iterator<Item = &'static str> {
    docs::BUILTIN
        .iter()
        .filter_map(|(name, _)| name.strip_suffix(".md"))
        .filter(|name| !name.contains('/'))
}

pub(super) fn run(args: HelpArgs) -> Outcome {
    let mut cli = Cli::command();
    // Gives each subcommand its full name (`scormpack build`) for its usage line.
    cli.build();
    let Some(topic) = args.topic else {
        print!("{}", cli.render_long_help());
        println!();
        println!("{}", guide_list());
        return Outcome::Success;
    };
    if let Some(command) = cli.find_subcommand_mut(&topic) {
        print!("{}", command.render_long_help());
        if let Some(text) = guide(&topic) {
            println!();
            println!("{}", "-".repeat(78));
            println!();
            print!("{text}");
        }
        return Outcome::Success;
    }
    match guide(&topic) {
        Some(text) => {
            print!("{text}");
            Outcome::Success
        }
        None => {
            let commands: Vec<String> = cli
                .get_subcommands()
                .map(|c| c.get_name().to_string())
                .collect();
            eprintln!("error: no command or guide is called `{topic}`");
            eprintln!(
                "  help: commands: {}; guides: {}",
                commands.join(", "),
                guides().collect::<Vec<_>>().join(", ")
            );
            Outcome::Usage
        }
    }
}

/// The line that names the guides under the top-level help.
fn guide_list() -> String {
    format!(
        "Guides (scormpack help GUIDE): {}",
        guides().collect::<Vec<_>>().join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_guide_in_docs_is_a_topic() {
        let names: Vec<&str> = guides().collect();
        assert!(names.contains(&"authoring"), "{names:?}");
        assert!(names.contains(&"xapi"), "{names:?}");
        assert!(guide("authoring").is_some_and(|t| t.starts_with("# ")));
    }
}

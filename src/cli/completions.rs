//! `scormpack completions SHELL`: the shell's completion script for scormpack, on stdout.

use super::{Cli, Outcome};
use clap::{Args, CommandFactory};
use clap_complete::Shell;

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack completions bash > ~/.local/share/bash-completion/completions/scormpack
  scormpack completions zsh > ~/.zfunc/_scormpack      (with fpath+=~/.zfunc before compinit)
  scormpack completions fish > ~/.config/fish/completions/scormpack.fish";

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell to write the completion script for.
    #[arg(value_parser = clap::builder::PossibleValuesParser::new(["bash", "zsh", "fish"]))]
    shell: String,
}

pub(super) fn run(args: CompletionsArgs) -> Outcome {
    let shell = match args.shell.as_str() {
        "bash" => Shell::Bash,
        "zsh" => Shell::Zsh,
        _ => Shell::Fish,
    };
    clap_complete::generate(
        shell,
        &mut Cli::command(),
        "scormpack",
        &mut std::io::stdout(),
    );
    Outcome::Success
}

//! `scormpack i18n export|import`: a course's texts out to a translator as XLIFF 2.0, and the
//! translated XLIFF back in as a course folder of its own.

use super::Outcome;
use crate::i18n::{self, ImportError, ImportOptions};
use crate::model::is_language_tag;
use clap::{Args, Subcommand};
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack i18n export --to fr -o fr.xlf              the course here (or ./content) for a French translator
  scormpack i18n import fr.xlf -o content-fr           the translated course, beside the original
  scormpack build content-fr                           its package: dist/<id>-<version>-fr-scorm12.zip
  scormpack i18n import fr.xlf -o content-fr --strict  fail (exit 1) when a text has no translation";

#[derive(Debug, Args)]
pub(super) struct I18nArgs {
    #[command(subcommand)]
    command: I18nCommand,
}

#[derive(Debug, Subcommand)]
enum I18nCommand {
    /// Write every text of the course into an XLIFF 2.0 file for a translator.
    Export(ExportArgs),
    /// Write the translated course folder from a translated XLIFF file.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
struct ExportArgs {
    /// The course folder [default: the current folder when it holds course.toml, else content].
    course_dir: Option<PathBuf>,
    /// The language to translate into, a BCP 47 tag (fr, de-CH, pt-BR).
    #[arg(long, value_name = "LANG")]
    to: String,
    /// The XLIFF file to write.
    #[arg(short, long, value_name = "FILE.xlf")]
    out: PathBuf,
}

#[derive(Debug, Args)]
struct ImportArgs {
    /// The translated XLIFF file.
    xliff: PathBuf,
    /// The translated course folder to write; it must not exist, or be empty.
    #[arg(short, long, value_name = "DIR")]
    out: PathBuf,
    /// The course the XLIFF was exported from [default: the current folder when it holds
    /// course.toml, else content].
    #[arg(long, value_name = "DIR")]
    course: Option<PathBuf>,
    /// Fail, writing nothing, when a text has no translation (by default it keeps the
    /// course's text, with a warning).
    #[arg(long)]
    strict: bool,
}

pub(super) fn run(args: I18nArgs) -> Outcome {
    match args.command {
        I18nCommand::Export(args) => export(args),
        I18nCommand::Import(args) => import(args),
    }
}

fn export(args: ExportArgs) -> Outcome {
    if !is_language_tag(&args.to) {
        eprintln!("error: `{}` is not a language tag", args.to);
        eprintln!("  help: use a BCP 47 tag such as `fr`, `fr-CA` or `pt-BR`");
        return Outcome::Usage;
    }
    let course_dir = super::course_dir(args.course_dir);
    let project = match crate::Project::load(&course_dir) {
        Ok(project) => project,
        Err(failed) => {
            for diag in &failed.diagnostics {
                eprintln!("{diag}");
            }
            eprintln!("error: the course has errors; no XLIFF file was written");
            return Outcome::Failed;
        }
    };
    let doc = i18n::export(&project, &args.to);
    if let Err(err) = std::fs::write(&args.out, i18n::xliff::write(&doc)) {
        eprintln!("error: cannot write `{}`: {err}", args.out.display());
        return Outcome::Failed;
    }
    println!(
        "{}\n  {} texts · {} → {}",
        args.out.display(),
        doc.units.len(),
        doc.source_language,
        doc.target_language
    );
    Outcome::Success
}

fn import(args: ImportArgs) -> Outcome {
    let options = ImportOptions {
        xliff: args.xliff,
        course_dir: super::course_dir(args.course),
        out_dir: args.out,
        strict: args.strict,
    };
    match i18n::import(&options) {
        Ok(report) => {
            if !report.changed.is_empty() {
                eprintln!(
                    "warning: the course changed since the export; these texts may translate an older version:"
                );
                for id in &report.changed {
                    eprintln!("  {id}");
                }
            }
            if !report.untranslated.is_empty() {
                eprintln!(
                    "warning: {} text(s) have no translation and keep the course's text:",
                    report.untranslated.len()
                );
                for id in &report.untranslated {
                    eprintln!("  {id}");
                }
            }
            println!(
                "{}\n  {} texts translated · language {}",
                options.out_dir.display(),
                report.translated,
                report.language
            );
            Outcome::Success
        }
        Err(ImportError::Usage { message, help }) => {
            eprintln!("error: {message}");
            eprintln!("  help: {help}");
            Outcome::Usage
        }
        Err(ImportError::Content(diags)) => {
            for diag in &diags {
                eprintln!("{diag}");
            }
            eprintln!("error: {} error(s); no course was written", diags.len());
            Outcome::Failed
        }
        Err(ImportError::Untranslated(ids)) => {
            eprintln!(
                "error: {} text(s) have no translation (--strict):",
                ids.len()
            );
            for id in &ids {
                eprintln!("  {id}");
            }
            eprintln!("error: no course was written");
            Outcome::Failed
        }
        Err(err @ ImportError::Io { .. }) => {
            eprintln!("error: {err}; no course was written");
            Outcome::Failed
        }
    }
}

//! `scormpack check`: a course folder or a zip → every problem found, as text with source
//! snippets or as JSON; exit code 1 when any is an error.

use super::{color, Outcome};
use crate::check::{CheckOptions, Kind, Profile};
use crate::diag::render::{self, JsonHeader, Style};
use crate::diag::Diagnostic;
use crate::package::Format;
use clap::{Args, ValueEnum};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;

pub(super) const EXAMPLES: &str = "\
Examples:
  scormpack check                            the course here (or ./content), all problems at once
  scormpack check dist/ops-1.0.0-scorm12.zip  any SCORM 1.2 zip, also one scormpack did not build
  scormpack check my-course --lms moodle      the rules as Moodle applies them
  scormpack check course.zip --format json    findings as JSON, for CI
  scormpack check course.zip --max-size 50MB  the upload limit of your LMS
  scormpack check --standard scorm2004-3rd    the course as a SCORM 2004 3rd edition package

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 wrong usage.";

#[derive(Debug, Args)]
pub(super) struct CheckArgs {
    /// A course folder (the one holding course.toml) or a SCORM zip [default: the current
    /// folder when it holds course.toml, else content].
    path: Option<PathBuf>,
    /// Apply the rules as this LMS does: it adds, raises or relaxes rules where it is known to
    /// differ from the specification.
    #[arg(long, value_enum, default_value_t = LmsArg::Generic)]
    lms: LmsArg,
    /// How to print the findings.
    #[arg(long, value_enum, default_value_t = FormatArg::Human)]
    format: FormatArg,
    /// The package standard a course folder is assembled as before the package rules run, as
    /// `build --format` names it (a zip is checked as what it holds) [default: scorm12].
    #[arg(long, value_enum, value_name = "STANDARD")]
    standard: Option<StandardArg>,
    /// The largest package your LMS accepts, e.g. 50MB, 512KB, 2GB [default: 100MB].
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_size: Option<u64>,
    /// Print only the findings, without the summary line.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LmsArg {
    /// The specification, as the strictest LMSs apply it
    Generic,
    /// Moodle: serves unlisted files; applies the mastery score itself
    Moodle,
    /// Cornerstone: shows `failed` as In Progress; secure frames
    Cornerstone,
    /// SAP SuccessFactors Learning: strict file names; secure frames
    #[value(name = "successfactors")]
    SuccessFactors,
}

impl From<LmsArg> for Profile {
    fn from(arg: LmsArg) -> Profile {
        match arg {
            LmsArg::Generic => Profile::Generic,
            LmsArg::Moodle => Profile::Moodle,
            LmsArg::Cornerstone => Profile::Cornerstone,
            LmsArg::SuccessFactors => Profile::SuccessFactors,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum StandardArg {
    /// SCORM 1.2
    Scorm12,
    /// SCORM 2004 4th edition
    Scorm2004,
    /// SCORM 2004 3rd edition
    #[value(name = "scorm2004-3rd")]
    Scorm2004Third,
    /// xAPI 1.0.3 / Tin Can
    Xapi,
    /// cmi5
    Cmi5,
}

impl From<StandardArg> for Format {
    fn from(arg: StandardArg) -> Format {
        match arg {
            StandardArg::Scorm12 => Format::Scorm12,
            StandardArg::Scorm2004 => Format::Scorm2004,
            StandardArg::Scorm2004Third => Format::Scorm2004Third,
            StandardArg::Xapi => Format::Xapi,
            StandardArg::Cmi5 => Format::Cmi5,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum FormatArg {
    /// Each finding with its source line, for people
    Human,
    /// One JSON document, for CI
    Json,
}

/// `50MB`, `512KB`, `2GB`, `1000` (bytes); units are powers of 1024.
fn parse_size(text: &str) -> Result<u64, String> {
    let text = text.trim();
    let split = text
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number
        .parse()
        .map_err(|_| format!("`{text}` is not a size such as 50MB"))?;
    let factor = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1u64,
        "K" | "KB" | "KIB" => 1 << 10,
        "M" | "MB" | "MIB" => 1 << 20,
        "G" | "GB" | "GIB" => 1 << 30,
        other => return Err(format!("unknown unit `{other}`; use KB, MB or GB")),
    };
    Ok((number * factor as f64) as u64)
}

pub(super) fn run(args: CheckArgs) -> Outcome {
    let path = super::course_dir(args.path.clone());
    let options = CheckOptions {
        path: path.clone(),
        profile: args.lms.into(),
        max_size: args.max_size,
    };
    if args.standard.is_some() && !path.is_dir() {
        eprintln!(
            "error: --standard applies to a course folder; the zip {} is checked as what it holds",
            path.display()
        );
        return Outcome::Usage;
    }
    let standard = args.standard.map_or(Format::Scorm12, Format::from);
    let report = crate::check::check_as(&options, standard);
    let shown = crate::check::escape_controls(&path.to_string_lossy().replace('\\', "/"));
    match args.format {
        FormatArg::Json => {
            let header = JsonHeader {
                path: &shown,
                kind: report.kind.name(),
                lms: options.profile.name(),
            };
            print!("{}", render::json(&header, &report.findings));
        }
        FormatArg::Human => {
            // Source lines are shown with their control characters escaped: a zip's text is
            // printed on the user's terminal.
            let source = |file: &str| {
                report
                    .texts
                    .get(file)
                    .cloned()
                    .or_else(|| read_source(file))
                    .map(|text| {
                        text.split('\n')
                            .map(crate::check::escape_controls)
                            .collect::<Vec<_>>()
                            .join("\n")
                    })
            };
            let style = Style {
                color: color(std::io::stdout().is_terminal()),
            };
            let (shown_findings, omitted) = capped(&report.findings);
            print!("{}", render::human(&shown_findings, &source, style));
            for (code, count) in &omitted {
                println!(
                    "… and {count} more {code} finding(s), not shown (the first {PER_CODE} are above)"
                );
            }
            if !args.quiet {
                let (errors, warnings) = (report.errors(), report.warnings());
                let verdict = if errors + warnings == 0 {
                    "no problems found".to_string()
                } else {
                    format!(
                        "{}, {}",
                        plural(errors, "error"),
                        plural(warnings, "warning")
                    )
                };
                // A course is assembled as one standard first: say which, when it is not the default.
                let assembled = match args.standard {
                    Some(_) if report.kind == Kind::Course => format!(" as {}", standard.name()),
                    _ => String::new(),
                };
                println!(
                    "checked {shown} ({}{assembled}, lms: {}): {verdict}",
                    report.kind.name(),
                    options.profile.name()
                );
                if report.kind == Kind::XapiPackage {
                    println!("  checked as an xAPI package: tincan.xml, its launch and activity ids, and the zip's files; the statements it sends are not checked");
                }
                if report.kind == Kind::Cmi5Package {
                    println!("  checked as a cmi5 package: cmi5.xml, its AU urls, ids, moveOn and masteryScore, and the zip's files; the statements it sends are not checked");
                }
            }
        }
    }
    if report.errors() > 0 {
        Outcome::Failed
    } else {
        Outcome::Success
    }
}

/// A course file a finding points into, for its source line: only a regular file of a
/// reasonable size is read (a finding may name `/dev/zero` or a named pipe given as the zip).
fn read_source(file: &str) -> Option<String> {
    let meta = std::fs::metadata(file).ok()?;
    if !meta.is_file() || meta.len() > 64 << 20 {
        return None;
    }
    std::fs::read_to_string(file).ok()
}

/// How many findings of one code the human output shows; the rest are counted.
const PER_CODE: usize = 50;

/// The findings to show, at most [`PER_CODE`] of each code, and how many of each code were
/// left out: a zip of 100,000 stray files gives one screen, not 100,000 warnings.
fn capped(findings: &[Diagnostic]) -> (Vec<Diagnostic>, BTreeMap<&'static str, usize>) {
    let mut seen: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut shown = Vec::new();
    for finding in findings {
        let n = seen.entry(finding.code).or_default();
        *n += 1;
        if *n <= PER_CODE {
            shown.push(finding.clone());
        }
    }
    seen.retain(|_, n| *n > PER_CODE);
    for n in seen.values_mut() {
        *n -= PER_CODE;
    }
    (shown, seen)
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_binary_units() {
        assert_eq!(parse_size("1000"), Ok(1000));
        assert_eq!(parse_size("50MB"), Ok(50 << 20));
        assert_eq!(parse_size("1.5 kb"), Ok(1536));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("5TB").is_err());
    }
}

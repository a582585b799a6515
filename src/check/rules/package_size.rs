//! `lms/package-size`: a package larger than the LMS's upload limit is refused at upload, after
//! the designer waited for it. The limit is a site setting; `--max-size` names it.

use super::super::{Ctx, Rule};
use crate::diag::{Diagnostic, Location, Severity};

pub(super) const RULE: Rule = Rule {
    id: "lms/package-size",
    severity: Severity::Error,
    summary: "a package larger than the upload limit (--max-size)",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    if ctx.view.size <= ctx.max_size {
        return;
    }
    out.push(
        ctx.finding(
            &RULE,
            format!(
                "the package is {}, over the limit of {}",
                size(ctx.view.size),
                size(ctx.max_size)
            ),
        )
        .at(Location::file(ctx.view.display.clone()))
        .help("compress videos and images, or host large media on a streaming service; raise the limit with --max-size when your LMS allows more"),
    );
}

/// `830 bytes`, `12.4 KiB`, `101.2 MiB`: precise enough to compare with an LMS's limit.
fn size(bytes: u64) -> String {
    const KIB: f64 = 1024.0;
    let b = bytes as f64;
    if bytes < 1024 {
        format!("{bytes} bytes")
    } else if b < KIB * KIB {
        format!("{:.1} KiB", b / KIB)
    } else {
        format!("{:.1} MiB", b / (KIB * KIB))
    }
}

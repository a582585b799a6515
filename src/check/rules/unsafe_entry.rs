//! `package/unsafe-entry`: zip entries that would land outside the folder they are extracted
//! to (`../x`, `/etc/x`, `C:\x`) or that are symbolic links. Some LMSs extract such entries as
//! they are (the "zip slip"), others refuse the whole package; either way nothing here is
//! extracted to find out.

use super::super::package::{is_safe_name, EntryKind};
use super::super::{Ctx, Rule};
use crate::diag::{Diagnostic, Location, Severity};

pub(super) const RULE: Rule = Rule {
    id: "package/unsafe-entry",
    severity: Severity::Error,
    summary: "entries with `..`, absolute paths or symbolic links",
    check,
};

fn check(ctx: &Ctx<'_>, out: &mut Vec<Diagnostic>) {
    for entry in &ctx.view.entries {
        let message = if !is_safe_name(&entry.name) {
            format!(
                "the entry `{}` would be extracted outside the package folder",
                entry.name
            )
        } else if entry.kind == EntryKind::Symlink {
            format!("the entry `{}` is a symbolic link", entry.name)
        } else {
            continue;
        };
        out.push(
            ctx.finding(&RULE, message)
                .at(Location::file(ctx.view.display.clone()))
                .help(
                    "remove the entry: a package holds plain files with relative names inside it",
                ),
        );
    }
}

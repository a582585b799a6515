//! The theme: the built-in templates compiled into the binary, overlaid by the course's own
//! `templates/` folder one file at a time.
//!
//! Lookup order for a name: the course's `templates/<name>`, then the built-in file. The
//! built-in file also stays reachable as `builtin/<name>`, so an override can extend it
//! (`{% extends "builtin/index.html" %}`) instead of copying it.

use crate::diag::Diagnostic;
use crate::source::CourseFolder;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));
}

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// The course's own files, by name relative to its `templates/` folder.
    overrides: Arc<BTreeMap<String, String>>,
    /// Display names of the override files, for diagnostics.
    override_names: Arc<BTreeMap<String, String>>,
}

impl Theme {
    /// The built-in theme with the course's `templates/` folder (if it has one) on top, read
    /// through the course folder's rules.
    pub fn load(folder: &mut CourseFolder) -> Result<Theme, Vec<Diagnostic>> {
        let mut overrides = BTreeMap::new();
        let mut names = BTreeMap::new();
        for template in folder.templates()? {
            let file = folder.sources.get(template.file);
            overrides.insert(template.name.clone(), file.text.clone());
            names.insert(template.name, file.name.clone());
        }
        Ok(Theme {
            overrides: Arc::new(overrides),
            override_names: Arc::new(names),
        })
    }

    /// A file of the theme by name, as the lookup order above finds it.
    pub fn get(&self, name: &str) -> Option<&str> {
        if let Some(builtin) = name.strip_prefix("builtin/") {
            return builtin_file(builtin);
        }
        self.overrides
            .get(name)
            .map(String::as_str)
            .or_else(|| builtin_file(name))
    }

    /// Where a template came from, for error messages.
    pub fn origin(&self, name: &str) -> String {
        match self.override_names.get(name) {
            Some(shown) if !name.starts_with("builtin/") => shown.clone(),
            _ => format!("built-in template {}", name.trim_start_matches("builtin/")),
        }
    }

    /// Names of the icons a pattern card may use (`icons/<name>.svg`).
    pub fn icon_names(&self) -> BTreeSet<String> {
        self.names()
            .filter_map(|n| {
                n.strip_prefix("icons/")?
                    .strip_suffix(".svg")
                    .map(str::to_string)
            })
            .collect()
    }

    /// Every file name the theme has, built-in or overridden.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        let builtin = builtin::BUILTIN.iter().map(|(name, _)| *name);
        let own = self.overrides.keys().map(String::as_str);
        builtin.chain(own).collect::<BTreeSet<_>>().into_iter()
    }
}

fn builtin_file(name: &str) -> Option<&'static str> {
    builtin::BUILTIN
        .binary_search_by(|(n, _)| (*n).cmp(name))
        .ok()
        .map(|i| builtin::BUILTIN[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_file_overrides_builtin_which_stays_reachable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/icons")).unwrap();
        std::fs::write(dir.path().join("templates/index.html"), "mine").unwrap();
        std::fs::write(dir.path().join("templates/icons/rocket.svg"), "<svg/>").unwrap();
        let theme = Theme::load(&mut CourseFolder::new(dir.path())).unwrap();
        assert_eq!(theme.get("index.html"), Some("mine"));
        assert_ne!(theme.get("builtin/index.html"), Some("mine"));
        assert!(theme.get("builtin/index.html").is_some());
        assert!(theme.icon_names().contains("rocket"));
        assert!(theme.icon_names().contains("people"));
    }

    #[test]
    fn editor_and_system_junk_is_not_part_of_the_theme() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates/theme")).unwrap();
        for junk in [".DS_Store", "extra.css~", ".extra.css.swp", "old.css.bak"] {
            std::fs::write(dir.path().join("templates/theme").join(junk), "x").unwrap();
        }
        std::fs::write(dir.path().join("templates/theme/extra.css"), "b{}").unwrap();
        let theme = Theme::load(&mut CourseFolder::new(dir.path())).unwrap();
        let own: Vec<&str> = theme.names().filter(|n| n.starts_with("theme/")).collect();
        assert_eq!(own, ["theme/extra.css", "theme/theme.css"]);
    }
}

//! Settings for one run: the configuration file with the command-line flags applied.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher, GlobSetBuilder};

use crate::config::{self, Config, SeverityLevel};
use crate::diagnostic::Severity;
use crate::discover::{Excludes, display_path};
use crate::model::Dialect;
use crate::rules::{self, Rule, RuleSet};

/// Everything a check needs to know beyond the files.
#[derive(Debug)]
pub struct Settings {
    pub rules: RuleSet,
    pub severities: HashMap<Rule, Severity>,
    pub excludes: Excludes,
    /// App label per `migrations/` directory, as shown to the user.
    pub app_labels: HashMap<String, String>,
    /// Django field classes that are always nullable.
    pub nullable_fields: Vec<String>,
    /// The ref to compare with (`--since`, else the configuration's `since` unless
    /// `--no-since`).
    pub since: Option<String>,
    /// Migration class attributes whose edits are cosmetic.
    pub ignore_attributes: Vec<String>,
    pub dialect: Dialect,
    /// The dialect per file glob (matched relative to `root`), longest pattern first.
    pub per_file_dialect: Vec<(GlobMatcher, Dialect)>,
    /// The baseline file.
    pub baseline: PathBuf,
    /// Rules not to report per file glob (matched relative to `root`).
    pub per_file_ignores: Vec<(GlobMatcher, RuleSet)>,
    /// The configuration's directory (the working directory without one).
    pub root: PathBuf,
    pub cwd: PathBuf,
}

/// Rule selection from the command line, which overrides the configuration.
#[derive(Debug, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub since: Option<String>,
    /// Leave the configuration's `since` out.
    pub no_since: bool,
}

impl Settings {
    /// The settings of a run; an error names the flag, or the file and key, it comes from.
    pub fn resolve(
        config: Option<&config::Loaded>,
        overrides: &Overrides,
        cwd: &Path,
    ) -> Result<Self, String> {
        let default = Config::default();
        let (config, root, file) = match config {
            Some(loaded) => (&loaded.config, loaded.root.clone(), Some(loaded)),
            None => (&default, cwd.to_path_buf(), None),
        };
        // `path: `tool.migcheck.key``: where a configuration value is.
        let key = |key: &str| match file {
            Some(loaded) => {
                let table = if loaded
                    .path
                    .file_name()
                    .is_some_and(|n| n == "pyproject.toml")
                {
                    "tool.migcheck."
                } else {
                    ""
                };
                format!("{}: `{table}{key}`", loaded.path.display())
            }
            None => format!("`{key}`"),
        };

        let mut selected: RuleSet = match (&overrides.select, &config.select) {
            (Some(selectors), _) => expand(selectors, "`--select`")?,
            (None, Some(selectors)) => expand(selectors, &key("select"))?,
            (None, None) => rules::ALL
                .iter()
                .copied()
                .filter(|rule| rule.enabled_by_default())
                .collect(),
        };
        selected.extend(expand(&config.extend_select, &key("extend-select"))?);
        // As with ruff's syntax errors: a file that cannot be read is never silently passed,
        // whatever is selected; only an explicit `ignore` turns MC001 off.
        selected.insert(Rule::ParseError);
        for rule in expand(&config.ignore, &key("ignore"))?
            .into_iter()
            .chain(expand(&overrides.ignore, "`--ignore`")?)
        {
            selected.remove(&rule);
        }

        let mut severities = HashMap::new();
        for (selector, level) in &config.severity {
            for rule in expand(std::slice::from_ref(selector), &key("severity"))? {
                match level {
                    SeverityLevel::Off => {
                        selected.remove(&rule);
                    }
                    SeverityLevel::Error => drop(severities.insert(rule, Severity::Error)),
                    SeverityLevel::Warning => drop(severities.insert(rule, Severity::Warning)),
                    SeverityLevel::Info => drop(severities.insert(rule, Severity::Info)),
                }
            }
        }

        let mut exclude = GlobSetBuilder::new();
        for pattern in config
            .exclude
            .iter()
            .flatten()
            .chain(&config.extend_exclude)
        {
            let glob = Glob::new(pattern)
                .map_err(|e| format!("{}: bad pattern `{pattern}`: {e}", key("exclude")))?;
            exclude.add(glob);
        }
        let exclude = exclude.build().map_err(|e| e.to_string())?;

        let mut per_file_ignores = Vec::new();
        for (pattern, selectors) in &config.per_file_ignores {
            let glob = Glob::new(pattern).map_err(|e| {
                format!("{}: bad pattern `{pattern}`: {e}", key("per-file-ignores"))
            })?;
            per_file_ignores.push((
                glob.compile_matcher(),
                expand(selectors, &key("per-file-ignores"))?,
            ));
        }

        let mut per_file_dialect = Vec::new();
        for (pattern, dialect) in &config.per_file_dialect {
            let glob = Glob::new(pattern).map_err(|e| {
                format!("{}: bad pattern `{pattern}`: {e}", key("per-file-dialect"))
            })?;
            per_file_dialect.push((pattern.len(), glob.compile_matcher(), *dialect));
        }
        // The most specific pattern wins: the longest.
        per_file_dialect.sort_by_key(|(length, _, _)| std::cmp::Reverse(*length));
        let per_file_dialect = per_file_dialect
            .into_iter()
            .map(|(_, glob, dialect)| (glob, dialect))
            .collect();

        let app_labels = config
            .django
            .app_labels
            .iter()
            .map(|(app_dir, label)| {
                let directory = display_path(&root.join(app_dir).join("migrations"), cwd);
                (directory, label.clone())
            })
            .collect();

        Ok(Self {
            rules: selected,
            severities,
            excludes: Excludes {
                globs: exclude,
                root: root.clone(),
                defaults: config.exclude.is_none(),
            },
            app_labels,
            nullable_fields: config.django.nullable_fields.clone(),
            since: match overrides.no_since {
                true => None,
                false => overrides.since.clone().or_else(|| config.since.clone()),
            },
            ignore_attributes: config.history.ignore_attributes.clone(),
            dialect: config.dialect,
            per_file_dialect,
            baseline: root.join(
                config
                    .baseline
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(crate::baseline::DEFAULT_FILE)),
            ),
            per_file_ignores,
            root,
            cwd: cwd.to_path_buf(),
        })
    }

    /// What extraction takes from the settings.
    pub fn extract_options(&self) -> crate::extract::Options<'_> {
        crate::extract::Options {
            dialect: self.dialect,
            nullable_fields: &self.nullable_fields,
        }
    }

    /// Whether `per-file-ignores` turns `rule` off for a file (its path as shown).
    pub fn ignored_in_file(&self, path: &str, rule: Rule) -> bool {
        if self.per_file_ignores.is_empty() {
            return false;
        }
        let relative = self.relative(path);
        self.per_file_ignores
            .iter()
            .any(|(glob, rules)| rules.contains(&rule) && glob.is_match(&relative))
    }

    /// The database a migration runs on (its path as shown; for an Alembic revision, its
    /// version location): the one `per-file-dialect` gives it; else the one its version
    /// location, or a folder in it, is named after (prefect keeps `versions/sqlite` and
    /// `versions/postgresql`); else `dialect`.
    pub fn dialect_of(&self, path: &str, alembic_location: Option<&str>) -> Dialect {
        if !self.per_file_dialect.is_empty() {
            let relative = self.relative(path);
            if let Some((_, dialect)) = self
                .per_file_dialect
                .iter()
                .find(|(glob, _)| glob.is_match(&relative))
            {
                return *dialect;
            }
        }
        let Some(location) = alembic_location else {
            return self.dialect;
        };
        let inside = path
            .strip_prefix(location)
            .and_then(|rest| rest.trim_start_matches('/').rsplit_once('/'))
            .map(|(folders, _)| folders);
        let mut folders = location
            .rsplit('/')
            .take(1)
            .chain(inside.into_iter().flat_map(|folders| folders.split('/')));
        folders
            .find_map(|folder| {
                [Dialect::Postgresql, Dialect::Mysql, Dialect::Sqlite]
                    .into_iter()
                    .find(|dialect| dialect.as_str() == folder)
            })
            .unwrap_or(self.dialect)
    }

    /// A path as shown, relative to the configuration's directory, for its globs.
    fn relative(&self, path: &str) -> PathBuf {
        let absolute = crate::discover::absolute(Path::new(path), &self.cwd);
        absolute
            .strip_prefix(&self.root)
            .map_or_else(|_| absolute.clone(), Path::to_path_buf)
    }

    /// The severity the configuration sets for a rule, if it sets one.
    pub fn configured_severity(&self, rule: Rule) -> Option<Severity> {
        self.severities.get(&rule).copied()
    }
}

/// Rules named by selectors; an unknown selector is an error, prefixed with `origin` (where it
/// was written), with a suggestion.
fn expand(selectors: &[String], origin: &str) -> Result<RuleSet, String> {
    let mut out = RuleSet::new();
    for selector in selectors {
        let selector = selector.trim();
        match rules::matching(selector) {
            Some(found) => out.extend(found),
            None => {
                let hint = rules::suggest(selector)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                return Err(format!(
                    "{origin}: unknown rule `{selector}`{hint} (`migcheck rules` lists them)"
                ));
            }
        }
    }
    Ok(out)
}

//! Settings for one run: the configuration file with the command-line flags applied, and
//! under `--since` the base's settings and the head's combined so that the change under
//! check can make the check stricter, never looser ([`combine`]).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use globset::{Glob, GlobMatcher, GlobSetBuilder};

use crate::config::{self, Config, SeverityLevel};
use crate::diagnostic::Held;
use crate::discover::{Excludes, display_path};
use crate::model::{Assumed, Dialect, Why};
use crate::registry::Severity;
use crate::registry::{self, Rule, RuleSet};

/// Everything a check needs to know beyond the files.
#[derive(Debug)]
pub struct Settings {
    pub rules: RuleSet,
    pub severities: HashMap<Rule, Severity>,
    pub excludes: Excludes,
    /// App label per `migrations/` directory, as shown to the user.
    pub app_labels: BTreeMap<String, String>,
    /// Django field classes that are always nullable.
    pub nullable_fields: Vec<String>,
    /// The ref to compare with (`--since`, else the configuration's `since` unless
    /// `--no-since`).
    pub since: Option<String>,
    /// Whether `since` is the configuration's rather than the command line's.
    pub since_configured: bool,
    /// Migration class attributes whose edits are cosmetic.
    pub ignore_attributes: Vec<String>,
    /// The configured database; `None`: the revisions say, else PostgreSQL.
    pub dialect: Option<Dialect>,
    /// The dialect per file glob (matched relative to `root`), longest pattern first.
    pub per_file_dialect: Vec<(GlobMatcher, Dialect)>,
    /// The baseline file.
    pub baseline: PathBuf,
    /// Rules not to report per file glob.
    pub per_file_ignores: PerFileIgnores,
    /// Every suppression comment must give a reason (MC004).
    pub require_suppression_reason: bool,
    /// Set every suppression comment aside (`--ignore-suppressions`).
    pub ignore_suppressions: bool,
    /// The configuration's directory (the working directory without one; the base's under
    /// `--since`).
    pub root: PathBuf,
    pub cwd: PathBuf,
    /// The configuration files the settings come from, as messages name them.
    pub sources: Vec<String>,
}

/// `per-file-ignores`: per configuration that has a say (the base's and the head's under
/// `--since`), its directory and its globs; a rule is off in a file only when every one of
/// them turns it off there.
#[derive(Debug, Default)]
pub struct PerFileIgnores {
    tables: Vec<(PathBuf, Vec<(GlobMatcher, RuleSet)>)>,
}

impl PerFileIgnores {
    fn ignores(&self, absolute: &Path, rule: Rule) -> bool {
        !self.tables.is_empty()
            && self.tables.iter().all(|(root, globs)| {
                let relative = absolute.strip_prefix(root).unwrap_or(absolute);
                globs
                    .iter()
                    .any(|(glob, rules)| rules.contains(&rule) && glob.is_match(relative))
            })
    }

    /// Whether no rule is off anywhere: a table without globs leaves every rule on.
    fn is_empty(&self) -> bool {
        self.tables.is_empty() || self.tables.iter().any(|(_, globs)| globs.is_empty())
    }
}

/// Rule selection from the command line, which overrides the configuration.
#[derive(Debug, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub ignore: Vec<String>,
    pub since: Option<String>,
    /// Leave the configuration's `since` out.
    pub no_since: bool,
    /// Set every suppression comment aside.
    pub ignore_suppressions: bool,
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
            (None, None) => registry::ALL
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
        let patterns: Vec<String> = config
            .exclude
            .iter()
            .flatten()
            .chain(&config.extend_exclude)
            .cloned()
            .collect();
        for pattern in &patterns {
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
                patterns,
                root: root.clone(),
                defaults: config.exclude.is_none(),
                narrowed_by: None,
            },
            app_labels,
            nullable_fields: config.django.nullable_fields.clone(),
            since: match overrides.no_since {
                true => None,
                false => overrides.since.clone().or_else(|| config.since.clone()),
            },
            since_configured: !overrides.no_since
                && overrides.since.is_none()
                && config.since.is_some(),
            ignore_attributes: config.history.ignore_attributes.clone(),
            dialect: config.dialect,
            per_file_dialect,
            baseline: root.join(
                config
                    .baseline
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(crate::baseline::DEFAULT_FILE)),
            ),
            per_file_ignores: PerFileIgnores {
                tables: vec![(root.clone(), per_file_ignores)],
            },
            require_suppression_reason: config.require_suppression_reason,
            ignore_suppressions: overrides.ignore_suppressions,
            root,
            cwd: cwd.to_path_buf(),
            sources: file
                .map(|loaded| display_path(&loaded.path, cwd))
                .into_iter()
                .collect(),
        })
    }

    /// What extraction takes from the settings.
    pub fn extract_options(&self) -> crate::extract::Options<'_> {
        crate::extract::Options {
            dialect: self.dialect.unwrap_or_default(),
            nullable_fields: &self.nullable_fields,
        }
    }

    /// Whether `per-file-ignores` turns `rule` off for a file (its path as shown).
    pub fn ignored_in_file(&self, path: &str, rule: Rule) -> bool {
        if self.per_file_ignores.is_empty() {
            return false;
        }
        let absolute = crate::discover::absolute(Path::new(path), &self.cwd);
        self.per_file_ignores.ignores(&absolute, rule)
    }

    /// The database a migration runs on as the configuration and its place say (its path
    /// as shown; for an Alembic revision, its version location): the one `per-file-dialect`
    /// gives it; else the one its version location, or a folder in it, is named after
    /// (prefect keeps `versions/sqlite` and `versions/postgresql`; `sqlite_versions` counts
    /// too); else `dialect`. `None` when none of them says: then the revisions may (see
    /// `graph::says_dialect`), else it is PostgreSQL.
    pub fn dialect_of(&self, path: &str, alembic_location: Option<&str>) -> Option<Assumed> {
        if !self.per_file_dialect.is_empty() {
            let relative = self.relative(path);
            if let Some((_, dialect)) = self
                .per_file_dialect
                .iter()
                .find(|(glob, _)| glob.is_match(&relative))
            {
                return Some(Assumed::configured(*dialect));
            }
        }
        let configured = self.dialect.map(Assumed::configured);
        let Some(location) = alembic_location else {
            return configured;
        };
        let inside = path
            .strip_prefix(location)
            .and_then(|rest| rest.trim_start_matches('/').rsplit_once('/'))
            .map(|(folders, _)| folders);
        let mut named = location.rsplit('/');
        let last = named.next();
        // The script directory that holds `versions/`.
        let script = last.filter(|last| *last == "versions").and(named.next());
        let mut folders = script
            .into_iter()
            .chain(last)
            .chain(inside.into_iter().flat_map(|folders| folders.split('/')));
        folders
            .find_map(|folder| {
                let dialect = named_after(folder)?;
                Some(Assumed {
                    dialect,
                    why: Why::Named(folder.to_string()),
                })
            })
            .or(configured)
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

/// The settings of a run under `--since`: the base's and the head's combined so that the head
/// can make the check stricter, never looser, and what the head tried to loosen, held at the
/// base's value. docs/configuration.md gives the reason for each setting.
pub fn combine(base: Settings, head: Settings) -> (Settings, Vec<Held>) {
    let mut held = Vec::new();
    let mut hold = |key: &str, message: String| {
        held.push(Held {
            key: key.to_string(),
            message,
        })
    };

    // A rule enabled at the base stays enabled; the head may enable more.
    let turned_off: Vec<Rule> = base.rules.difference(&head.rules).copied().collect();
    if !turned_off.is_empty() {
        hold(
            "select",
            format!(
                "the head's configuration turns off {} (by `select`, `ignore` or a severity of `off`); {} as at the base",
                codes(&turned_off),
                if turned_off.len() == 1 {
                    "it runs,"
                } else {
                    "they run,"
                }
            ),
        );
    }
    let rules: RuleSet = base.rules.union(&head.rules).copied().collect();

    // The stricter severity of the two (errors sort first).
    let mut severities = HashMap::new();
    let configured: RuleSet = base
        .severities
        .keys()
        .chain(head.severities.keys())
        .copied()
        .collect();
    for rule in configured {
        let at_base = base.severity(rule);
        let at_head = head.severity(rule);
        if at_head > at_base && rules.contains(&rule) && head.rules.contains(&rule) {
            hold(
                &format!("severity.{}", rule.code()),
                format!(
                    "the head's configuration lowers it to {}; it stays {}, as at the base",
                    at_head.as_str(),
                    at_base.as_str()
                ),
            );
        }
        severities.insert(rule, at_base.min(at_head));
    }

    // The database decides which rules apply, in both directions.
    if head.dialect != base.dialect {
        hold(
            "dialect",
            format!(
                "the head's configuration says {}; the base's {} stays until the change is merged",
                described(head.dialect, true),
                described(base.dialect, true)
            ),
        );
    }
    if dialect_table(&head) != dialect_table(&base) {
        hold(
            "per-file-dialect",
            "the head's configuration changes it; the base's stays until the change is merged"
                .to_string(),
        );
    }

    // A path is skipped only where the base's excludes skip it too.
    let mut added: Vec<String> = Vec::new();
    if head.excludes.defaults && !base.excludes.defaults {
        added.push("the default excludes".to_string());
    }
    let same_root = head.excludes.root == base.excludes.root;
    added.extend(
        head.excludes
            .patterns
            .iter()
            .filter(|pattern| !same_root || !base.excludes.patterns.contains(pattern))
            .map(|pattern| format!("`{pattern}`")),
    );
    if !added.is_empty() {
        hold(
            "exclude",
            format!(
                "the head's configuration excludes {}, which the base's does not; a path is skipped only where the base's excludes skip it too",
                added.join(", ")
            ),
        );
    }
    let excludes = Excludes {
        narrowed_by: Some(Box::new(head.excludes)),
        ..base.excludes
    };

    // A rule is off in a file only where the base's `per-file-ignores` turn it off too.
    let base_entries = base.per_file_ignores.entries();
    for (root, pattern, rules) in head.per_file_ignores.entries() {
        let new: Vec<Rule> = rules
            .iter()
            .filter(|rule| {
                !base_entries
                    .iter()
                    .any(|(r, p, rules)| *r == root && *p == pattern && rules.contains(rule))
            })
            .copied()
            .collect();
        if !new.is_empty() {
            hold(
                "per-file-ignores",
                format!(
                    "the head's configuration turns off {} in `{pattern}`, which the base's does not; a rule is off in a file only where the base's `per-file-ignores` turn it off too",
                    codes(&new)
                ),
            );
        }
    }
    let mut per_file_ignores = base.per_file_ignores;
    per_file_ignores.tables.extend(head.per_file_ignores.tables);

    // Findings the head's own baseline accepts are the change's doing.
    if head.baseline != base.baseline {
        hold(
            "baseline",
            format!(
                "the head's configuration names the baseline `{}`; the base's, `{}`, is used",
                display_path(&head.baseline, &head.cwd),
                display_path(&base.baseline, &base.cwd)
            ),
        );
    }

    if base.require_suppression_reason && !head.require_suppression_reason {
        hold(
            "require-suppression-reason",
            "the head's configuration turns it off; it stays on, as at the base".to_string(),
        );
    }

    // Names the base does not list: edits that would be hidden.
    let both = |key: &str,
                base: &[String],
                head: &[String],
                what: &str,
                hold: &mut dyn FnMut(&str, String)| {
        let new: Vec<String> = head
            .iter()
            .filter(|name| !base.contains(name))
            .map(|name| format!("`{name}`"))
            .collect();
        if !new.is_empty() {
            hold(
                key,
                format!(
                    "the head's configuration adds {}; {what} only as the base's configuration says",
                    new.join(", ")
                ),
            );
        }
        base.iter()
            .filter(|name| head.contains(name))
            .cloned()
            .collect::<Vec<String>>()
    };
    let ignore_attributes = both(
        "history.ignore-attributes",
        &base.ignore_attributes,
        &head.ignore_attributes,
        "edits of an attribute are cosmetic",
        &mut hold,
    );
    let nullable_fields = both(
        "django.nullable-fields",
        &base.nullable_fields,
        &head.nullable_fields,
        "a field class is always nullable",
        &mut hold,
    );

    // A label is a fact about the project: the base's entries stand; the head may name apps
    // the base's configuration does not.
    let mut app_labels = head.app_labels.clone();
    for (directory, label) in &base.app_labels {
        if head.app_labels.get(directory) != Some(label) {
            hold(
                "django.app-labels",
                format!(
                    "the head's configuration {} the label of `{directory}`; it stays `{label}`, as at the base",
                    if head.app_labels.contains_key(directory) {
                        "changes"
                    } else {
                        "drops"
                    }
                ),
            );
        }
        app_labels.insert(directory.clone(), label.clone());
    }

    let side = |sources: Vec<String>, side: &str| match sources.as_slice() {
        [] => format!("none at the {side}"),
        _ => format!("{} (the {side})", sources.join(", ")),
    };
    let sources = vec![side(head.sources, "head"), side(base.sources, "base")];
    let settings = Settings {
        rules,
        severities,
        excludes,
        app_labels,
        nullable_fields,
        since: head.since,
        since_configured: head.since_configured,
        ignore_attributes,
        dialect: base.dialect,
        per_file_dialect: base.per_file_dialect,
        baseline: base.baseline,
        per_file_ignores,
        require_suppression_reason: base.require_suppression_reason
            || head.require_suppression_reason,
        ignore_suppressions: head.ignore_suppressions,
        root: base.root,
        cwd: base.cwd,
        sources,
    };
    (settings, held)
}

/// Rule codes for a message: `MC201, MC202`.
fn codes(rules: &[Rule]) -> String {
    rules
        .iter()
        .map(|rule| rule.code())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The database a folder is named after: its name begins with the database's
/// (`sqlite`, `sqlite_versions`, `postgresql`, `mysql-legacy`).
fn named_after(folder: &str) -> Option<Dialect> {
    const NAMES: &[(&str, Dialect)] = &[
        ("postgres", Dialect::Postgresql),
        ("mysql", Dialect::Mysql),
        ("mariadb", Dialect::Mysql),
        ("sqlite", Dialect::Sqlite),
    ];
    let folder = folder.to_ascii_lowercase();
    NAMES
        .iter()
        .find(|(name, _)| folder.starts_with(name))
        .map(|(_, dialect)| *dialect)
}

/// The configured database, in words (its name as code, or not).
fn described(dialect: Option<Dialect>, code: bool) -> String {
    match dialect {
        Some(dialect) if code => format!("`{}`", dialect.as_str()),
        Some(dialect) => dialect.as_str().to_string(),
        None => "none (the revisions say, else postgresql)".to_string(),
    }
}

/// `per-file-dialect` as written, with the directory it is relative to.
fn dialect_table(settings: &Settings) -> Vec<(String, &'static str)> {
    let mut table: Vec<(String, &'static str)> = settings
        .per_file_dialect
        .iter()
        .map(|(glob, dialect)| (glob.glob().glob().to_string(), dialect.as_str()))
        .collect();
    table.sort();
    if !table.is_empty() {
        table.push((settings.root.display().to_string(), ""));
    }
    table
}

impl PerFileIgnores {
    /// Every (directory, pattern, rules) as written.
    fn entries(&self) -> Vec<(&Path, &str, Vec<Rule>)> {
        self.tables
            .iter()
            .flat_map(|(root, globs)| {
                globs.iter().map(move |(glob, rules)| {
                    (
                        root.as_path(),
                        glob.glob().glob(),
                        rules.iter().copied().collect(),
                    )
                })
            })
            .collect()
    }
}

impl Settings {
    /// A rule's severity in this run.
    fn severity(&self, rule: Rule) -> Severity {
        self.configured_severity(rule)
            .unwrap_or(rule.default_severity())
    }

    /// The settings as `--show-settings` prints them: one per line, stable from run to run.
    pub fn describe(&self, held: &[Held]) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        let none = || "none".to_string();
        let list = |items: &[String]| match items {
            [] => none(),
            items => items.join(", "),
        };
        let quoted = |items: &[String]| {
            list(
                &items
                    .iter()
                    .map(|item| format!("`{item}`"))
                    .collect::<Vec<_>>(),
            )
        };
        let configuration = match self.sources.as_slice() {
            [] => "none (the defaults)".to_string(),
            sources => sources.join(", "),
        };
        let _ = writeln!(out, "configuration: {configuration}");
        let since = match (&self.since, self.since_configured) {
            (None, _) => none(),
            (Some(since), false) => format!("{since} (from the command line)"),
            (Some(since), true) => format!(
                "{since} (from the configuration: a gate names its base on the command line, `--since {since}`)"
            ),
        };
        let _ = writeln!(out, "since: {since}");
        let _ = writeln!(out, "rules ({}):", self.rules.len());
        for &rule in &self.rules {
            let _ = writeln!(
                out,
                "  {}  {:<28} {}",
                rule.code(),
                rule.name(),
                self.severity(rule).as_str()
            );
        }
        let mut exclude = Vec::new();
        let mut layer = Some(&self.excludes);
        while let Some(excludes) = layer {
            let mut patterns = Vec::new();
            if excludes.defaults {
                patterns.push("the defaults".to_string());
            }
            patterns.extend(excludes.patterns.iter().map(|p| format!("`{p}`")));
            exclude.push(format!(
                "{} (in {})",
                list(&patterns),
                display_path(&excludes.root, &self.cwd)
            ));
            layer = excludes.narrowed_by.as_deref();
        }
        let _ = writeln!(out, "exclude: {}", exclude.join(", narrowed by "));
        let mut ignores = Vec::new();
        let tables = match self.per_file_ignores.is_empty() {
            true => &[][..],
            false => &self.per_file_ignores.tables[..],
        };
        for (root, globs) in tables {
            let rows: Vec<String> = globs
                .iter()
                .map(|(glob, rules)| {
                    let rules: Vec<Rule> = rules.iter().copied().collect();
                    format!("`{}` = {}", glob.glob().glob(), codes(&rules))
                })
                .collect();
            if !rows.is_empty() {
                ignores.push(format!(
                    "{} (in {})",
                    rows.join(", "),
                    display_path(root, &self.cwd)
                ));
            }
        }
        let ignores = match ignores.len() {
            0 => none(),
            1 => ignores.remove(0),
            _ => ignores.join(", and where also "),
        };
        let _ = writeln!(out, "per-file-ignores: {ignores}");
        let _ = writeln!(out, "baseline: {}", display_path(&self.baseline, &self.cwd));
        let _ = writeln!(
            out,
            "require-suppression-reason: {}",
            self.require_suppression_reason
        );
        let _ = writeln!(out, "ignore-suppressions: {}", self.ignore_suppressions);
        let _ = writeln!(out, "dialect: {}", described(self.dialect, false));
        let dialects: Vec<String> = self
            .per_file_dialect
            .iter()
            .map(|(glob, dialect)| format!("`{}` = {}", glob.glob().glob(), dialect.as_str()))
            .collect();
        let _ = writeln!(out, "per-file-dialect: {}", list(&dialects));
        let _ = writeln!(
            out,
            "history.ignore-attributes: {}",
            quoted(&self.ignore_attributes)
        );
        let _ = writeln!(
            out,
            "django.nullable-fields: {}",
            quoted(&self.nullable_fields)
        );
        let labels: Vec<String> = self
            .app_labels
            .iter()
            .map(|(directory, label)| format!("{directory} = `{label}`"))
            .collect();
        let _ = writeln!(out, "django.app-labels: {}", list(&labels));
        if !held.is_empty() {
            let _ = writeln!(
                out,
                "\nheld at the base's value (a change may make the check stricter, never looser):"
            );
            for held in held {
                let _ = writeln!(out, "  {held}");
            }
        }
        out
    }
}

/// Rules named by selectors; an unknown selector is an error, prefixed with `origin` (where it
/// was written), with a suggestion.
fn expand(selectors: &[String], origin: &str) -> Result<RuleSet, String> {
    let mut out = RuleSet::new();
    for selector in selectors {
        let selector = selector.trim();
        match registry::matching(selector) {
            Some(found) => out.extend(found),
            None => {
                let hint = registry::suggest(selector)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings of a `migcheck.toml` with `text`, in `/repo`.
    fn settings(text: &str) -> Settings {
        let path = Path::new("/repo/migcheck.toml");
        let loaded = config::parse_explicit(text, path, Path::new("migcheck.toml")).unwrap();
        Settings::resolve(Some(&loaded), &Overrides::default(), Path::new("/repo")).unwrap()
    }

    fn combined(base: &str, head: &str) -> (Settings, Vec<String>) {
        let (settings, held) = combine(settings(base), settings(head));
        (settings, held.into_iter().map(|held| held.key).collect())
    }

    #[test]
    fn the_head_can_turn_rules_on_never_off() {
        let (settings, held) = combined(
            "ignore = [\"MC505\"]\n",
            "ignore = [\"MC101\", \"MC201\"]\nextend-select = [\"MC104\"]\n[severity]\nMC502 = \"off\"\n",
        );
        for rule in [
            Rule::EditedMigration,
            Rule::RunPythonWithoutReverse,
            Rule::DropColumn,
        ] {
            assert!(settings.rules.contains(&rule), "{rule:?}");
        }
        // Tightening applies at once: a rule enabled, one the base ignores run again.
        assert!(settings.rules.contains(&Rule::ReformattedMigration));
        assert!(settings.rules.contains(&Rule::RenameTable));
        assert_eq!(held, ["select"]);
        let (_, held) = combined("", "extend-select = [\"MC104\"]\n");
        assert!(held.is_empty(), "{held:?}");
    }

    #[test]
    fn severities_are_the_stricter_of_the_two() {
        let (settings, held) = combined(
            "[severity]\nMC502 = \"error\"\nMC503 = \"info\"\n",
            "[severity]\nMC502 = \"info\"\nMC503 = \"error\"\nMC201 = \"warning\"\n",
        );
        assert_eq!(settings.severity(Rule::DropColumn), Severity::Error);
        assert_eq!(settings.severity(Rule::DropTable), Severity::Error);
        assert_eq!(
            settings.severity(Rule::RunPythonWithoutReverse),
            Severity::Error
        );
        assert_eq!(held, ["severity.MC201", "severity.MC502"]);
    }

    #[test]
    fn excludes_and_per_file_ignores_only_narrow() {
        let (settings, held) = combined(
            "extend-exclude = [\"legacy/**\"]\n[per-file-ignores]\n\"legacy/*\" = [\"MC201\", \"MC202\"]\n",
            "extend-exclude = [\"legacy/old/**\", \"shop/**\"]\n[per-file-ignores]\n\"legacy/*\" = [\"MC201\"]\n\"shop/*\" = [\"MC101\"]\n",
        );
        let excluded = |path: &str| settings.excludes.contains(&Path::new("/repo").join(path));
        assert!(excluded("legacy/old/migrations"));
        assert!(!excluded("legacy/new/migrations"));
        assert!(!excluded("shop/migrations"));
        assert!(excluded("node_modules"));
        let ignored = |path: &str, rule| settings.ignored_in_file(&format!("/repo/{path}"), rule);
        assert!(ignored("legacy/0001.py", Rule::RunPythonWithoutReverse));
        assert!(!ignored("legacy/0001.py", Rule::RunSqlWithoutReverse));
        assert!(!ignored("shop/0001.py", Rule::EditedMigration));
        assert_eq!(held, ["exclude", "per-file-ignores"]);
        // The head dropping the default excludes narrows them: no note.
        let (settings, held) = combined("", "exclude = []\n");
        assert!(!settings.excludes.contains(Path::new("/repo/node_modules")));
        assert!(held.is_empty(), "{held:?}");
    }

    #[test]
    fn the_base_keeps_what_decides_what_is_an_edit() {
        let (settings, held) = combined(
            "baseline = \"accepted.json\"\nrequire-suppression-reason = true\n[history]\nignore-attributes = [\"safe\"]\n[django.app-labels]\n\"shop\" = \"store\"\n",
            "baseline = \"mine.json\"\ndialect = \"sqlite\"\n[history]\nignore-attributes = [\"safe\", \"operations\"]\n[django]\nnullable-fields = [\"NullCharField\"]\n[django.app-labels]\n\"shop\" = \"shop\"\n\"blog\" = \"journal\"\n",
        );
        assert_eq!(settings.baseline, Path::new("/repo/accepted.json"));
        assert!(settings.require_suppression_reason);
        assert_eq!(settings.dialect, None);
        assert_eq!(settings.ignore_attributes, ["safe"]);
        assert!(settings.nullable_fields.is_empty());
        assert_eq!(settings.app_labels["shop/migrations"], "store");
        assert_eq!(settings.app_labels["blog/migrations"], "journal");
        assert_eq!(
            held,
            [
                "dialect",
                "baseline",
                "require-suppression-reason",
                "history.ignore-attributes",
                "django.nullable-fields",
                "django.app-labels",
            ]
        );
        // The same settings on both sides: nothing held.
        let same = "baseline = \"a.json\"\ndialect = \"mysql\"\n[per-file-dialect]\n\"x/*\" = \"sqlite\"\n";
        assert!(combined(same, same).1.is_empty());
    }

    #[test]
    fn show_settings_names_what_was_held() {
        let (settings, held) = combine(
            settings("[severity]\nMC502 = \"error\"\n"),
            settings("[severity]\nMC502 = \"info\"\n"),
        );
        let text = settings.describe(&held);
        assert!(
            text.contains("  MC502  drop-column                  error\n"),
            "{text}"
        );
        assert!(
            text.contains("  `severity.MC502`: the head's configuration lowers it to info; it stays error, as at the base\n"),
            "{text}"
        );
        assert!(
            text.starts_with("configuration: migcheck.toml (the head), migcheck.toml (the base)\n"),
            "{text}"
        );
    }
}

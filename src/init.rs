//! `migcheck init`: a starter configuration for the project found, the pre-push hook on
//! offer, and the "Migration safety" section for the project's AGENTS.md.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::InitArgs;
use crate::error::Error;
use crate::graph::Graph;
use crate::model::Dialect;
use crate::model::Framework;
use crate::pipeline::CheckOptions;
use crate::registry::Severity;
use crate::registry::{self, FrameworkScope, Rule};
use crate::{config, hook, pipeline};

/// What `init` learned about the project.
struct Project {
    django_apps: usize,
    django_migrations: usize,
    alembic_locations: usize,
    alembic_revisions: usize,
    /// The guessed dialect and the file that told.
    dialect: Option<(Dialect, String)>,
    /// The branch to compare with, e.g. `origin/main`.
    base: String,
}

impl Project {
    fn django(&self) -> bool {
        self.django_migrations > 0
    }

    fn alembic(&self) -> bool {
        self.alembic_revisions > 0
    }
}

pub fn run(args: InitArgs, cwd: &Path, out: &mut dyn Write) -> Result<u8, Error> {
    let root = crate::discover::absolute(args.path.as_deref().unwrap_or(Path::new(".")), cwd);
    if !root.is_dir() {
        return Err(Error::Usage(format!(
            "{} is not a directory",
            crate::discover::display_path(&root, cwd)
        )));
    }
    let project = survey(&root, args.base.clone())?;
    if args.agents_md {
        out.write_all(agents_section(&project).as_bytes())?;
        return Ok(0);
    }

    describe(&project, out)?;
    match configuration_in(&root)? {
        Some(existing) => writeln!(
            out,
            "{} already configures migcheck; left as it is",
            crate::discover::display_path(&existing, cwd)
        )?,
        None => {
            let (written, why_not) = write_configuration(&root, &project)?;
            if let Some(why_not) = why_not {
                writeln!(
                    out,
                    "pyproject.toml cannot take a [tool.migcheck] table as it is ({why_not}); left as it is"
                )?;
            }
            writeln!(
                out,
                "wrote a starter configuration to {} (every key: docs/configuration.md)",
                crate::discover::display_path(&written, cwd)
            )?;
        }
    }
    existing_findings(&root, out)?;
    offer_hook(&root, &args, out)?;

    writeln!(
        out,
        "\nPaste this into AGENTS.md (or print it alone with `migcheck init --agents-md`):\n"
    )?;
    out.write_all(agents_section(&project).as_bytes())?;
    Ok(0)
}

/// Finds the migrations, the database and the base branch.
fn survey(root: &Path, base: Option<String>) -> Result<Project, Error> {
    let options = CheckOptions {
        paths: vec![root.to_path_buf()],
        ..CheckOptions::default()
    };
    let mut migrations = Vec::new();
    for run in pipeline::Run::prepare_all(&options, root)? {
        migrations.extend(run.install(|| Ok(run.extract().migrations))?);
    }
    let graph = Graph::build(&migrations);
    let count = |django: bool| {
        migrations
            .iter()
            .filter(|m| matches!(m.framework, Framework::Django(_)) == django)
            .count()
    };
    let base = base.unwrap_or_else(|| {
        crate::history::open_repository(root)
            .ok()
            .and_then(|repo| hook::default_branch(&repo, "origin"))
            .unwrap_or_else(|| "main".to_string())
    });
    Ok(Project {
        django_apps: graph.apps.len(),
        django_migrations: count(true),
        alembic_locations: graph.locations.len(),
        alembic_revisions: count(false),
        dialect: guess_dialect(root),
        base,
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn describe(project: &Project, out: &mut dyn Write) -> std::io::Result<()> {
    let mut found = Vec::new();
    if project.django() {
        found.push(format!(
            "{} in {}",
            plural(
                project.django_migrations,
                "Django migration",
                "Django migrations"
            ),
            plural(project.django_apps, "app", "apps")
        ));
    }
    if project.alembic() {
        found.push(format!(
            "{} in {}",
            plural(
                project.alembic_revisions,
                "Alembic revision",
                "Alembic revisions"
            ),
            plural(
                project.alembic_locations,
                "script directory",
                "script directories"
            )
        ));
    }
    if found.is_empty() {
        writeln!(
            out,
            "found no Django migrations or Alembic revisions yet; the configuration is ready for them"
        )?;
    } else {
        writeln!(out, "found {}", found.join(" and "))?;
    }
    match &project.dialect {
        Some((dialect, source)) => writeln!(out, "database: {} (from {source})", dialect.as_str())?,
        None => writeln!(
            out,
            "database: not found in settings, alembic.ini or compose files; assuming postgresql"
        )?,
    }
    writeln!(out, "base branch: {}", project.base)
}

/// A configuration file in `root` itself (one above it is the parent project's).
fn configuration_in(root: &Path) -> Result<Option<PathBuf>, Error> {
    let loaded = config::load(None, root, root).map_err(|e| Error::Usage(e.to_string()))?;
    Ok(loaded
        .filter(|loaded| loaded.path.parent() == Some(root))
        .map(|loaded| loaded.path))
}

/// The starter configuration; `table` is `tool.migcheck` in `pyproject.toml`, `None` in
/// `migcheck.toml`.
fn starter(project: &Project, table: Option<&str>) -> String {
    let dialect = match &project.dialect {
        Some((dialect, source)) => format!("dialect = \"{}\"  # from {source}", dialect.as_str()),
        None => "# dialect = \"postgresql\"  # postgresql, mysql, sqlite or generic; unset: as the revisions say".to_string(),
    };
    let header = |name: Option<&str>| match (table, name) {
        (Some(table), Some(name)) => format!("[{table}.{name}]\n"),
        (Some(table), None) => format!("[{table}]\n"),
        (None, Some(name)) => format!("[{name}]\n"),
        (None, None) => String::new(),
    };
    format!(
        "{}# Written by `migcheck init`. Every key is described in migcheck's docs/configuration.md.
{dialect}
# The branch `migcheck` compares with when no --since is given. Set, a plain `migcheck`
# checks only what the branch changed (`--no-since` checks every migration); unset, it
# checks every migration.
# since = \"{base}\"
# Also report cosmetic edits (formatting, comments) of existing migrations:
# extend-select = [\"MC104\"]
# ignore = []
# extend-exclude = [\"legacy/**\"]

{}# MC502 = \"error\"  # error, warning, info or off

{}# \"legacy/migrations/*\" = [\"MC201\"]
",
        header(None),
        header(Some("severity")),
        header(Some("per-file-ignores")),
        base = project.base
    )
}

/// Appends `[tool.migcheck]` to `pyproject.toml` when there is one, else writes
/// `migcheck.toml`; also when `pyproject.toml` cannot take the table (its `tool` is an
/// inline table, or it does not parse), and then says why. The new text is checked before
/// anything is written, and replaces the file at once: a file is never left broken.
/// Returns the file written and, when it is not the `pyproject.toml` there, why not.
fn write_configuration(root: &Path, project: &Project) -> Result<(PathBuf, Option<String>), Error> {
    let pyproject = root.join("pyproject.toml");
    let mut why_not = None;
    if pyproject.is_file() {
        let mut text = std::fs::read_to_string(&pyproject)?;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push('\n');
        text.push_str(&starter(project, Some("tool.migcheck")));
        match config::parse(&text, &pyproject, &pyproject, true) {
            Ok(Some(_)) => {
                crate::source::write_atomically(&pyproject, text.as_bytes(), None)?;
                return Ok((pyproject, None));
            }
            Ok(None) => why_not = Some("its `tool` is not a table that takes more".to_string()),
            Err(error) => why_not = Some(error.message),
        }
    }
    let path = root.join("migcheck.toml");
    let text = starter(project, None);
    config::parse(&text, &path, &path, false).map_err(|e| Error::Usage(e.to_string()))?;
    crate::source::write_atomically(&path, text.as_bytes(), None)?;
    Ok((path, why_not))
}

/// Tells how many findings the existing migrations have, and how to accept them.
fn existing_findings(root: &Path, out: &mut dyn Write) -> Result<(), Error> {
    let options = CheckOptions {
        paths: vec![root.to_path_buf()],
        ..CheckOptions::default()
    };
    let report = crate::pipeline::check(&options, root)?;
    let (errors, warnings) = (
        report.count(Severity::Error),
        report.count(Severity::Warning),
    );
    if errors + warnings > 0 {
        writeln!(
            out,
            "the existing migrations have {} and {}: `migcheck` lists them; `migcheck baseline` accepts them so that later runs report only new ones",
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        )?;
    }
    Ok(())
}

fn offer_hook(root: &Path, args: &InitArgs, out: &mut dyn Write) -> Result<(), Error> {
    if args.no_hook || crate::history::open_repository(root).is_err() {
        return Ok(());
    }
    let install = args.hook || {
        let asking = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
        if asking {
            // What was said so far is buffered: it goes before the question, not after it.
            out.flush()?;
            write!(
                std::io::stderr(),
                "Install the git pre-push hook (checks the commits you push)? [y/N] "
            )?;
            let mut answer = String::new();
            std::io::stdin().lock().read_line(&mut answer)?;
            matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
        } else {
            false
        }
    };
    if install {
        if let Err(error) = hook::install(root, false, false, out) {
            writeln!(out, "the pre-push hook was not installed: {error}")?;
        }
    } else {
        writeln!(
            out,
            "the pre-push hook checks the commits you push: `migcheck hook install`"
        )?;
    }
    Ok(())
}

/// The dialect the project's settings, `alembic.ini`, `.env` or compose files name, and the
/// file that named it. Production engines win over SQLite, which projects often use for
/// development and tests.
fn guess_dialect(root: &Path) -> Option<(Dialect, String)> {
    const EVIDENCE: &[(&str, Dialect)] = &[
        ("django.db.backends.postgresql", Dialect::Postgresql),
        (
            "django.contrib.gis.db.backends.postgis",
            Dialect::Postgresql,
        ),
        ("postgresql://", Dialect::Postgresql),
        ("postgresql+", Dialect::Postgresql),
        ("postgres://", Dialect::Postgresql),
        ("postgis://", Dialect::Postgresql),
        ("image: postgres", Dialect::Postgresql),
        ("image: postgis/", Dialect::Postgresql),
        ("django.db.backends.mysql", Dialect::Mysql),
        ("django.contrib.gis.db.backends.mysql", Dialect::Mysql),
        ("mysql://", Dialect::Mysql),
        ("mysql+", Dialect::Mysql),
        ("mariadb+", Dialect::Mysql),
        ("image: mysql", Dialect::Mysql),
        ("image: mariadb", Dialect::Mysql),
        ("django.db.backends.sqlite3", Dialect::Sqlite),
        ("sqlite://", Dialect::Sqlite),
        ("sqlite+", Dialect::Sqlite),
    ];
    let mut found: Vec<(Dialect, String)> = Vec::new();
    let walk = ignore::WalkBuilder::new(root)
        .max_depth(Some(5))
        .hidden(false)
        .filter_entry(|entry| {
            !matches!(
                entry.file_name().to_str(),
                Some(".git" | ".venv" | "venv" | "node_modules" | "site-packages" | ".tox")
            )
        })
        .build();
    for entry in walk.flatten() {
        let path = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_file()) || !is_settings_like(path) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let text = text.to_ascii_lowercase();
        for (needle, dialect) in EVIDENCE {
            if text.contains(needle) && !found.iter().any(|(d, _)| d == dialect) {
                let shown = path.strip_prefix(root).unwrap_or(path);
                found.push((*dialect, crate::source::path_text(shown)));
            }
        }
    }
    found.sort_by_key(|(dialect, source)| {
        let rank = match dialect {
            Dialect::Postgresql => 0,
            Dialect::Mysql => 1,
            _ => 2,
        };
        (rank, source.clone())
    });
    found.into_iter().next()
}

/// Files that name a project's database: Django settings, Alembic's ini and env.py, `.env`
/// files and container compose files.
fn is_settings_like(path: &Path) -> bool {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_ascii_lowercase();
    let in_settings_dir = path
        .parent()
        .and_then(|p| p.file_name())
        .is_some_and(|n| n == "settings");
    (name.ends_with(".py") && (name.contains("settings") || in_settings_dir || name == "env.py"))
        || name == "alembic.ini"
        || name == ".env"
        || name.starts_with(".env.")
        || ((name.starts_with("docker-compose") || name.starts_with("compose"))
            && (name.ends_with(".yml") || name.ends_with(".yaml")))
}

/// The "Migration safety" section for AGENTS.md: the command an agent runs and what each
/// finding asks of it. Which rules it names, and which of them are warnings, come from the
/// rule registry, for the frameworks the project uses.
fn agents_section(project: &Project) -> String {
    let base = &project.base;
    let (django, alembic) = match (project.django(), project.alembic()) {
        (false, false) => (true, true),
        both => both,
    };
    let applies = |rule: Rule| match rule.scope() {
        FrameworkScope::Any => true,
        FrameworkScope::Django => django,
        FrameworkScope::Alembic => alembic,
    };
    // One item per line of the rules' docs (rules that share a line share an item), citing
    // the rules that run by default and apply to the project: what was done to migrations
    // that exist first, what is said of suppressions last, the rest in code order.
    let mut order: Vec<Rule> = registry::ALL
        .iter()
        .copied()
        .filter(|&rule| applies(rule) && rule.enabled_by_default())
        .collect();
    order.sort_by_key(|rule| match rule {
        _ if registry::HISTORY.contains(rule) => 0,
        Rule::UnusedSuppression | Rule::SuppressionWithoutReason => 2,
        _ => 1,
    });
    let mut items: Vec<(String, Vec<Rule>)> = Vec::new();
    for rule in order {
        let line = rule.agents_line().replace("`main`", &format!("`{base}`"));
        match items.iter_mut().find(|(text, _)| *text == line) {
            Some((_, rules)) => rules.push(rule),
            None => items.push((line, vec![rule])),
        }
    }
    let bullets = items.into_iter().map(|(line, rules)| {
        let line = line.strip_suffix('.').unwrap_or(&line);
        format!("{line} ({}).", cite_codes(rules.into_iter()))
    });

    let mut text = format!(
        "## Migration safety

Database migrations are checked with migcheck. It reads the migration files and the git
history only (no database, no network, no project imports), so it runs inside the sandbox.

Before you finish a change, and before every commit that touches a migration, run:

```sh
migcheck --since {base}
```

It must exit 0. Exit 1 means error findings: each names the file, line and rule code and says
what to do instead; fix them. Warnings are printed too but do not fail the check; follow their
`help:` line all the same. Exit 2 means the check could not run; the message says why.
`migcheck rule CODE` explains a rule; `migcheck --since {base} --format json` gives the
findings as JSON. The codes below are errors unless marked as warnings.

A suppression comment you add cannot hide what you did to an existing migration, and the
`[tool.migcheck]` configuration and the baseline file are read as they are on `{base}`: your
changes to them count only once merged.

"
    );
    for item in bullets {
        text.push_str(&list_item(&item));
    }
    text
}

/// A Markdown list item, wrapped at 95 columns with its later lines indented under the text.
/// A `code span` is never broken, so that a command reads and copies whole.
fn list_item(text: &str) -> String {
    let mut units: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match units.last_mut() {
            Some(unit) if unit.matches('`').count() % 2 == 1 => {
                unit.push(' ');
                unit.push_str(word);
            }
            _ => units.push(word.to_string()),
        }
    }
    let mut item = String::from("-");
    let mut width = 1;
    for unit in units {
        if width > 1 && width + 1 + unit.len() > 95 {
            item.push_str("\n ");
            width = 1;
        }
        item.push(' ');
        item.push_str(&unit);
        width += 1 + unit.len();
    }
    item.push('\n');
    item
}

/// The codes of the rules that run by default, errors first, then the others under their
/// severity: `MC203, MC204; warning: MC205`.
fn cite_codes(rules: impl Iterator<Item = Rule>) -> String {
    let rules: Vec<Rule> = rules.filter(|rule| rule.enabled_by_default()).collect();
    let mut groups = Vec::new();
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let codes: Vec<&str> = rules
            .iter()
            .filter(|rule| rule.default_severity() == severity)
            .map(|rule| rule.code())
            .collect();
        if codes.is_empty() {
            continue;
        }
        let codes = codes.join(", ");
        groups.push(match severity {
            Severity::Error => codes,
            _ => format!("{}: {codes}", severity.as_str()),
        });
    }
    groups.join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(django: bool, alembic: bool) -> Project {
        Project {
            django_apps: usize::from(django),
            django_migrations: usize::from(django),
            alembic_locations: usize::from(alembic),
            alembic_revisions: usize::from(alembic),
            dialect: None,
            base: "origin/main".to_string(),
        }
    }

    #[test]
    fn agents_section_names_the_rules_that_apply_with_their_severity() {
        for (django, alembic) in [(true, false), (false, true), (true, true)] {
            let text = agents_section(&project(django, alembic));
            for &rule in registry::ALL {
                let applies = rule.enabled_by_default()
                    && match rule.scope() {
                        FrameworkScope::Any => true,
                        FrameworkScope::Django => django,
                        FrameworkScope::Alembic => alembic,
                    };
                let code = rule.code();
                let context = format!("{code} (django: {django}, alembic: {alembic}):\n{text}");
                assert_eq!(text.contains(code), applies, "{context}");
                // Named once, in a group that says whether it is a warning.
                if let Some(at) = text.find(code) {
                    assert_eq!(text.matches(code).count(), 1, "{context}");
                    let group = &text[text[..at].rfind('(').unwrap()..at];
                    let warning = rule.default_severity() == Severity::Warning;
                    assert_eq!(group.contains("warning:"), warning, "{context}");
                }
            }
        }
    }

    #[test]
    fn list_items_wrap_between_code_spans() {
        let text = format!("{} `git fetch --unshallow origin` end", "word ".repeat(16));
        assert_eq!(
            list_item(&text),
            format!(
                "- {}\n  `git fetch --unshallow origin` end\n",
                "word ".repeat(16).trim_end()
            )
        );
    }

    #[test]
    fn codes_are_cited_errors_first_then_by_severity() {
        use crate::registry::Rule::*;
        let rules = [
            DowngradeMismatch,
            MissingDowngrade,
            EmptyDowngrade,
            ReformattedMigration,
        ];
        assert_eq!(
            cite_codes(rules.into_iter()),
            "MC203, MC204; warning: MC205"
        );
    }

    #[test]
    fn settings_like_files() {
        for path in [
            "shop/settings.py",
            "config/settings/production.py",
            "app/test_settings.py",
            "alembic.ini",
            "migrations/env.py",
            ".env",
            ".env.example",
            "docker-compose.yml",
            "compose.yaml",
        ] {
            assert!(is_settings_like(Path::new(path)), "{path}");
        }
        for path in ["shop/models.py", "README.md", "config/urls.py"] {
            assert!(!is_settings_like(Path::new(path)), "{path}");
        }
    }
}

//! migcheck: static safety checks for Django and Alembic database migrations.
//!
//! The pipeline runs one way: cli → config → discover → parse+extract → rules → render.

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod discover;
pub mod extract;
pub mod graph;
pub mod history;
pub mod hook;
pub mod model;
pub mod render;
pub mod rules;
pub mod settings;
pub mod source;

use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cli::{CheckArgs, Cli, ColorChoice, Command, HookCommand};
use crate::diagnostic::{Report, Severity};
use crate::discover::FileRef;
use crate::extract::Extracted;
use crate::model::{ChangeKind, Edit, Framework, HistoryChange, Migration};
use crate::settings::{Overrides, Settings};

/// Why a run could not be done: exit 2.
#[derive(Debug)]
pub enum Error {
    /// A message for the user: bad flag value, bad configuration, missing path.
    Usage(String),
    /// Reading or writing failed.
    Io(std::io::Error),
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Error::Usage(message) => f.write_str(message),
            Error::Io(error) => write!(f, "{error}"),
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(error: std::io::Error) -> Self {
        Error::Io(error)
    }
}

impl From<config::ConfigError> for Error {
    fn from(error: config::ConfigError) -> Self {
        Error::Usage(error.to_string())
    }
}

impl From<history::HistoryError> for Error {
    fn from(error: history::HistoryError) -> Self {
        Error::Usage(error.to_string())
    }
}

impl From<discover::DiscoverError> for Error {
    fn from(error: discover::DiscoverError) -> Self {
        Error::Usage(error.to_string())
    }
}

/// What to check, and how.
#[derive(Debug, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub overrides: Overrides,
    pub config: Option<PathBuf>,
    pub jobs: Option<usize>,
    /// Check this commit instead of the working tree.
    pub head: Option<String>,
}

/// Runs the command line; returns the exit code (0 clean, 1 error findings).
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8, Error> {
    match cli.command {
        Some(Command::Rule { code }) => {
            let rule = rules::Rule::from_code_or_name(&code).ok_or_else(|| {
                let hint = rules::suggest(&code)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                Error::Usage(format!(
                    "unknown rule `{code}`{hint} (`migcheck rules` lists them)"
                ))
            })?;
            out.write_all(rule.doc().as_bytes())?;
            Ok(0)
        }
        Some(Command::Rules) => {
            for &rule in rules::ALL {
                let severity = if rule.enabled_by_default() {
                    rule.default_severity().as_str()
                } else {
                    "off"
                };
                writeln!(
                    out,
                    "{}  {:<28} {:<8} {}",
                    rule.code(),
                    rule.name(),
                    severity,
                    rule.summary()
                )?;
            }
            Ok(0)
        }
        Some(Command::Check(args)) => run_check(args, out),
        Some(Command::Hook(command)) => {
            let cwd = std::env::current_dir()?;
            match command {
                HookCommand::Install { force, chain } => hook::install(&cwd, force, chain, out),
                HookCommand::Uninstall => hook::uninstall(&cwd, out),
                HookCommand::PrePush { remote, .. } => {
                    hook::pre_push(&cwd, remote.as_deref(), &mut std::io::stdin().lock(), out)
                }
            }
        }
        None => run_check(cli.check, out),
    }
}

fn run_check(args: CheckArgs, out: &mut dyn Write) -> Result<u8, Error> {
    let cwd = std::env::current_dir()?;
    let options = CheckOptions {
        paths: args.paths,
        overrides: Overrides {
            select: args.select,
            ignore: args.ignore,
            since: args.since,
        },
        config: args.config,
        jobs: args.jobs,
        head: args.head,
    };
    let report = check(&options, &cwd)?;
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    let render_options = render::RenderOptions {
        color,
        quiet: args.quiet,
        statistics: args.statistics,
    };
    render::render(&report, args.format, render_options, out)?;
    let failed = report.count(Severity::Error) > 0;
    Ok(u8::from(failed && !args.exit_zero))
}

/// Checks the migrations under `options.paths` (default: `cwd`).
pub fn check(options: &CheckOptions, cwd: &Path) -> Result<Report, Error> {
    let loaded = config::load(options.config.as_deref(), cwd)?;
    let settings =
        Settings::resolve(loaded.as_ref(), &options.overrides, cwd).map_err(|e| match &loaded {
            Some(loaded) => Error::Usage(format!("{}: {e}", loaded.path.display())),
            None => Error::Usage(e),
        })?;

    let git = if settings.since.is_some() || options.head.is_some() {
        Some(history::Repo::discover(cwd)?)
    } else {
        None
    };
    let range = match (&git, &settings.since) {
        (Some(repo), Some(since)) => Some(repo.range(since, options.head.as_deref())?),
        _ => None,
    };
    let head_commit = match (&git, &options.head) {
        (Some(repo), Some(head)) => Some(repo.commit(head, "--head")?),
        _ => None,
    };
    let checkout = Checkout::new(git.as_ref(), head_commit.is_some(), cwd);

    let candidates = match (&git, head_commit) {
        (Some(repo), Some(commit)) => {
            let files = repo.tree_files(commit)?;
            let paths: Vec<String> = options
                .paths
                .iter()
                .map(|path| checkout.repo_path(path))
                .collect();
            discover::discover_tree(&files, &paths, &checkout.cwd_in_repo, &settings.excludes)?
        }
        _ => {
            let paths = if options.paths.is_empty() {
                vec![PathBuf::from(".")]
            } else {
                options.paths.clone()
            };
            discover::discover(&paths, cwd, &settings.excludes)?
        }
    };
    let changes = match (&git, &range) {
        (Some(repo), Some(range)) => Some(repo.changes(range)?),
        _ => None,
    };
    let git_dir = git.as_ref().map(|repo| repo.git_dir().to_path_buf());
    let read = |file: &FileRef| match file {
        FileRef::Disk(path) => std::fs::read(path),
        FileRef::Blob(oid) => match &git_dir {
            Some(git_dir) => history::read_blob(git_dir, *oid),
            None => Err(std::io::Error::other("no repository to read from")),
        },
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        // Deeply nested source recurses deeply in the parser.
        .stack_size(64 << 20)
        .build()
        .map_err(|e| Error::Io(std::io::Error::other(e)))?;
    pool.install(|| {
        let extracted: Vec<Extracted> = candidates
            .par_iter()
            .map(|candidate| extract::extract(candidate, read(&candidate.file)))
            .collect();

        let mut report = Report {
            files: candidates.len(),
            ..Report::default()
        };
        let mut migrations = Vec::new();
        let mut strays = Vec::new();
        for (outcome, candidate) in extracted.into_iter().zip(&candidates) {
            match outcome {
                Extracted::Migration(migration) => migrations.push(*migration),
                Extracted::Broken(diagnostic) => report.diagnostics.push(*diagnostic),
                Extracted::NotMigration => {
                    strays.extend(candidate.django.as_ref().map(|place| rules::Stray {
                        path: candidate.path.clone(),
                        directory: place.directory.clone(),
                        name: place.name.clone(),
                    }))
                }
            }
        }
        report.migrations = migrations.len();

        let mut labels = apps_py_labels(&candidates, &read);
        labels.extend(settings.app_labels.clone());
        extract::django::resolve_app_labels(&mut migrations, &labels);

        // With --since, content rules look at new files only; history rules at old ones.
        let scope = changes.as_ref().map(|changes| {
            let show = |path: &str| checkout.show(path);
            let changed: HashSet<String> = changes
                .iter()
                .filter_map(|change| change.new_path.as_deref())
                .map(show)
                .collect();
            let added: HashSet<String> = changes
                .iter()
                .filter(|change| change.kind == history::ChangeKind::Added)
                .filter_map(|change| change.new_path.as_deref())
                .map(show)
                .collect();
            (changed, added)
        });
        if let Some((changed, _)) = &scope {
            report.diagnostics.retain(|d| changed.contains(&d.path));
        }

        let findings: Vec<_> = migrations
            .par_iter()
            .filter(|migration| {
                scope
                    .as_ref()
                    .is_none_or(|(_, added)| added.contains(&migration.path))
            })
            .flat_map_iter(|migration| {
                let mut out = Vec::new();
                rules::check_migration(migration, &settings.rules, &mut out);
                out
            })
            .collect();
        report.diagnostics.extend(findings);

        // Graph rules always see the whole tree.
        let graph = graph::Graph::build(&migrations);
        rules::check_graph(
            &migrations,
            &graph,
            &strays,
            &settings.rules,
            &mut report.diagnostics,
        );

        if let (Some(changes), Some(range)) = (&changes, &range) {
            let history = history_changes(
                changes,
                &migrations,
                &candidates,
                &checkout,
                &labels,
                &settings,
                &read,
            );
            rules::check_history(
                &history,
                &migrations,
                &range.base_name,
                &settings.rules,
                &mut report.diagnostics,
            );
        }
        finish(&mut report, &settings);
        Ok(report)
    })
}

/// Where the run stands in the repository, to show repository paths as the user expects.
struct Checkout {
    /// The work tree, when files are read from it.
    workdir: Option<PathBuf>,
    /// The working directory's place in the repository, `/`-separated (`""` at the root).
    cwd_in_repo: String,
    cwd: PathBuf,
}

impl Checkout {
    fn new(repo: Option<&history::Repo>, from_commit: bool, cwd: &Path) -> Self {
        let workdir = repo.and_then(|repo| repo.workdir()).map(Path::to_path_buf);
        let in_git_dir = repo.is_some_and(|repo| {
            let (Ok(git_dir), Ok(cwd)) = (repo.git_dir().canonicalize(), cwd.canonicalize()) else {
                return false;
            };
            cwd.starts_with(git_dir)
        });
        let cwd_in_repo = workdir
            .as_deref()
            .filter(|_| !in_git_dir)
            .and_then(|workdir| {
                let workdir = workdir.canonicalize().ok()?;
                let cwd = cwd.canonicalize().ok()?;
                Some(
                    cwd.strip_prefix(workdir)
                        .ok()?
                        .to_string_lossy()
                        .replace('\\', "/"),
                )
            })
            .unwrap_or_default();
        Self {
            workdir: if from_commit { None } else { workdir },
            cwd_in_repo,
            cwd: cwd.to_path_buf(),
        }
    }

    /// A repository path as shown to the user.
    fn show(&self, repo_path: &str) -> String {
        match &self.workdir {
            Some(workdir) => discover::display_path(&workdir.join(repo_path), &self.cwd),
            None => {
                let root = Path::new("/");
                let shown =
                    discover::display_path(&root.join(repo_path), &root.join(&self.cwd_in_repo));
                // Outside the working directory's part of the tree: the repository path.
                if shown.starts_with('/') {
                    repo_path.to_string()
                } else {
                    shown
                }
            }
        }
    }

    /// A command-line path as a repository path (for `--head`).
    fn repo_path(&self, path: &Path) -> String {
        let root = Path::new("/");
        let absolute = discover::absolute(path, &root.join(&self.cwd_in_repo));
        absolute
            .strip_prefix(root)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default()
    }

    /// Where a repository path would be, for directory names (real or not).
    fn absolute(&self, repo_path: &str) -> PathBuf {
        match &self.workdir {
            Some(workdir) => workdir.join(repo_path),
            None => Path::new("/").join(repo_path),
        }
    }
}

/// The migrations that existed at the base and were changed, deleted or renamed since.
fn history_changes(
    changes: &[history::Change],
    migrations: &[Migration],
    candidates: &[discover::Candidate],
    checkout: &Checkout,
    labels: &HashMap<String, String>,
    settings: &Settings,
    read: &(dyn Fn(&FileRef) -> std::io::Result<Vec<u8>> + Sync),
) -> Vec<HistoryChange> {
    let by_path: HashMap<&str, &Migration> =
        migrations.iter().map(|m| (m.path.as_str(), m)).collect();
    changes
        .par_iter()
        .filter_map(|change| {
            let kind = match change.kind {
                history::ChangeKind::Added => return None,
                history::ChangeKind::Modified => ChangeKind::Modified,
                history::ChangeKind::Deleted => ChangeKind::Deleted,
                history::ChangeKind::Renamed => ChangeKind::Renamed,
            };
            let old_path = change.old_path.as_deref()?;
            let place = discover::Place {
                absolute: checkout.absolute(old_path),
                path: checkout.show(old_path),
                explicit: false,
            };
            let candidate = discover::classify(FileRef::Disk(PathBuf::new()), place, &|_| None)?;
            let Extracted::Migration(old) = extract::extract(&candidate, Ok(change.old.clone()?))
            else {
                return None;
            };
            let mut old = *old;
            if let Framework::Django(django) = &mut old.framework
                && let Some(label) = labels.get(&django.directory)
            {
                django.app_label.clone_from(label);
            }
            let new_path = change.new_path.as_deref().map(|p| checkout.show(p));
            let new = new_path.as_deref().and_then(|p| by_path.get(p).copied());
            let new_text = match (new, &new_path) {
                (Some(new), _) => Some(new.source.text().to_string()),
                (None, Some(path)) => candidates
                    .iter()
                    .find(|c| &c.path == path)
                    .and_then(|c| read(&c.file).ok())
                    .and_then(|bytes| String::from_utf8(bytes).ok()),
                (None, None) => None,
            };
            let edit = new_path.as_ref().map(|_| {
                let old_form = extract::normalize(old.source.text(), &settings.ignore_attributes);
                let new_form = new_text
                    .as_deref()
                    .and_then(|text| extract::normalize(text, &settings.ignore_attributes));
                match (old_form, new_form) {
                    (Some(old_form), Some(new_form)) => match old_form.difference(&new_form) {
                        None => Edit::Cosmetic,
                        Some((what, line)) => Edit::Semantic { what, line },
                    },
                    _ => Edit::Semantic {
                        what: "it no longer parses".to_string(),
                        line: 1,
                    },
                }
            });
            let new_location = new.and_then(|new| match &new.framework {
                Framework::Alembic(alembic) => Some(alembic.location.clone()),
                Framework::Django(_) => None,
            });
            Some(HistoryChange {
                kind,
                old,
                new_path,
                new_location,
                new_anchor: new.map(|new| new.anchor),
                new_source: new.map(|new| std::sync::Arc::clone(&new.source)),
                new_name: new.map(Migration::display_name),
                edit,
            })
        })
        .collect()
}

/// The `label` of each Django app's AppConfig, per `migrations/` directory.
fn apps_py_labels(
    candidates: &[discover::Candidate],
    read: &dyn Fn(&FileRef) -> std::io::Result<Vec<u8>>,
) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    for place in candidates.iter().filter_map(|c| c.django.as_ref()) {
        if labels.contains_key(&place.directory) {
            continue;
        }
        let label = place
            .apps_py
            .as_ref()
            .and_then(|file| read(file).ok())
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .and_then(|text| extract::apps_py_label(&text));
        if let Some(label) = label {
            labels.insert(place.directory.clone(), label);
        }
    }
    labels
}

/// Applies rule selection and severities, and puts findings in output order.
fn finish(report: &mut Report, settings: &Settings) {
    report
        .diagnostics
        .retain(|d| settings.rules.contains(&d.rule));
    for diagnostic in &mut report.diagnostics {
        if let Some(severity) = settings.configured_severity(diagnostic.rule) {
            diagnostic.severity = severity;
        }
    }
    report.diagnostics.sort_by(|a, b| {
        a.sort_key()
            .cmp(&b.sort_key())
            .then(a.message.cmp(&b.message))
    });
    report.diagnostics.dedup();
}

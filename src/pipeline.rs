//! The pipeline of one run, stage by stage: configuration, discovery (and history), parse
//! and extract in parallel, rules, and the last touches before rendering.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Report};
use crate::discover::{self, Candidate, FileRef};
use crate::extract::{self, Extracted};
use crate::graph::Graph;
use crate::model::{ChangeKind, Edit, Framework, HistoryChange, Migration};
use crate::settings::Settings;
use crate::{CheckOptions, Error, config, history, rules};

/// Runs with fewer files than this finish before a progress line would help.
const PROGRESS_FROM: usize = 2000;

/// A line on standard error that counts the files parsed, redrawn a few times a second and
/// cleared when dropped.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    painter: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start(total: usize) -> Self {
        use std::sync::atomic::Ordering;
        let done = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (seen, halt) = (done.clone(), stop.clone());
        let painter = std::thread::spawn(move || {
            while !halt.load(Ordering::Relaxed) {
                eprint!(
                    "\rmigcheck: parsed {} of {total} files",
                    seen.load(Ordering::Relaxed)
                );
                std::thread::sleep(std::time::Duration::from_millis(150));
            }
            eprint!("\r\x1b[2K");
        });
        Progress {
            done,
            stop,
            painter: Some(painter),
        }
    }

    fn tick(&self) {
        self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(painter) = self.painter.take() {
            let _ = painter.join();
        }
    }
}

/// Everything known before any file is parsed.
pub struct Run {
    pub settings: Settings,
    range: Option<history::Range>,
    checkout: Checkout,
    candidates: Vec<Candidate>,
    changes: Option<Vec<history::Change>>,
    git_dir: Option<PathBuf>,
    jobs: Option<usize>,
    use_baseline: bool,
    progress: bool,
}

/// What parsing and extraction found.
pub struct Extraction {
    pub migrations: Vec<Migration>,
    /// Modules in Django migrations packages that are not migrations.
    pub strays: Vec<rules::Stray>,
    /// MC001 findings.
    pub broken: Vec<Diagnostic>,
    /// App label per `migrations/` directory, from `apps.py` and the configuration.
    labels: HashMap<String, String>,
    /// Suppression comments in files that are not migrations.
    stray_suppressions: HashMap<String, Vec<crate::suppress::Suppression>>,
}

impl Run {
    pub fn prepare(options: &CheckOptions, cwd: &Path) -> Result<Self, Error> {
        let loaded = config::load(options.config.as_deref(), cwd)?;
        let settings = Settings::resolve(loaded.as_ref(), &options.overrides, cwd).map_err(
            |e| match &loaded {
                Some(loaded) => Error::Usage(format!("{}: {e}", loaded.path.display())),
                None => Error::Usage(e),
            },
        )?;

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
        Ok(Run {
            settings,
            range,
            checkout,
            candidates,
            changes,
            git_dir,
            jobs: options.jobs,
            use_baseline: !options.no_baseline,
            progress: options.progress,
        })
    }

    /// Runs `work` on a thread pool of `--jobs` threads with room for deep recursion.
    pub fn install<T: Send>(
        &self,
        work: impl FnOnce() -> Result<T, Error> + Send,
    ) -> Result<T, Error> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.jobs.unwrap_or(0))
            // Deeply nested source recurses deeply in the parser.
            .stack_size(64 << 20)
            .build()
            .map_err(|e| Error::Io(std::io::Error::other(e)))?;
        pool.install(work)
    }

    fn read(&self, file: &FileRef) -> std::io::Result<Vec<u8>> {
        match file {
            FileRef::Disk(path) => std::fs::read(path),
            FileRef::Blob(oid) => match &self.git_dir {
                Some(git_dir) => history::read_blob(git_dir, *oid),
                None => Err(std::io::Error::other("no repository to read from")),
            },
        }
    }

    /// Parses and extracts every candidate, in parallel.
    pub fn extract(&self) -> Extraction {
        let progress = (self.progress && self.candidates.len() >= PROGRESS_FROM)
            .then(|| Progress::start(self.candidates.len()));
        let extracted: Vec<Extracted> = self
            .candidates
            .par_iter()
            .map(|candidate| {
                let outcome =
                    extract::extract(candidate, self.read(&candidate.file), self.settings.dialect);
                if let Some(progress) = &progress {
                    progress.tick();
                }
                outcome
            })
            .collect();
        drop(progress);
        let mut migrations = Vec::new();
        let mut strays = Vec::new();
        let mut broken = Vec::new();
        let mut stray_suppressions = HashMap::new();
        for (outcome, candidate) in extracted.into_iter().zip(&self.candidates) {
            match outcome {
                Extracted::Migration(migration) => migrations.push(*migration),
                Extracted::Broken(diagnostic) => broken.push(*diagnostic),
                Extracted::NotMigration { suppressions } => {
                    if !suppressions.is_empty() {
                        stray_suppressions.insert(candidate.path.clone(), suppressions);
                    }
                    strays.extend(candidate.django.as_ref().map(|place| rules::Stray {
                        path: candidate.path.clone(),
                        directory: place.directory.clone(),
                        name: place.name.clone(),
                    }))
                }
            }
        }
        extract::django::drop_lone_imported(&mut migrations);
        let mut labels = app_config_labels(&self.candidates, &|file| self.read(file));
        labels.extend(self.settings.app_labels.clone());
        extract::django::resolve_app_labels(&mut migrations, &labels);
        Extraction {
            migrations,
            strays,
            broken,
            labels,
            stray_suppressions,
        }
    }

    /// The whole check: every rule over what extraction found.
    pub fn check(&self) -> Result<Report, Error> {
        let Extraction {
            migrations,
            strays,
            broken,
            labels,
            stray_suppressions,
        } = self.extract();
        let settings = &self.settings;
        // Files read only so that the graph of a named file's app is whole.
        let context: HashSet<&str> = self
            .candidates
            .iter()
            .filter(|candidate| candidate.context)
            .map(|candidate| candidate.path.as_str())
            .collect();
        let named = |path: &str| !context.contains(path);
        let mut report = Report {
            files: self.candidates.len() - context.len(),
            migrations: migrations.iter().filter(|m| named(&m.path)).count(),
            checked: migrations
                .iter()
                .filter(|m| named(&m.path))
                .map(|m| m.path.clone())
                .collect(),
            diagnostics: broken.into_iter().filter(|d| named(&d.path)).collect(),
            baselined: 0,
        };

        // With --since, content rules look at new files only; history rules at old ones.
        let scope = self.changes.as_ref().map(|changes| {
            let show = |path: &str| self.checkout.show(path);
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

        // The graph, and the Django model state replayed along it.
        let graph = Graph::build(&migrations);
        let mut migrations = migrations;
        crate::state::replay(&mut migrations, &graph);

        let findings: Vec<_> = migrations
            .par_iter()
            .filter(|migration| {
                named(&migration.path)
                    && scope
                        .as_ref()
                        .is_none_or(|(_, added)| added.contains(&migration.path))
            })
            .flat_map_iter(|migration| {
                let mut out = Vec::new();
                rules::check_migration(migration, &settings.rules, settings.dialect, &mut out);
                out
            })
            .collect();
        report.diagnostics.extend(findings);

        // Graph rules always see the whole tree. Of a named file's app, what concerns the app
        // as a whole is reported wherever it lands; what concerns one file, on named files.
        let mut graph_findings = Vec::new();
        rules::check_graph(
            &migrations,
            &graph,
            &strays,
            &settings.rules,
            &mut graph_findings,
        );
        let whole_app = [
            rules::Rule::ConflictingLeaves,
            rules::Rule::MultipleHeads,
            rules::Rule::DuplicateRevision,
        ];
        graph_findings.retain(|d| named(&d.path) || whole_app.contains(&d.rule));
        report.diagnostics.extend(graph_findings);

        if let (Some(changes), Some(range)) = (&self.changes, &self.range) {
            let history = history_changes(
                changes,
                &migrations,
                &self.candidates,
                &self.checkout,
                &labels,
                settings,
                &|file| self.read(file),
            );
            rules::check_history(
                &history,
                &migrations,
                &range.base_name,
                &settings.rules,
                &mut report.diagnostics,
            );
        }
        let mut suppressions = stray_suppressions;
        for migration in &migrations {
            if !migration.suppressions.is_empty() {
                suppressions.insert(migration.path.clone(), migration.suppressions.clone());
            }
        }
        let in_scope = |path: &str| {
            named(path)
                && scope
                    .as_ref()
                    .is_none_or(|(changed, _)| changed.contains(path))
        };
        finish(&mut report, settings, &suppressions, &in_scope);
        if self.use_baseline {
            let mut baseline =
                crate::baseline::Baseline::load(&settings.baseline).map_err(Error::Usage)?;
            report.baselined = baseline.apply(&mut report.diagnostics, &settings.cwd);
        }
        Ok(report)
    }
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
            let Extracted::Migration(old) =
                extract::extract(&candidate, Ok(change.old.clone()?), settings.dialect)
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

/// The `label` of each Django app's AppConfig (in `apps.py`, else `__init__.py`), per
/// `migrations/` directory.
fn app_config_labels(
    candidates: &[discover::Candidate],
    read: &dyn Fn(&FileRef) -> std::io::Result<Vec<u8>>,
) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    let mut seen = HashSet::new();
    for place in candidates.iter().filter_map(|c| c.django.as_ref()) {
        if !seen.insert(&place.directory) {
            continue;
        }
        let label = place.app_config.iter().find_map(|file| {
            let text = String::from_utf8(read(file).ok()?).ok()?;
            // Most `__init__.py` files say nothing of labels: no need to parse them.
            text.contains("label")
                .then(|| extract::app_config_label(&text))
                .flatten()
        });
        if let Some(label) = label {
            labels.insert(place.directory.clone(), label);
        }
    }
    labels
}

/// Applies rule selection and severities, and puts findings in output order.
pub fn finish(
    report: &mut Report,
    settings: &Settings,
    suppressions: &HashMap<String, Vec<crate::suppress::Suppression>>,
    in_scope: &dyn Fn(&str) -> bool,
) {
    report
        .diagnostics
        .retain(|d| settings.rules.contains(&d.rule));
    crate::suppress::apply(
        &mut report.diagnostics,
        suppressions,
        in_scope,
        &settings.rules,
    );
    report
        .diagnostics
        .retain(|d| !settings.ignored_in_file(&d.path, d.rule));
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

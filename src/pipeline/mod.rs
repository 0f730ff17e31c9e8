//! The pipeline of one run, stage by stage: configuration, discovery (and history), parse
//! and extract in parallel, rules, and the last touches before rendering.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

mod trusted;
use trusted::{short, tree_config, trusted};

use crate::diagnostic::{Diagnostic, Report};
use crate::discover::{self, Candidate, FileRef};
use crate::error::Error;
use crate::extract::{self, Extracted};
use crate::frameworks::django::state::Replay;
use crate::graph::Graph;
use crate::model::{Assumed, Dialect, Framework, Migration, Why};
use crate::progress::Progress;
use crate::settings::Overrides;
use crate::settings::Settings;
use crate::source::read_file;
use crate::{config, history, rules};

/// What to check, and how.
#[derive(Debug, Default)]
pub struct CheckOptions {
    pub paths: Vec<PathBuf>,
    pub overrides: Overrides,
    pub config: Option<PathBuf>,
    pub jobs: Option<usize>,
    /// Check this commit instead of the working tree.
    pub head: Option<String>,
    /// Report the findings the baseline accepts too (to write a new baseline).
    pub no_baseline: bool,
    /// Show a progress line on standard error while many files are parsed.
    pub progress: bool,
    /// Give every finding its fingerprint: the baseline file, SARIF and GitLab reports use
    /// them (a baseline file, when there is one, asks for them by itself).
    pub fingerprints: bool,
    /// Leave findings without their source line: only the human format shows it, and it
    /// costs reading each file with findings once more.
    pub no_snippets: bool,
    /// Paths that hold no migration at all are an error (a wrong path would pass).
    pub require_migrations: bool,
    /// Read every migration in full, not only for the graph's view (`--full-read`).
    pub full_read: bool,
}

/// Checks the migrations under `options.paths` (default: `cwd`): one run per configuration
/// the paths find, in one report.
pub fn check(options: &CheckOptions, cwd: &Path) -> Result<Report, Error> {
    let mut merged: Option<Report> = None;
    for run in Run::prepare_all(options, cwd)? {
        let report = run.install(|| run.check())?;
        drop_later(run);
        match &mut merged {
            Some(merged) => merged.merge(report),
            None => merged = Some(report),
        }
    }
    Ok(merged.unwrap_or_default())
}

/// The migrations of `paths` (each run of their configurations in its own thread pool), as
/// `read` reads them: for `migcheck graph` and `migcheck debug model`.
pub(crate) fn read_migrations(
    paths: Vec<PathBuf>,
    config: Option<PathBuf>,
    head: Option<String>,
    read: impl Fn(&Run) -> Vec<Migration> + Sync,
) -> Result<Vec<Migration>, Error> {
    let cwd = std::env::current_dir()?;
    let options = CheckOptions {
        paths,
        config,
        head,
        ..CheckOptions::default()
    };
    let mut migrations = Vec::new();
    for run in Run::prepare_all(&options, &cwd)? {
        migrations.extend(run.install(|| Ok(read(&run)))?);
    }
    Ok(migrations)
}

/// The fewest files of one group a thread takes at a time in the content phase.
const SHARE: usize = 64;

/// A result being worked out on a thread of its own.
type Pending<T> = std::thread::JoinHandle<Result<T, Error>>;

/// Everything known before any file is parsed.
pub struct Run {
    pub settings: Settings,
    /// What the head's configuration tried to loosen, held at the base's value (`--since`).
    pub held: Vec<crate::diagnostic::Held>,
    /// Under `--since`, the baseline file as committed at the base (how messages name it,
    /// and its text, if it exists there): the change's own cannot accept its findings.
    baseline_at_base: Option<BaselineAtBase>,
    /// The working directory relative to the repository's top, inside a git repository.
    repository_prefix: Option<String>,
    range: Option<history::Range>,
    checkout: history::Checkout,
    candidates: Vec<Candidate>,
    /// Version locations that Alembic configuration files name.
    alembic_locations: Vec<PathBuf>,
    /// What changed since the base, with `--since`: worked out while migrations are read.
    changes: Mutex<Option<Pending<history::Diff>>>,
    git_dir: Option<PathBuf>,
    jobs: Option<usize>,
    /// Read every candidate in full for the graph too (`--full-read`).
    full_read: bool,
    /// Why the paths hold nothing to check, under `--since`: an error unless the base had
    /// migrations there.
    empty_paths: Vec<String>,
    use_baseline: bool,
    progress: bool,
    /// Whether findings need their fingerprints.
    fingerprints: bool,
    /// Whether findings need their source line.
    snippets: bool,
}

/// What parsing and extraction found.
pub struct Extraction {
    pub migrations: Vec<Migration>,
    /// Modules in Django migrations packages that are not migrations.
    pub strays: Vec<rules::Stray>,
    /// MC001 findings.
    pub broken: Vec<Diagnostic>,
    /// Suppression comments in files that are not migrations.
    stray_suppressions: HashMap<String, Vec<crate::model::Suppression>>,
}

/// The checked paths that one configuration covers: a monorepo's projects have one each.
struct Project {
    /// As given (none: the working directory).
    paths: Vec<PathBuf>,
    /// Where the configuration was looked for from, upward.
    start: PathBuf,
    config: Option<config::Loaded>,
}

/// The baseline file as committed at the base: how messages name it, and its text if it
/// exists there.
type BaselineAtBase = (PathBuf, Option<String>);

/// The commit `--head` names: the repository, the revision as written, the commit.
type HeadCommit<'a> = (history::Repo, &'a str, git2::Oid);

/// The checked paths grouped by the configuration each finds: the nearest at or above it
/// (up to the repository's top), as on disk or in the `--head` commit's tree; one group
/// with `--config`, or with no paths (the working directory).
fn projects(
    options: &CheckOptions,
    cwd: &Path,
    head: Option<&HeadCommit>,
) -> Result<Vec<Project>, Error> {
    let top = head.map(|(repo, ..)| history::Checkout::new(Some(repo), true, cwd).top);
    let find = |start: &Path| -> Result<Option<config::Loaded>, Error> {
        match (head, &top, &options.config) {
            (Some((repo, rev, commit)), Some(top), None) => {
                tree_config(repo, rev, &|path| repo.blob_at(*commit, path), top, start)
            }
            _ => Ok(config::load(options.config.as_deref(), start, cwd)?),
        }
    };
    if options.paths.is_empty() || options.config.is_some() {
        return Ok(vec![Project {
            paths: options.paths.clone(),
            start: cwd.to_path_buf(),
            config: find(cwd)?,
        }]);
    }
    let mut projects: Vec<Project> = Vec::new();
    for path in &options.paths {
        let absolute = discover::absolute(path, cwd);
        let is_file = match (head, &top) {
            (Some((repo, _, commit)), Some(top)) => absolute
                .strip_prefix(top)
                .ok()
                .and_then(Path::to_str)
                .is_some_and(|path| repo.blob_at(*commit, path).is_some()),
            _ => absolute.is_file(),
        };
        let start = match is_file {
            true => absolute.parent().unwrap_or(&absolute).to_path_buf(),
            false => absolute,
        };
        let config = find(&start)?;
        let file = |loaded: &Option<config::Loaded>| loaded.as_ref().map(|l| l.path.clone());
        match projects
            .iter_mut()
            .find(|p| file(&p.config) == file(&config))
        {
            Some(project) => project.paths.push(path.clone()),
            None => projects.push(Project {
                paths: vec![path.clone()],
                start,
                config,
            }),
        }
    }
    Ok(projects)
}

impl Run {
    /// The runs a check takes: one per configuration that the checked paths find.
    pub fn prepare_all(options: &CheckOptions, cwd: &Path) -> Result<Vec<Self>, Error> {
        // With --head everything is read from that commit: the configuration too.
        let head = match &options.head {
            Some(rev) => {
                let repo = history::Repo::discover(cwd)?;
                let commit = repo.commit(rev, "--head")?;
                Some((repo, rev.as_str(), commit))
            }
            None => None,
        };
        let projects = projects(options, cwd, head.as_ref())?;
        let mut repo = head.map(|(repo, ..)| repo);
        projects
            .into_iter()
            .map(|project| Self::prepare(options, project, repo.take(), cwd))
            .collect()
    }

    fn prepare(
        options: &CheckOptions,
        project: Project,
        repo: Option<history::Repo>,
        cwd: &Path,
    ) -> Result<Self, Error> {
        let repo = match (repo, &options.head) {
            (None, Some(_)) => Some(history::Repo::discover(cwd)?),
            (repo, _) => repo,
        };
        let head_files = match (&repo, &options.head) {
            (Some(repo), Some(rev)) => Some(repo.tree_files(repo.commit(rev, "--head")?)?),
            _ => None,
        };
        let settings = Settings::resolve(project.config.as_ref(), &options.overrides, cwd)
            .map_err(Error::Usage)?;

        let git = match repo {
            None if settings.since.is_some() => Some(history::Repo::discover(cwd)?),
            repo => repo,
        };
        let range = match (&git, &settings.since) {
            (Some(repo), Some(since)) => Some(repo.range(since, options.head.as_deref())?),
            _ => None,
        };
        let checkout = history::Checkout::new(git.as_ref(), head_files.is_some(), cwd);
        let (settings, held, baseline_at_base) = match (&git, &range) {
            (Some(repo), Some(range)) => trusted(
                repo,
                range,
                settings,
                options,
                &project,
                &checkout,
                head_files.as_deref(),
            )?,
            _ => (settings, Vec::new(), None),
        };
        let paths = &project.paths;
        let scope = discover::PathScope::new(paths, cwd, &settings.excludes);

        let discovered = match (&head_files, &git) {
            (Some(files), Some(repo)) => {
                let git_dir = repo.git_dir().to_path_buf();
                discover::discover_tree(files, &checkout.top, &scope, &|oid| {
                    history::read_blob(&git_dir, oid).ok()
                })?
            }
            _ => {
                let mut discovered = discover::discover(&scope)?;
                if let Some(repo) = &git {
                    let left_out = repo.skip_worktree_files()?;
                    let git_dir = repo.git_dir().to_path_buf();
                    let read = |oid| history::read_blob(&git_dir, oid).ok();
                    discover::discover_left_out(
                        &left_out,
                        &checkout.top,
                        &scope,
                        &read,
                        &mut discovered,
                    );
                }
                discovered
            }
        };
        for warning in &discovered.warnings {
            // A standard error that cannot be written to loses the warning, not the run.
            let _ = writeln!(std::io::stderr(), "migcheck: warning: {warning}");
        }
        // Under `--since`, paths that hold no migration now may have held some at the base
        // (all deleted): judged once the history is known.
        let mut empty_paths = Vec::new();
        if options.require_migrations {
            let empty = scope.empty_paths(&discovered);
            if !empty.is_empty() {
                let shown: Vec<String> = empty
                    .iter()
                    .map(|path| format!("`{}`", discover::display_path(path, cwd)))
                    .collect();
                let message = format!(
                    "{} {} no migration to check (none in a Django `migrations/` package or an Alembic version location, or all are excluded), so the check would check nothing; name the paths that hold the migrations, or pass `--allow-empty` where there are none yet",
                    shown.join(", "),
                    if shown.len() == 1 { "holds" } else { "hold" }
                );
                if range.is_none() {
                    return Err(Error::Usage(message));
                }
                empty_paths.push(message);
            }
        }
        let git_dir = git.as_ref().map(|repo| repo.git_dir().to_path_buf());
        // Where the working directory is in the repository, for the formats that name paths
        // from its top.
        let top = match &git {
            Some(_) => Some(checkout.top.clone()),
            None => discover::repository_top(cwd).map(Path::to_path_buf),
        };
        let repository_prefix = top.and_then(|top| {
            let inside = cwd.strip_prefix(top).ok()?;
            Some(crate::source::path_text(inside))
        });
        // The diff against the base (which looks at every migration file in the work tree)
        // runs beside the reading of the migrations, which does not need it.
        let changes = match (git, &range) {
            (Some(repo), Some(range)) => {
                let (range, checkout, scope) = (range.clone(), checkout.clone(), scope.clone());
                let locations = discovered.locations.clone();
                Some(std::thread::spawn(move || {
                    Ok(history::assemble::diff(
                        &repo, &range, &checkout, &scope, &locations,
                    )?)
                }))
            }
            _ => None,
        };
        let has_baseline = match &baseline_at_base {
            Some((_, text)) => text.is_some(),
            None => settings.baseline.exists(),
        };
        let fingerprints = options.fingerprints || (!options.no_baseline && has_baseline);
        Ok(Run {
            settings,
            held,
            baseline_at_base,
            repository_prefix,
            range,
            checkout,
            candidates: discovered.candidates,
            alembic_locations: discovered.locations,
            changes: Mutex::new(changes),
            git_dir,
            jobs: options.jobs,
            full_read: options.full_read,
            empty_paths,
            use_baseline: !options.no_baseline,
            progress: options.progress,
            fingerprints,
            snippets: !options.no_snippets,
        })
    }

    /// What `--show-settings` prints for this run.
    pub fn describe(&self) -> String {
        let mut out = String::new();
        if let Some(range) = &self.range {
            out.push_str(&format!(
                "base: {} (the merge-base with `{}`)\n",
                short(range.base),
                range.base_name
            ));
        }
        out.push_str(&self.settings.describe(&self.held));
        out
    }

    /// What changed since the base (with `--since`), once the diff is done.
    fn changes(&self) -> Result<Option<history::Diff>, Error> {
        let pending = self.changes.lock().expect("no diff thread panics").take();
        match pending.map(std::thread::JoinHandle::join) {
            None => Ok(None),
            Some(Ok(changes)) => changes.map(Some),
            Some(Err(panic)) => std::panic::resume_unwind(panic),
        }
    }

    /// Runs `work` on a thread pool of `--jobs` threads with room for deep recursion, no
    /// more threads than there are files to read.
    pub fn install<T: Send>(
        &self,
        work: impl FnOnce() -> Result<T, Error> + Send,
    ) -> Result<T, Error> {
        let threads = self
            .jobs
            .map_or(0, |jobs| jobs.min(self.candidates.len().max(1)));
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            // Deeply nested source recurses deeply in the parser.
            .stack_size(64 << 20)
            .build()
            .map_err(|e| Error::Io(std::io::Error::other(e)))?;
        pool.install(work)
    }

    fn read(&self, file: &FileRef) -> std::io::Result<Vec<u8>> {
        match file {
            FileRef::Disk(path) => read_file(path),
            FileRef::Blob(oid) => match &self.git_dir {
                Some(git_dir) => history::read_blob(git_dir, *oid),
                None => Err(std::io::Error::other("no repository to read from")),
            },
        }
    }

    /// Reads a candidate into the model, in full (`extract::extract`) or for the graph
    /// (`crate::frameworks::extract_for_graph`); the text is let go once the model is built.
    fn read_model(
        &self,
        candidate: &Candidate,
        extract: fn(&Candidate, std::io::Result<Vec<u8>>, extract::Options) -> Extracted,
    ) -> Extracted {
        self.read_model_as(candidate, extract, None)
    }

    /// [`Self::read_model`], its SQL read as `dialect`'s when given.
    fn read_model_as(
        &self,
        candidate: &Candidate,
        extract: fn(&Candidate, std::io::Result<Vec<u8>>, extract::Options) -> Extracted,
        dialect: Option<Dialect>,
    ) -> Extracted {
        let contents = self.read(&candidate.file);
        let mut options = options_for(&self.settings, candidate);
        if let Some(dialect) = dialect {
            options.dialect = dialect;
        }
        let mut outcome = extract(candidate, contents, options);
        if let Extracted::Migration(migration) = &mut outcome {
            migration.source = None;
            migration.shrink_to_fit();
        }
        outcome
    }

    /// The graph's view of every candidate, in parallel: what the graph and history rules
    /// read (see `extract_for_graph`), which for most migrations is a few statements.
    pub fn extract(&self) -> Extraction {
        let extracted: Vec<Extracted> = self
            .candidates
            .par_iter()
            .map(|candidate| {
                let read = if self.full_read {
                    crate::frameworks::extract_in_full_for_graph
                } else {
                    crate::frameworks::extract_for_graph
                };
                self.read_model(candidate, read)
            })
            .collect();
        // Room for all at once: growing a vector of this many copies it, into fresh pages.
        let mut migrations = Vec::with_capacity(extracted.len());
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
        crate::frameworks::django::drop_lone_imported(&mut migrations);
        crate::frameworks::django::label(
            &mut migrations,
            &self.candidates,
            &self.settings.app_labels,
            &|file| self.read(file),
        );
        Extraction {
            migrations,
            strays,
            broken,
            stray_suppressions,
        }
    }

    /// The model of each migration named (not those read only for the graph), read in full
    /// as the content rules read it: what `migcheck debug model` prints.
    pub fn models(&self) -> Vec<Migration> {
        let mut migrations: Vec<Migration> = self
            .candidates
            .par_iter()
            .filter(|candidate| !candidate.context)
            .filter_map(
                |candidate| match self.read_model(candidate, crate::frameworks::extract) {
                    Extracted::Migration(migration) => Some(*migration),
                    _ => None,
                },
            )
            .collect();
        crate::frameworks::django::label(
            &mut migrations,
            &self.candidates,
            &self.settings.app_labels,
            &|file| self.read(file),
        );
        migrations
    }

    /// The whole check: every rule over what extraction found.
    pub fn check(&self) -> Result<Report, Error> {
        let Extraction {
            migrations,
            strays,
            broken,
            stray_suppressions,
        } = self.extract();
        let settings = &self.settings;
        // Files read only so that the graph of a named file's app is whole.
        let context: foldhash::HashSet<&str> = self
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
            ..Report::default()
        };

        let graph = Graph::build(&migrations);
        // Every candidate by its path: the content phase reads from it, and so does
        // `locate` for the source lines of findings.
        let candidates: foldhash::HashMap<&str, &Candidate> = self
            .candidates
            .iter()
            .map(|candidate| (candidate.path.as_str(), candidate))
            .collect();

        // With --since, content rules look at migrations new to databases only; history
        // rules at the base's.
        let ((history, conflicts), scope) = match self.changes()? {
            Some(diff) => {
                let file = |path: &str| candidates.get(path).map(|c| c.file.clone());
                let options = |candidate: &Candidate| options_for(settings, candidate);
                let history = history::judge(
                    &diff,
                    &history::AtHead {
                        migrations: &migrations,
                        locations: &self.alembic_locations,
                        app_labels: &settings.app_labels.clone().into_iter().collect(),
                        checkout: &self.checkout,
                        ignore_attributes: &settings.ignore_attributes,
                        options: &options,
                        read: &|file| self.read(file),
                        file: &file,
                    },
                );
                (
                    (history.changes, history.conflicts),
                    Some((history.changed, history.new)),
                )
            }
            None => ((Vec::new(), Vec::new()), None),
        };
        if let Some((changed, _)) = &scope {
            report.diagnostics.retain(|d| changed.contains(&d.path));
        }
        let django_apps = graph.django_labels(&migrations);
        let project = rules::Project {
            dialect: settings
                .dialect
                .map_or_else(Assumed::default_dialect, Assumed::configured),
            django_apps: &django_apps,
        };
        // Content rules read the migrations named on the command line and, with --since,
        // only those added since the base.
        let checked = |path: &str| {
            named(path) && scope.as_ref().is_none_or(|(_, added)| added.contains(path))
        };
        // Under --since, what a script directory's revisions say of their database is taken
        // from those the change leaves as they were: a revision it adds cannot make the
        // locking rules step aside.
        let unchanged = |path: &str| {
            scope
                .as_ref()
                .is_none_or(|(changed, _)| !changed.contains(path))
        };
        let (findings, unreadable) = self.content(
            &migrations,
            &candidates,
            &graph,
            &checked,
            &unchanged,
            &project,
        );
        // A file the graph's line scan could read but that does not parse as a whole is no
        // migration in the count, as a full read has it.
        if !unreadable.is_empty() {
            let broken: HashSet<&str> = unreadable.iter().map(|d| d.path.as_str()).collect();
            report
                .checked
                .retain(|path| !broken.contains(path.as_str()));
            report.migrations = report.checked.len();
        }
        report
            .diagnostics
            .extend(unreadable.into_iter().filter(|d| {
                named(&d.path)
                    && scope
                        .as_ref()
                        .is_none_or(|(changed, _)| changed.contains(&d.path))
            }));
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
            crate::registry::Rule::ConflictingLeaves,
            crate::registry::Rule::MultipleHeads,
            crate::registry::Rule::DuplicateRevision,
        ];
        graph_findings.retain(|d| named(&d.path) || whole_app.contains(&d.rule));
        report.diagnostics.extend(graph_findings);

        if let Some(message) = self.empty_paths.first()
            && history.is_empty()
        {
            return Err(Error::Usage(message.clone()));
        }
        if let Some(range) = &self.range {
            rules::check_history(
                &history,
                &conflicts,
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
        // Which comments were there at the base: only those may hide a history finding.
        for change in &history {
            let head = change
                .new_path
                .as_ref()
                .and_then(|p| suppressions.get_mut(p));
            if let Some(head) = head {
                crate::suppress::mark_at_base(head, &change.old.suppressions);
            }
        }
        drop(history);
        let in_scope = |path: &str| {
            named(path)
                && scope
                    .as_ref()
                    .is_none_or(|(changed, _)| changed.contains(path))
        };
        finish(&mut report, settings, &suppressions, &in_scope);
        self.locate(&mut report.diagnostics, &migrations, &candidates);
        if self.fingerprints {
            crate::baseline::fingerprint_all(&mut report.diagnostics);
        }
        if self.use_baseline {
            let mut baseline = match &self.baseline_at_base {
                Some((shown, text)) => {
                    crate::baseline::Baseline::parse(text.as_deref(), &settings.baseline, shown)
                }
                None => crate::baseline::Baseline::load(&settings.baseline),
            }
            .map_err(Error::Usage)?;
            report.baselined = baseline.apply(&mut report.diagnostics, &settings.cwd);
        }
        report.held = self.held.clone();
        report.repository_prefix = self.repository_prefix.clone();
        drop_later(migrations);
        Ok(report)
    }
}

/// Lets a large value go on a thread of its own: the answer need not wait for the frees of
/// every migration's view (20 ms at 50,000 migrations), and a process that exits first
/// hands the memory back all at once. Without a thread to be had, it goes here and now.
pub fn drop_later<T: Send + 'static>(value: T) {
    let _ = std::thread::Builder::new().spawn(move || drop(value));
}

/// Threads per core `--jobs` may ask for: the work is reading and parsing, so more threads
/// than cores gain nothing, and each thread reserves a deep stack.
const JOBS_PER_CORE: usize = 4;

/// `--jobs` as the run uses it: at most [`JOBS_PER_CORE`] threads per core (a warning says
/// when the number asked for is more). `0` is every core.
pub fn bounded_jobs(jobs: usize) -> usize {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let most = cores * JOBS_PER_CORE;
    if jobs <= most {
        return jobs;
    }
    // A standard error that cannot be written to loses the warning, not the run.
    let _ = writeln!(
        std::io::stderr(),
        "migcheck: warning: --jobs {jobs} is more threads than {cores} cores can use; running {most} ({JOBS_PER_CORE} per core)"
    );
    most
}

impl Run {
    /// The content rules' findings, and MC001 for files that turn out not to parse. The
    /// migrations they check are read in full: a Django app's all together, in the order
    /// Django applies them, so that its model state can be replayed; an Alembic script
    /// directory's all together, parents before children, for its schema replay. One group
    /// at a time per thread, let go once checked: a run holds the graph's view of the project
    /// and what it is checking, not every migration in full.
    fn content(
        &self,
        migrations: &[Migration],
        candidates: &foldhash::HashMap<&str, &Candidate>,
        graph: &Graph,
        checked: &(dyn Fn(&str) -> bool + Sync),
        unchanged: &dyn Fn(&str) -> bool,
        project: &rules::Project,
    ) -> (Vec<Diagnostic>, Vec<Diagnostic>) {
        let mut groups: Vec<Group> = graph
            .apps
            .iter()
            .filter(|app| app.members.iter().any(|&i| checked(&migrations[i].path)))
            .map(|app| Group {
                replayed: Replayed::Django(app.label.as_str()),
                members: crate::frameworks::django::state::order(app),
            })
            .collect();
        // An Alembic script directory's revisions all together, in graph order, for the
        // schema replay.
        let mut in_location = foldhash::HashSet::default();
        groups.extend(
            graph
                .locations
                .iter()
                .filter(|location| {
                    location
                        .members
                        .iter()
                        .any(|&i| checked(&migrations[i].path))
                })
                .map(|location| {
                    in_location.extend(location.members.iter().copied());
                    Group {
                        replayed: Replayed::Alembic(location),
                        members: crate::frameworks::alembic::state::order(location)
                            .into_iter()
                            .map(|i| (i, Replay::InTurn))
                            .collect(),
                    }
                }),
        );
        groups.extend(
            migrations
                .iter()
                .enumerate()
                .filter(|(i, m)| {
                    !matches!(m.framework, Framework::Django(_))
                        && !in_location.contains(i)
                        && checked(&m.path)
                })
                .map(|(i, _)| Group {
                    replayed: Replayed::Alone,
                    members: vec![(i, Replay::Not)],
                }),
        );
        // What each Alembic script directory's revisions say of their database, once per
        // directory, by member.
        let mut says: foldhash::HashMap<usize, std::sync::Arc<(Dialect, String)>> =
            foldhash::HashMap::default();
        for location in &graph.locations {
            let words = location
                .members
                .iter()
                .map(|&i| &migrations[i])
                .filter(|migration| unchanged(&migration.path))
                .filter_map(|migration| match &migration.framework {
                    Framework::Alembic(revision) => Some(&revision.dialect_words),
                    Framework::Django(_) => None,
                });
            if let Some(word) = crate::graph::says_dialect(words) {
                let word = std::sync::Arc::new(word);
                says.extend(
                    location
                        .members
                        .iter()
                        .map(|&i| (i, std::sync::Arc::clone(&word))),
                );
            }
        }
        // The database a migration is checked for: the configuration's or its place's; else
        // its script directory's word; else the default.
        let assumed = |i: usize| {
            let migration = &migrations[i];
            let location = match &migration.framework {
                Framework::Alembic(revision) => Some(revision.location.as_str()),
                Framework::Django(_) => None,
            };
            self.settings
                .dialect_of(&migration.path, location)
                .or_else(|| {
                    let (dialect, keyword) = &**says.get(&i)?;
                    Some(Assumed {
                        dialect: *dialect,
                        why: Why::Keyword(keyword.clone()),
                    })
                })
                .unwrap_or_else(|| project.dialect.clone())
        };
        let total = groups.iter().map(|group| group.members.len()).sum();
        let progress = self.progress.then(|| Progress::start(total)).flatten();
        // Largest first, one group a task: the last to finish are small. Within a group,
        // files are shared out in runs of `SHARE`, so that a project of one big app still
        // uses every core, while threads with groups of their own seldom take each other's
        // files (measured at 10,000 migrations on 2 cores: letting them take single files
        // made the content phase about 15% slower).
        groups.sort_by_key(|group| std::cmp::Reverse(group.members.len()));
        let results: Vec<(Vec<Diagnostic>, Vec<Diagnostic>)> = groups
            .par_iter()
            .with_max_len(1)
            .map(|Group { replayed, members }| {
                let read: Vec<Extracted> = members
                    .par_iter()
                    .with_min_len(SHARE)
                    .map(|&(i, _)| {
                        let outcome = match candidates.get(migrations[i].path.as_str()) {
                            Some(candidate) => self.read_model_as(
                                candidate,
                                crate::frameworks::extract,
                                Some(assumed(i).dialect),
                            ),
                            None => Extracted::NotMigration {
                                suppressions: Vec::new(),
                            },
                        };
                        if let Some(progress) = &progress {
                            progress.tick();
                        }
                        outcome
                    })
                    .collect();
                let mut full = Vec::new();
                let mut unreadable = Vec::new();
                for (&(i, replay), outcome) in members.iter().zip(read) {
                    match outcome {
                        Extracted::Migration(mut migration) => {
                            let assumed = assumed(i);
                            // The label the whole graph settled on.
                            if let (Framework::Django(django), Framework::Django(seen)) =
                                (&mut migration.framework, &migrations[i].framework)
                            {
                                django.app_label.clone_from(&seen.app_label);
                            }
                            full.push((i, replay, *migration, assumed));
                        }
                        Extracted::Broken(diagnostic) => unreadable.push(*diagnostic),
                        Extracted::NotMigration { .. } => {}
                    }
                }
                match replayed {
                    Replayed::Django(label) => {
                        let replayed = full
                            .iter_mut()
                            .map(|(_, replay, migration, _)| (*replay, migration));
                        crate::frameworks::django::state::replay(label, replayed);
                    }
                    Replayed::Alembic(location) => {
                        let replayed = full.iter_mut().map(|(i, _, migration, _)| (*i, migration));
                        crate::frameworks::alembic::state::replay(location, replayed);
                    }
                    Replayed::Alone => {}
                }
                let findings = full
                    .par_iter()
                    .with_min_len(SHARE)
                    .filter(|(_, _, migration, _)| checked(&migration.path))
                    .flat_map_iter(|(_, _, migration, assumed)| {
                        let mut out = Vec::new();
                        let project = rules::Project {
                            dialect: assumed.clone(),
                            ..*project
                        };
                        rules::check_migration(migration, &self.settings.rules, &project, &mut out);
                        out
                    })
                    .collect();
                (findings, unreadable)
            })
            .collect();
        drop(progress);
        let mut findings = Vec::new();
        let mut unreadable = Vec::new();
        for (found, broken) in results {
            findings.extend(found);
            unreadable.extend(broken);
        }
        (findings, unreadable)
    }

    /// Gives pending findings their source line (the human format shows it) and the text
    /// their fingerprint is made of, reading each file they are in once more; neither asked for, nothing
    /// is read. A file whose text changed since it was checked gets none: a line from
    /// the new text could be the wrong one.
    fn locate(
        &self,
        diagnostics: &mut [Diagnostic],
        migrations: &[Migration],
        candidates: &foldhash::HashMap<&str, &Candidate>,
    ) {
        if !self.snippets && !self.fingerprints {
            return;
        }
        let digests: foldhash::HashMap<&str, u64> = migrations
            .iter()
            .map(|migration| (migration.path.as_str(), migration.digest))
            .collect();
        // Findings are in path order: one group per file, each file read once and let go.
        let mut groups: Vec<&mut [Diagnostic]> = diagnostics
            .chunk_by_mut(|a, b| a.path == b.path)
            .filter(|group| group.iter().any(|d| d.pending))
            .collect();
        groups.par_iter_mut().for_each(|group| {
            let path = group[0].path.as_str();
            let source = candidates
                .get(path)
                .and_then(|candidate| self.read(&candidate.file).ok())
                .and_then(|bytes| crate::source::decode(bytes).ok())
                .map(crate::source::SourceFile::new)
                .filter(|source| digests.get(path) == Some(&crate::source::digest(source.text())));
            for diagnostic in group.iter_mut().filter(|d| d.pending) {
                diagnostic.locate(source.as_ref());
            }
        });
    }
}

/// Migrations read in full together: a Django app's (each migration with how the model
/// state replays it), an Alembic script directory's (in graph order), or one migration.
struct Group<'a> {
    replayed: Replayed<'a>,
    members: Vec<(usize, Replay)>,
}

/// Which replay a group's migrations go through once read.
enum Replayed<'a> {
    /// The Django model state of the app with this label.
    Django(&'a str),
    /// The Alembic schema replay of this script directory.
    Alembic(&'a crate::graph::AlembicLocation),
    Alone,
}

/// Applies rule selection and severities, and puts findings in output order.
pub fn finish(
    report: &mut Report,
    settings: &Settings,
    suppressions: &HashMap<String, Vec<crate::model::Suppression>>,
    in_scope: &dyn Fn(&str) -> bool,
) {
    report
        .diagnostics
        .retain(|d| settings.rules.contains(&d.rule));
    if !settings.ignore_suppressions {
        report.suppressed = crate::suppress::apply(
            &mut report.diagnostics,
            suppressions,
            in_scope,
            &settings.rules,
        );
        if settings.require_suppression_reason
            && settings
                .rules
                .contains(&crate::registry::Rule::SuppressionWithoutReason)
        {
            crate::suppress::require_reasons(&mut report.diagnostics, suppressions, in_scope);
        }
    }
    let before = report.diagnostics.len();
    report
        .diagnostics
        .retain(|d| !settings.ignored_in_file(&d.path, d.rule));
    report.suppressed += before - report.diagnostics.len();
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

/// How to read a candidate: the configuration, with the database its SQL is for.
fn options_for<'a>(settings: &'a Settings, candidate: &Candidate) -> extract::Options<'a> {
    let location = candidate
        .django
        .is_none()
        .then_some(candidate.alembic_location.as_str());
    match settings.dialect_of(&candidate.path, location) {
        Some(assumed) => extract::Options {
            dialect: assumed.dialect,
            ..settings.extract_options()
        },
        None => settings.extract_options(),
    }
}

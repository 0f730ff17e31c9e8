//! Discover: which files to check. Walks the given paths honouring `.gitignore` and the default
//! excludes, and keeps the files that can be migrations by where they sit; the extract stage
//! then decides by content.

use std::path::{Component, Path, PathBuf};

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use globset::GlobSet;
use ignore::WalkBuilder;
use ignore::gitignore::{Gitignore, GitignoreBuilder};
use rayon::prelude::*;

/// Directories not walked into unless the configuration replaces `exclude`: third-party code
/// and build output.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",
    "site-packages",
    "build",
    "dist",
    "__pycache__",
    // Tool caches: hidden directories are walked, these not.
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
];

/// Version control directories: never walked into, whatever the configuration says.
const NEVER_WALKED: &[&str] = &[".git", ".hg", ".svn"];

/// Which paths are not walked into.
#[derive(Debug, Clone)]
pub struct Excludes {
    /// Globs matched against paths relative to `root` and against file names.
    pub globs: GlobSet,
    /// The globs as written, for `--show-settings`.
    pub patterns: Vec<String>,
    pub root: PathBuf,
    /// Whether [`DEFAULT_EXCLUDES`] apply (unless the configuration replaces `exclude`).
    pub defaults: bool,
    /// Excludes that must skip a path too for it to be skipped: under `--since`, the
    /// head's configuration may narrow the base's excludes, never widen them.
    pub narrowed_by: Option<Box<Excludes>>,
}

impl Excludes {
    /// Whether an absolute path is excluded.
    pub fn contains(&self, absolute: &Path) -> bool {
        let name = absolute.file_name().and_then(|name| name.to_str());
        (self.by_name(name) || self.by_glob(absolute, name))
            && self
                .narrowed_by
                .as_ref()
                .is_none_or(|narrower| narrower.contains(absolute))
    }

    /// Whether a path the walker found (relative to `cwd`, or absolute) is excluded; its
    /// absolute form is worked out only when there are globs to match it against.
    fn contains_found(&self, path: &Path, cwd: &Path) -> bool {
        let name = path.file_name().and_then(|name| name.to_str());
        (self.by_name(name) || (!self.globs.is_empty() && self.by_glob(&absolute(path, cwd), name)))
            && self
                .narrowed_by
                .as_ref()
                .is_none_or(|narrower| narrower.contains_found(path, cwd))
    }

    fn by_name(&self, name: Option<&str>) -> bool {
        name.is_some_and(|name| {
            NEVER_WALKED.contains(&name) || (self.defaults && DEFAULT_EXCLUDES.contains(&name))
        })
    }

    fn by_glob(&self, absolute: &Path, name: Option<&str>) -> bool {
        if self.globs.is_empty() {
            return false;
        }
        let relative = absolute.strip_prefix(&self.root).unwrap_or(absolute);
        self.globs.is_match(relative) || name.is_some_and(|name| self.globs.is_match(name))
    }
}

/// The top directory of the git repository that holds `dir` (spelt as `dir` is): the
/// nearest at or above it that holds `.git`.
pub fn repository_top(dir: &Path) -> Option<&Path> {
    dir.ancestors().find(|dir| dir.join(".git").exists())
}

/// Where a candidate's bytes are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileRef {
    /// A file on disk.
    Disk(PathBuf),
    /// A blob of the commit checked with `--head`.
    Blob(git2::Oid),
}

/// A file that may be a migration.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where to read it.
    pub file: FileRef,
    /// As shown to the user: relative to the working directory, `/`-separated.
    pub path: String,
    /// Set when the file sits directly in a `migrations/` directory.
    pub django: Option<DjangoPlace>,
    /// The Alembic version location it would belong to: the version location `alembic.ini`
    /// names that holds it, else the nearest `versions/` directory above it, else its own
    /// directory.
    pub alembic_location: String,
    /// Whether a file that cannot be read or parsed is a finding: it was named, sits in a
    /// Django migrations package, or in a version location `alembic.ini` names. A broken file
    /// that merely sits under some `versions/` directory is one only if it looks like a
    /// revision.
    pub must_parse: bool,
    /// Not among the paths to check, but in the `migrations/` directory or version location
    /// of one that is: read so that the graph of its app is whole.
    pub context: bool,
}

#[derive(Debug, Clone)]
pub struct DjangoPlace {
    /// The `migrations/` directory, as shown.
    pub directory: String,
    /// The name of the directory that holds `migrations/`.
    pub default_label: String,
    /// File name without `.py`.
    pub name: String,
    /// The app's `apps.py` and `__init__.py`, where there can be an AppConfig that sets the
    /// app's label.
    pub app_config: Vec<FileRef>,
}

#[derive(Debug)]
pub enum DiscoverError {
    /// A path given on the command line does not exist.
    Missing(PathBuf),
}

impl std::fmt::Display for DiscoverError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DiscoverError::Missing(path) => {
                write!(f, "{}: no such file or directory", path.display())
            }
        }
    }
}

/// The files a run checks: those under the paths given (the working directory when none
/// is), less the excludes. Discovery and the history stage both judge files by it, so that
/// history rules look at exactly the migrations the other rules see.
#[derive(Debug, Clone)]
pub struct PathScope {
    roots: Vec<Root>,
    excludes: Excludes,
    cwd: PathBuf,
    /// Whether the paths were given, rather than the working directory by default.
    given: bool,
}

/// One path given on the command line.
#[derive(Debug, Clone)]
struct Root {
    /// As typed: what the user sees in front of every path under it.
    typed: PathBuf,
    /// `cwd`-joined and normalized.
    absolute: PathBuf,
}

impl Root {
    /// How a file under this root is shown.
    fn show(&self, relative: &Path, cwd: &Path) -> String {
        if relative.as_os_str().is_empty() {
            display_path(&self.typed, cwd)
        } else {
            display_path(&self.typed.join(relative), cwd)
        }
    }
}

impl PathScope {
    pub fn new(paths: &[PathBuf], cwd: &Path, excludes: &Excludes) -> Self {
        let typed = if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        };
        PathScope {
            roots: typed
                .into_iter()
                .map(|typed| Root {
                    absolute: absolute(&typed, cwd),
                    typed,
                })
                .collect(),
            excludes: excludes.clone(),
            cwd: cwd.to_path_buf(),
            given: !paths.is_empty(),
        }
    }

    /// How a file (an absolute path) is shown, in scope or not: relative to the working
    /// directory.
    fn show(&self, file: &Path) -> String {
        display_path(&relative_to(file, &self.cwd), &self.cwd)
    }

    /// Where a file (an absolute path) is, when it is in scope: under a path given and not
    /// excluded below it. A file named on the command line always is.
    pub fn place(&self, file: &Path) -> Option<Place> {
        self.roots.iter().find_map(|root| {
            let relative = file.strip_prefix(&root.absolute).ok()?;
            let excluded = file
                .ancestors()
                .take_while(|dir| *dir != root.absolute)
                .any(|dir| self.excludes.contains(dir));
            (!excluded).then(|| Place {
                absolute: file.to_path_buf(),
                path: root.show(relative, &self.cwd),
                explicit: relative.as_os_str().is_empty(),
            })
        })
    }
}

impl PathScope {
    /// The paths given (as typed) that hold no file that may be a migration and no version
    /// location that an Alembic configuration names: a run over them would check nothing.
    pub fn empty_paths(&self, discovered: &Discovered) -> Vec<PathBuf> {
        self.roots
            .iter()
            .filter(|root| {
                let location = discovered.locations.iter().any(|location| {
                    location.starts_with(&root.absolute) || root.absolute.starts_with(location)
                });
                let candidate = || {
                    discovered
                        .candidates
                        .iter()
                        .filter(|candidate| !candidate.context)
                        .any(|candidate| {
                            absolute(&crate::source::text_path(&candidate.path), &self.cwd)
                                .starts_with(&root.absolute)
                        })
                };
                !location && !candidate()
            })
            .map(|root| root.typed.clone())
            .collect()
    }
}

/// What discovery found: the candidates, sorted by path, and the version locations that
/// Alembic configuration files name (absolute, spelt as the scope spells the working
/// directory).
#[derive(Debug, Default)]
pub struct Discovered {
    pub candidates: Vec<Candidate>,
    pub locations: Vec<PathBuf>,
    /// What the user should know: files and directories that could not be read.
    pub warnings: Vec<String>,
}

/// Every candidate in scope on disk. A file named explicitly is a candidate even when an
/// exclude would skip it. The rest of the `migrations/` directories and version locations
/// the paths reach into are candidates too, as context.
pub fn discover(scope: &PathScope) -> Result<Discovered, DiscoverError> {
    let disk_file = |file: &Path| Some(FileRef::Disk(file.to_path_buf()));
    // Every file first, then the version locations their `alembic.ini` files name.
    let mut files = Vec::new();
    let mut locations = Vec::new();
    let ignores = Arc::new(IgnoreFiles::new(&scope.cwd));
    for root in &scope.roots {
        // `root.typed` is what the user sees; `on_disk` is what is read.
        let on_disk = scope.cwd.join(&root.typed);
        let metadata =
            std::fs::metadata(&on_disk).map_err(|_| DiscoverError::Missing(root.typed.clone()))?;
        // The Alembic configuration of a version location given by itself sits above it.
        for dir in root.absolute.ancestors().skip(1) {
            for name in ["alembic.ini", "pyproject.toml"] {
                if let Ok(text) = crate::source::read_text(&dir.join(name)) {
                    locations.extend(alembic_locations(&text, name == "pyproject.toml", dir));
                }
            }
            if dir.join(".git").exists() {
                break;
            }
        }
        if !metadata.is_dir() {
            // A FIFO, socket or device named on the command line is not a file to read.
            if metadata.is_file() {
                let place = Place {
                    absolute: root.absolute.clone(),
                    path: root.show(Path::new(""), &scope.cwd),
                    explicit: true,
                };
                files.push((FileRef::Disk(on_disk), place));
            }
            continue;
        }
        walk(
            &on_disk,
            scope,
            &ignores,
            None,
            &mut |on_disk_file, absolute| {
                let name = absolute.file_name().unwrap_or_default();
                if name == "alembic.ini" || name == "pyproject.toml" {
                    if let Ok(text) = crate::source::read_text(&on_disk_file) {
                        let here = absolute.parent().unwrap_or(&absolute);
                        locations.extend(alembic_locations(&text, name == "pyproject.toml", here));
                    }
                    return;
                }
                let relative = on_disk_file.strip_prefix(&on_disk).unwrap_or(&on_disk_file);
                let place = Place {
                    path: root.show(relative, &scope.cwd),
                    absolute,
                    explicit: false,
                };
                files.push((FileRef::Disk(on_disk_file), place));
            },
        );
    }
    let (mut candidates, reached) = classify_all(files, &disk_file, &locations);
    for (dir, depth) in outside(reached, scope) {
        let mut found = Vec::new();
        walk(
            &dir,
            scope,
            &ignores,
            depth,
            &mut |on_disk_file, absolute| {
                let place = Place {
                    path: scope.show(&absolute),
                    absolute,
                    explicit: false,
                };
                found.push((FileRef::Disk(on_disk_file), place));
            },
        );
        candidates.extend(found.into_iter().filter_map(|(file, place)| {
            let candidate = classify_in(file, place, &disk_file, &locations)?;
            Some(Candidate {
                context: true,
                ..candidate
            })
        }));
    }
    let warnings = std::mem::take(&mut *ignores.warnings.lock().expect("the walk is over"));
    Ok(Discovered {
        candidates: sorted(candidates),
        locations,
        warnings,
    })
}

/// Calls `visit` with each file under a directory on disk (`max_depth` levels down, or all)
/// as it is on disk and as an absolute path, in path order. Symbolic links are followed to
/// files, never into directories: no loops. Directories are read on every core.
fn walk(
    dir: &Path,
    scope: &PathScope,
    ignores: &Arc<IgnoreFiles>,
    max_depth: Option<usize>,
    visit: &mut dyn FnMut(PathBuf, PathBuf),
) {
    let (excludes, base) = (scope.excludes.clone(), scope.cwd.clone());
    let found = std::sync::Mutex::new(Vec::new());
    let ignored = ignores.clone();
    // The ignore files are read here, not by the walker: it would open a FIFO and wait for
    // ever, or read `/dev/zero` until memory runs out.
    WalkBuilder::new(dir)
        .standard_filters(false)
        .max_depth(max_depth)
        .filter_entry(move |entry| {
            if entry.depth() == 0 {
                return true;
            }
            if excludes.contains_found(entry.path(), &base) {
                return false;
            }
            let is_dir = entry.file_type().is_some_and(|kind| kind.is_dir());
            // Only what discovery keeps is worth matching.
            !((is_dir || wanted(entry.file_name()))
                && ignored.ignores(&absolute(entry.path(), &base), is_dir))
        })
        .build_parallel()
        .run(|| {
            Box::new(|entry| {
                let entry = match entry {
                    Ok(entry) => entry,
                    Err(error) => {
                        // What the walk cannot read is not silently left out.
                        ignores
                            .warnings
                            .lock()
                            .expect("no walker thread panics")
                            .push(format!(
                                "{}; the migrations under it, if any, are not checked",
                                walk_error(&error, &scope.cwd)
                            ));
                        return ignore::WalkState::Continue;
                    }
                };
                // A link to nothing (or to itself) is a module Python cannot import: it is
                // read, and its read fails (MC001). A link to a FIFO or a device is not read.
                let target = |path: &Path| match std::fs::metadata(path) {
                    Ok(metadata) => metadata.is_file(),
                    Err(_) => true,
                };
                if wanted(entry.file_name())
                    && let Some(kind) = entry.file_type()
                    && (kind.is_file() || (kind.is_symlink() && target(entry.path())))
                {
                    let absolute = absolute(entry.path(), &scope.cwd);
                    found
                        .lock()
                        .expect("no walker thread panics")
                        .push((entry.into_path(), absolute));
                }
                ignore::WalkState::Continue
            })
        });
    let mut found = found.into_inner().expect("no walker thread panics");
    // Any fixed order does (candidates are sorted by the path shown later); bytes compare
    // faster than path components.
    found.sort_unstable_by(|(a, _), (b, _)| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    for (on_disk, absolute) in found {
        visit(on_disk, absolute);
    }
}

/// A walk error as the user should read it: the path it is about, then what went wrong.
fn walk_error(error: &ignore::Error, cwd: &Path) -> String {
    match error {
        ignore::Error::WithPath { path, err } => {
            format!(
                "{}: not read ({})",
                display_path(path, cwd),
                inner_error(err)
            )
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error(err, cwd)
        }
        other => format!("a directory was not read ({other})"),
    }
}

fn inner_error(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => inner_error(err),
        other => other.to_string(),
    }
}

/// What `.ignore`, `.gitignore`, `.git/info/exclude` and git's global excludes file say is
/// not to be walked, as ripgrep reads them: the nearest file that has a say decides, and
/// `.ignore` files before `.gitignore` files before the others. Each is read once, as the
/// walk first reaches its directory, and only when it is a regular file of a sane size (a
/// warning says when one is not read).
pub struct IgnoreFiles {
    /// Per directory (absolute, normalized): the matchers that apply in it, nearest first.
    chains: Mutex<HashMap<PathBuf, Arc<IgnoreChain>>>,
    global: Option<Arc<Gitignore>>,
    /// Where paths in warnings are shown from.
    cwd: PathBuf,
    /// What could not be read, for the user.
    pub warnings: Mutex<Vec<String>>,
}

/// The ignore files that apply in a directory, by kind, nearest first.
#[derive(Default)]
struct IgnoreChain {
    ignore: Vec<Arc<Gitignore>>,
    gitignore: Vec<Arc<Gitignore>>,
    exclude: Vec<Arc<Gitignore>>,
}

impl IgnoreFiles {
    /// Git's global excludes file read, its patterns relative to `cwd` (as ripgrep has it).
    pub fn new(cwd: &Path) -> Self {
        let files = IgnoreFiles {
            chains: Mutex::default(),
            global: None,
            cwd: cwd.to_path_buf(),
            warnings: Mutex::default(),
        };
        let global = ignore::gitignore::gitconfig_excludes_path().or_else(|| {
            std::env::var_os("XDG_CONFIG_HOME")
                .filter(|dir| !dir.is_empty())
                .map(PathBuf::from)
                .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".config")))
                .map(|dir| dir.join("git/ignore"))
        });
        let global = global.and_then(|path| files.read(cwd, &path));
        IgnoreFiles { global, ..files }
    }

    /// Whether a path (absolute, normalized) is ignored.
    fn ignores(&self, path: &Path, is_dir: bool) -> bool {
        let Some(parent) = path.parent() else {
            return false;
        };
        let chain = self.chain(parent);
        let decided = |matchers: &[Arc<Gitignore>]| {
            matchers.iter().find_map(|matcher| {
                let found = matcher.matched(path, is_dir);
                (!found.is_none()).then(|| found.is_ignore())
            })
        };
        decided(&chain.ignore)
            .or_else(|| decided(&chain.gitignore))
            .or_else(|| decided(&chain.exclude))
            .or_else(|| decided(self.global.as_slice()))
            .unwrap_or(false)
    }

    /// The matchers that apply in a directory: its own, then its parents' up to the top of
    /// its repository (or of the file system, outside one).
    fn chain(&self, dir: &Path) -> Arc<IgnoreChain> {
        if let Some(chain) = self
            .chains
            .lock()
            .expect("no walker thread panics")
            .get(dir)
        {
            return chain.clone();
        }
        let git = dir.join(".git");
        let top = git.exists();
        let mut chain = IgnoreChain::default();
        chain.ignore.extend(self.read(dir, &dir.join(".ignore")));
        chain
            .gitignore
            .extend(self.read(dir, &dir.join(".gitignore")));
        if top && git.is_dir() {
            chain
                .exclude
                .extend(self.read(dir, &git.join("info/exclude")));
        }
        if let Some(parent) = dir.parent().filter(|_| !top) {
            let above = self.chain(parent);
            chain.ignore.extend(above.ignore.iter().cloned());
            chain.gitignore.extend(above.gitignore.iter().cloned());
            chain.exclude.extend(above.exclude.iter().cloned());
        }
        let chain = Arc::new(chain);
        self.chains
            .lock()
            .expect("no walker thread panics")
            .insert(dir.to_path_buf(), chain.clone());
        chain
    }

    /// The patterns of one ignore file whose patterns are relative to `root`, if it exists
    /// and can be read.
    fn read(&self, root: &Path, path: &Path) -> Option<Arc<Gitignore>> {
        if std::fs::symlink_metadata(path).is_err() {
            return None;
        }
        let text = match crate::source::read_text(path) {
            Ok(text) => text,
            Err(error) => {
                self.warnings
                    .lock()
                    .expect("no walker thread panics")
                    .push(format!(
                        "{}: not read as an ignore file ({error}); the files it would leave out are checked",
                        display_path(path, &self.cwd)
                    ));
                return None;
            }
        };
        let mut builder = GitignoreBuilder::new(root);
        for line in text.lines() {
            // A line that is not a valid pattern is passed over, as git passes over it.
            let _ = builder.add_line(Some(path.to_path_buf()), line);
        }
        builder
            .build()
            .ok()
            .filter(|matcher| !matcher.is_empty())
            .map(Arc::new)
    }
}

/// Files discovery reads: Python modules and the configuration that names version
/// locations.
fn wanted(name: &std::ffi::OsStr) -> bool {
    let name = name.as_encoded_bytes();
    name.ends_with(b".py") || name == b"alembic.ini" || name == b"pyproject.toml"
}

/// A directory a migration's graph reaches into, with how deep its migrations are (see
/// [`graph_directory`]).
type Reached = (PathBuf, Option<usize>);

/// The candidates among files in scope, and the directories their graphs reach into.
fn classify_all(
    files: Vec<(FileRef, Place)>,
    app_file: &(dyn Fn(&Path) -> Option<FileRef> + Sync),
    locations: &[PathBuf],
) -> (Vec<Candidate>, Vec<Reached>) {
    let classified: Vec<(Candidate, Option<Reached>)> = files
        .into_par_iter()
        .filter_map(|(file, place)| {
            let absolute = place.absolute.clone();
            let candidate = classify_in(file, place, app_file, locations)?;
            let reached = graph_directory(&absolute, &candidate, locations);
            Some((candidate, reached))
        })
        .collect();
    let mut candidates = Vec::with_capacity(classified.len());
    let mut reached = Vec::new();
    for (candidate, directory) in classified {
        // Files come directory by directory: most directories are reached many times over.
        if let Some(directory) = directory
            && reached.last() != Some(&directory)
        {
            reached.push(directory);
        }
        candidates.push(candidate);
    }
    (candidates, reached)
}

/// The directory whose migrations make up the graph a candidate at `absolute` is part of,
/// with how deep its migrations are: `Some(1)` for a Django `migrations/` directory, `None`
/// for a whole version location.
fn graph_directory(
    absolute: &Path,
    candidate: &Candidate,
    locations: &[PathBuf],
) -> Option<(PathBuf, Option<usize>)> {
    let parent = absolute.parent()?;
    if candidate.django.is_some() {
        return Some((parent.to_path_buf(), Some(1)));
    }
    version_location(parent, locations).map(|location| (location.to_path_buf(), None))
}

/// The directories reached that the scope does not already cover, each once.
fn outside(
    mut reached: Vec<(PathBuf, Option<usize>)>,
    scope: &PathScope,
) -> Vec<(PathBuf, Option<usize>)> {
    reached.retain(|(dir, _)| {
        !scope
            .roots
            .iter()
            .any(|root| dir.starts_with(&root.absolute))
    });
    reached.sort();
    reached.dedup();
    reached
}

/// Every candidate in scope in a commit's tree. `files` are the tree's blobs by repository
/// path, `read` reads one; `top` is where the repository's top directory is, spelt as the
/// scope spells the working directory.
pub fn discover_tree(
    files: &[(String, git2::Oid)],
    top: &Path,
    scope: &PathScope,
    read: &dyn Fn(git2::Oid) -> Option<Vec<u8>>,
) -> Result<Discovered, DiscoverError> {
    let blobs: std::collections::HashMap<PathBuf, git2::Oid> = files
        .iter()
        .map(|(path, oid)| (top.join(crate::source::text_path(path)), *oid))
        .collect();
    // A path given must be in the tree; the working directory may be new since.
    for root in scope.roots.iter().filter(|_| scope.given) {
        if !blobs.keys().any(|file| file.starts_with(&root.absolute)) {
            return Err(DiscoverError::Missing(root.typed.clone()));
        }
    }
    Ok(blob_candidates(&blobs, scope, read))
}

/// Every candidate in scope among the files of the index that a sparse checkout leaves out
/// of the work tree (`files` as for [`discover_tree`]), to add to what is on disk.
pub fn discover_left_out(
    files: &[(String, git2::Oid)],
    top: &Path,
    scope: &PathScope,
    read: &dyn Fn(git2::Oid) -> Option<Vec<u8>>,
    discovered: &mut Discovered,
) {
    if files.is_empty() {
        return;
    }
    let blobs = files
        .iter()
        .map(|(path, oid)| (top.join(crate::source::text_path(path)), *oid))
        .collect();
    let left_out = blob_candidates(&blobs, scope, read);
    discovered.candidates.extend(left_out.candidates);
    discovered.candidates = sorted(std::mem::take(&mut discovered.candidates));
    discovered.locations.extend(left_out.locations);
}

/// The candidates in scope among blobs by where they are.
fn blob_candidates(
    blobs: &std::collections::HashMap<PathBuf, git2::Oid>,
    scope: &PathScope,
    read: &dyn Fn(git2::Oid) -> Option<Vec<u8>>,
) -> Discovered {
    let in_tree = |file: &Path| blobs.get(file).map(|oid| FileRef::Blob(*oid));
    let mut locations = Vec::new();
    let mut configure = |file: &Path, oid: git2::Oid| {
        let name = file.file_name().unwrap_or_default();
        let is_pyproject = name == "pyproject.toml";
        if let Some(text) = read(oid).and_then(|bytes| String::from_utf8(bytes).ok()) {
            let here = file.parent().unwrap_or(file);
            locations.extend(alembic_locations(&text, is_pyproject, here));
        }
    };
    // The Alembic configuration of a version location given by itself sits above it.
    for root in &scope.roots {
        for dir in root.absolute.ancestors().skip(1) {
            for name in ["alembic.ini", "pyproject.toml"] {
                if let Some(oid) = blobs.get(&dir.join(name)) {
                    configure(&dir.join(name), *oid);
                }
            }
        }
    }
    let mut in_scope = Vec::new();
    for (file, oid) in blobs {
        let Some(place) = scope.place(file) else {
            continue;
        };
        let name = file.file_name().unwrap_or_default();
        if name == "alembic.ini" || name == "pyproject.toml" {
            configure(file, *oid);
        } else {
            in_scope.push((FileRef::Blob(*oid), place));
        }
    }
    let (mut candidates, reached) = classify_all(in_scope, &in_tree, &locations);
    let reached = outside(reached, scope);
    for (file, oid) in blobs {
        let in_reach = reached.iter().any(|(dir, depth)| match depth {
            Some(_) => file.parent() == Some(dir.as_path()),
            None => file.starts_with(dir),
        });
        if !in_reach {
            continue;
        }
        let place = Place {
            absolute: file.clone(),
            path: scope.show(file),
            explicit: false,
        };
        if let Some(candidate) = classify_in(FileRef::Blob(*oid), place, &in_tree, &locations) {
            candidates.push(Candidate {
                context: true,
                ..candidate
            });
        }
    }
    Discovered {
        candidates: sorted(candidates),
        locations,
        warnings: Vec::new(),
    }
}

/// By path; a file both named and reached as context is named.
fn sorted(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| (&a.path, a.context).cmp(&(&b.path, b.context)));
    candidates.dedup_by(|a, b| a.path == b.path);
    candidates
}

/// Where a file is: its absolute path (for directory names), how it is shown, and whether
/// it was named on the command line.
pub struct Place {
    pub absolute: PathBuf,
    pub path: String,
    pub explicit: bool,
}

/// The version locations an `alembic.ini` (or a `pyproject.toml` with `[tool.alembic]`)
/// names, as absolute paths: `version_locations`, else `script_location`'s `versions/`.
/// `%(here)s` is the file's directory, as Alembic has it, and so are relative paths (Alembic
/// resolves them from where it runs, which is there in practice). A package form
/// (`myapp:migrations`) is taken as a path from the file's directory.
pub fn alembic_locations(text: &str, is_pyproject: bool, here: &Path) -> Vec<PathBuf> {
    let sections: Vec<AlembicSection> = if is_pyproject {
        pyproject_alembic(text).into_iter().collect()
    } else {
        ini_alembic_sections(text)
    };
    let resolve = |raw: &str| -> Option<PathBuf> {
        let raw = raw
            .trim()
            .replace("%(here)s", &crate::source::path_text(here));
        if raw.is_empty() || raw.contains("%(") {
            return None;
        }
        let path = match raw.split_once(':') {
            Some((package, dir)) if !raw.starts_with('/') && !package.contains('/') => {
                Path::new(&package.replace('.', "/")).join(dir)
            }
            _ => crate::source::text_path(&raw),
        };
        Some(absolute(&path, here))
    };
    let mut locations = Vec::new();
    for section in sections {
        if section.version_locations.is_empty() {
            if let Some(script) = section.script_location.as_deref().and_then(resolve) {
                locations.push(script.join("versions"));
            }
        } else {
            locations.extend(section.version_locations.iter().filter_map(|l| resolve(l)));
        }
    }
    locations
}

/// What one Alembic configuration section says about where revisions are.
#[derive(Default)]
struct AlembicSection {
    script_location: Option<String>,
    version_locations: Vec<String>,
}

/// The sections of an `alembic.ini` that set `script_location` (`[alembic]`, and others
/// for `alembic -n NAME`).
fn ini_alembic_sections(text: &str) -> Vec<AlembicSection> {
    let mut sections = Vec::new();
    let mut current: Option<(AlembicSection, Option<String>, Option<String>)> = None;
    let mut finish = |current: Option<(AlembicSection, Option<String>, Option<String>)>| {
        if let Some((mut section, locations, separator)) = current
            && section.script_location.is_some()
        {
            if let Some(locations) = locations {
                section.version_locations = split_locations(&locations, separator.as_deref());
            }
            sections.push(section);
        }
    };
    let mut last_key: Option<&str> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with('[') && trimmed.ends_with(']') {
            finish(current.take());
            current = Some((AlembicSection::default(), None, None));
            last_key = None;
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        let Some((section, locations, separator)) = current.as_mut() else {
            continue;
        };
        // An indented line continues the value before it.
        if line.starts_with([' ', '\t']) {
            if last_key == Some("version_locations")
                && let Some(locations) = locations.as_mut()
            {
                locations.push('\n');
                locations.push_str(trimmed);
            }
            continue;
        }
        let Some((key, value)) = trimmed.split_once(['=', ':']) else {
            continue;
        };
        let (key, value) = (key.trim(), value.trim().to_string());
        last_key = None;
        match key {
            "script_location" => section.script_location = Some(value),
            "version_locations" => {
                *locations = Some(value);
                last_key = Some("version_locations");
            }
            "version_path_separator" | "path_separator" => *separator = Some(value),
            _ => {}
        }
    }
    finish(current);
    sections
}

/// `version_locations` split as Alembic splits it: by the separator the file names, else (the
/// legacy form) by spaces and commas.
fn split_locations(value: &str, separator: Option<&str>) -> Vec<String> {
    let split: Vec<&str> = match separator {
        Some("os") | Some("colon") | Some(":") => value.split([':', '\n']).collect(),
        Some("semicolon") | Some(";") => value.split([';', '\n']).collect(),
        Some("newline") => value.split('\n').collect(),
        _ => value.split([' ', ',', '\n']).collect(),
    };
    split
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// `[tool.alembic]` of a `pyproject.toml` (Alembic 1.16 and later).
fn pyproject_alembic(text: &str) -> Option<AlembicSection> {
    let document: toml::Table = text.parse().ok()?;
    let alembic = document.get("tool")?.get("alembic")?;
    let script_location = alembic
        .get("script_location")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    let version_locations = match alembic.get("version_locations") {
        Some(toml::Value::Array(items)) => items
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(toml::Value::String(value)) => split_locations(value, None),
        _ => Vec::new(),
    };
    (script_location.is_some() || !version_locations.is_empty()).then_some(AlembicSection {
        script_location,
        version_locations,
    })
}

/// The version location named by Alembic configuration that holds a directory, if any.
fn declared_location<'a>(dir: &Path, locations: &'a [PathBuf]) -> Option<&'a Path> {
    locations
        .iter()
        .filter(|location| dir.starts_with(location))
        .max_by_key(|location| location.components().count())
        .map(PathBuf::as_path)
}

/// The version location a directory is in: one Alembic configuration names, else the
/// nearest `versions/` directory at or above it.
fn version_location<'a>(dir: &'a Path, locations: &'a [PathBuf]) -> Option<&'a Path> {
    declared_location(dir, locations).or_else(|| {
        dir.ancestors()
            .find(|dir| dir.file_name().is_some_and(|n| n == "versions"))
    })
}

/// A `.py` file directly in `migrations/`, or anywhere under a `versions/` directory, may be
/// a migration; a file named explicitly always may.
pub fn classify(
    file: FileRef,
    place: Place,
    app_file: &dyn Fn(&Path) -> Option<FileRef>,
) -> Option<Candidate> {
    classify_in(file, place, app_file, &[])
}

/// [`classify`], where `locations` are the version locations `alembic.ini` files name (a
/// file anywhere under one may be a revision of it).
pub fn classify_in(
    file: FileRef,
    place: Place,
    app_file: &dyn Fn(&Path) -> Option<FileRef>,
    locations: &[PathBuf],
) -> Option<Candidate> {
    let name = crate::source::path_text(Path::new(place.absolute.file_name()?));
    let stem = name.strip_suffix(".py")?;
    let parent = place.absolute.parent()?;
    let parent_name = parent
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    // Django's loader passes over modules whose names start with `_` or `~`.
    let in_migrations = parent_name == "migrations" && !stem.starts_with(['_', '~']);
    let declared = declared_location(parent, locations);
    let versions = version_location(parent, locations);
    if !(place.explicit || in_migrations || versions.is_some()) {
        return None;
    }
    let must_parse = place.explicit || in_migrations || declared.is_some();
    let path = place.path;
    let directory = path
        .rsplit_once('/')
        .map_or(".", |(dir, _)| dir)
        .to_string();
    let django = in_migrations.then(|| {
        let app_dir = parent.parent().unwrap_or(parent);
        DjangoPlace {
            directory: directory.clone(),
            default_label: app_dir
                .file_name()
                .map(|n| crate::source::path_text(Path::new(n)))
                .unwrap_or_default(),
            name: stem.to_string(),
            app_config: ["apps.py", "__init__.py"]
                .iter()
                .filter_map(|file| app_file(&app_dir.join(file)))
                .collect(),
        }
    });
    let alembic_location = match versions {
        Some(versions) => {
            // As many levels up from the file's directory as `versions/` is.
            let up = parent
                .ancestors()
                .take_while(|dir| *dir != versions)
                .count();
            let mut location = directory.as_str();
            for _ in 0..up {
                location = location.rsplit_once('/').map_or(".", |(dir, _)| dir);
            }
            location.to_string()
        }
        None => directory,
    };
    Some(Candidate {
        file,
        path,
        django,
        alembic_location,
        must_parse,
        context: false,
    })
}

/// `path` from `base` (both absolute and normalized), with `..` for each level up.
pub fn relative_to(path: &Path, base: &Path) -> PathBuf {
    let common = path
        .components()
        .zip(base.components())
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = PathBuf::new();
    for _ in base.components().skip(common) {
        relative.push("..");
    }
    relative.extend(path.components().skip(common));
    relative
}

/// `cwd`-joined and lexically normalized (`.` and `..` resolved without touching the disk).
pub fn absolute(path: &Path, cwd: &Path) -> PathBuf {
    let joined = cwd.join(path);
    let mut out = PathBuf::with_capacity(joined.as_os_str().len());
    for component in joined.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A path as shown: relative to `cwd` when under it, `/`-separated, no leading `./`; a
/// relative path outside `cwd` steps up with `../`, an absolute one stays absolute.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let absolute = absolute(path, cwd);
    let shown = match absolute.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) if path.is_absolute() => absolute,
        Err(_) => relative_to(&absolute, cwd),
    };
    let text = crate::source::path_text(&shown);
    let mut text = text.as_str();
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_are_relative_and_slashed() {
        let cwd = Path::new("/repo");
        assert_eq!(display_path(Path::new("./a/b.py"), cwd), "a/b.py");
        assert_eq!(display_path(Path::new("/repo/a/b.py"), cwd), "a/b.py");
        assert_eq!(
            display_path(Path::new("/elsewhere/b.py"), cwd),
            "/elsewhere/b.py"
        );
        assert_eq!(display_path(Path::new("a/../c.py"), cwd), "c.py");
        assert_eq!(display_path(Path::new("../x/../y/c.py"), cwd), "../y/c.py");
        assert_eq!(display_path(Path::new("a/./b//c.py"), cwd), "a/b/c.py");
        assert_eq!(
            absolute(Path::new("./a/./b//"), cwd),
            Path::new("/repo/a/b")
        );
    }

    #[test]
    fn alembic_ini_version_locations() {
        let here = Path::new("/repo");
        let at = |ini: &str| alembic_locations(ini, false, here);
        assert_eq!(
            at("[alembic]\nscript_location = migrations\n"),
            [PathBuf::from("/repo/migrations/versions")]
        );
        assert_eq!(
            at("[alembic]\nscript_location = %(here)s/db\nversion_locations = %(here)s/a, b\n"),
            [PathBuf::from("/repo/a"), PathBuf::from("/repo/b")]
        );
        assert_eq!(
            at(
                "[alembic]\nscript_location = db\nversion_path_separator = os\n\
                version_locations = %(here)s/a:%(here)s/b c\n"
            ),
            [PathBuf::from("/repo/a"), PathBuf::from("/repo/b c")]
        );
        // A package form, a second section for `alembic -n`, and a multi-line value.
        assert_eq!(
            at(
                "[alembic]\nscript_location = myapp.db:migrations\n\n[reports]\n\
                script_location = reports\nversion_locations =\n    %(here)s/r1\n    r2\n"
            ),
            [
                PathBuf::from("/repo/myapp/db/migrations/versions"),
                PathBuf::from("/repo/r1"),
                PathBuf::from("/repo/r2"),
            ]
        );
        // A section without `script_location` is not Alembic's.
        assert!(at("[tool]\nversion_locations = x\n").is_empty());
        assert_eq!(
            alembic_locations(
                "[tool.alembic]\nscript_location = \"db\"\nversion_locations = [\"%(here)s/v\"]\n",
                true,
                here
            ),
            [PathBuf::from("/repo/v")]
        );
    }

    #[test]
    fn classifies_by_place() {
        let at = |path: &str, explicit| {
            let place = Place {
                absolute: Path::new("/repo").join(path),
                path: path.to_string(),
                explicit,
            };
            classify(FileRef::Disk(path.into()), place, &|_| None)
        };
        let django = at("shop/migrations/0001_initial.py", false).unwrap();
        let place = django.django.unwrap();
        assert_eq!(place.directory, "shop/migrations");
        assert_eq!(place.default_label, "shop");
        assert_eq!(place.name, "0001_initial");
        let alembic = at("db/versions/2024/ab12_add.py", false).unwrap();
        assert!(alembic.django.is_none());
        assert_eq!(alembic.alembic_location, "db/versions");
        assert!(at("shop/migrations/__init__.py", false).is_none());
        assert!(at("shop/models.py", false).is_none());
        assert!(at("shop/models.py", true).is_some());
    }
}

//! Discover: which files to check. Walks the given paths honouring `.gitignore` and the default
//! excludes, and keeps the files that can be migrations by where they sit; the extract stage
//! then decides by content.

use std::path::{Component, Path, PathBuf};

use globset::GlobSet;
use ignore::WalkBuilder;

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
];

/// Which paths are not walked into.
#[derive(Debug, Clone)]
pub struct Excludes {
    /// Globs matched against paths relative to `root` and against file names.
    pub globs: GlobSet,
    pub root: PathBuf,
    /// Whether [`DEFAULT_EXCLUDES`] apply (unless the configuration replaces `exclude`).
    pub defaults: bool,
}

impl Excludes {
    /// Whether an absolute path is excluded.
    pub fn contains(&self, absolute: &Path) -> bool {
        let name = absolute.file_name().and_then(|name| name.to_str());
        if self.defaults && name.is_some_and(|name| DEFAULT_EXCLUDES.contains(&name)) {
            return true;
        }
        if self.globs.is_empty() {
            return false;
        }
        let relative = absolute.strip_prefix(&self.root).unwrap_or(absolute);
        self.globs.is_match(relative) || name.is_some_and(|name| self.globs.is_match(name))
    }
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
    /// The Alembic version location it would belong to: the nearest `versions/` directory
    /// above it, else its own directory.
    pub alembic_location: String,
}

#[derive(Debug, Clone)]
pub struct DjangoPlace {
    /// The `migrations/` directory, as shown.
    pub directory: String,
    /// The name of the directory that holds `migrations/`.
    pub default_label: String,
    /// File name without `.py`.
    pub name: String,
    /// The app's `apps.py`, if there can be one.
    pub apps_py: Option<FileRef>,
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
pub struct Scope {
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

impl Scope {
    pub fn new(paths: &[PathBuf], cwd: &Path, excludes: &Excludes) -> Self {
        let typed = if paths.is_empty() {
            vec![PathBuf::from(".")]
        } else {
            paths.to_vec()
        };
        Scope {
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

/// Every candidate in scope on disk, sorted by path. A file named explicitly is a candidate
/// even when an exclude would skip it.
pub fn discover(scope: &Scope) -> Result<Vec<Candidate>, DiscoverError> {
    let mut candidates = Vec::new();
    let on_disk_apps_py = |app_dir: &Path| Some(FileRef::Disk(app_dir.join("apps.py")));
    for root in &scope.roots {
        // `root.typed` is what the user sees; `on_disk` is what is read.
        let on_disk = scope.cwd.join(&root.typed);
        let metadata =
            std::fs::metadata(&on_disk).map_err(|_| DiscoverError::Missing(root.typed.clone()))?;
        if !metadata.is_dir() {
            if metadata.is_file() {
                let place = Place {
                    absolute: root.absolute.clone(),
                    path: root.show(Path::new(""), &scope.cwd),
                    explicit: true,
                };
                candidates.extend(classify(FileRef::Disk(on_disk), place, &on_disk_apps_py));
            }
            continue;
        }
        let (excludes, base) = (scope.excludes.clone(), scope.cwd.clone());
        let walker = WalkBuilder::new(&on_disk)
            .require_git(false)
            .filter_entry(move |entry| {
                entry.depth() == 0 || !excludes.contains(&absolute(entry.path(), &base))
            })
            .build();
        for entry in walker.flatten() {
            if entry.file_type().is_some_and(|kind| kind.is_file()) {
                let relative = entry.path().strip_prefix(&on_disk).unwrap_or(entry.path());
                let place = Place {
                    absolute: absolute(entry.path(), &scope.cwd),
                    path: root.show(relative, &scope.cwd),
                    explicit: false,
                };
                let file = FileRef::Disk(entry.into_path());
                candidates.extend(classify(file, place, &on_disk_apps_py));
            }
        }
    }
    Ok(sorted(candidates))
}

/// Every candidate in scope in a commit's tree, sorted by path. `files` are the tree's blobs
/// by repository path; `top` is where the repository's top directory is, spelt as the scope
/// spells the working directory.
pub fn discover_tree(
    files: &[(String, git2::Oid)],
    top: &Path,
    scope: &Scope,
) -> Result<Vec<Candidate>, DiscoverError> {
    let blobs: std::collections::HashMap<PathBuf, git2::Oid> = files
        .iter()
        .map(|(path, oid)| (top.join(path), *oid))
        .collect();
    // A path given must be in the tree; the working directory may be new since.
    for root in scope.roots.iter().filter(|_| scope.given) {
        if !blobs.keys().any(|file| file.starts_with(&root.absolute)) {
            return Err(DiscoverError::Missing(root.typed.clone()));
        }
    }
    let apps_py = |app_dir: &Path| {
        blobs
            .get(&app_dir.join("apps.py"))
            .map(|oid| FileRef::Blob(*oid))
    };
    let mut candidates = Vec::new();
    for (file, oid) in &blobs {
        if let Some(place) = scope.place(file) {
            candidates.extend(classify(FileRef::Blob(*oid), place, &apps_py));
        }
    }
    Ok(sorted(candidates))
}

fn sorted(mut candidates: Vec<Candidate>) -> Vec<Candidate> {
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
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

/// A `.py` file directly in `migrations/`, or anywhere under a `versions/` directory, may be
/// a migration; a file named explicitly always may.
pub fn classify(
    file: FileRef,
    place: Place,
    apps_py: &dyn Fn(&Path) -> Option<FileRef>,
) -> Option<Candidate> {
    let name = place.absolute.file_name()?.to_str()?;
    let stem = name.strip_suffix(".py")?;
    let parent = place.absolute.parent()?;
    let parent_name = parent
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let in_migrations = parent_name == "migrations" && name != "__init__.py";
    let versions = place
        .absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.file_name().is_some_and(|n| n == "versions"));
    if !(place.explicit || in_migrations || versions.is_some()) {
        return None;
    }
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
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            name: stem.to_string(),
            apps_py: apps_py(app_dir),
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
    let mut out = PathBuf::new();
    for component in cwd.join(path).components() {
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
    let text = shown.to_string_lossy().replace('\\', "/");
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

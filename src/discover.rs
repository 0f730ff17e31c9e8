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

/// Every candidate under `paths` on disk, sorted by path. A file named explicitly is a
/// candidate even when an exclude would skip it. The rest of the `migrations/` directories
/// and version locations the paths reach into are candidates too, as context.
pub fn discover(
    paths: &[PathBuf],
    cwd: &Path,
    excludes: &Excludes,
) -> Result<Vec<Candidate>, DiscoverError> {
    let mut candidates = Vec::new();
    let mut context = Vec::new();
    for root in paths {
        // `root` as typed is what the user sees; `on_disk` is what is read.
        let on_disk = cwd.join(root);
        let metadata =
            std::fs::metadata(&on_disk).map_err(|_| DiscoverError::Missing(root.clone()))?;
        let found = candidates.len();
        if metadata.is_dir() {
            candidates.extend(walk(&on_disk, root, cwd, excludes, None));
        } else if metadata.is_file() {
            let place = Place {
                absolute: absolute(&on_disk, cwd),
                path: display_path(root, cwd),
                explicit: true,
            };
            candidates.extend(classify(FileRef::Disk(on_disk.clone()), place, &disk_file));
        }
        let root = absolute(&on_disk, cwd);
        for candidate in &candidates[found..] {
            let FileRef::Disk(file) = &candidate.file else {
                continue;
            };
            let reaches = graph_directories(&absolute(file, cwd), candidate);
            context.extend(
                reaches
                    .into_iter()
                    .filter(|(dir, ..)| !dir.starts_with(&root)),
            );
        }
    }
    context.sort();
    context.dedup();
    for (dir, shown, depth) in context {
        let found = walk(&dir, Path::new(&shown), cwd, excludes, depth);
        candidates.extend(found.into_iter().map(|candidate| Candidate {
            context: true,
            ..candidate
        }));
    }
    Ok(sorted(candidates))
}

fn disk_file(file: &Path) -> Option<FileRef> {
    Some(FileRef::Disk(file.to_path_buf()))
}

/// The candidates in a directory on disk (`max_depth` levels down, or all), shown under
/// `shown`.
fn walk(
    on_disk: &Path,
    shown: &Path,
    cwd: &Path,
    excludes: &Excludes,
    max_depth: Option<usize>,
) -> Vec<Candidate> {
    let (excludes, base) = (excludes.clone(), cwd.to_path_buf());
    let walker = WalkBuilder::new(on_disk)
        .require_git(false)
        .max_depth(max_depth)
        .filter_entry(move |entry| {
            entry.depth() == 0 || !excludes.contains(&absolute(entry.path(), &base))
        })
        .build();
    let mut candidates = Vec::new();
    for entry in walker.flatten() {
        if entry.file_type().is_some_and(|kind| kind.is_file()) {
            let path = match entry.path().strip_prefix(on_disk) {
                Ok(relative) => shown.join(relative),
                Err(_) => entry.path().to_path_buf(),
            };
            let place = Place {
                absolute: absolute(entry.path(), cwd),
                path: display_path(&path, cwd),
                explicit: false,
            };
            let file = FileRef::Disk(entry.into_path());
            candidates.extend(classify(file, place, &disk_file));
        }
    }
    candidates
}

/// The directories whose migrations make up the graph a candidate at `absolute` is part
/// of, each as (directory, how it is shown, how deep its migrations are: `Some(1)` for a
/// Django `migrations/` directory, `None` for a whole version location).
fn graph_directories(
    absolute: &Path,
    candidate: &Candidate,
) -> Vec<(PathBuf, String, Option<usize>)> {
    let migrations = candidate
        .django
        .as_ref()
        .zip(absolute.parent())
        .map(|(place, dir)| (dir.to_path_buf(), place.directory.clone(), Some(1)));
    let versions = absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.file_name().is_some_and(|n| n == "versions"))
        .map(|dir| (dir.to_path_buf(), candidate.alembic_location.clone(), None));
    migrations.into_iter().chain(versions).collect()
}

/// Every candidate in a commit's tree under `paths` (repository-relative, `""` for all),
/// sorted by path. `files` are the tree's blobs. Paths are shown relative to `cwd`, the
/// working directory's place in the repository (`""` at its root).
pub fn discover_tree(
    files: &[(String, git2::Oid)],
    paths: &[String],
    cwd: &str,
    excludes: &Excludes,
) -> Result<Vec<Candidate>, DiscoverError> {
    let virtual_root = Path::new("/");
    let virtual_cwd = virtual_root.join(cwd);
    let blobs: std::collections::HashMap<&str, git2::Oid> = files
        .iter()
        .map(|(path, oid)| (path.as_str(), *oid))
        .collect();
    let in_tree = |file: &Path| {
        let path = file.strip_prefix(virtual_root).ok()?.to_str()?;
        blobs.get(path).map(|oid| FileRef::Blob(*oid))
    };
    for path in paths {
        let prefix = path.trim_end_matches('/');
        let exists = prefix.is_empty()
            || files.iter().any(|(file, _)| {
                file == prefix
                    || file
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('/'))
            });
        if !exists {
            return Err(DiscoverError::Missing(PathBuf::from(path)));
        }
    }
    let mut candidates = Vec::new();
    let mut context: Vec<(PathBuf, Option<usize>)> = Vec::new();
    let mut outside = Vec::new();
    for (file, oid) in files {
        let explicit = paths.iter().any(|path| path == file);
        let under = paths.is_empty()
            || explicit
            || paths.iter().any(|path| {
                let prefix = path.trim_end_matches('/');
                prefix.is_empty()
                    || file
                        .strip_prefix(prefix)
                        .is_some_and(|rest| rest.starts_with('/'))
            });
        let absolute = virtual_root.join(file);
        let excluded = || {
            absolute
                .ancestors()
                .take_while(|dir| *dir != virtual_root)
                .any(|dir| excludes.contains(dir))
        };
        if !explicit && excluded() {
            continue;
        }
        if !under {
            outside.push((file, oid, absolute));
            continue;
        }
        let place = tree_place(file, absolute, &virtual_cwd, explicit);
        let Some(candidate) = classify(FileRef::Blob(*oid), place, &in_tree) else {
            continue;
        };
        let reaches = graph_directories(&virtual_root.join(file), &candidate);
        context.extend(reaches.into_iter().map(|(dir, _, depth)| (dir, depth)));
        candidates.push(candidate);
    }
    // The rest of the `migrations/` directories and version locations the paths reach into.
    for (file, oid, absolute) in outside {
        let reached = context.iter().any(|(dir, depth)| match depth {
            Some(_) => absolute.parent() == Some(dir.as_path()),
            None => absolute.starts_with(dir),
        });
        if !reached {
            continue;
        }
        let place = tree_place(file, absolute, &virtual_cwd, false);
        candidates.extend(
            classify(FileRef::Blob(*oid), place, &in_tree).map(|candidate| Candidate {
                context: true,
                ..candidate
            }),
        );
    }
    Ok(sorted(candidates))
}

/// Where a file of a commit's tree is, shown relative to the working directory.
fn tree_place(file: &str, absolute: PathBuf, virtual_cwd: &Path, explicit: bool) -> Place {
    let shown = display_path(&absolute, virtual_cwd);
    Place {
        // Outside the working directory's part of the tree: the repository path.
        path: if shown.starts_with('/') {
            file.to_string()
        } else {
            shown
        },
        absolute,
        explicit,
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

/// A `.py` file directly in `migrations/` (but not `_` or `~` ones, which Django's loader
/// passes over), or anywhere under a `versions/` directory, may be a migration; a file named
/// explicitly always may. `app_file` says where another file of the app can be read, if it
/// exists.
pub fn classify(
    file: FileRef,
    place: Place,
    app_file: &dyn Fn(&Path) -> Option<FileRef>,
) -> Option<Candidate> {
    let name = place.absolute.file_name()?.to_str()?;
    let stem = name.strip_suffix(".py")?;
    let parent = place.absolute.parent()?;
    let parent_name = parent
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    // Django's loader passes over modules whose names start with `_` or `~`.
    let in_migrations = parent_name == "migrations" && !stem.starts_with(['_', '~']);
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
        context: false,
    })
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

/// A path as shown: relative to `cwd` when under it, `/`-separated, no leading `./`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let absolute = absolute(path, cwd);
    let shown = match absolute.strip_prefix(cwd) {
        Ok(relative) if relative.as_os_str().is_empty() => PathBuf::from("."),
        Ok(relative) => relative.to_path_buf(),
        Err(_) if path.is_absolute() => absolute,
        Err(_) => path.to_path_buf(),
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

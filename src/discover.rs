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

/// A file that may be a migration.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// Where to read it.
    pub file: PathBuf,
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
    /// Where the app's `apps.py` would be.
    pub apps_py: PathBuf,
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

/// Every candidate under `paths`, sorted by path. A file named explicitly is a candidate even
/// when an exclude would skip it.
pub fn discover(
    paths: &[PathBuf],
    cwd: &Path,
    excludes: &Excludes,
) -> Result<Vec<Candidate>, DiscoverError> {
    let mut candidates = Vec::new();
    for root in paths {
        // `root` as typed is what the user sees; `on_disk` is what is read.
        let on_disk = cwd.join(root);
        let metadata =
            std::fs::metadata(&on_disk).map_err(|_| DiscoverError::Missing(root.clone()))?;
        if !metadata.is_dir() {
            if metadata.is_file() {
                candidates.extend(classify(&on_disk, root, cwd, true));
            }
            continue;
        }
        let (excludes, base) = (excludes.clone(), cwd.to_path_buf());
        let walker = WalkBuilder::new(&on_disk)
            .require_git(false)
            .filter_entry(move |entry| {
                entry.depth() == 0 || !excludes.contains(&absolute(entry.path(), &base))
            })
            .build();
        for entry in walker.flatten() {
            if entry.file_type().is_some_and(|kind| kind.is_file()) {
                let shown = match entry.path().strip_prefix(&on_disk) {
                    Ok(relative) => root.join(relative),
                    Err(_) => entry.path().to_path_buf(),
                };
                candidates.extend(classify(entry.path(), &shown, cwd, false));
            }
        }
    }
    candidates.sort_by(|a, b| a.path.cmp(&b.path));
    candidates.dedup_by(|a, b| a.path == b.path);
    Ok(candidates)
}

/// A `.py` file directly in `migrations/`, or anywhere under a `versions/` directory, may be
/// a migration; a file named explicitly always may. `file` is read; `shown` is the path as the
/// user gave it.
fn classify(file: &Path, shown: &Path, cwd: &Path, explicit: bool) -> Option<Candidate> {
    let name = file.file_name()?.to_str()?;
    let stem = name.strip_suffix(".py")?;
    let absolute = absolute(file, cwd);
    let parent = absolute.parent()?;
    let parent_name = parent
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let in_migrations = parent_name == "migrations" && name != "__init__.py";
    let versions = absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.file_name().is_some_and(|n| n == "versions"));
    if !(explicit || in_migrations || versions.is_some()) {
        return None;
    }
    let path = display_path(shown, cwd);
    let directory = path
        .rsplit_once('/')
        .map_or(".", |(dir, _)| dir)
        .to_string();
    let django = in_migrations.then(|| DjangoPlace {
        directory: directory.clone(),
        default_label: parent
            .parent()
            .and_then(|app| app.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        name: stem.to_string(),
        apps_py: parent.parent().unwrap_or(parent).join("apps.py"),
    });
    let alembic_location = match versions {
        Some(versions) => {
            // As many levels up from the file's directory as `versions/` is.
            let up = parent
                .ancestors()
                .take_while(|dir| *dir != versions)
                .count();
            let mut location = Path::new(&directory).to_path_buf();
            for _ in 0..up {
                location.pop();
            }
            display_path(&location, cwd)
        }
        None => directory,
    };
    Some(Candidate {
        file: file.to_path_buf(),
        path,
        django,
        alembic_location,
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
        let cwd = Path::new("/repo");
        let at = |path: &str, explicit| classify(Path::new(path), Path::new(path), cwd, explicit);
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

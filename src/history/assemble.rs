//! From changed files to changed migrations: each changed file's base version read, and the
//! base's migrations paired with the head's by identity.
//!
//! A Django migration is its (app label, name), the label read as of the side it is on:
//! the base's `apps.py` for the base version, the head's for the head version. An Alembic
//! revision is its id within its chain. Pairs of one identity are the same migration,
//! wherever the file went: compared for edits (MC101, MC104). A base identity the head lacks
//! is deleted (MC102), unless it is a Django migration whose file was renamed within its
//! app, or whose app was relabelled, doing substantially the same: then Django sees a new
//! migration (MC103). A revision whose id moved into another chain is MC103 too. Every head
//! migration no base migration pairs with is new to databases, and so is a renamed Django
//! migration: the content rules check those.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use rayon::prelude::*;

use super::git::{FileChange, FileChangeKind};
use super::{Checkout, HistoryError, Range, Repo};
use crate::discover::{self, Candidate, FileRef, PathScope};
use crate::extract::{self, Extracted};
use crate::model::{ChangeKind, Edit, Framework, HistoryChange, Migration, Target};
use crate::source::SourceFile;

/// Where migrations are, whatever the configuration says (`*` crosses `/` in pathspecs).
const MIGRATION_PATHSPECS: [&str; 2] = ["*migrations/*.py", "*versions/*.py"];

/// Files whose base version says what a migration's identity was: a Django app's
/// configuration (its label), an Alembic configuration (its version locations).
const CONFIG_FILES: [&str; 4] = ["apps.py", "__init__.py", "alembic.ini", "pyproject.toml"];

/// What changed since the base in the checked paths.
pub struct Diff {
    /// Changed files where migrations may be.
    pub files: Vec<ShownChange>,
    /// The label each Django app's `AppConfig` gives it at the base, by `migrations/`
    /// directory as shown: for the directories of changed migrations and those whose app
    /// configuration changed.
    pub base_app_labels: HashMap<String, String>,
    /// `migrations/` directories (as shown) whose app configuration changed.
    pub reconfigured: HashSet<String>,
    /// Version locations the base's Alembic configuration names and the head's does not.
    pub base_locations: Vec<PathBuf>,
    /// Migration files the `--since` ref gained since the base (repository paths), with
    /// their contents: what a merge into it would bring.
    pub tip_added: Vec<(String, Vec<u8>)>,
}

/// What happened since the base to a file in scope, with its paths as shown.
pub struct ShownChange {
    pub change: FileChange,
    /// The base path, for a file that was in scope at the base.
    pub old_shown: Option<String>,
    /// The head path, for a file that still exists.
    pub new_shown: Option<String>,
}

impl ShownChange {
    /// The change as the run sees it, or `None` when the file is outside the checked paths.
    fn in_scope(change: FileChange, checkout: &Checkout, scope: &PathScope) -> Option<ShownChange> {
        let shown = |path: &Option<String>| {
            let path = path.as_deref()?;
            Some(scope.place(&checkout.absolute(path))?.path)
        };
        let old_shown = shown(&change.old_path);
        let new_shown = shown(&change.new_path);
        if old_shown.is_none() && new_shown.is_none() {
            return None;
        }
        Some(ShownChange {
            change,
            old_shown,
            new_shown,
        })
    }
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// A configuration file, not a module of a `migrations/` package.
fn is_config(change: &FileChange) -> bool {
    let Some(path) = change.old_path.as_deref().or(change.new_path.as_deref()) else {
        return false;
    };
    CONFIG_FILES.contains(&file_name(path)) && file_name(parent(path)) != "migrations"
}

/// The files changed since the base, and what their base versions need to be read as
/// the base had them. `locations` are the head's configured version locations.
pub fn diff(
    repo: &Repo,
    range: &Range,
    checkout: &Checkout,
    scope: &PathScope,
    locations: &[PathBuf],
) -> Result<Diff, HistoryError> {
    let in_location = |dirs: &[PathBuf]| -> Vec<String> {
        checkout
            .repo_paths(dirs)
            .into_iter()
            .map(|dir| format!("{dir}/*.py"))
            .collect()
    };
    let mut pathspecs: Vec<String> = MIGRATION_PATHSPECS.map(str::to_string).to_vec();
    pathspecs.extend(in_location(locations));
    let tip_added = repo.added_on_tip(range, &pathspecs)?;
    for name in CONFIG_FILES {
        pathspecs.push(name.to_string());
        pathspecs.push(format!("*/{name}"));
    }
    let (configs, mut files): (Vec<FileChange>, Vec<FileChange>) = repo
        .changes(range, &pathspecs)?
        .into_iter()
        .partition(is_config);

    // Version locations only the base's configuration names: revisions deleted there are
    // found by a second look.
    let mut base_locations: Vec<PathBuf> = Vec::new();
    for config in &configs {
        let (Some(path), Some(old)) = (config.old_path.as_deref(), config.old.as_deref()) else {
            continue;
        };
        let name = file_name(path);
        if name != "alembic.ini" && name != "pyproject.toml" {
            continue;
        }
        let Ok(text) = std::str::from_utf8(old) else {
            continue;
        };
        let here = checkout.absolute(parent(path));
        for location in discover::alembic_locations(text, name == "pyproject.toml", &here) {
            if !locations.contains(&location) && !base_locations.contains(&location) {
                base_locations.push(location);
            }
        }
    }
    if !base_locations.is_empty() {
        let seen: HashSet<String> = files.iter().filter_map(|f| f.old_path.clone()).collect();
        files.extend(
            repo.changes(range, &in_location(&base_locations))?
                .into_iter()
                .filter(|f| f.kind != FileChangeKind::Added)
                .filter(|f| f.old_path.as_ref().is_some_and(|p| !seen.contains(p))),
        );
    }

    let files: Vec<ShownChange> = files
        .into_iter()
        .filter_map(|change| ShownChange::in_scope(change, checkout, scope))
        .collect();

    // The app configuration at the base, for the apps of changed migrations and the apps
    // whose configuration changed.
    let shown_dir = |migrations_dir: &str| -> Option<String> {
        let probe = checkout.absolute(&format!("{migrations_dir}/__probe__.py"));
        let shown = scope.place(&probe)?.path;
        Some(parent(&shown).to_string())
    };
    let mut app_dirs: HashMap<String, String> = HashMap::new();
    for file in &files {
        if let (Some(path), Some(shown)) = (&file.change.old_path, &file.old_shown)
            && file_name(parent(path)) == "migrations"
        {
            app_dirs
                .entry(parent(path).to_string())
                .or_insert_with(|| parent(shown).to_string());
        }
    }
    let mut reconfigured = HashSet::new();
    for config in &configs {
        let Some(path) = config.old_path.as_deref().or(config.new_path.as_deref()) else {
            continue;
        };
        if !matches!(file_name(path), "apps.py" | "__init__.py") {
            continue;
        }
        let migrations_dir = match parent(path) {
            "" => "migrations".to_string(),
            app => format!("{app}/migrations"),
        };
        if let Some(shown) = shown_dir(&migrations_dir) {
            reconfigured.insert(shown.clone());
            app_dirs.entry(migrations_dir).or_insert(shown);
        }
    }
    let mut base_app_labels = HashMap::new();
    for (migrations_dir, shown) in app_dirs {
        let app = parent(&migrations_dir);
        let label = ["apps.py", "__init__.py"].iter().find_map(|name| {
            let path = if app.is_empty() {
                name.to_string()
            } else {
                format!("{app}/{name}")
            };
            let oid = repo.blob_at(range.base, &path)?;
            let text = crate::source::decode(super::read_blob(repo.git_dir(), oid).ok()?).ok()?;
            text.contains("label")
                .then(|| crate::frameworks::app_config_label(&text))
                .flatten()
        });
        if let Some(label) = label {
            base_app_labels.insert(shown, label);
        }
    }
    Ok(Diff {
        files,
        base_app_labels,
        reconfigured,
        base_locations,
        tip_added,
    })
}

/// The history a run judges.
pub struct History {
    pub changes: Vec<HistoryChange>,
    /// Head migrations new to databases (paths as shown): added, or renamed Django ones.
    pub new: HashSet<String>,
    /// Every head path that changed since the base (as shown).
    pub changed: HashSet<String>,
    /// What a merge into the `--since` ref's tip would conflict on (MC305).
    pub conflicts: Vec<crate::model::MergeConflict>,
}

/// What [`assemble`] reads besides the diff.
pub struct AtHead<'a> {
    /// The head's migrations, as the graph reads them, labels resolved.
    pub migrations: &'a [Migration],
    /// The head's version locations.
    pub locations: &'a [PathBuf],
    /// App labels the configuration sets, by `migrations/` directory.
    pub app_labels: &'a HashMap<String, String>,
    pub checkout: &'a Checkout,
    pub ignore_attributes: &'a [String],
    /// How to read a candidate (its dialect, the configuration).
    pub options: &'a (dyn Fn(&Candidate) -> extract::Options<'a> + Sync),
    pub read: &'a (dyn Fn(&FileRef) -> std::io::Result<Vec<u8>> + Sync),
    /// Where to read a head migration, by its path as shown.
    pub file: &'a (dyn Fn(&str) -> Option<FileRef> + Sync),
}

/// How one base migration fared at head.
enum Fate {
    /// The same migration.
    Same(At),
    /// Another identity for the same migration: Django runs it again.
    Renamed(At),
    /// Gone; the head migration that took its file, if any.
    Deleted(Option<usize>),
}

/// Where a base migration is at head.
#[derive(Clone, Copy)]
enum At {
    /// A head migration, by index.
    Migration(usize),
    /// A changed file that is no migration at head (it does not parse), by index.
    File(usize),
}

/// The migrations that existed at the base and were changed, deleted or renamed since,
/// and the head migrations that are new.
pub fn assemble(diff: &Diff, head: &AtHead) -> History {
    let migrations = head.migrations;
    let changed: HashSet<String> = diff
        .files
        .iter()
        .filter_map(|file| file.new_shown.clone())
        .collect();
    let (mut base, broken) = base_versions(diff, head);
    // Files added as they were deleted: a move git would see, for versions that do not
    // parse and so have no identity to pair by.
    let mut taken: HashSet<usize> = HashSet::new();
    let moved = |from: usize, taken: &mut HashSet<usize>| {
        let bytes = diff.files[from].change.old.as_deref()?;
        let to = diff.files.iter().enumerate().position(|(i, file)| {
            file.change.kind == FileChangeKind::Added
                && file.new_shown.is_some()
                && !taken.contains(&i)
                && file
                    .change
                    .new
                    .as_ref()
                    .and_then(|f| (head.read)(f).ok())
                    .is_some_and(|new| new == bytes)
        })?;
        taken.insert(to);
        Some(to)
    };
    let unchanged_at_base = resolve_base_labels(&mut base, diff, head, &changed);

    let by_path: HashMap<&str, usize> = migrations
        .iter()
        .enumerate()
        .map(|(i, m)| (m.path.as_str(), i))
        .collect();
    let changed_head: Vec<usize> = changed
        .iter()
        .filter_map(|path| by_path.get(path.as_str()).copied())
        .collect();
    let mut django_ids: HashMap<(&str, &str), usize> = HashMap::new();
    let mut revisions: HashMap<&str, Vec<usize>> = HashMap::new();
    for &i in &changed_head {
        match &migrations[i].framework {
            Framework::Django(django) => {
                django_ids.insert((&django.app_label, &django.name), i);
            }
            Framework::Alembic(alembic) => {
                if let Some(revision) = &alembic.revision {
                    revisions.entry(revision).or_default().push(i);
                }
            }
        }
    }
    let chains = Chains::new(&base, migrations, &changed);

    let mut used: HashSet<usize> = HashSet::new();
    let mut fates: Vec<Option<Fate>> = Vec::with_capacity(base.len());
    for (file, old) in &base {
        let at_same_path = diff.files[*file]
            .new_shown
            .as_deref()
            .map(|p| by_path.get(p).copied());
        let fate = match &old.framework {
            Framework::Django(django) => django_ids
                .get(&(django.app_label.as_str(), django.name.as_str()))
                .map(|&i| Fate::Same(At::Migration(i))),
            Framework::Alembic(alembic) => alembic.revision.as_deref().and_then(|revision| {
                let found = revisions.get(revision)?;
                let same = found.iter().find(|&&i| chains.same(old, i));
                Some(match same {
                    Some(&i) => Fate::Same(At::Migration(i)),
                    None => Fate::Renamed(At::Migration(found[0])),
                })
            }),
        };
        let fate = match (fate, at_same_path) {
            (Some(fate), _) => Some(fate),
            // A file that is no migration at head (it no longer parses, say) is judged
            // by its path.
            (None, Some(None)) => Some(Fate::Same(At::File(*file))),
            // A file moved as it was, that does not parse at the base.
            (None, _) if broken.contains(file) => moved(*file, &mut taken).map(|to| {
                let same = match (&old.framework, &diff.files[to].new_shown) {
                    (Framework::Django(django), Some(path)) => {
                        let directory = parent(path);
                        let label = migrations
                            .iter()
                            .find_map(|m| match &m.framework {
                                Framework::Django(d) if d.directory == directory => {
                                    Some(d.app_label.clone())
                                }
                                _ => None,
                            })
                            .unwrap_or_else(|| default_label(directory));
                        label == django.app_label
                            && file_name(path).trim_end_matches(".py") == django.name
                    }
                    _ => true,
                };
                let at = diff.files[to]
                    .new_shown
                    .as_deref()
                    .and_then(|p| by_path.get(p))
                    .map_or(At::File(to), |&i| At::Migration(i));
                if same {
                    Fate::Same(at)
                } else {
                    Fate::Renamed(at)
                }
            }),
            (None, _) => None,
        };
        let fate = match fate {
            None if matches!(old.framework, Framework::Alembic(_)) => {
                Some(Fate::Deleted(at_same_path.flatten()))
            }
            fate => fate,
        };
        if let Some(Fate::Same(At::Migration(i)) | Fate::Renamed(At::Migration(i))) = fate {
            used.insert(i);
        }
        fates.push(fate);
    }

    // Django migrations whose identity is gone: renamed, if a new migration of the same
    // app (or at the same path) does substantially the same.
    find_renames(
        diff,
        head,
        &base,
        &mut fates,
        &changed_head,
        &by_path,
        &mut used,
    );
    let head_file = |i: usize| (head.file)(&migrations[i].path);

    let mut pairs: Vec<(Migration, Fate, Option<FileRef>, Option<String>)> = base
        .into_iter()
        .zip(fates)
        .map(|((_, old), fate)| {
            let fate = fate.expect("every base migration has a fate");
            let (new_file, new_path) = match fate {
                Fate::Same(At::Migration(i)) | Fate::Renamed(At::Migration(i)) => {
                    (head_file(i), Some(migrations[i].path.clone()))
                }
                Fate::Same(At::File(to)) | Fate::Renamed(At::File(to)) => (
                    diff.files[to].change.new.clone(),
                    diff.files[to].new_shown.clone(),
                ),
                Fate::Deleted(_) => (None, None),
            };
            (old, fate, new_file, new_path)
        })
        .collect();
    pairs.extend(relabelled(unchanged_at_base, head));

    let mut new: HashSet<String> = changed_head
        .iter()
        .filter(|&&i| !used.contains(&i))
        .map(|&i| migrations[i].path.clone())
        .collect();
    let mut changes = history_changes(pairs, head);
    new.extend(
        changes
            .iter()
            .filter(|change| {
                change.kind == ChangeKind::Renamed
                    && matches!(change.old.framework, Framework::Django(_))
            })
            .filter_map(|change| change.new_path.clone()),
    );

    compare(&mut changes, head, &changed);
    History {
        changes,
        new,
        changed,
        conflicts: Vec::new(),
    }
}

/// The second pass: each Django base migration no head migration has the identity of is
/// renamed, if a new migration of its app (or of its name, or at its path) does
/// substantially the same, else deleted.
fn find_renames(
    diff: &Diff,
    head: &AtHead,
    base: &[(usize, Migration)],
    fates: &mut [Option<Fate>],
    changed_head: &[usize],
    by_path: &HashMap<&str, usize>,
    used: &mut HashSet<usize>,
) {
    let read_text = |file: &FileRef| {
        (head.read)(file)
            .ok()
            .and_then(|bytes| crate::source::decode(bytes).ok())
    };
    let context = extract::Context {
        ignore_attributes: head.ignore_attributes,
        replaced_by: None,
        view: extract::View::Whole,
    };
    let migrations = head.migrations;
    let head_file = |i: usize| (head.file)(&migrations[i].path);
    let mut forms: HashMap<usize, Option<extract::Normalized>> = HashMap::new();
    for ((file, old), fate) in base.iter().zip(fates.iter_mut()) {
        if fate.is_some() {
            continue;
        }
        let Framework::Django(django) = &old.framework else {
            continue;
        };
        // Squashed away: a head migration replaces it, so it is deleted (with the squash's
        // note), never renamed to a sibling.
        let squashed = migrations
            .iter()
            .any(|m| replaces(m, &django.app_label, &django.name));
        let old_form = old
            .source
            .as_deref()
            .filter(|_| !squashed)
            .and_then(|source| extract::normalize(source.text(), &context));
        let renamed = changed_head.iter().copied().find(|&i| {
            let new = &migrations[i];
            let Framework::Django(candidate) = &new.framework else {
                return false;
            };
            if used.contains(&i)
                || !(candidate.app_label == django.app_label
                    || candidate.name == django.name
                    || new.path == old.path)
                || replaces(new, &django.app_label, &django.name)
            {
                return false;
            }
            let form = forms.entry(i).or_insert_with(|| {
                head_file(i)
                    .and_then(|f| read_text(&f))
                    .and_then(|text| extract::normalize(&text, &context))
            });
            match (&old_form, form) {
                (Some(old_form), Some(form)) => old_form
                    .same_operations(form)
                    .unwrap_or_else(|| same_dependencies(old, new)),
                _ => false,
            }
        });
        *fate = Some(match renamed {
            Some(i) => {
                used.insert(i);
                Fate::Renamed(At::Migration(i))
            }
            None => Fate::Deleted(
                diff.files[*file]
                    .new_shown
                    .as_deref()
                    .and_then(|p| by_path.get(p).copied()),
            ),
        });
    }
}

/// Each pair as the history rules see it: with the head migration's place, name and text.
fn history_changes(
    pairs: Vec<(Migration, Fate, Option<FileRef>, Option<String>)>,
    head: &AtHead,
) -> Vec<HistoryChange> {
    let migrations = head.migrations;
    pairs
        .into_par_iter()
        .map(|(old, fate, new_file, new_path)| {
            let new_migration = match fate {
                Fate::Same(At::Migration(i))
                | Fate::Renamed(At::Migration(i))
                | Fate::Deleted(Some(i)) => Some(&migrations[i]),
                _ => None,
            };
            let kind = match fate {
                Fate::Same(_) => ChangeKind::Modified,
                Fate::Renamed(_) => ChangeKind::Renamed,
                Fate::Deleted(_) => ChangeKind::Deleted,
            };
            let new_source = new_file
                .as_ref()
                .and_then(|f| (head.read)(f).ok())
                .and_then(|bytes| crate::source::decode(bytes).ok())
                .map(|text| std::sync::Arc::new(SourceFile::new(text)));
            let new_location = new_migration.and_then(|new| match &new.framework {
                Framework::Alembic(alembic) => Some(alembic.location.clone()),
                Framework::Django(_) => None,
            });
            HistoryChange {
                kind,
                old,
                new_path,
                new_location,
                new_anchor: new_migration.map(|new| new.anchor),
                new_source,
                new_name: new_migration.map(Migration::display_name),
                edit: None,
            }
        })
        .collect()
}

/// How each pair's head version differs from its base version, where that matters: the
/// same migration, or a revision moved to another chain (a renamed Django migration is a new
/// one).
fn compare(changes: &mut [HistoryChange], head: &AtHead, changed: &HashSet<String>) {
    let replaced_by = squashed_at_base(changes, head.migrations, changed);
    let context = extract::Context {
        ignore_attributes: head.ignore_attributes,
        replaced_by: Some(&replaced_by),
        view: extract::View::Whole,
    };
    changes.par_iter_mut().for_each(|change| {
        let compared = match change.kind {
            ChangeKind::Modified => true,
            // A renamed Django migration is a new one; a revision moved to another chain
            // is still the revision its id says.
            ChangeKind::Renamed => matches!(change.old.framework, Framework::Alembic(_)),
            ChangeKind::Deleted => false,
        };
        if compared && change.new_path.is_some() {
            let new_text = change.new_source.as_deref().map(|source| source.text());
            let old_text = change.old.source.as_deref().map_or("", |s| s.text());
            change.edit = edit(old_text, new_text, &context);
        }
    });
}

/// Each changed file's base version that was a migration, with the index of its change;
/// and the indices of those that do not parse.
fn base_versions(diff: &Diff, head: &AtHead) -> (Vec<(usize, Migration)>, HashSet<usize>) {
    let mut locations = head.locations.to_vec();
    locations.extend(diff.base_locations.iter().cloned());
    let mut base: Vec<(usize, Migration, bool)> = diff
        .files
        .par_iter()
        .enumerate()
        .filter_map(|(i, file)| {
            let change = &file.change;
            let place = discover::Place {
                absolute: head.checkout.absolute(change.old_path.as_deref()?),
                path: file.old_shown.clone()?,
                explicit: false,
            };
            let candidate =
                discover::classify_in(FileRef::Disk(PathBuf::new()), place, &|_| None, &locations)?;
            let old_bytes = change.old.as_deref()?;
            let (old, parsed) = match crate::frameworks::extract(
                &candidate,
                Ok(old_bytes.to_vec()),
                (head.options)(&candidate),
            ) {
                Extracted::Migration(old) => (*old, true),
                // A version that does not parse is judged by where it sits.
                Extracted::Broken(_) => {
                    (crate::frameworks::by_place(&candidate, old_bytes)?, false)
                }
                Extracted::NotMigration { .. } => return None,
            };
            Some((i, old, parsed))
        })
        .collect();
    base.sort_by_key(|(i, ..)| *i);
    let broken = base
        .iter()
        .filter(|(_, _, parsed)| !parsed)
        .map(|(i, ..)| *i)
        .collect();
    (base.into_iter().map(|(i, m, _)| (i, m)).collect(), broken)
}

/// The label each base Django migration had at the base: its app's `AppConfig` then, the
/// configuration, or what its siblings call it, as at head (see
/// [`crate::frameworks::django::resolve_app_labels`]), its siblings being the base versions of the
/// app's changed migrations and its unchanged ones. Gives back, labelled as at the base,
/// the unchanged migrations of apps whose configuration changed (by index at head).
fn resolve_base_labels(
    base: &mut [(usize, Migration)],
    diff: &Diff,
    head: &AtHead,
    changed: &HashSet<String>,
) -> Vec<(usize, Migration)> {
    let mut fixed = diff.base_app_labels.clone();
    fixed.extend(head.app_labels.clone());
    let directories: HashSet<String> = base
        .iter()
        .filter_map(|(_, m)| match &m.framework {
            Framework::Django(django) => Some(django.directory.clone()),
            Framework::Alembic(_) => None,
        })
        .chain(diff.reconfigured.iter().cloned())
        .collect();
    if directories.is_empty() {
        return Vec::new();
    }
    let mut view: Vec<Migration> = base
        .iter()
        .filter(|(_, m)| matches!(m.framework, Framework::Django(_)))
        .map(|(_, m)| m.graph_copy())
        .collect();
    let mut unchanged = Vec::new();
    for (i, migration) in head.migrations.iter().enumerate() {
        let Framework::Django(django) = &migration.framework else {
            continue;
        };
        if changed.contains(&migration.path) || !directories.contains(&django.directory) {
            continue;
        }
        let mut copy = migration.graph_copy();
        if let Framework::Django(django) = &mut copy.framework {
            django.app_label = default_label(&django.directory);
        }
        view.push(copy);
        unchanged.push(i);
    }
    crate::frameworks::django::resolve_app_labels(&mut view, &fixed);
    let mut resolved = view.into_iter();
    for (_, migration) in base.iter_mut() {
        if let Framework::Django(django) = &mut migration.framework
            && let Some(Migration {
                framework: Framework::Django(at_base),
                ..
            }) = resolved.next()
        {
            django.app_label = at_base.app_label;
        }
    }
    unchanged
        .into_iter()
        .zip(resolved)
        .filter(|(_, m)| {
            matches!(&m.framework, Framework::Django(django)
                if diff.reconfigured.contains(&django.directory))
        })
        .collect()
}

/// The label Django gives an app whose configuration names none: its package's name.
fn default_label(directory: &str) -> String {
    file_name(parent(directory)).to_string()
}

/// The unchanged migrations of apps whose label changed since the base: each is a new
/// migration to Django, recorded under the old label. `at_base` are the unchanged
/// migrations of reconfigured apps as the base labels them.
fn relabelled(
    at_base: Vec<(usize, Migration)>,
    head: &AtHead,
) -> Vec<(Migration, Fate, Option<FileRef>, Option<String>)> {
    at_base
        .into_iter()
        .filter_map(|(i, then)| {
            let now = &head.migrations[i];
            let (Framework::Django(now_django), Framework::Django(then_django)) =
                (&now.framework, &then.framework)
            else {
                return None;
            };
            (now_django.app_label != then_django.app_label).then(|| {
                let file = (head.file)(&now.path);
                (
                    then,
                    Fate::Renamed(At::Migration(i)),
                    file,
                    Some(now.path.clone()),
                )
            })
        })
        .collect()
}

/// Whether `migration` replaces `app_label.name` (a squash of it is never its rename).
fn replaces(migration: &Migration, app_label: &str, name: &str) -> bool {
    migration.replaces.iter().any(|dependency| {
        matches!(&dependency.target, Target::Django { app_label: a, name: n }
            if a == app_label && n == name)
    })
}

/// For migrations without operations: whether they depend on the same migrations.
fn same_dependencies(old: &Migration, new: &Migration) -> bool {
    let targets = |m: &Migration| {
        let mut targets: Vec<String> = m
            .parents
            .iter()
            .map(|dependency| format!("{:?}", dependency.target))
            .collect();
        targets.sort();
        targets
    };
    targets(old) == targets(new)
}

/// Alembic chains at the base and at head, by the revision ids in them.
struct Chains<'a> {
    /// The chain of each base revision, by path: its version location, or the subfolder
    /// of one that holds a chain of its own (as the graph tells them apart).
    base_chain: HashMap<&'a str, String>,
    /// The chain of each head revision, by path.
    head_chain: HashMap<&'a str, String>,
    /// Per base chain: the revision ids in it at the base.
    base: HashMap<String, HashSet<&'a str>>,
    /// Per head chain: the revision ids in it at head.
    head: HashMap<String, HashSet<&'a str>>,
    /// Base chains gone at head, each to the head chain that holds most of its revisions:
    /// where its script directory moved.
    moved: HashMap<String, String>,
    migrations: &'a [Migration],
}

impl<'a> Chains<'a> {
    fn new(
        base: &'a [(usize, Migration)],
        migrations: &'a [Migration],
        changed: &HashSet<String>,
    ) -> Self {
        let at_base: Vec<&Migration> = base
            .iter()
            .map(|(_, m)| m)
            .chain(migrations.iter().filter(|m| !changed.contains(&m.path)))
            .collect();
        let chains = |side: &[&'a Migration]| {
            let mut of: HashMap<&'a str, String> = HashMap::new();
            let mut ids: HashMap<String, HashSet<&'a str>> = HashMap::new();
            for (name, members) in crate::graph::alembic_folders(side) {
                for i in members {
                    of.insert(side[i].path.as_str(), name.clone());
                    if let Framework::Alembic(alembic) = &side[i].framework
                        && let Some(revision) = alembic.revision.as_deref()
                    {
                        ids.entry(name.clone()).or_default().insert(revision);
                    }
                }
            }
            (of, ids)
        };
        let (base_chain, at_base) = chains(&at_base);
        let (head_chain, at_head) = chains(&migrations.iter().collect::<Vec<_>>());
        // Two chains may share revision ids (one per database, chosen by `env.py`): a
        // chain is paired with the one that shares most, never with every one that shares
        // some.
        let mut moved = HashMap::new();
        for (from, ids) in at_base
            .iter()
            .filter(|(from, _)| !at_head.contains_key(*from))
        {
            let shared = |to: &String| at_head[to].intersection(ids).count();
            let mut targets: Vec<&String> = at_head.keys().collect();
            targets.sort_unstable();
            if let Some(to) = targets
                .into_iter()
                .filter(|to| shared(to) > 0)
                .max_by_key(|to| (shared(to), std::cmp::Reverse(*to)))
            {
                moved.insert(from.clone(), to.clone());
            }
        }
        Chains {
            base_chain,
            head_chain,
            base: at_base,
            head: at_head,
            moved,
            migrations,
        }
    }

    /// Whether base revision `old` and head revision `new` (of one id) are in the same
    /// chain: the same one, or the one its script directory moved to (the one that holds
    /// most of its revisions), or no other revision in either (one moved alone).
    fn same(&self, old: &Migration, new: usize) -> bool {
        let now = &self.migrations[new];
        let (Some(then_chain), Some(now_chain)) = (
            self.base_chain.get(old.path.as_str()),
            self.head_chain.get(now.path.as_str()),
        ) else {
            return false;
        };
        if then_chain == now_chain {
            return true;
        }
        let id = match &old.framework {
            Framework::Alembic(alembic) => alembic.revision.as_deref().unwrap_or_default(),
            Framework::Django(_) => return false,
        };
        let empty = HashSet::new();
        let before = self.base.get(then_chain).unwrap_or(&empty);
        let after = self.head.get(now_chain).unwrap_or(&empty);
        let others = |ids: &HashSet<&str>| ids.iter().filter(|&&other| other != id).count();
        (others(before) == 0 && others(after) == 0) || self.moved.get(then_chain) == Some(now_chain)
    }
}

/// The base's squashed migrations, by what they replace: depending on the squashed
/// migration instead is what Django's docs say to do once the replaced ones are gone. At
/// the base, a migration is as `history` has it if it changed, else as it is now.
fn squashed_at_base(
    history: &[HistoryChange],
    migrations: &[Migration],
    changed: &HashSet<String>,
) -> extract::Replacements {
    let at_base = history
        .iter()
        .map(|change| &change.old)
        .chain(migrations.iter().filter(|m| !changed.contains(&m.path)));
    let mut replaced_by = extract::Replacements::new();
    for squashed in at_base {
        let Framework::Django(django) = &squashed.framework else {
            continue;
        };
        for replaced in &squashed.replaces {
            if let Target::Django { app_label, name } = &replaced.target {
                replaced_by.insert(
                    (app_label.clone(), name.clone()),
                    (django.app_label.clone(), django.name.clone()),
                );
            }
        }
    }
    replaced_by
}

/// How the head text of a migration differs from its base text; `None` when it does not.
fn edit(old: &str, new: Option<&str>, context: &extract::Context) -> Option<Edit> {
    let Some(new) = new else {
        return Some(Edit::Semantic {
            what: "it is no longer UTF-8 text".to_string(),
            line: 1,
        });
    };
    if old == new {
        return None;
    }
    let old_form = extract::normalize(old, context);
    let new_form = extract::normalize(new, context);
    Some(match (old_form, new_form) {
        (Some(old_form), Some(new_form)) => match old_form.difference(&new_form) {
            None => Edit::Cosmetic,
            Some((what, line)) => {
                let difference = |view| {
                    let context = extract::Context { view, ..*context };
                    extract::normalize(old, &context)
                        .zip(extract::normalize(new, &context))
                        .map(|(old_form, new_form)| old_form.difference(&new_form))
                };
                // Only what nothing runs changed (dead code): nothing a database sees.
                // Else the forward path alone, compared again: equal, only the reverse did.
                match (
                    difference(extract::View::Used),
                    difference(extract::View::Forward),
                ) {
                    (Some(None), _) => Edit::Cosmetic,
                    (_, Some(None)) => Edit::Reverse { what, line },
                    (_, Some(Some((what, line)))) => Edit::Semantic { what, line },
                    (_, None) => Edit::Semantic { what, line },
                }
            }
        },
        (old_form, _) => Edit::Semantic {
            what: if old_form.is_some() {
                "it no longer parses"
            } else {
                "it did not parse at the base"
            }
            .to_string(),
            line: extract::first_changed_line(old, new),
        },
    })
}

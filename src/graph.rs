//! The migration graph: Django apps as Django's loader sees them, Alembic script directories
//! as Alembic sees them. Graph rules and `migcheck graph` read it.

use std::borrow::Borrow;
use std::collections::{BTreeMap, BTreeSet};

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};
use rayon::prelude::*;

use crate::model::{Dependency, Dialect, Framework, Migration, Target};

/// Every app and script directory of the checked tree. Indices point into the migrations.
#[derive(Debug, Default)]
pub struct Graph {
    pub apps: Vec<DjangoApp>,
    pub locations: Vec<AlembicLocation>,
}

#[derive(Debug)]
pub struct DjangoApp {
    pub label: String,
    /// Its `migrations/` directory. Two directories may share a label when the tree holds
    /// several projects; a dependency goes to the nearest.
    pub directory: String,
    /// Its migrations, in file name order.
    pub members: Vec<usize>,
    /// The names a dependency can use: its migrations' and those its squashes replace.
    pub names: HashSet<String>,
    /// Migrations a squashed migration in the app stands in for.
    pub replaced: BTreeSet<usize>,
    /// Migrations no other migration of the app depends on (replaced ones left out).
    pub leaves: Vec<usize>,
    /// Some member's dependencies cannot be read (not a literal, or its class is imported
    /// from elsewhere), so any leaf may have a child there that is not seen.
    pub unreadable_dependencies: bool,
    /// Parents within the app, per member, after squash replacement.
    pub parents: HashMap<usize, Vec<usize>>,
    /// Squashed migrations whose replaced migrations are all still in the app, each with
    /// them and their parents within the app as they name them: a database part-way
    /// through them runs these originals, not the squash.
    pub kept_originals: BTreeMap<usize, Vec<(usize, Vec<usize>)>>,
}

#[derive(Debug)]
pub struct AlembicLocation {
    /// The version location (several, joined by `, `, when revisions cross between them).
    pub name: String,
    pub members: Vec<usize>,
    /// Revisions no revision names as `down_revision`, with the branch labels on their line.
    pub heads: Vec<(usize, BTreeSet<String>)>,
    /// Revision ids declared by more than one file: the files, in path order.
    pub duplicates: Vec<Vec<usize>>,
    /// Parents per member (`down_revision` that resolve).
    pub parents: HashMap<usize, Vec<usize>>,
}

impl AlembicLocation {
    /// Heads grouped by the branch labels on their line: more than one head in a group is a
    /// conflict; heads on distinct named branches are intended.
    pub fn head_groups(&self) -> BTreeMap<Vec<String>, Vec<usize>> {
        let mut groups: BTreeMap<Vec<String>, Vec<usize>> = BTreeMap::new();
        for (head, labels) in &self.heads {
            groups
                .entry(labels.iter().cloned().collect())
                .or_default()
                .push(*head);
        }
        groups
    }

    /// Heads that share a branch with another head.
    pub fn conflicting_heads(&self) -> Vec<usize> {
        self.head_groups()
            .into_values()
            .filter(|heads| heads.len() > 1)
            .flatten()
            .collect()
    }
}

/// Members in an order where parents come before children (in member order among equals;
/// a cycle, which neither framework accepts, is cut where it is found).
pub fn topological(members: &[usize], parents: &HashMap<usize, Vec<usize>>) -> Vec<usize> {
    let member: HashSet<usize> = members.iter().copied().collect();
    let mut order = Vec::with_capacity(members.len());
    let mut state: HashMap<usize, bool> = HashMap::new(); // false: in progress, true: done
    for &start in members {
        let mut stack = vec![(start, false)];
        while let Some((node, expanded)) = stack.pop() {
            if expanded {
                state.insert(node, true);
                order.push(node);
                continue;
            }
            if state.contains_key(&node) {
                continue;
            }
            state.insert(node, false);
            stack.push((node, true));
            for &parent in parents.get(&node).into_iter().flatten().rev() {
                if member.contains(&parent) && !state.contains_key(&parent) {
                    stack.push((parent, false));
                }
            }
        }
    }
    order
}

/// A reference to a migration that names nothing in the project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unknown {
    pub migration: usize,
    pub reference: Reference,
}

/// Which of a migration's references, by index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// Django `dependencies`, Alembic `down_revision`.
    Parent(usize),
    /// Alembic `depends_on`.
    DependsOn(usize),
    /// Django `run_before`.
    RunBefore(usize),
}

impl Graph {
    pub fn build(migrations: &[Migration]) -> Self {
        Graph {
            apps: django_apps(migrations),
            locations: alembic_locations(migrations),
        }
    }

    /// The labels of the Django apps in the tree, and of the apps their migrations depend on.
    pub fn django_labels<'a>(&'a self, migrations: &'a [Migration]) -> HashSet<&'a str> {
        let depended_on = migrations
            .iter()
            .flat_map(|migration| &migration.parents)
            .filter_map(|dependency| match &dependency.target {
                Target::Django { app_label, .. } => Some(app_label.as_str()),
                _ => None,
            });
        self.apps
            .iter()
            .map(|app| app.label.as_str())
            .chain(depended_on)
            .collect()
    }

    /// The app a dependency on `(label, name)` from a migration in `directory` means: of the
    /// apps with that label, one that has a migration of that name, the nearest to
    /// `directory` on disk.
    pub fn app_for(&self, label: &str, name: &str, directory: &str) -> Option<&DjangoApp> {
        let mut apps = self.apps.iter().filter(|app| app.label == label);
        let first = apps.next()?;
        let Some(second) = apps.next() else {
            // Most often one app has the label: nothing to choose.
            return Some(first);
        };
        [first, second].into_iter().chain(apps).max_by_key(|&app| {
            let shared = app
                .directory
                .split('/')
                .zip(directory.split('/'))
                .take_while(|(a, b)| a == b)
                .count();
            (
                app.names.contains(name),
                shared,
                std::cmp::Reverse(app.directory.as_str()),
            )
        })
    }

    /// Dependencies that point at nothing in the checked tree (external apps excluded).
    pub fn unknown_dependencies(&self, migrations: &[Migration]) -> Vec<Unknown> {
        let mut unknown = Vec::new();
        for app in &self.apps {
            for &i in &app.members {
                let references = migrations[i]
                    .parents
                    .iter()
                    .enumerate()
                    .map(|(d, dependency)| (Reference::Parent(d), dependency))
                    .chain(
                        run_before(&migrations[i])
                            .iter()
                            .enumerate()
                            .map(|(d, dependency)| (Reference::RunBefore(d), dependency)),
                    );
                for (reference, dependency) in references {
                    if let Target::Django { app_label, name } = &dependency.target {
                        let Some(target) = self.app_for(app_label, name, &app.directory) else {
                            continue;
                        };
                        if name != "__first__"
                            && name != "__latest__"
                            && !target.names.contains(name)
                        {
                            unknown.push(Unknown {
                                migration: i,
                                reference,
                            });
                        }
                    }
                }
            }
        }
        let all_revisions: HashSet<&str> = migrations
            .iter()
            .filter_map(|m| match &m.framework {
                Framework::Alembic(a) => a.revision.as_deref(),
                Framework::Django(_) => None,
            })
            .collect();
        let all_labels: HashSet<&str> = migrations
            .iter()
            .flat_map(|m| match &m.framework {
                Framework::Alembic(a) => a.branch_labels.iter().map(String::as_str).collect(),
                Framework::Django(_) => Vec::new(),
            })
            .collect();
        for location in &self.locations {
            let revisions: HashSet<&str> = location
                .members
                .iter()
                .filter_map(|&i| revision(&migrations[i]))
                .collect();
            for &i in &location.members {
                let migration = &migrations[i];
                for (d, dependency) in migration.parents.iter().enumerate() {
                    if let Target::Revision(parent) = &dependency.target
                        && !revisions.contains(parent.as_str())
                    {
                        unknown.push(Unknown {
                            migration: i,
                            reference: Reference::Parent(d),
                        });
                    }
                }
                if let Framework::Alembic(alembic) = &migration.framework {
                    for (d, target) in alembic.depends_on.iter().enumerate() {
                        let found = all_revisions.contains(target.as_str())
                            || all_labels.contains(target.as_str())
                            || (target.len() >= 4
                                && all_revisions.iter().any(|r| r.starts_with(target.as_str())));
                        if !found {
                            unknown.push(Unknown {
                                migration: i,
                                reference: Reference::DependsOn(d),
                            });
                        }
                    }
                }
            }
        }
        unknown
    }
}

fn django_name(migration: &Migration) -> Option<&str> {
    match &migration.framework {
        Framework::Django(django) => Some(&django.name),
        Framework::Alembic(_) => None,
    }
}

/// The names of the dependencies on migrations of the app labelled `label`.
fn in_app<'a>(dependencies: &'a [Dependency], label: &'a str) -> impl Iterator<Item = &'a str> {
    dependencies
        .iter()
        .filter_map(move |dependency| match &dependency.target {
            Target::Django { app_label, name } if app_label == label => Some(name.as_str()),
            _ => None,
        })
}

fn run_before(migration: &Migration) -> &[Dependency] {
    match &migration.framework {
        Framework::Django(django) => &django.run_before,
        Framework::Alembic(_) => &[],
    }
}

fn revision(migration: &Migration) -> Option<&str> {
    match &migration.framework {
        Framework::Alembic(alembic) => alembic.revision.as_deref(),
        Framework::Django(_) => None,
    }
}

fn django_apps(migrations: &[Migration]) -> Vec<DjangoApp> {
    let mut by_directory: BTreeMap<(&str, &str), Vec<usize>> = BTreeMap::new();
    for (i, migration) in migrations.iter().enumerate() {
        if let Framework::Django(django) = &migration.framework {
            by_directory
                .entry((&django.app_label, &django.directory))
                .or_default()
                .push(i);
        }
    }
    // Each app is worked out by itself, on every core (40 apps of 1,250 migrations took
    // 15–40 ms on one).
    let by_directory: Vec<_> = by_directory.into_iter().collect();
    by_directory
        .into_par_iter()
        .map(|((label, directory), mut members)| {
            members.sort_by(|&a, &b| django_name(&migrations[a]).cmp(&django_name(&migrations[b])));
            let mut index: HashMap<&str, usize> = HashMap::with_capacity(members.len());
            index.extend(
                members
                    .iter()
                    .filter_map(|&i| Some((django_name(&migrations[i])?, i))),
            );
            // A squashed migration stands in for the ones it replaces.
            let mut stand_in: HashMap<String, usize> = HashMap::new();
            let mut replaced = BTreeSet::new();
            // Squashes whose originals are all here, with them.
            let mut kept = Vec::new();
            for &i in &members {
                let mut originals = Vec::new();
                let mut all_kept = true;
                for name in in_app(&migrations[i].replaces, label) {
                    stand_in.insert(name.to_string(), i);
                    match index.get(name) {
                        Some(&original) => {
                            replaced.insert(original);
                            originals.push(original);
                        }
                        None => all_kept = false,
                    }
                }
                if all_kept && !originals.is_empty() {
                    kept.push((i, originals));
                }
            }
            // The originals name each other (and what came before them) by their own names.
            let own_parents = |original: usize| -> Vec<usize> {
                in_app(&migrations[original].parents, label)
                    .filter_map(|name| index.get(name).or_else(|| stand_in.get(name)))
                    .copied()
                    .filter(|&parent| parent != original)
                    .collect()
            };
            let kept_originals = kept
                .into_iter()
                .map(|(squash, originals)| {
                    let originals = originals.into_iter().map(|o| (o, own_parents(o))).collect();
                    (squash, originals)
                })
                .collect();
            let resolve = |name: &str| -> Option<usize> {
                match stand_in.get(name) {
                    Some(&squash) => Some(squash),
                    None => index.get(name).copied(),
                }
            };
            let mut parents: HashMap<usize, Vec<usize>> = HashMap::with_capacity(members.len());
            let mut has_child = HashSet::with_capacity(members.len());
            for &i in members.iter().filter(|i| !replaced.contains(i)) {
                let mine: Vec<usize> = in_app(&migrations[i].parents, label)
                    .filter_map(|name| resolve(name).filter(|&p| p != i))
                    .collect();
                has_child.extend(mine.iter().copied());
                parents.insert(i, mine);
            }
            // `run_before`: the named migration waits for this one, as if it depended on it.
            for &i in members.iter().filter(|i| !replaced.contains(i)) {
                for child in in_app(run_before(&migrations[i]), label)
                    .filter_map(|name| resolve(name).filter(|&c| c != i))
                {
                    parents.entry(child).or_default().push(i);
                    has_child.insert(i);
                }
            }
            let leaves = members
                .iter()
                .copied()
                .filter(|i| !replaced.contains(i) && !has_child.contains(i))
                .collect();
            let unreadable_dependencies = members.iter().any(|&i| {
                migrations[i]
                    .parents
                    .iter()
                    .any(|dependency| dependency.target == Target::Unknown)
            });
            let names = index
                .keys()
                .map(|name| name.to_string())
                .chain(stand_in.into_keys())
                .collect();
            DjangoApp {
                label: label.to_string(),
                directory: directory.to_string(),
                members,
                names,
                replaced,
                leaves,
                unreadable_dependencies,
                parents,
                kept_originals,
            }
        })
        .collect()
}

fn alembic_locations(migrations: &[Migration]) -> Vec<AlembicLocation> {
    let mut locations: Vec<AlembicLocation> = alembic_chains(migrations)
        .into_iter()
        .map(|(name, members)| location(migrations, name, members))
        .collect();
    locations.sort_by(|a, b| a.name.cmp(&b.name));
    locations
}

/// The Alembic chains among `migrations`, each by its name (its version location; a
/// subfolder of one that holds a whole chain of its own; several joined by `, ` when their
/// revisions name each other) with its members, in path order.
fn alembic_chains<M: Borrow<Migration>>(migrations: &[M]) -> Vec<(String, Vec<usize>)> {
    let split = alembic_folders(migrations);
    // Locations whose revisions name each other are one script directory
    // (`version_locations` lists several directories).
    let names: Vec<String> = split.keys().cloned().collect();
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn find(parent: &mut [usize], i: usize) -> usize {
        let mut root = i;
        while parent[root] != root {
            root = parent[root];
        }
        parent[i] = root;
        root
    }
    let mut owner: HashMap<&str, Vec<usize>> = HashMap::new();
    for (g, members) in split.values().enumerate() {
        for &i in members {
            if let Some(revision) = revision(migrations[i].borrow()) {
                owner.entry(revision).or_default().push(g);
            }
        }
    }
    for (g, members) in split.values().enumerate() {
        let local: HashSet<&str> = members
            .iter()
            .filter_map(|&i| revision(migrations[i].borrow()))
            .collect();
        for &i in members {
            for dependency in &migrations[i].borrow().parents {
                let Target::Revision(target) = &dependency.target else {
                    continue;
                };
                if local.contains(target.as_str()) {
                    continue;
                }
                // The owner nearest on disk, when several trees reuse an id.
                let nearest = owner.get(target.as_str()).and_then(|groups| {
                    groups.iter().copied().max_by_key(|&other| {
                        let shared = names[other]
                            .split('/')
                            .zip(names[g].split('/'))
                            .take_while(|(a, b)| a == b)
                            .count();
                        (shared, std::cmp::Reverse(other))
                    })
                });
                if let Some(other) = nearest {
                    let (a, b) = (find(&mut parent, g), find(&mut parent, other));
                    parent[a] = b;
                }
            }
        }
    }
    let mut merged: BTreeMap<usize, (Vec<&str>, Vec<usize>)> = BTreeMap::new();
    for (g, (name, members)) in split.iter().enumerate() {
        let root = find(&mut parent, g);
        let entry = merged.entry(root).or_default();
        entry.0.push(name);
        entry.1.extend(members);
    }
    merged
        .into_values()
        .map(|(names, mut members)| {
            members.sort_by(|&a, &b| {
                migrations[a]
                    .borrow()
                    .path
                    .cmp(&migrations[b].borrow().path)
            });
            (names.join(", "), members)
        })
        .collect()
}

/// The Alembic revisions among `migrations` by version location, or by subfolder where each
/// subfolder of a location holds a whole chain of its own (one per database, say); before
/// locations whose revisions name each other are joined.
pub fn alembic_folders<M: Borrow<Migration>>(migrations: &[M]) -> BTreeMap<String, Vec<usize>> {
    // Start from the version locations discovery found.
    let mut groups: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, migration) in migrations.iter().map(Borrow::borrow).enumerate() {
        if let Framework::Alembic(alembic) = &migration.framework {
            groups.entry(alembic.location.clone()).or_default().push(i);
        }
    }
    // A location whose subfolders each hold a whole chain of their own (one per database,
    // say) is one location per subfolder.
    let mut split: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (location, members) in groups {
        let mut by_folder: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for &i in &members {
            let relative = migrations[i]
                .borrow()
                .path
                .strip_prefix(&location)
                .unwrap_or(&migrations[i].borrow().path)
                .trim_start_matches('/');
            let folder = match relative.split_once('/') {
                Some((folder, _)) => format!("{location}/{folder}"),
                None => location.clone(),
            };
            by_folder.entry(folder).or_default().push(i);
        }
        let separate = by_folder.len() > 1
            && !by_folder.contains_key(&location)
            && by_folder
                .values()
                .all(|group| self_contained(migrations, group));
        if separate {
            split.extend(by_folder);
        } else {
            split.insert(location, members);
        }
    }
    split
}

/// Every `down_revision` of the group resolves inside it, and it has a base revision.
fn self_contained<M: Borrow<Migration>>(migrations: &[M], group: &[usize]) -> bool {
    let local: HashSet<&str> = group
        .iter()
        .filter_map(|&i| revision(migrations[i].borrow()))
        .collect();
    let mut has_base = false;
    for &i in group {
        let parents = &migrations[i].borrow().parents;
        has_base |= parents.is_empty();
        if parents.iter().any(|dependency| {
            !matches!(&dependency.target, Target::Revision(r) if local.contains(r.as_str()))
        }) {
            return false;
        }
    }
    has_base
}

fn location(migrations: &[Migration], name: String, members: Vec<usize>) -> AlembicLocation {
    let mut by_revision: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for &i in &members {
        if let Some(revision) = revision(&migrations[i]) {
            by_revision.entry(revision).or_default().push(i);
        }
    }
    let duplicates = by_revision
        .values()
        .filter(|files| files.len() > 1)
        .cloned()
        .collect();
    let mut parents: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut has_child = HashSet::new();
    for &i in &members {
        let mine: Vec<usize> = migrations[i]
            .parents
            .iter()
            .filter_map(|dependency| match &dependency.target {
                Target::Revision(parent) => by_revision.get(parent.as_str())?.first().copied(),
                _ => None,
            })
            .collect();
        has_child.extend(mine.iter().copied());
        parents.insert(i, mine);
    }
    // One file per revision id counts (a duplicate is its own finding).
    let firsts: HashSet<usize> = by_revision.values().map(|files| files[0]).collect();
    let heads = members
        .iter()
        .copied()
        .filter(|i| firsts.contains(i) && !has_child.contains(i))
        .map(|head| {
            let mut labels = BTreeSet::new();
            let mut stack = vec![head];
            let mut seen = HashSet::new();
            while let Some(i) = stack.pop() {
                if !seen.insert(i) {
                    continue;
                }
                if let Framework::Alembic(alembic) = &migrations[i].framework {
                    labels.extend(alembic.branch_labels.iter().cloned());
                }
                stack.extend(parents.get(&i).into_iter().flatten().copied());
            }
            (head, labels)
        })
        .collect();
    AlembicLocation {
        name,
        members,
        heads,
        duplicates,
        parents,
    }
}

/// The database a script directory's revisions were written for (the words of each, see
/// `model::DialectWords`): the one whose dialect's
/// keyword arguments they pass (`mysql_engine=`), with the keyword most of them pass, when
/// they pass no other database's and name no other in a string literal (`dialect.name ==
/// "sqlite"` says the revisions run there too).
pub fn says_dialect<'a>(
    words: impl Iterator<Item = &'a crate::model::DialectWords>,
) -> Option<(Dialect, String)> {
    // Each keyword with the number of revisions that pass it first, in the order first seen.
    let mut keywords: Vec<(Dialect, &str, usize)> = Vec::new();
    let mut named: Vec<Dialect> = Vec::new();
    for words in words {
        for (dialect, word) in &words.keywords {
            match keywords.iter_mut().find(|(_, seen, _)| seen == word) {
                Some((_, _, count)) => *count += 1,
                None => keywords.push((*dialect, word, 1)),
            }
        }
        named.extend(&words.named);
    }
    let (dialect, _, _) = *keywords.first()?;
    let alone = keywords.iter().all(|(other, ..)| *other == dialect)
        && named.iter().all(|other| *other == dialect);
    // The most common keyword; the first seen of those as common.
    let (_, word, _) = keywords
        .iter()
        .rev()
        .max_by_key(|(_, _, count)| *count)
        .expect("one keyword at least");
    alone.then(|| (dialect, word.to_string()))
}

#[cfg(test)]
mod tests {
    use super::says_dialect;
    use crate::model::{Dialect, DialectWords};

    fn words(keywords: &[(Dialect, &str)], named: &[Dialect]) -> DialectWords {
        DialectWords {
            keywords: keywords.iter().map(|(d, w)| (*d, w.to_string())).collect(),
            named: named.to_vec(),
        }
    }

    #[test]
    fn what_a_script_directory_says_of_its_database() {
        let mysql = |word| words(&[(Dialect::Mysql, word)], &[]);
        let plain = words(&[], &[]);
        assert_eq!(
            says_dialect(
                [
                    plain.clone(),
                    mysql("mysql_as_long"),
                    mysql("mysql_engine"),
                    mysql("mysql_engine")
                ]
                .iter()
            ),
            Some((Dialect::Mysql, "mysql_engine".to_string()))
        );
        // Another database's keyword, or its name in a string: no word.
        let postgres = words(&[(Dialect::Postgresql, "postgresql_using")], &[]);
        assert_eq!(says_dialect([mysql("mysql_engine"), postgres].iter()), None);
        let tested = words(&[], &[Dialect::Sqlite]);
        assert_eq!(says_dialect([mysql("mysql_engine"), tested].iter()), None);
        let own_name = words(&[], &[Dialect::Mysql]);
        assert!(says_dialect([mysql("mysql_engine"), own_name].iter()).is_some());
        assert_eq!(says_dialect([plain].iter()), None);
    }
}

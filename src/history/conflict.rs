//! MC305's prediction: what merging the head into the `--since` ref's tip would make of a
//! Django app's leaves and an Alembic chain's heads. Two changes that each add migration
//! 0042 on top of 0041 are each fine alone; merged, the app has two leaves and `migrate`
//! stops. Seen here, before either is merged.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use super::assemble::{AtHead, Diff};
use crate::discover::{self, FileRef};
use crate::extract::Extracted;
use crate::graph::Graph;
use crate::model::{Framework, FrameworkKind, MergeConflict, Migration};

/// The conflicts a merge of the head into the ref's tip would have that the head alone
/// does not: `new` are the head's migrations new since the base (paths as shown).
pub fn predict(diff: &Diff, head: &AtHead, new: &HashSet<String>) -> Vec<MergeConflict> {
    if diff.tip_added.is_empty() || new.is_empty() {
        return Vec::new();
    }
    let migrations = head.migrations;
    let labels: HashMap<&str, &str> = migrations
        .iter()
        .filter_map(|m| match &m.framework {
            Framework::Django(django) => {
                Some((django.directory.as_str(), django.app_label.as_str()))
            }
            Framework::Alembic(_) => None,
        })
        .collect();
    let identity = |m: &Migration| match &m.framework {
        Framework::Django(django) => Some(format!("{}.{}", django.app_label, django.name)),
        Framework::Alembic(alembic) => alembic.revision.clone(),
    };
    let at_head: HashSet<String> = migrations.iter().filter_map(identity).collect();
    // What the ref gained, as the graph reads it, labelled as the head labels its apps;
    // what the head has already (it merged the ref, or took the same file) left out.
    let theirs: Vec<Migration> = diff
        .tip_added
        .iter()
        .filter_map(|(path, bytes)| {
            let place = discover::Place {
                absolute: head.checkout.absolute(path),
                path: head.checkout.show(path),
                explicit: false,
            };
            let candidate = discover::classify_in(
                FileRef::Disk(PathBuf::new()),
                place,
                &|_| None,
                head.locations,
            )?;
            let options = (head.options)(&candidate);
            let Extracted::Migration(mut migration) =
                crate::frameworks::extract_for_graph(&candidate, Ok(bytes.clone()), options)
            else {
                return None;
            };
            if let Framework::Django(django) = &mut migration.framework
                && let Some(label) = labels.get(django.directory.as_str())
            {
                django.app_label = label.to_string();
            }
            (!identity(&migration).is_some_and(|id| at_head.contains(&id))).then_some(*migration)
        })
        .collect();

    // One group per Django app label and per Alembic version location that both sides
    // gained migrations in.
    let group = |m: &Migration| match &m.framework {
        Framework::Django(django) => (FrameworkKind::Django, django.app_label.clone()),
        Framework::Alembic(alembic) => (FrameworkKind::Alembic, alembic.location.clone()),
    };
    let ours_new: HashSet<(FrameworkKind, String)> = migrations
        .iter()
        .filter(|m| new.contains(&m.path))
        .map(group)
        .collect();
    let mut shared: Vec<(FrameworkKind, String)> = theirs
        .iter()
        .map(group)
        .filter(|g| ours_new.contains(g))
        .collect();
    shared.sort_by(|a, b| a.1.cmp(&b.1));
    shared.dedup();

    let mut conflicts = Vec::new();
    for key in shared {
        let ours: Vec<Migration> = migrations
            .iter()
            .filter(|m| group(m) == key)
            .map(Migration::graph_copy)
            .collect();
        let mut merged: Vec<Migration> = ours.iter().map(Migration::graph_copy).collect();
        let from_ours = merged.len();
        merged.extend(
            theirs
                .iter()
                .filter(|m| group(m) == key)
                .map(Migration::graph_copy),
        );
        let (before, _) = ends(&ours, key.0);
        let (after, ends_merged) = ends(&merged, key.0);
        if after <= before {
            continue;
        }
        let (mine, others): (Vec<usize>, Vec<usize>) =
            ends_merged.into_iter().partition(|&i| i < from_ours);
        let theirs_names: Vec<String> = others.iter().map(|&i| merged[i].display_name()).collect();
        if theirs_names.is_empty() {
            continue;
        }
        for i in mine.into_iter().filter(|&i| new.contains(&merged[i].path)) {
            conflicts.push(MergeConflict {
                path: merged[i].path.clone(),
                anchor: merged[i].anchor,
                name: merged[i].display_name(),
                theirs: theirs_names.clone(),
                framework: key.0,
            });
        }
    }
    conflicts
}

/// How many leaves (Django) or heads on one branch (Alembic) the migrations have that
/// conflict, and which they are.
fn ends(migrations: &[Migration], framework: FrameworkKind) -> (usize, Vec<usize>) {
    let graph = Graph::build(migrations);
    let ends: Vec<usize> = match framework {
        FrameworkKind::Django => graph
            .apps
            .iter()
            .filter(|app| app.leaves.len() > 1)
            .flat_map(|app| app.leaves.iter().copied())
            .collect(),
        FrameworkKind::Alembic => graph
            .locations
            .iter()
            .flat_map(|location| location.conflicting_heads())
            .collect(),
    };
    (ends.len(), ends)
}

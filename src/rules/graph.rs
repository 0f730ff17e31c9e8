//! MC003 and MC301–MC304: the migration graph as Django's loader and Alembic see it.

use super::{Rule, RuleSet};
use crate::diagnostic::Diagnostic;
use crate::graph::{Graph, Reference};
use crate::model::{Framework, Migration, Target};
use crate::source::Span;

/// A module in a folder of Django migrations that is not a migration.
#[derive(Debug, Clone)]
pub struct Stray {
    pub path: String,
    /// The `migrations/` directory it sits in.
    pub directory: String,
    /// File name without `.py`.
    pub name: String,
}

pub fn check(
    migrations: &[Migration],
    graph: &Graph,
    strays: &[Stray],
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    if rules.contains(&Rule::ConflictingLeaves) {
        conflicting_leaves(migrations, graph, out);
    }
    if rules.contains(&Rule::UnknownDependency) {
        unknown_dependencies(migrations, graph, out);
    }
    if rules.contains(&Rule::MultipleHeads) {
        multiple_heads(migrations, graph, out);
    }
    if rules.contains(&Rule::DuplicateRevision) {
        duplicate_revisions(migrations, graph, out);
    }
    if rules.contains(&Rule::NotAMigration) {
        not_a_migration(migrations, strays, out);
    }
}

fn names(migrations: &[Migration], members: &[usize]) -> String {
    let names: Vec<String> = members
        .iter()
        .map(|&i| match &migrations[i].framework {
            Framework::Django(django) => format!("`{}`", django.name),
            Framework::Alembic(alembic) => {
                format!("`{}`", alembic.revision.as_deref().unwrap_or("?"))
            }
        })
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

fn conflicting_leaves(migrations: &[Migration], graph: &Graph, out: &mut Vec<Diagnostic>) {
    for app in &graph.apps {
        let Some(&last) = app.leaves.last() else {
            continue;
        };
        if app.leaves.len() < 2 || app.unreadable_dependencies {
            continue;
        }
        let migration = &migrations[last];
        out.push(
            super::finding(
migration,
Rule::ConflictingLeaves,
                migration.anchor,
                // Every leaf is named, last, so that the message reads however many there are.
                format!(
                    "app `{}` has {} leaf migrations, so `migrate` stops with \"Conflicting migrations detected\": {}",
                    app.label,
                    app.leaves.len(),
                    names(migrations, &app.leaves)
                ),
            )
            .with_help(format!(
                "merge them with `python manage.py makemigrations --merge {}`, or make one depend on the other",
                app.label
            )),
        );
    }
}

/// How many unknown dependencies of a run get a "did you mean": each compares the name with
/// every migration of its app.
const SUGGESTIONS: usize = 20;

fn unknown_dependencies(migrations: &[Migration], graph: &Graph, out: &mut Vec<Diagnostic>) {
    let mut suggestions = SUGGESTIONS;
    for unknown in graph.unknown_dependencies(migrations) {
        let migration = &migrations[unknown.migration];
        let name = migration.display_name();
        let (span, message, help) = match (&migration.framework, unknown.reference) {
            (Framework::Django(django), Reference::Parent(d) | Reference::RunBefore(d)) => {
                let (dependency, relation) = match unknown.reference {
                    Reference::RunBefore(_) => (&django.run_before[d], "must run before"),
                    _ => (&migration.parents[d], "depends on"),
                };
                let Target::Django {
                    app_label,
                    name: target,
                } = &dependency.target
                else {
                    continue;
                };
                let siblings = (suggestions > 0)
                    .then(|| graph.app_for(app_label, target, &django.directory))
                    .flatten()
                    .map(|app| {
                        app.members
                            .iter()
                            .filter_map(|&i| match &migrations[i].framework {
                                Framework::Django(d) => Some(d.name.as_str()),
                                Framework::Alembic(_) => None,
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default();
                suggestions = suggestions.saturating_sub(1);
                let help = match crate::config::closest(target, siblings.iter().copied()) {
                    Some(close) => format!("did you mean `(\"{app_label}\", \"{close}\")`?"),
                    None => format!("point it at an existing migration of app `{app_label}`"),
                };
                (
                    dependency.span,
                    format!(
                        "{name} {relation} `{app_label}.{target}`, which does not exist: `migrate` stops with NodeNotFoundError"
                    ),
                    help,
                )
            }
            (Framework::Alembic(alembic), reference) => {
                let (span, kind, target) = match reference {
                    Reference::Parent(d) => match &migration.parents[d].target {
                        Target::Revision(target) => {
                            (migration.parents[d].span, "down_revision", target.clone())
                        }
                        _ => continue,
                    },
                    Reference::DependsOn(d) => (
                        migration.anchor,
                        "depends_on",
                        alembic.depends_on[d].clone(),
                    ),
                    Reference::RunBefore(_) => continue,
                };
                (
                    span,
                    format!(
                        "{name} has {kind} `{target}`, which no revision in `{}` declares: Alembic stops with \"Can't locate revision\"",
                        alembic.location
                    ),
                    "point it at an existing revision (`alembic heads` and `alembic history` list them)"
                        .to_string(),
                )
            }
            (Framework::Django(_), Reference::DependsOn(_)) => continue,
        };
        out.push(super::finding(migration, Rule::UnknownDependency, span, message).with_help(help));
    }
}

fn multiple_heads(migrations: &[Migration], graph: &Graph, out: &mut Vec<Diagnostic>) {
    for location in &graph.locations {
        for (labels, heads) in location.head_groups() {
            let Some(&last) = heads.last() else {
                continue;
            };
            if heads.len() < 2 {
                continue;
            }
            let migration = &migrations[last];
            let branch = if labels.is_empty() {
                String::new()
            } else {
                format!(" on branch `{}`", labels.join("`, `"))
            };
            out.push(
                super::finding(
migration,
Rule::MultipleHeads,
                    migration.anchor,
                    format!(
                        "`{}` has {} heads{branch}, so `alembic upgrade head` stops with \"Multiple head revisions are present\": {}",
                        location.name,
                        heads.len(),
                        names(migrations, &heads)
                    ),
                )
                .with_help(
                    "merge them with `alembic merge heads -m \"merge heads\"`, or point one's down_revision at the other",
                ),
            );
        }
    }
}

fn duplicate_revisions(migrations: &[Migration], graph: &Graph, out: &mut Vec<Diagnostic>) {
    for location in &graph.locations {
        for files in &location.duplicates {
            let first = &migrations[files[0]];
            for &i in &files[1..] {
                let migration = &migrations[i];
                out.push(
                    super::finding(
migration,
Rule::DuplicateRevision,
                        migration.anchor,
                        format!(
                            "{} is declared by `{}` too: Alembic cannot tell the two apart",
                            migration.display_name(),
                            first.path
                        ),
                    )
                    .with_help(
                        "give one of them a new revision id (`alembic revision` makes one) and update the down_revision that should point to it",
                    ),
                );
            }
        }
    }
}

fn not_a_migration(migrations: &[Migration], strays: &[Stray], out: &mut Vec<Diagnostic>) {
    for stray in strays {
        let holds_migrations = migrations.iter().any(
            |m| matches!(&m.framework, Framework::Django(d) if d.directory == stray.directory),
        );
        if !holds_migrations {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::NotAMigration,
                &stray.path,
                None,
                Span::at_start(),
                format!(
                    "`{}` is in the Django migrations package `{}` but defines no `Migration` class: Django's loader stops with BadMigrationError",
                    stray.name, stray.directory
                ),
            )
            .with_help(format!(
                "move it out of `{}`, or rename it to `_{}.py` so the loader skips it",
                stray.directory, stray.name
            )),
        );
    }
}

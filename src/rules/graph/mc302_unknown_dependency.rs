//! MC302 unknown-dependency: a dependency, `down_revision` or `depends_on` that names no
//! migration of the project.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::graph::Reference;
use crate::model::{Framework, Target};
use crate::registry::Rule;

/// How many unknown dependencies of a run get a "did you mean": each compares the name with
/// every migration of its app.
const SUGGESTIONS: usize = 20;

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (migrations, graph) = (cx.migrations, cx.graph);
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
        out.push(
            crate::rules::finding(migration, Rule::UnknownDependency, span, message)
                .with_help(help),
        );
    }
}

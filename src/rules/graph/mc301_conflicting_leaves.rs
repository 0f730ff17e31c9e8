//! MC301 conflicting-leaves: a Django app with more than one leaf migration.

use super::{Context, names};
use crate::diagnostic::Diagnostic;
use crate::registry::Rule;

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (migrations, graph) = (cx.migrations, cx.graph);
    for app in &graph.apps {
        let Some(&last) = app.leaves.last() else {
            continue;
        };
        if app.leaves.len() < 2 || app.unreadable_dependencies {
            continue;
        }
        let migration = &migrations[last];
        out.push(
            crate::rules::finding(
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

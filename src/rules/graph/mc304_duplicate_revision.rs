//! MC304 duplicate-revision: two revision files that declare one revision id.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::registry::Rule;

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (migrations, graph) = (cx.migrations, cx.graph);
    for location in &graph.locations {
        for files in &location.duplicates {
            let first = &migrations[files[0]];
            for &i in &files[1..] {
                let migration = &migrations[i];
                out.push(
                    crate::rules::finding(
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

//! MC304 duplicate-revision: two revision files that declare one revision id.

use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::model::Migration;
use crate::rules::Rule;

pub(super) fn check(migrations: &[Migration], graph: &Graph, out: &mut Vec<Diagnostic>) {
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

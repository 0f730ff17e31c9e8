//! MC303 multiple-heads: an Alembic chain with more than one head on a branch.

use super::{Context, names};
use crate::diagnostic::Diagnostic;
use crate::registry::Rule;

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (migrations, graph) = (cx.migrations, cx.graph);
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
                crate::rules::finding(
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

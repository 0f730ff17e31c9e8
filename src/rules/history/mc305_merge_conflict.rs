//! MC305 merge-conflict: a new migration that merging into the `--since` ref's tip would
//! leave beside a migration the ref gained meanwhile.

use crate::diagnostic::Diagnostic;
use crate::model::{FrameworkKind, MergeConflict};
use crate::registry::Rule;

/// MC305 on the head's new migration.
pub(super) fn finding(conflict: &MergeConflict, base: &str) -> Diagnostic {
    let theirs = conflict.theirs.join(", ");
    let (what, help) = match conflict.framework {
        FrameworkKind::Django => (
            "the app would have two leaf migrations, and `migrate` refuses to run until they are merged",
            format!(
                "rebase on `{base}` and make {} depend on {theirs} (renumbered to come after it), or after merging run `python manage.py makemigrations --merge`",
                conflict.name
            ),
        ),
        FrameworkKind::Alembic => (
            "the chain would have two heads, and `alembic upgrade head` fails until they are merged",
            format!(
                "rebase on `{base}` and set the `down_revision` of {} to {theirs}, or after merging run `alembic merge heads`",
                conflict.name
            ),
        ),
    };
    Diagnostic::pending(
        Rule::MergeConflict,
        &conflict.path,
        conflict.anchor,
        format!(
            "{} is new here and {theirs} is new on `{base}`: merged, {what}",
            conflict.name
        ),
    )
    .with_help(help)
}

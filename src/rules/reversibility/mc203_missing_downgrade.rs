//! MC203 missing-downgrade: an Alembic revision with no `downgrade()`.

use crate::diagnostic::Diagnostic;
use crate::model::{Backward, Framework, Migration};
use crate::registry::Rule;
use crate::rules::finding;

pub(super) fn check(migration: &Migration, out: &mut Vec<Diagnostic>) {
    let (Framework::Alembic(revision), Backward::Missing) =
        (&migration.framework, &migration.backward)
    else {
        return;
    };
    out.push(
        finding(
            migration,
            Rule::MissingDowngrade,
            revision.upgrade,
            format!(
                "{} has no `downgrade()`, so `alembic downgrade` cannot go past it",
                migration.display_name()
            ),
        )
        .with_help(
            "add `def downgrade() -> None:` that undoes `upgrade()`: drop what it creates, restore what it drops",
        ),
    );
}

//! MC204 empty-downgrade: a `downgrade()` that does nothing while `upgrade()` leaves a
//! schema change behind.

use super::Net;
use crate::diagnostic::Diagnostic;
use crate::model::{Backward, Framework, Migration};
use crate::registry::Rule;
use crate::rules::finding;

pub(super) fn check(migration: &Migration, out: &mut Vec<Diagnostic>) {
    let (Framework::Alembic(revision), Backward::Function(downgrade)) =
        (&migration.framework, &migration.backward)
    else {
        return;
    };
    if !downgrade.is_empty || revision.upgrade_is_empty {
        return;
    }
    // An `upgrade()` that only changes rows may leave nothing to undo, as a Django data
    // migration may have `RunPython.noop`.
    let Some(change) = Net::of(&migration.forward).lasting_change() else {
        return;
    };
    out.push(
        finding(
            migration,
            Rule::EmptyDowngrade,
            downgrade.span,
            format!(
                "`downgrade()` of {} does nothing while `upgrade()` {change}: a downgrade would mark it unapplied and leave the changes in place",
                migration.display_name()
            ),
        )
        .with_help(
            "write the operations that undo `upgrade()`; if it truly cannot be undone, `raise NotImplementedError(\"...\")` so a downgrade stops loudly",
        ),
    );
}

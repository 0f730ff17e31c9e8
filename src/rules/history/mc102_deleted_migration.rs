//! MC102 deleted-migration: a migration that exists at the base whose identity no head
//! migration has.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{ChangeKind, Framework, HistoryChange, Migration, Target};
use crate::registry::Rule;
use crate::registry::Severity;

pub(super) fn check(change: &HistoryChange, cx: &Context, out: &mut Vec<Diagnostic>) {
    if change.kind == ChangeKind::Deleted {
        out.push(finding(change, &cx.squashed, cx.base));
    }
}

fn finding(change: &HistoryChange, squashed: &[&Migration], base: &str) -> Diagnostic {
    let old = &change.old;
    let name = old.display_name();
    // The file may be there still, holding another migration.
    let now = change
        .new_name
        .as_ref()
        .map(|other| format!(" (`{}` now holds {other})", old.path))
        .unwrap_or_default();
    let squash = match &old.framework {
        Framework::Django(django) => squashed.iter().find(|migration| {
            migration.replaces.iter().any(|dependency| {
                matches!(&dependency.target, Target::Django { app_label, name }
                    if *app_label == django.app_label && *name == django.name)
            })
        }),
        Framework::Alembic(_) => None,
    };
    let finding =
        |message: String| crate::rules::finding(old, Rule::DeletedMigration, old.anchor, message);
    match squash {
        Some(squash) => {
            let mut diagnostic = finding(format!(
                "{name} exists on `{base}` and was deleted{now}; the squashed migration {} replaces it",
                squash.display_name()
            ))
            .with_help(
                "this is the last step of squashing: make sure every database has applied the squashed migration first",
            );
            diagnostic.severity = Severity::Warning;
            diagnostic
        }
        None if matches!(old.framework, Framework::Django(_)) => finding(format!(
            "{name} exists on `{base}` and was deleted{now}; databases that applied it still record it, and migrations that depend on it break"
        ))
        .with_help(format!(
            "restore it (`git checkout {base} -- {}`); to retire old migrations, squash them (`python manage.py squashmigrations`)",
            old.path
        )),
        None => finding(format!(
            "{name} exists on `{base}` and was deleted{now}; Alembic cannot upgrade or downgrade through a missing revision"
        ))
        .with_help(format!("restore it (`git checkout {base} -- {}`)", old.path)),
    }
}

//! MC101 edited-migration: a migration that exists at the base, changed in what it does.

use super::{Context, at_line, create_new};
use crate::diagnostic::Diagnostic;
use crate::model::{Edit, HistoryChange};
use crate::registry::Rule;

pub(super) fn check(change: &HistoryChange, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(Edit::Semantic { what, line }) = &change.edit else {
        return;
    };
    let (old, base) = (&change.old, cx.base);
    out.push(
        at_line(
            change,
            Rule::EditedMigration,
            *line,
            format!(
                "{} exists on `{base}` and was edited: {what}; databases that already applied it will never run the edit",
                old.display_name()
            ),
        )
        .with_help(format!(
            "restore it (`git checkout {base} -- {}`) and {}",
            old.path,
            create_new(old)
        )),
    );
}

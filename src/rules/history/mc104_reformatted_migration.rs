//! MC104 reformatted-migration: an existing migration changed only in form.

use super::{Context, new_path};
use crate::diagnostic::Diagnostic;
use crate::model::{Edit, HistoryChange};
use crate::registry::Rule;
use crate::source::Span;

pub(super) fn check(change: &HistoryChange, cx: &Context, out: &mut Vec<Diagnostic>) {
    if change.edit != Some(Edit::Cosmetic) {
        return;
    }
    out.push(Diagnostic::new(
        Rule::ReformattedMigration,
        new_path(change),
        change.new_source.as_deref(),
        change.new_anchor.unwrap_or_else(Span::at_start),
        format!(
            "{} exists on `{}` and was reformatted; nothing a database sees changed",
            change.old.display_name(),
            cx.base
        ),
    ));
}

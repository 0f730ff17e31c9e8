//! MC105 reverse-edited: an existing migration whose reverse alone changed.

use super::{Context, at_line};
use crate::diagnostic::Diagnostic;
use crate::model::{Edit, HistoryChange};
use crate::registry::Rule;

pub(super) fn check(change: &HistoryChange, cx: &Context, out: &mut Vec<Diagnostic>) {
    let Some(Edit::Reverse { what, line }) = &change.edit else {
        return;
    };
    out.push(at_line(
        change,
        Rule::ReverseEdited,
        *line,
        format!(
            "{} exists on `{}` and only its reverse was edited: {what}; the forward path databases ran is unchanged, the new reverse is what they run to migrate back",
            change.old.display_name(),
            cx.base
        ),
    ));
}

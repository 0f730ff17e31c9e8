//! MC503 drop-table: a table dropped, its data with it.

use super::{Context, Words, is_sequence};
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation};
use crate::registry::Rule;

pub(super) fn check(cx: &Context, at: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let OpKind::DropTable { table } = &operation.kind else {
        return;
    };
    // A table dropped and then made again under its name (`DeleteModel` before
    // `CreateModel`) loses its rows all the same.
    if cx.created_before(table, at)
        || is_sequence(table)
        || cx.copied.contains(&table.to_lowercase())
    {
        return;
    }
    let table_words = Words::of(operation).table(table);
    // Made again later in the migration: code still deployed finds a table of that name,
    // empty.
    let (message, help) = if cx.is_new(table) {
        (
            format!("drops {table_words} and creates it again: its rows are gone"),
            "keep the table and change it in place, or copy its rows into the new table before dropping the old one",
        )
    } else {
        (
            format!("drops {table_words}: its data is gone, and code still deployed may query it"),
            "drop it in a release after the code stopped using it, with a backup of its data",
        )
    };
    out.push(cx.finding(Rule::DropTable, operation, message, help.to_string()));
}

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
    out.push(
        cx.finding(
            Rule::DropTable,
            operation,
            format!(
                "drops {}: its data is gone, and code still deployed may query it",
                Words::of(operation).table(table)
            ),
            "drop it in a release after the code stopped using it, with a backup of its data"
                .to_string(),
        ),
    );
}

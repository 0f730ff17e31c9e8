//! MC511 unbounded-data-change: an `UPDATE` or `DELETE` with no `WHERE`.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation, SqlVerb, computed};
use crate::registry::Rule;
use crate::rules::named;

pub(super) fn check(cx: &Context, _: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let OpKind::DataChange {
        table,
        verb,
        bounded: false,
    } = &operation.kind
    else {
        return;
    };
    if cx.is_new(table) {
        return;
    }
    let verb = if *verb == SqlVerb::Delete {
        "DELETE"
    } else {
        "UPDATE"
    };
    let table = match computed(table) {
        Some(_) => named("table", table),
        None => format!("`{table}`"),
    };
    out.push(cx.finding(
        Rule::UnboundedDataChange,
        operation,
        format!(
            "{verb} on {table} has no WHERE: it changes every row in one transaction, locking them all"
        ),
        "add the WHERE it needs, and for large tables work in batches (`WHERE id BETWEEN ...`), outside the schema migration if it is long".to_string(),
    ));
}

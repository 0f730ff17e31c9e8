//! MC509 concurrent-in-transaction: `CONCURRENTLY` inside a transaction, which PostgreSQL
//! refuses.

use super::{Context, index_change, transaction_help};
use crate::diagnostic::Diagnostic;
use crate::model::Operation;
use crate::registry::Rule;

pub(super) fn check(cx: &Context, _: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let Some(index) = index_change(cx, operation) else {
        return;
    };
    if !index.concurrently || !operation.in_transaction {
        return;
    }
    out.push(cx.finding(
        Rule::ConcurrentInTransaction,
        operation,
        format!(
            "{} {}{} CONCURRENTLY inside a transaction: PostgreSQL refuses (\"cannot run inside a transaction block\")",
            index.verb(),
            index.what,
            index.on.as_deref().unwrap_or_default()
        ),
        transaction_help(operation.origin).to_string(),
    ));
}

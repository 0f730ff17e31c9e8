//! MC509 concurrent-in-transaction: `CONCURRENTLY` inside a transaction, which PostgreSQL
//! refuses; after an SQL `COMMIT`, what happens depends on the driver.

use super::{Context, index_change, transaction_help};
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation};
use crate::registry::Rule;

pub(super) fn check(cx: &Context, at: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let Some(index) = index_change(cx, operation) else {
        return;
    };
    if !index.concurrently || !operation.in_transaction {
        return;
    }
    let what = format!(
        "{} {}{} CONCURRENTLY",
        index.verb(),
        index.what,
        index.on.as_deref().unwrap_or_default()
    );
    let message = if !cx.is_django && commits_before(cx, at) {
        // The driver, not PostgreSQL, decides: psycopg2 keeps believing its transaction is
        // open and sends no new BEGIN; psycopg 3 sees the server idle and sends one.
        format!(
            "{what} after an SQL `COMMIT`: with psycopg2 it runs outside any transaction, and so does the rest of the revision (a failure after it leaves the database part-migrated); with psycopg 3 the driver begins a new transaction first and PostgreSQL refuses (\"cannot run inside a transaction block\")"
        )
    } else {
        format!(
            "{what} inside a transaction: PostgreSQL refuses (\"cannot run inside a transaction block\")"
        )
    };
    out.push(cx.locking_finding(
        Rule::ConcurrentInTransaction,
        operation,
        message,
        transaction_help(operation.origin).to_string(),
    ));
}

/// Whether an operation before the one at `at` runs an SQL `COMMIT` (or `END`), as
/// `op.execute("COMMIT")` does to leave Alembic's transaction by hand.
fn commits_before(cx: &Context, at: usize) -> bool {
    cx.together()
        .take_while(|(i, _)| *i < at)
        .any(|(_, earlier)| match &earlier.kind {
            OpKind::RunSql { sql, .. } => sql.iter().any(|text| {
                text.statements
                    .iter()
                    .any(|statement| matches!(statement.command.as_str(), "COMMIT" | "END"))
            }),
            _ => false,
        })
}

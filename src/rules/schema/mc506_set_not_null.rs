//! MC506 set-not-null: a column made NOT NULL, every row checked under a lock.

use super::{Context, Words};
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation, Origin};
use crate::registry::Rule;

pub(super) fn check(cx: &Context, _: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let OpKind::AlterColumn {
        table,
        column,
        nullable,
        was_nullable,
        ..
    } = &operation.kind
    else {
        return;
    };
    if cx.is_new(table) || !cx.locks || operation.other_dialect {
        return;
    }
    let sets_not_null = *nullable == Some(false)
        && match operation.origin {
            // Django: only when the model state says it was nullable.
            Origin::DjangoOperation => *was_nullable == Some(true),
            _ => *was_nullable != Some(false),
        };
    if sets_not_null {
        out.push(cx.locking_finding(
            Rule::SetNotNull,
            operation,
            format!(
                "makes {} NOT NULL: the database checks every row while it holds a lock that blocks reads and writes",
                Words::of(operation).column(table, column)
            ),
            "on PostgreSQL add `CHECK (column IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` it in a later migration, then `SET NOT NULL` (12+ skips the scan) and drop the check".to_string(),
        ));
    }
}

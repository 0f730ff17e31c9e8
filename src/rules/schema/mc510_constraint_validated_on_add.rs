//! MC510 constraint-validated-on-add: a foreign key or check constraint added to a table
//! with rows without `NOT VALID`.

use super::{Context, Words};
use crate::diagnostic::Diagnostic;
use crate::model::{ConstraintKind, OpKind, Operation, Origin};
use crate::registry::Rule;

pub(super) fn check(cx: &Context, _: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let OpKind::AddConstraint {
        table,
        name: constraint,
        kind: kind @ (ConstraintKind::ForeignKey | ConstraintKind::Check),
        validated: true,
    } = &operation.kind
    else {
        return;
    };
    if !cx.postgres
        || operation.other_dialect
        || operation.origin != Origin::Sql
        || cx.is_new(table)
    {
        return;
    }
    let kind = match kind {
        ConstraintKind::ForeignKey => "foreign key",
        _ => "check constraint",
    };
    let what = constraint
        .as_ref()
        .map(|c| format!(" `{c}`"))
        .unwrap_or_default();
    out.push(cx.locking_finding(
        Rule::ConstraintValidatedOnAdd,
        operation,
        format!(
            "adds {kind}{what} to {} without NOT VALID: PostgreSQL checks every row while it holds a lock that blocks writes",
            Words::of(operation).table(table)
        ),
        "add it `NOT VALID`, then `ALTER TABLE ... VALIDATE CONSTRAINT` in a later migration (that only takes a light lock)".to_string(),
    ));
}

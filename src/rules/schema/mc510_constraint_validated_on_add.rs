//! MC510 constraint-validated-on-add: a foreign key or check constraint added to a table
//! with rows without `NOT VALID`: in SQL, by Alembic's `op.create_foreign_key` /
//! `op.create_check_constraint`, by Django's `AddConstraint(CheckConstraint)`.

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
    if !cx.postgres || operation.other_dialect || cx.is_new(table) || cx.is_gone(table) {
        return;
    }
    let (kind, blocks) = match kind {
        ConstraintKind::ForeignKey => (
            "foreign key",
            "a lock that blocks writes to it and to the table it references",
        ),
        _ => (
            "check constraint",
            "a lock that blocks every query on the table",
        ),
    };
    let what = constraint
        .as_ref()
        .map(|c| format!(" `{c}`"))
        .unwrap_or_default();
    out.push(cx.locking_finding(
        Rule::ConstraintValidatedOnAdd,
        operation,
        format!(
            "adds {kind}{what} to {} without NOT VALID: PostgreSQL checks every row while it holds {blocks}",
            Words::of(operation).table(table)
        ),
        if super::declared_with_column(cx, operation) {
            "add the column without `sa.ForeignKey`, then `op.create_foreign_key(..., postgresql_not_valid=True)` and `op.execute(\"ALTER TABLE ... VALIDATE CONSTRAINT ...\")` in a later revision (that only takes a light lock)"
        } else {
            help(operation.origin)
        }
        .to_string(),
    ));
}

fn help(origin: Origin) -> &'static str {
    match origin {
        Origin::DjangoOperation => {
            "add it with `RunSQL(\"ALTER TABLE ... ADD CONSTRAINT ... NOT VALID\")` and record the constraint in the model state only, with `SeparateDatabaseAndState`; then `ALTER TABLE ... VALIDATE CONSTRAINT` in a later migration (that only takes a light lock)"
        }
        Origin::AlembicOp => {
            "pass `postgresql_not_valid=True`, then `op.execute(\"ALTER TABLE ... VALIDATE CONSTRAINT ...\")` in a later revision (that only takes a light lock)"
        }
        Origin::Sql => {
            "add it `NOT VALID`, then `ALTER TABLE ... VALIDATE CONSTRAINT` in a later migration (that only takes a light lock)"
        }
    }
}

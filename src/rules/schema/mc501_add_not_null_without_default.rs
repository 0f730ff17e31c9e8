//! MC501 add-not-null-without-default: a NOT NULL column added to a table with rows and no
//! database default.

use super::{Context, Words};
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation, Origin};
use crate::registry::Rule;

pub(super) fn check(cx: &Context, _: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let OpKind::AddColumn {
        table,
        column,
        nullable: false,
        db_default: false,
        app_default,
        field,
        ..
    } = &operation.kind
    else {
        return;
    };
    if cx.is_new(table) {
        return;
    }
    let what = Words::of(operation).column(table, column);
    let fills_rows = field.as_ref().and_then(|field| field.fills_rows);
    let message = match (operation.origin, app_default, fills_rows) {
        (Origin::DjangoOperation, true, _) => format!(
            "adds NOT NULL {what} with only a Python-side `default=`: Django fills the existing rows and then drops the default, so inserts from the old code still running during the deploy fail"
        ),
        (Origin::DjangoOperation, false, Some(value)) => format!(
            "adds NOT NULL {what} with no default: Django fills the existing rows with {value} and then drops that default, so inserts from the old code still running during the deploy fail"
        ),
        (Origin::DjangoOperation, false, None) => format!(
            "adds NOT NULL {what} with no default: existing rows make it fail (or take a one-off default Django drops again), and inserts from the old code still running fail"
        ),
        (_, true, _) => format!(
            "adds NOT NULL {what} with only a Python-side `default=`: the database has no default, so existing rows make it fail"
        ),
        (_, false, _) => format!(
            "adds NOT NULL {what} with no database default: existing rows make it fail, and inserts from the old code still running fail"
        ),
    };
    let help = match operation.origin {
        Origin::DjangoOperation => {
            "give it a database default with `db_default=` (Django 5.0+); or add it with `null=True`, backfill in batches, and make it NOT NULL in a later migration"
        }
        Origin::AlembicOp => {
            "pass `server_default=`; or add it with `nullable=True`, backfill in batches, and `op.alter_column(..., nullable=False)` in a later revision"
        }
        Origin::Sql => {
            "add it with a `DEFAULT`; or add it nullable, backfill in batches, and `SET NOT NULL` in a later migration"
        }
    };
    out.push(cx.finding(
        Rule::AddNotNullWithoutDefault,
        operation,
        message,
        help.to_string(),
    ));
}

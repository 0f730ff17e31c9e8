//! MC504 rename-column: a column (or a many-to-many field's join table) renamed under the
//! code still deployed.

use super::{Context, Words};
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation};
use crate::registry::Rule;
use crate::rules::new_name;

pub(super) fn check(cx: &Context, at: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let words = Words::of(operation);
    match &operation.kind {
        OpKind::JoinTable {
            table,
            field,
            join_table,
            new_name: Some(new_name),
        } if !cx.is_new(table) => {
            out.push(cx.finding(
                Rule::RenameColumn,
                operation,
                format!(
                    "renames many-to-many {} to `{new_name}`, which renames its join table `{join_table}`: code still deployed uses the old table name and fails until it is replaced",
                    words.column(table, field)
                ),
                format!(
                    "keep the join table's name: first `AlterField` the field to `db_table=\"{join_table}\"` (its name today, so nothing runs), then rename the field"
                ),
            ));
        }
        OpKind::RenameColumn {
            table,
            column,
            new_name: new,
        } if !cx.is_new(table) && !cx.on_new_column.contains(&at) => {
            let help = if cx.is_django {
                "keep the column and rename only the field (`db_column=\"old_name\"`); or add a new column, write to both, backfill, switch reads, then drop the old one"
            } else {
                "add the new column, write to both, backfill, switch reads, then drop the old column in a later release"
            };
            out.push(cx.finding(
                Rule::RenameColumn,
                operation,
                format!(
                    "renames {} to {}: code still deployed uses the old name and fails until it is replaced",
                    words.column(table, column),
                    new_name(new)
                ),
                help.to_string(),
            ));
        }
        _ => {}
    }
}

//! MC502 drop-column: a column (or a many-to-many field's join table) dropped while the
//! code still deployed may use it.

use super::{Context, Words};
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation};
use crate::registry::Rule;

pub(super) fn check(cx: &Context, at: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let words = Words::of(operation);
    match &operation.kind {
        OpKind::DropColumn { table, column }
            if !cx.is_new(table)
                && !cx.is_gone(table)
                && !cx.on_new_column.contains(&at)
                && !renamed_here(cx, at, table, column) =>
        {
            let help = if cx.is_django {
                "first release code that no longer uses it (Django reads every field of a model), e.g. remove the field from the model state with `SeparateDatabaseAndState`; drop the column in a later release"
            } else {
                "first release code that no longer reads or writes it; drop the column in a later release"
            };
            out.push(cx.finding(
                Rule::DropColumn,
                operation,
                format!(
                    "drops {}: code still deployed during the rollout may read or write it",
                    words.column(table, column)
                ),
                help.to_string(),
            ));
        }
        OpKind::JoinTable {
            table,
            field,
            join_table,
            new_name: None,
        } if !cx.is_new(table) && !cx.is_gone(table) => {
            out.push(cx.finding(
                Rule::DropColumn,
                operation,
                format!(
                    "removes many-to-many {}, which drops its join table `{join_table}`: the links in it are gone, and code still deployed during the rollout may read or write them",
                    words.column(table, field)
                ),
                "first release code that no longer uses the field, with the field removed from the model state only (`SeparateDatabaseAndState`); drop the join table in a later release".to_string(),
            ));
        }
        _ => {}
    }
}

/// Whether an earlier operation of the migration renamed a column to `column` (a scratch name
/// for a copy, `RenameField(x -> x_old)` ... `RemoveField(x_old)`): code still deployed knows
/// it by its old name, whose loss MC504 reports at the rename.
fn renamed_here(cx: &Context, at: usize, table: &str, column: &str) -> bool {
    cx.together()
        .take_while(|(i, _)| *i < at)
        .any(|(_, earlier)| {
            matches!(&earlier.kind, OpKind::RenameColumn { table: t, new_name, .. }
            if t.eq_ignore_ascii_case(table) && new_name.eq_ignore_ascii_case(column))
        })
}

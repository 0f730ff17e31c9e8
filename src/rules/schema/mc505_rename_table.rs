//! MC505 rename-table: a table renamed under the code still deployed.

use super::{Context, Words, is_sequence};
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation};
use crate::registry::Rule;
use crate::rules::new_name;

pub(super) fn check(cx: &Context, _: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let words = Words::of(operation);
    match &operation.kind {
        OpKind::RenameTable {
            table,
            new_name: new,
        } if !cx.is_new(table) && !is_sequence(table) => {
            let help = if cx.is_django {
                "keep the table and rename only the model (`db_table = \"old_table\"` in its Meta)"
            } else {
                "create a view with the old name while code switches over, or rename in a release after nothing uses the old name"
            };
            out.push(cx.finding(
                Rule::RenameTable,
                operation,
                format!(
                    "renames {} to {}: code still deployed uses the old name and fails until it is replaced",
                    words.table(table),
                    new_name(new)
                ),
                help.to_string(),
            ));
        }
        OpKind::ModelOptions {
            table,
            renames: Some((old, new)),
            ..
        } if !cx.is_new(table) => {
            out.push(cx.finding(
                Rule::RenameTable,
                operation,
                format!(
                    "renames the table of {} from `{old}` to `{new}`: code still deployed uses the old name and fails until it is replaced",
                    words.table(table)
                ),
                format!(
                    "keep the name `{old}`; or create a view with it in the same migration (`RunSQL(\"CREATE VIEW {old} AS SELECT * FROM {new}\")`: a simple view takes the old code's reads and writes) and drop the view a release later"
                ),
            ));
        }
        _ => {}
    }
}

//! MC205 downgrade-mismatch: a `downgrade()` that does not undo what `upgrade()` does.

use super::{Net, argument, column_of};
use crate::diagnostic::Diagnostic;
use crate::model::{Backward, Framework, Migration, Operation};
use crate::rules::{Rule, finding, named};

pub(super) fn check(migration: &Migration, out: &mut Vec<Diagnostic>) {
    let (Framework::Alembic(_), Backward::Function(downgrade)) =
        (&migration.framework, &migration.backward)
    else {
        return;
    };
    if downgrade.is_empty || downgrade.opaque || downgrade.operations.is_empty() {
        return;
    }
    let missing = mismatches(&migration.forward, &downgrade.operations);
    if missing.is_empty() {
        return;
    }
    let (what, calls): (Vec<String>, Vec<String>) = missing.into_iter().unzip();
    out.push(
        finding(
            migration,
            Rule::DowngradeMismatch,
            downgrade.span,
            format!(
                "`downgrade()` of {} does not undo `upgrade()`: {}",
                migration.display_name(),
                what.join("; ")
            ),
        )
        .with_help(format!("add to `downgrade()`: {}", calls.join(", "))),
    );
}

/// What `upgrade()` creates that `downgrade()` never removes, and what it removes that
/// `downgrade()` never recreates: a description and the call that would undo it, each.
fn mismatches(upgrade: &[Operation], downgrade: &[Operation]) -> Vec<(String, String)> {
    let (up, down) = (Net::of(upgrade), Net::of(downgrade));
    let mut missing = Vec::new();
    for table in &up.created_tables {
        if !down.dropped_tables.contains(table) {
            missing.push((
                format!("{} is created and never dropped", named("table", table)),
                format!("`op.drop_table({})`", argument(table)),
            ));
        }
    }
    for (table, column) in &up.added_columns {
        if !down
            .dropped_columns
            .contains(&(table.clone(), column.clone()))
            && !down.drops(table)
        {
            missing.push((
                format!("{} is added and never dropped", column_of(table, column)),
                format!(
                    "`op.drop_column({}, {})`",
                    argument(table),
                    argument(column)
                ),
            ));
        }
    }
    for index in &up.created_indexes {
        // Dropping its table or one of its columns drops the index too.
        let gone_with_table = index.table.as_ref().is_some_and(|t| down.drops(t));
        let gone_with_column = down
            .dropped_columns
            .iter()
            .any(|(table, column)| index.covers(table, column));
        if !down.dropped_indexes.iter().any(|d| d.same(index))
            && !gone_with_table
            && !gone_with_column
        {
            let call = match (&index.name, &index.table) {
                (Some(name), _) => format!("`op.drop_index({})`", argument(name)),
                (None, Some(table)) => {
                    format!("`op.drop_index(..., table_name={})`", argument(table))
                }
                (None, None) => "`op.drop_index(...)`".to_string(),
            };
            missing.push((
                format!("{} is created and never dropped", index.describe()),
                call,
            ));
        }
    }
    for table in &up.dropped_tables {
        if !down.created_tables.contains(table) {
            missing.push((
                format!("{} is dropped and never recreated", named("table", table)),
                format!("`op.create_table({}, ...)`", argument(table)),
            ));
        }
    }
    for (table, column) in &up.dropped_columns {
        // A table the downgrade creates anew has the columns its `create_table` lists.
        let recreated = down.created_tables.contains(table) || down.rebuilt_tables.contains(table);
        if !down
            .added_columns
            .contains(&(table.clone(), column.clone()))
            && !recreated
        {
            missing.push((
                format!(
                    "{} is dropped and never added back",
                    column_of(table, column)
                ),
                format!(
                    "`op.add_column({}, sa.Column({}, ...))`",
                    argument(table),
                    argument(column)
                ),
            ));
        }
    }
    for index in &up.dropped_indexes {
        if !down.created_indexes.iter().any(|c| c.same(index)) {
            let name = index.name.as_deref().unwrap_or_default();
            missing.push((
                format!("{} is dropped and never recreated", index.describe()),
                format!("`op.create_index({}, ...)`", argument(name)),
            ));
        }
    }
    missing
}

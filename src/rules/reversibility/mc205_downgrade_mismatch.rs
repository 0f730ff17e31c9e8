//! MC205 downgrade-mismatch: a `downgrade()` that does not undo what `upgrade()` does.

use foldhash::HashMap;

use super::{Indexes, Net, argument, column_of, pairs, set};
use crate::diagnostic::Diagnostic;
use crate::model::{Backward, Framework, Migration, Operation};
use crate::registry::Rule;
use crate::rules::{finding, named};

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
    // Looked up once per change of the upgrade: sets, so that a generated initial schema of
    // tens of thousands of tables costs no more than its size.
    let (dropped_tables, created_tables) = (set(&down.dropped_tables), set(&down.created_tables));
    let rebuilt_tables = set(&down.rebuilt_tables);
    let (dropped_columns, added_columns) =
        (pairs(&down.dropped_columns), pairs(&down.added_columns));
    let drops = |table: &str| dropped_tables.contains(table) || rebuilt_tables.contains(table);
    let mut dropped_by_table: HashMap<&str, Vec<&str>> = HashMap::default();
    for (table, column) in &down.dropped_columns {
        dropped_by_table.entry(table).or_default().push(column);
    }
    let (dropped_indexes, created_indexes) = (
        Indexes::of(&down.dropped_indexes),
        Indexes::of(&down.created_indexes),
    );
    let mut missing = Vec::new();
    for table in &up.created_tables {
        if !dropped_tables.contains(table.as_str()) {
            missing.push((
                format!("{} is created and never dropped", named("table", table)),
                format!("`op.drop_table({})`", argument(table)),
            ));
        }
    }
    for (table, column) in &up.added_columns {
        if !dropped_columns.contains(&(table.as_str(), column.as_str())) && !drops(table) {
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
        let gone_with_table = index.table.as_deref().is_some_and(drops);
        let gone_with_column = index.table.as_deref().is_some_and(|table| {
            dropped_by_table
                .get(table)
                .is_some_and(|columns| columns.iter().any(|column| index.covers(table, column)))
        });
        if !dropped_indexes.has(index) && !gone_with_table && !gone_with_column {
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
        if !created_tables.contains(table.as_str()) {
            missing.push((
                format!("{} is dropped and never recreated", named("table", table)),
                format!("`op.create_table({}, ...)`", argument(table)),
            ));
        }
    }
    for (table, column) in &up.dropped_columns {
        // A table the downgrade creates anew has the columns its `create_table` lists.
        let recreated =
            created_tables.contains(table.as_str()) || rebuilt_tables.contains(table.as_str());
        if !added_columns.contains(&(table.as_str(), column.as_str())) && !recreated {
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
        if !created_indexes.has(index) {
            let name = index.name.as_deref().unwrap_or_default();
            missing.push((
                format!("{} is dropped and never recreated", index.describe()),
                format!("`op.create_index({}, ...)`", argument(name)),
            ));
        }
    }
    missing
}

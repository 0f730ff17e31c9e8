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
    let missing = missing_in_every_run(&migration.forward, &downgrade.operations);
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

/// More ways through a body than this are not told apart: it is taken as one.
const MAX_RUNS: usize = 32;

/// The ways through a body: one for each choice of branch of its `if`s on the dialect
/// (operations in different branches of one never run together), each the operations that
/// run together. A body without such `if`s has one.
fn runs(operations: &[Operation]) -> Vec<Vec<&Operation>> {
    let mut branches: Vec<(u32, Vec<u32>)> = Vec::new();
    for (test, branch) in operations.iter().flat_map(|op| &op.dialect_branch) {
        match branches.iter_mut().find(|(t, _)| t == test) {
            Some((_, seen)) if !seen.contains(branch) => seen.push(*branch),
            Some(_) => {}
            None => branches.push((*test, vec![*branch])),
        }
    }
    let count = branches
        .iter()
        .try_fold(1usize, |n, (_, seen)| n.checked_mul(seen.len()))
        .unwrap_or(usize::MAX);
    if branches.is_empty() || count > MAX_RUNS {
        return vec![operations.iter().collect()];
    }
    (0..count)
        .map(|mut choice| {
            let chosen: Vec<(u32, u32)> = branches
                .iter()
                .map(|(test, seen)| {
                    let branch = seen[choice % seen.len()];
                    choice /= seen.len();
                    (*test, branch)
                })
                .collect();
            operations
                .iter()
                .filter(|op| op.dialect_branch.iter().all(|at| chosen.contains(at)))
                .collect()
        })
        .collect()
}

/// What of a way through a body runs on the configured database.
fn here<'a>(run: &[&'a Operation]) -> Vec<&'a Operation> {
    run.iter().copied().filter(|op| !op.other_dialect).collect()
}

/// What is not undone in every way the two bodies can run together: on the configured
/// database, what `upgrade()` runs there against what `downgrade()` runs there; on another
/// (a branch for another dialect), against each way through `downgrade()`, since which of its
/// branches runs there is not known. Reported only when no downgrade that can follow undoes it.
fn missing_in_every_run(upgrade: &[Operation], downgrade: &[Operation]) -> Vec<(String, String)> {
    let (ups, downs) = (runs(upgrade), runs(downgrade));
    let downs_here: Vec<Vec<&Operation>> = downs.iter().map(|run| here(run)).collect();
    let mut missing: Vec<(String, String)> = Vec::new();
    let mut report = |up: &[&Operation], downs: &[Vec<&Operation>]| {
        let mut common: Option<Vec<(String, String)>> = None;
        for down in downs {
            let found = mismatches(up, down);
            common = Some(match common {
                None => found,
                Some(before) => before.into_iter().filter(|m| found.contains(m)).collect(),
            });
            if common.as_ref().is_some_and(Vec::is_empty) {
                return;
            }
        }
        for item in common.unwrap_or_default() {
            if !missing.contains(&item) {
                missing.push(item);
            }
        }
    };
    for up in &ups {
        let up_here = here(up);
        report(&up_here, &downs_here);
        if up_here.len() < up.len() {
            report(up, &downs);
        }
    }
    missing
}

/// What `upgrade()` creates that `downgrade()` leaves behind at its end, and what it removes
/// that `downgrade()` does not leave recreated at its end: a description and the call that
/// would undo it, each.
fn mismatches(upgrade: &[&Operation], downgrade: &[&Operation]) -> Vec<(String, String)> {
    let (up, down) = (
        Net::of(upgrade.iter().copied()),
        Net::of(downgrade.iter().copied()),
    );
    // Looked up once per change of the upgrade: sets, so that a generated initial schema of
    // tens of thousands of tables costs no more than its size.
    // What the downgrade leaves at its end: a table dropped, also one it created itself and
    // dropped again (`if_exists` guards a drop the same way); one there, also one it dropped
    // and created again.
    let mut dropped_tables = set(&down.dropped_tables);
    dropped_tables.extend(set(&down.temporary_tables));
    let created_tables = set(&down.created_tables);
    let rebuilt_tables = set(&down.rebuilt_tables);
    let mut dropped_columns = pairs(&down.dropped_columns);
    dropped_columns.extend(pairs(&down.temporary_columns));
    let mut added_columns = pairs(&down.added_columns);
    added_columns.extend(pairs(&down.recreated_columns));
    // A table the upgrade creates under another name, drops and renames the new one to
    // (SQLite's rebuild: create `t_new`, copy, drop `t`, rename `t_new` to `t`) is rebuilt.
    let (up_created, up_dropped) = (set(&up.created_tables), set(&up.dropped_tables));
    let drops = |table: &str| dropped_tables.contains(table) || rebuilt_tables.contains(table);
    let mut dropped_by_table: HashMap<&str, Vec<&str>> = HashMap::default();
    for (table, column) in &down.dropped_columns {
        dropped_by_table.entry(table).or_default().push(column);
    }
    let (dropped_indexes, created_indexes) = (
        Indexes::of(&down.dropped_indexes),
        Indexes::of(&down.created_indexes),
    );
    let (temporary_indexes, recreated_indexes) = (
        Indexes::of(&down.temporary_indexes),
        Indexes::of(&down.recreated_indexes),
    );
    let mut missing = Vec::new();
    for table in &up.created_tables {
        if !dropped_tables.contains(table.as_str()) && !up_dropped.contains(table.as_str()) {
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
        // A unique or primary key constraint the upgrade made `USING INDEX` took the index
        // (under the constraint's name): dropping that constraint drops it.
        let gone_with_constraint = index.name.as_deref().is_some_and(|name| {
            let made = |(table, constraint): &(String, String)| {
                constraint == name && index.table.as_deref().is_none_or(|t| t == table)
            };
            up.added_constraints.iter().any(made) && down.dropped_constraints.iter().any(made)
        });
        let dropped = dropped_indexes.has(index) || temporary_indexes.has(index);
        if !dropped && !gone_with_table && !gone_with_column && !gone_with_constraint {
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
        let recreated =
            created_tables.contains(table.as_str()) || rebuilt_tables.contains(table.as_str());
        if !recreated && !up_created.contains(table.as_str()) {
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
        if !created_indexes.has(index) && !recreated_indexes.has(index) {
            let name = index.name.as_deref().unwrap_or_default();
            missing.push((
                format!("{} is dropped and never recreated", index.describe()),
                format!("`op.create_index({}, ...)`", argument(name)),
            ));
        }
    }
    missing
}

//! MC201–MC204: every migration must have a way back.

use super::{Rule, RuleSet};
use crate::diagnostic::Diagnostic;
use crate::model::{Backward, FnRef, Framework, Migration, OpKind, Operation};

pub fn check(migration: &Migration, rules: &RuleSet, out: &mut Vec<Diagnostic>) {
    let name = migration.display_name();
    let finding =
        |rule: Rule, span, message: String| super::finding(migration, rule, span, message);
    for operation in &migration.forward {
        match &operation.kind {
            OpKind::RunPython {
                code,
                reverse: None,
                ..
            } if rules.contains(&Rule::RunPythonWithoutReverse) => {
                let forward = match code {
                    Some(FnRef::Name(function) | FnRef::Dotted(function)) => {
                        format!("`{function}`")
                    }
                    _ => "the forward code".to_string(),
                };
                out.push(
                    finding(
                        Rule::RunPythonWithoutReverse,
                        operation.span,
                        format!(
                            "`RunPython` in {name} has no reverse function, so the migration cannot be unapplied"
                        ),
                    )
                    .with_help(format!(
                        "pass `reverse_code=` a function that undoes {forward}, or `migrations.RunPython.noop` if there is nothing to undo"
                    )),
                );
            }
            OpKind::RunSql { reverse: None, .. }
                if matches!(migration.framework, Framework::Django(_))
                    && rules.contains(&Rule::RunSqlWithoutReverse) =>
            {
                out.push(
                    finding(
                        Rule::RunSqlWithoutReverse,
                        operation.span,
                        format!(
                            "`RunSQL` in {name} has no `reverse_sql`, so the migration cannot be unapplied"
                        ),
                    )
                    .with_help(
                        "pass `reverse_sql=` with SQL that undoes it, or `migrations.RunSQL.noop` if there is nothing to undo",
                    ),
                );
            }
            _ => {}
        }
    }

    let Framework::Alembic(revision) = &migration.framework else {
        return;
    };
    match &migration.backward {
        Backward::Missing if rules.contains(&Rule::MissingDowngrade) => {
            out.push(
                finding(
                    Rule::MissingDowngrade,
                    revision.upgrade,
                    format!("{name} has no `downgrade()`, so `alembic downgrade` cannot go past it"),
                )
                .with_help(
                    "add `def downgrade() -> None:` that undoes `upgrade()`: drop what it creates, restore what it drops",
                ),
            );
        }
        Backward::Function(downgrade)
            if downgrade.is_empty
                && !revision.upgrade_is_empty
                && changes_schema(&migration.forward)
                && rules.contains(&Rule::EmptyDowngrade) =>
        {
            out.push(
                finding(
                    Rule::EmptyDowngrade,
                    downgrade.span,
                    format!(
                        "`downgrade()` of {name} does nothing while `upgrade()` changes the schema: a downgrade would mark it unapplied and leave the changes in place"
                    ),
                )
                .with_help(
                    "write the operations that undo `upgrade()`; if it truly cannot be undone, `raise NotImplementedError(\"...\")` so a downgrade stops loudly",
                ),
            );
        }
        Backward::Function(downgrade)
            if !downgrade.is_empty
                && !downgrade.opaque
                && !downgrade.operations.is_empty()
                && rules.contains(&Rule::DowngradeMismatch) =>
        {
            let missing = mismatches(&migration.forward, &downgrade.operations);
            if !missing.is_empty() {
                let (what, calls): (Vec<String>, Vec<String>) = missing.into_iter().unzip();
                out.push(
                    finding(
                        Rule::DowngradeMismatch,
                        downgrade.span,
                        format!(
                            "`downgrade()` of {name} does not undo `upgrade()`: {}",
                            what.join("; ")
                        ),
                    )
                    .with_help(format!("add to `downgrade()`: {}", calls.join(", "))),
                );
            }
        }
        _ => {}
    }
}

/// Whether operations change the schema, not only rows. An `upgrade()` that only backfills
/// or fixes data may have an empty `downgrade()`, as a Django data migration may have
/// `RunPython.noop`; what migcheck cannot see (a helper function) is not held against it.
fn changes_schema(operations: &[Operation]) -> bool {
    operations.iter().any(|operation| match &operation.kind {
        // An SQLAlchemy expression (`table.update()...`) is data; a literal is judged by
        // its statements.
        OpKind::RunSql { sql, .. } => sql
            .iter()
            .flat_map(|text| &text.statements)
            .any(|statement| !statement.verb.is_data()),
        OpKind::DataChange { .. } => false,
        OpKind::Other { name } => !matches!(
            name.as_str(),
            "op.bulk_insert"
                | "op.get_bind"
                | "op.get_context"
                | "op.f"
                | "op.inline_literal"
                | "op.batch_alter_table"
        ),
        _ => true,
    })
}

/// What a body leaves behind: tables, columns and indexes it creates and removes, net of
/// those it creates and removes again itself (a temporary index, say).
#[derive(Default)]
struct Net {
    created_tables: Vec<String>,
    dropped_tables: Vec<String>,
    added_columns: Vec<(String, String)>,
    dropped_columns: Vec<(String, String)>,
    /// (index, table)
    created_indexes: Vec<(String, Option<String>)>,
    dropped_indexes: Vec<String>,
}

fn toggle<T: PartialEq>(made: &mut Vec<T>, unmade: &mut Vec<T>, item: T) {
    match made.iter().position(|x| *x == item) {
        Some(at) => drop(made.remove(at)),
        None => unmade.push(item),
    }
}

impl Net {
    fn of(operations: &[Operation]) -> Self {
        let key = |text: &str| text.to_lowercase();
        let mut net = Net::default();
        for operation in operations {
            match &operation.kind {
                OpKind::CreateTable { table, .. } => {
                    toggle(&mut net.dropped_tables, &mut net.created_tables, key(table))
                }
                OpKind::DropTable { table } => {
                    toggle(&mut net.created_tables, &mut net.dropped_tables, key(table))
                }
                OpKind::AddColumn { table, column, .. } => toggle(
                    &mut net.dropped_columns,
                    &mut net.added_columns,
                    (key(table), key(column)),
                ),
                OpKind::DropColumn { table, column } => toggle(
                    &mut net.added_columns,
                    &mut net.dropped_columns,
                    (key(table), key(column)),
                ),
                OpKind::CreateIndex {
                    name: Some(name),
                    table,
                    ..
                } => {
                    let name = key(name);
                    match net.dropped_indexes.iter().position(|x| *x == name) {
                        Some(at) => drop(net.dropped_indexes.remove(at)),
                        None => net.created_indexes.push((name, table.as_deref().map(key))),
                    }
                }
                OpKind::DropIndex {
                    name: Some(name), ..
                } => {
                    let name = key(name);
                    match net.created_indexes.iter().position(|(x, _)| *x == name) {
                        Some(at) => drop(net.created_indexes.remove(at)),
                        None => net.dropped_indexes.push(name),
                    }
                }
                _ => {}
            }
        }
        net
    }
}

/// What `upgrade()` creates that `downgrade()` never removes, and what it removes that
/// `downgrade()` never recreates: a description and the call that would undo it, each.
fn mismatches(upgrade: &[Operation], downgrade: &[Operation]) -> Vec<(String, String)> {
    let (up, down) = (Net::of(upgrade), Net::of(downgrade));
    let mut missing = Vec::new();
    for table in &up.created_tables {
        if !down.dropped_tables.contains(table) {
            missing.push((
                format!("table `{table}` is created and never dropped"),
                format!("`op.drop_table(\"{table}\")`"),
            ));
        }
    }
    for (table, column) in &up.added_columns {
        if !down
            .dropped_columns
            .contains(&(table.clone(), column.clone()))
            && !down.dropped_tables.contains(table)
        {
            missing.push((
                format!("column `{table}.{column}` is added and never dropped"),
                format!("`op.drop_column(\"{table}\", \"{column}\")`"),
            ));
        }
    }
    for (name, table) in &up.created_indexes {
        let table_dropped = table
            .as_ref()
            .is_some_and(|t| down.dropped_tables.contains(t));
        if !down.dropped_indexes.contains(name) && !table_dropped {
            missing.push((
                format!("index `{name}` is created and never dropped"),
                format!("`op.drop_index(\"{name}\")`"),
            ));
        }
    }
    for table in &up.dropped_tables {
        if !down.created_tables.contains(table) {
            missing.push((
                format!("table `{table}` is dropped and never recreated"),
                format!("`op.create_table(\"{table}\", ...)`"),
            ));
        }
    }
    for (table, column) in &up.dropped_columns {
        if !down
            .added_columns
            .contains(&(table.clone(), column.clone()))
        {
            missing.push((
                format!("column `{table}.{column}` is dropped and never added back"),
                format!("`op.add_column(\"{table}\", sa.Column(\"{column}\", ...))`"),
            ));
        }
    }
    for name in &up.dropped_indexes {
        if !down.created_indexes.iter().any(|(n, _)| n == name) {
            missing.push((
                format!("index `{name}` is dropped and never recreated"),
                format!("`op.create_index(\"{name}\", ...)`"),
            ));
        }
    }
    missing
}

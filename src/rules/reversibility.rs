//! MC201–MC204: every migration must have a way back.

use std::collections::HashSet;

use super::{Rule, RuleSet};
use crate::diagnostic::Diagnostic;
use crate::model::{Backward, FnRef, Framework, Migration, OpKind, Operation};

pub fn check(migration: &Migration, rules: &RuleSet, out: &mut Vec<Diagnostic>) {
    let name = migration.display_name();
    let finding = |rule: Rule, span, message: String| {
        Diagnostic::new(
            rule,
            &migration.path,
            Some(&migration.source),
            span,
            message,
        )
    };
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
                && rules.contains(&Rule::EmptyDowngrade) =>
        {
            out.push(
                finding(
                    Rule::EmptyDowngrade,
                    downgrade.span,
                    format!(
                        "`downgrade()` of {name} does nothing while `upgrade()` changes the database: a downgrade would mark it unapplied and leave the changes in place"
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

/// What `upgrade()` creates that `downgrade()` never removes, and what it removes that
/// `downgrade()` never recreates: a description and the call that would undo it, each.
fn mismatches(upgrade: &[Operation], downgrade: &[Operation]) -> Vec<(String, String)> {
    let key = |text: &str| text.to_lowercase();
    let mut dropped_tables = HashSet::new();
    let mut created_tables = HashSet::new();
    let mut dropped_columns = HashSet::new();
    let mut added_columns = HashSet::new();
    let mut dropped_indexes = HashSet::new();
    let mut created_indexes = HashSet::new();
    for operation in downgrade {
        match &operation.kind {
            OpKind::DropTable { table } => {
                dropped_tables.insert(key(table));
            }
            OpKind::CreateTable { table, .. } => {
                created_tables.insert(key(table));
            }
            OpKind::DropColumn { table, column } => {
                dropped_columns.insert((key(table), key(column)));
            }
            OpKind::AddColumn { table, column, .. } => {
                added_columns.insert((key(table), key(column)));
            }
            OpKind::DropIndex {
                name: Some(name), ..
            } => {
                dropped_indexes.insert(key(name));
            }
            OpKind::CreateIndex {
                name: Some(name), ..
            } => {
                created_indexes.insert(key(name));
            }
            _ => {}
        }
    }
    let mut missing = Vec::new();
    for operation in upgrade {
        match &operation.kind {
            OpKind::CreateTable { table, .. } if !dropped_tables.contains(&key(table)) => {
                missing.push((
                    format!("table `{table}` is created and never dropped"),
                    format!("`op.drop_table(\"{table}\")`"),
                ));
            }
            OpKind::AddColumn { table, column, .. }
                if !dropped_columns.contains(&(key(table), key(column)))
                    && !dropped_tables.contains(&key(table)) =>
            {
                missing.push((
                    format!("column `{table}.{column}` is added and never dropped"),
                    format!("`op.drop_column(\"{table}\", \"{column}\")`"),
                ));
            }
            OpKind::CreateIndex {
                name: Some(name),
                table,
                ..
            } if !dropped_indexes.contains(&key(name))
                && !table
                    .as_ref()
                    .is_some_and(|t| dropped_tables.contains(&key(t))) =>
            {
                missing.push((
                    format!("index `{name}` is created and never dropped"),
                    format!("`op.drop_index(\"{name}\")`"),
                ));
            }
            OpKind::DropTable { table } if !created_tables.contains(&key(table)) => {
                missing.push((
                    format!("table `{table}` is dropped and never recreated"),
                    format!("`op.create_table(\"{table}\", ...)`"),
                ));
            }
            OpKind::DropColumn { table, column }
                if !added_columns.contains(&(key(table), key(column))) =>
            {
                missing.push((
                    format!("column `{table}.{column}` is dropped and never added back"),
                    format!("`op.add_column(\"{table}\", sa.Column(\"{column}\", ...))`"),
                ));
            }
            OpKind::DropIndex {
                name: Some(name), ..
            } if !created_indexes.contains(&key(name)) => {
                missing.push((
                    format!("index `{name}` is dropped and never recreated"),
                    format!("`op.create_index(\"{name}\", ...)`"),
                ));
            }
            _ => {}
        }
    }
    missing
}

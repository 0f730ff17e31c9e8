//! MC201–MC204: every migration must have a way back.

use super::{Rule, RuleSet, named};
use crate::diagnostic::Diagnostic;
use crate::model::{Backward, FnRef, Framework, Migration, OpKind, Operation, computed};

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
    created_indexes: Vec<Index>,
    dropped_indexes: Vec<Index>,
}

/// An index as a body mentions it: by name, or (created without one, so that the naming
/// convention names it) by table and columns. Lowercase.
#[derive(Debug, Clone, PartialEq)]
struct Index {
    name: Option<String>,
    table: Option<String>,
    /// Columns or expressions, as written.
    columns: Vec<String>,
}

impl Index {
    /// Whether two mentions are of one index: by name; or an unnamed one and a named one on
    /// its table whose name spells out its columns (`ix_rooms_is_active`).
    fn same(&self, other: &Index) -> bool {
        match (&self.name, &other.name) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.table == other.table && self.columns == other.columns,
            (Some(name), None) => other.named(name, self.table.as_deref()),
            (None, Some(name)) => self.named(name, other.table.as_deref()),
        }
    }

    /// Whether an index on `table` called `name` may be this unnamed one: it names its
    /// plain columns (expressions and a `WHERE` condition do not go into names).
    fn named(&self, name: &str, table: Option<&str>) -> bool {
        let Some(own_table) = self.table.as_deref() else {
            return false;
        };
        let on_table = match table {
            Some(table) => table == own_table,
            None => name.contains(own_table),
        };
        let mut plain = self
            .columns
            .iter()
            .filter(|column| identifiers(column).count() == 1 && !column.contains(' '))
            .peekable();
        on_table && plain.peek().is_some() && plain.all(|column| name.contains(column.as_str()))
    }

    /// Whether the index goes with a column: it indexes it, alone or in an expression, or
    /// its `WHERE` condition reads it.
    fn covers(&self, table: &str, column: &str) -> bool {
        self.table.as_deref() == Some(table)
            && self
                .columns
                .iter()
                .any(|expression| identifiers(expression).any(|word| word == column))
    }

    fn describe(&self) -> String {
        match (&self.name, &self.table) {
            (Some(name), _) => named("index", name),
            (None, Some(table)) => {
                let columns: Vec<String> = self.columns.iter().map(|c| format!("`{c}`")).collect();
                format!(
                    "an index on {} ({})",
                    named("table", table),
                    columns.join(", ")
                )
            }
            (None, None) => "an index".to_string(),
        }
    }
}

/// `column `orders.total``, or each name said for itself when one is computed.
fn column_of(table: &str, column: &str) -> String {
    if computed(table).is_none() && computed(column).is_none() {
        format!("column `{table}.{column}`")
    } else {
        format!("{} of {}", named("column", column), named("table", table))
    }
}

/// A name as a Python argument: a string literal, or the expression that computes it.
fn argument(name: &str) -> String {
    computed(name).map_or_else(|| format!("\"{name}\""), str::to_string)
}

/// The words of a column expression that may name a column.
fn identifiers(expression: &str) -> impl Iterator<Item = &str> {
    expression
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
}

/// Records `item` in `done`, unless it cancels its opposite earlier in the body (in `undone`).
fn toggle<T>(undone: &mut Vec<T>, done: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) {
    match undone.iter().position(|x| same(x, &item)) {
        Some(at) => drop(undone.remove(at)),
        None => done.push(item),
    }
}

impl Net {
    fn of(operations: &[Operation]) -> Self {
        // Names compare as the database does; a computed one by its expression.
        let key = |text: &str| match computed(text) {
            Some(_) => text.to_string(),
            None => text.to_lowercase(),
        };
        let mut net = Net::default();
        for operation in operations {
            match &operation.kind {
                OpKind::CreateTable { table, .. } => toggle(
                    &mut net.dropped_tables,
                    &mut net.created_tables,
                    key(table),
                    PartialEq::eq,
                ),
                OpKind::DropTable { table } => toggle(
                    &mut net.created_tables,
                    &mut net.dropped_tables,
                    key(table),
                    PartialEq::eq,
                ),
                OpKind::AddColumn { table, column, .. } => toggle(
                    &mut net.dropped_columns,
                    &mut net.added_columns,
                    (key(table), key(column)),
                    PartialEq::eq,
                ),
                OpKind::DropColumn { table, column } => toggle(
                    &mut net.added_columns,
                    &mut net.dropped_columns,
                    (key(table), key(column)),
                    PartialEq::eq,
                ),
                OpKind::CreateIndex {
                    name,
                    table,
                    columns,
                    ..
                } => toggle(
                    &mut net.dropped_indexes,
                    &mut net.created_indexes,
                    Index {
                        name: name.as_deref().map(key),
                        table: table.as_deref().map(key),
                        columns: columns.iter().map(|c| key(c)).collect(),
                    },
                    Index::same,
                ),
                OpKind::DropIndex {
                    name: Some(name),
                    table,
                    ..
                } => toggle(
                    &mut net.created_indexes,
                    &mut net.dropped_indexes,
                    Index {
                        name: Some(key(name)),
                        table: table.as_deref().map(key),
                        columns: Vec::new(),
                    },
                    Index::same,
                ),
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
                format!("{} is created and never dropped", named("table", table)),
                format!("`op.drop_table({})`", argument(table)),
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
        let gone_with_table = index
            .table
            .as_ref()
            .is_some_and(|t| down.dropped_tables.contains(t));
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
        if !down
            .added_columns
            .contains(&(table.clone(), column.clone()))
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

//! Alembic schema replay: each script directory's revisions replayed in graph order (parents
//! before children), so that an `alter_column` knows what its column was like before it. The
//! replay follows `op` calls (batch operations too) and the SQL that `extract::sql` reads:
//! tables created with their columns, columns added, dropped, renamed and altered, tables
//! renamed and dropped. An `AlterColumn` learns whether its column was nullable
//! (`was_nullable`) and its type before (`TypeChange::from`), when the call does not say.
//!
//! What the replay has not seen it does not know: a table created outside the revisions, a
//! column added by a helper function or by SQL it cannot read, a name computed at run time.
//! It forgets what it knew where a revision may have changed it unseen: after an `upgrade()`
//! that calls a helper of the module, SQL not spelled out or not read (`DROP NOT NULL`, a `DO`
//! block), an `op` call it does not know; and where branches meet, what they do not agree
//! on. A revision sees what its ancestors leave, not what a sibling branch applied before it
//! may have done.

use foldhash::{HashMap, HashMapExt};

use crate::graph::{AlembicLocation, topological};
use crate::model::{
    ColumnSpec, Framework, Migration, OpKind, Origin, SqlText, Unfollowed, computed,
};
use crate::source::Span;

/// A column as the revisions so far leave it: what is known of it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Column {
    /// The type as last written (`sa.String(20)`, `VARCHAR(20)`).
    type_text: Option<String>,
    /// `Some(false)`: NOT NULL.
    nullable: Option<bool>,
}

impl Column {
    fn of(spec: &ColumnSpec) -> Self {
        Column {
            type_text: spec.type_text.clone(),
            nullable: spec.nullable,
        }
    }
}

/// The tables the revisions so far leave, by lowercase name (with its schema, as the calls
/// name it), each with the columns known of it, by lowercase name. A table or column that is
/// not here is not known: it may well exist.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Schema {
    tables: HashMap<String, HashMap<String, Column>>,
}

/// A script directory's revisions in the order the replay takes them (indices into the
/// migrations the graph was built from): parents before children.
pub fn order(location: &AlembicLocation) -> Vec<usize> {
    topological(&location.members, &location.parents)
}

/// Replays a script directory's revisions, given in [`order`] with their indices, filling in
/// what each `alter_column` (and SQL `ALTER COLUMN`) finds (see the module documentation).
pub fn replay<'a>(
    location: &AlembicLocation,
    migrations: impl Iterator<Item = (usize, &'a mut Migration)>,
) {
    // How many children each revision still has to hand its schema to.
    let mut children: HashMap<usize, usize> = HashMap::new();
    for parents in location.parents.values() {
        for &parent in parents {
            *children.entry(parent).or_default() += 1;
        }
    }
    let mut after: HashMap<usize, Schema> = HashMap::new();
    for (index, migration) in migrations {
        let parents = location.parents.get(&index).map_or(&[][..], Vec::as_slice);
        let mut before: Vec<Schema> = Vec::with_capacity(parents.len());
        let mut whole = true;
        for &parent in parents {
            let left = children.get_mut(&parent).map(|count| {
                *count = count.saturating_sub(1);
                *count
            });
            let schema = match left {
                Some(0) => after.remove(&parent),
                _ => after.get(&parent).cloned(),
            };
            match schema {
                Some(schema) => before.push(schema),
                // A parent that could not be read (or comes later, in a cycle).
                None => whole = false,
            }
        }
        let mut schema = match whole {
            true => meet(before),
            false => Schema::default(),
        };
        schema.replay(migration);
        if children.get(&index).is_some_and(|&count| count > 0) {
            after.insert(index, schema);
        }
    }
}

/// What branches that meet in a merge revision agree on: a table or column one of them
/// changed, or left unknown, is not known after them.
fn meet(mut schemas: Vec<Schema>) -> Schema {
    let Some(mut first) = schemas.pop() else {
        return Schema::default();
    };
    for other in &schemas {
        first.tables.retain(|name, columns| {
            let Some(theirs) = other.tables.get(name) else {
                return false;
            };
            columns.retain(|column, known| theirs.get(column) == Some(known));
            true
        });
    }
    first
}

/// Names compare as the database does.
fn key(name: &str) -> String {
    name.to_lowercase()
}

/// A table renamed within its schema: `events.old` to `new` is `events.new`.
fn sibling(table: &str, new_name: &str) -> String {
    match table.rsplit_once('.') {
        Some((schema, _)) if !new_name.contains('.') => format!("{schema}.{new_name}"),
        _ => new_name.to_string(),
    }
}

/// Whether an `alter_column`'s `type_=` is a type spelled out (`sa.String(40)`,
/// `postgresql.JSONB`), not a variable.
fn spelled_out(type_text: &str) -> bool {
    let class = type_text.split('(').next().unwrap_or(type_text).trim();
    let class = class.rsplit('.').next().unwrap_or(class);
    class.starts_with(|c: char| c.is_ascii_uppercase())
        && class.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `op` calls that change no column's type or nullability (nor a table's columns).
fn leaves_columns(name: &str) -> bool {
    matches!(
        name.strip_prefix("op.").unwrap_or(name),
        "alter_column"
            | "batch_alter_table"
            | "bulk_insert"
            | "create_exclude_constraint"
            | "create_table_comment"
            | "drop_table_comment"
            | "f"
            | "get_bind"
            | "get_context"
            | "inline_literal"
    )
}

impl Schema {
    fn column(&self, table: &str, column: &str) -> Option<&Column> {
        self.tables.get(&key(table))?.get(&key(column))
    }

    fn forget_all(&mut self) {
        self.tables.clear();
    }

    /// Forgets a column a call changes, where a name is computed: of a computed table, the
    /// column in every table; a computed column, the whole table.
    fn forget_column(&mut self, table: &str, column: &str) {
        match (computed(table), computed(column)) {
            (Some(_), Some(_)) => self.forget_all(),
            (Some(_), None) => {
                for columns in self.tables.values_mut() {
                    columns.remove(&key(column));
                }
            }
            (None, Some(_)) => {
                self.tables.remove(&key(table));
            }
            (None, None) => {
                if let Some(columns) = self.tables.get_mut(&key(table)) {
                    columns.remove(&key(column));
                }
            }
        }
    }

    /// Replays one revision's `upgrade()`.
    fn replay(&mut self, migration: &mut Migration) {
        // A helper may change anything, before the revision's own operations or after them:
        // they learn nothing of what came before, and what follows nothing of the revision.
        let opaque =
            matches!(&migration.framework, Framework::Alembic(revision) if revision.upgrade_opaque);
        if opaque {
            self.forget_all();
        }
        // `op.alter_column(t, "a", new_column_name="b", nullable=False)` is a rename and an
        // alter of the column under its old name, from the same call.
        let mut renamed: Option<(Span, String, String)> = None;
        for operation in &mut migration.forward {
            if operation.other_dialect {
                continue;
            }
            let alias = match (&renamed, &operation.kind) {
                (Some((span, old, new)), OpKind::AlterColumn { column, .. })
                    if *span == operation.span && key(column) == *old =>
                {
                    Some(new.clone())
                }
                _ => None,
            };
            self.review(&mut operation.kind, operation.origin, alias.as_deref());
            self.apply(&operation.kind, operation.origin, alias.as_deref());
            if let OpKind::RenameColumn {
                column, new_name, ..
            } = &operation.kind
            {
                renamed = Some((operation.span, key(column), new_name.clone()));
            }
        }
        if opaque {
            self.forget_all();
        }
    }

    /// Fills in what an `AlterColumn` does not say of its column before it.
    fn review(&self, kind: &mut OpKind, origin: Origin, alias: Option<&str>) {
        if !matches!(origin, Origin::AlembicOp | Origin::Sql) {
            return;
        }
        let OpKind::AlterColumn {
            table,
            column,
            was_nullable,
            type_change,
            ..
        } = kind
        else {
            return;
        };
        let Some(known) = self.column(table, alias.unwrap_or(column)) else {
            return;
        };
        if was_nullable.is_none() {
            *was_nullable = known.nullable;
        }
        if let Some(change) = type_change
            && change.from.is_none()
        {
            change.from.clone_from(&known.type_text);
        }
    }

    /// What SQL run as a whole leaves unknown: SQL not spelled out, a statement not read.
    fn run_sql(&mut self, sql: &[SqlText]) {
        for text in sql {
            if text.statements.is_empty() && !text.query {
                self.forget_all();
                return;
            }
            for statement in &text.statements {
                match &statement.unfollowed {
                    Unfollowed::Nothing => {}
                    Unfollowed::Table(table) if computed(table).is_none() => {
                        self.tables.remove(&key(table));
                    }
                    _ => {
                        self.forget_all();
                        return;
                    }
                }
            }
        }
    }

    /// Changes the schema as an operation does.
    fn apply(&mut self, kind: &OpKind, origin: Origin, alias: Option<&str>) {
        // A computed name may be any table or column.
        let names_known = |names: &[&str]| names.iter().all(|name| computed(name).is_none());
        match kind {
            OpKind::RunSql { sql, .. } => self.run_sql(sql),
            OpKind::CreateTable { table, columns, .. } => {
                if !names_known(&[table]) {
                    return;
                }
                let columns = columns
                    .iter()
                    .filter(|column| computed(&column.name).is_none())
                    .map(|column| (key(&column.name), Column::of(column)))
                    .collect();
                self.tables.insert(key(table), columns);
            }
            OpKind::DropTable { table } => {
                if !names_known(&[table]) {
                    return self.forget_all();
                }
                self.tables.remove(&key(table));
            }
            OpKind::RenameTable { table, new_name } => {
                if !names_known(&[table, new_name]) {
                    return self.forget_all();
                }
                let moved = self.tables.remove(&key(table));
                let new_name = key(&sibling(table, new_name));
                match moved {
                    Some(columns) => self.tables.insert(new_name, columns),
                    None => self.tables.remove(&new_name),
                };
            }
            OpKind::AddColumn {
                table,
                column,
                declared,
                ..
            } => {
                if !names_known(&[table, column]) {
                    return self.forget_column(table, column);
                }
                let columns = self.tables.entry(key(table)).or_default();
                match declared {
                    Some(declared) => columns.insert(key(column), Column::of(declared)),
                    None => columns.remove(&key(column)),
                };
            }
            OpKind::DropColumn { table, column } => self.forget_column(table, column),
            OpKind::RenameColumn {
                table,
                column,
                new_name,
            } => {
                if !names_known(&[table, column, new_name]) {
                    self.forget_column(table, column);
                    return self.forget_column(table, new_name);
                }
                if let Some(columns) = self.tables.get_mut(&key(table)) {
                    match columns.remove(&key(column)) {
                        Some(known) => columns.insert(key(new_name), known),
                        None => columns.remove(&key(new_name)),
                    };
                }
            }
            OpKind::AlterColumn {
                table,
                column,
                nullable,
                type_change,
                ..
            } => {
                let column = alias.unwrap_or(column);
                if !names_known(&[table, column]) {
                    return self.forget_column(table, column);
                }
                let known = self
                    .tables
                    .entry(key(table))
                    .or_default()
                    .entry(key(column))
                    .or_default();
                if nullable.is_some() {
                    known.nullable = *nullable;
                }
                if let Some(change) = type_change {
                    let readable = origin == Origin::Sql || spelled_out(&change.to);
                    known.type_text = readable.then(|| change.to.clone());
                }
            }
            OpKind::Other { name } if origin == Origin::AlembicOp && !leaves_columns(name) => {
                self.forget_all();
            }
            // Indexes, constraints, triggers and data leave the columns' types and
            // nullability be.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_spelled_out() {
        assert!(spelled_out("sa.String(40)"));
        assert!(spelled_out("postgresql.JSONB"));
        assert!(spelled_out("Text()"));
        assert!(!spelled_out("new_type"));
        assert!(!spelled_out("types[0]"));
    }

    #[test]
    fn branches_meet_on_what_they_agree() {
        let column = |nullable| Column {
            type_text: None,
            nullable: Some(nullable),
        };
        let schema = |columns: &[(&str, bool)]| Schema {
            tables: [(
                "orders".to_string(),
                columns
                    .iter()
                    .map(|(name, nullable)| (name.to_string(), column(*nullable)))
                    .collect(),
            )]
            .into_iter()
            .collect(),
        };
        let met = meet(vec![
            schema(&[("id", false), ("status", false)]),
            schema(&[("id", false), ("status", true)]),
        ]);
        assert_eq!(met, schema(&[("id", false)]));
        assert_eq!(
            meet(vec![schema(&[]), Schema::default()]),
            Schema::default()
        );
    }
}

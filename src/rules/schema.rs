//! MC501–MC511: operations that are valid and reversible but can take production down while
//! they run, or break the code still deployed. Written once over the model, so they cover
//! Django operations, Alembic `op` calls and raw SQL alike.

use std::collections::HashSet;

use super::{Rule, RuleSet, named, new_name, sibling};
use crate::diagnostic::Diagnostic;
use crate::model::{
    ConstraintKind, Dialect, Framework, Migration, OpKind, Operation, Origin, SqlVerb,
};

pub fn check(migration: &Migration, rules: &RuleSet, dialect: Dialect, out: &mut Vec<Diagnostic>) {
    let name = migration.display_name();
    let django = match &migration.framework {
        Framework::Django(django) => Some(django),
        Framework::Alembic(_) => None,
    };
    let app_label = django.map(|django| django.app_label.as_str());
    // A squashed migration runs only where none of the migrations it replaces ran, and the
    // app's initial migrations together make its tables: on a new, empty database, where
    // only what fails on any database matters.
    let fresh = !migration.replaces.is_empty() || django.is_some_and(|django| django.initial);
    let is_django = app_label.is_some();
    // Tables created by this migration have no rows and no readers yet; SQL knows a Django
    // model's table by its database name.
    let created: HashSet<String> = migration
        .forward
        .iter()
        .flat_map(|operation| match &operation.kind {
            OpKind::CreateTable { table, options, .. } => {
                let mut names = vec![table.to_lowercase()];
                if let Some(app_label) =
                    app_label.filter(|_| operation.origin == Origin::DjangoOperation)
                {
                    names.push(match &options.db_table {
                        Some(db_table) => db_table.to_lowercase(),
                        None => format!("{app_label}_{}", table.to_lowercase()),
                    });
                }
                names
            }
            _ => Vec::new(),
        })
        .collect();
    let is_new = |table: &str| created.contains(&table.to_lowercase());
    // Tables this migration drops: what happens to their columns and indexes on the way
    // does not matter.
    let dropped = tables_where(migration, |kind| match kind {
        OpKind::DropTable { table } => Some(table),
        _ => None,
    });
    let is_gone = |table: &str| dropped.contains(&table.to_lowercase());
    // Tables this migration drops a column of: `DROP COLUMN` takes the table's exclusive
    // lock, so an index dropped beside it might as well not be dropped concurrently.
    let loses_column = tables_where(migration, |kind| match kind {
        OpKind::DropColumn { table, .. } => Some(table),
        _ => None,
    });
    let locked_anyway = |table: &str| loses_column.contains(&table.to_lowercase());
    let copied = copied_away(migration, &created);
    // `ALTER TABLE ... RENAME` and `DROP TABLE` also take PostgreSQL's serial sequences.
    let is_sequence = |table: &str| table.to_lowercase().ends_with("_seq");
    let postgres = dialect == Dialect::Postgresql;
    let locks = dialect != Dialect::Sqlite;
    let enabled =
        |rule: Rule| rules.contains(&rule) && (!fresh || rule == Rule::ConcurrentInTransaction);
    let on_new_column = on_new_columns(&migration.forward);

    for (at, operation) in migration.forward.iter().enumerate() {
        // Locks and CONCURRENTLY matter only where the operation runs.
        let here = !operation.other_dialect;
        let words = Words::of(operation);
        let finding = |rule: Rule, message: String, help: String| {
            super::finding(migration, rule, operation.span, format!("{name} {message}"))
                .with_help(help)
        };
        match &operation.kind {
            OpKind::AddColumn {
                table,
                column,
                nullable: false,
                db_default: false,
                app_default,
                field,
                ..
            } if enabled(Rule::AddNotNullWithoutDefault) && !is_new(table) => {
                let what = words.column(table, column);
                let fills_rows = field.as_ref().and_then(|field| field.fills_rows);
                let message = match (operation.origin, app_default, fills_rows) {
                    (Origin::DjangoOperation, true, _) => format!(
                        "adds NOT NULL {what} with only a Python-side `default=`: Django fills the existing rows and then drops the default, so inserts from the old code still running during the deploy fail"
                    ),
                    (Origin::DjangoOperation, false, Some(value)) => format!(
                        "adds NOT NULL {what} with no default: Django fills the existing rows with {value} and then drops that default, so inserts from the old code still running during the deploy fail"
                    ),
                    (Origin::DjangoOperation, false, None) => format!(
                        "adds NOT NULL {what} with no default: existing rows make it fail (or take a one-off default Django drops again), and inserts from the old code still running fail"
                    ),
                    (_, true, _) => format!(
                        "adds NOT NULL {what} with only a Python-side `default=`: the database has no default, so existing rows make it fail"
                    ),
                    (_, false, _) => format!(
                        "adds NOT NULL {what} with no database default: existing rows make it fail, and inserts from the old code still running fail"
                    ),
                };
                let help = match operation.origin {
                    Origin::DjangoOperation => "give it a database default with `db_default=` (Django 5.0+); or add it with `null=True`, backfill in batches, and make it NOT NULL in a later migration".to_string(),
                    Origin::AlembicOp => "pass `server_default=`; or add it with `nullable=True`, backfill in batches, and `op.alter_column(..., nullable=False)` in a later revision".to_string(),
                    Origin::Sql => "add it with a `DEFAULT`; or add it nullable, backfill in batches, and `SET NOT NULL` in a later migration".to_string(),
                };
                out.push(finding(Rule::AddNotNullWithoutDefault, message, help));
            }
            OpKind::DropColumn { table, column }
                if enabled(Rule::DropColumn)
                    && !is_new(table)
                    && !is_gone(table)
                    && !on_new_column.contains(&at) =>
            {
                let help = if is_django {
                    "first release code that no longer uses it (Django reads every field of a model), e.g. remove the field from the model state with `SeparateDatabaseAndState`; drop the column in a later release"
                } else {
                    "first release code that no longer reads or writes it; drop the column in a later release"
                };
                out.push(finding(
                    Rule::DropColumn,
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
            } if enabled(Rule::DropColumn) && !is_new(table) && !is_gone(table) => {
                out.push(finding(
                    Rule::DropColumn,
                    format!(
                        "removes many-to-many {}, which drops its join table `{join_table}`: the links in it are gone, and code still deployed during the rollout may read or write them",
                        words.column(table, field)
                    ),
                    "first release code that no longer uses the field, with the field removed from the model state only (`SeparateDatabaseAndState`); drop the join table in a later release".to_string(),
                ));
            }
            OpKind::JoinTable {
                table,
                field,
                join_table,
                new_name: Some(new_name),
            } if enabled(Rule::RenameColumn) && !is_new(table) => {
                out.push(finding(
                    Rule::RenameColumn,
                    format!(
                        "renames many-to-many {} to `{new_name}`, which renames its join table `{join_table}`: code still deployed uses the old table name and fails until it is replaced",
                        words.column(table, field)
                    ),
                    format!(
                        "keep the join table's name: first `AlterField` the field to `db_table=\"{join_table}\"` (its name today, so nothing runs), then rename the field"
                    ),
                ));
            }
            OpKind::DropTable { table }
                if enabled(Rule::DropTable)
                    && !is_new(table)
                    && !is_sequence(table)
                    && !copied.contains(&table.to_lowercase()) =>
            {
                out.push(finding(
                    Rule::DropTable,
                    format!(
                        "drops {}: its data is gone, and code still deployed may query it",
                        words.table(table)
                    ),
                    "drop it in a release after the code stopped using it, with a backup of its data".to_string(),
                ));
            }
            OpKind::RenameColumn {
                table,
                column,
                new_name: new,
            } if enabled(Rule::RenameColumn) && !is_new(table) && !on_new_column.contains(&at) => {
                let help = if is_django {
                    "keep the column and rename only the field (`db_column=\"old_name\"`); or add a new column, write to both, backfill, switch reads, then drop the old one"
                } else {
                    "add the new column, write to both, backfill, switch reads, then drop the old column in a later release"
                };
                out.push(finding(
                    Rule::RenameColumn,
                    format!(
                        "renames {} to {}: code still deployed uses the old name and fails until it is replaced",
                        words.column(table, column),
                        new_name(new)
                    ),
                    help.to_string(),
                ));
            }
            OpKind::RenameTable {
                table,
                new_name: new,
            } if enabled(Rule::RenameTable) && !is_new(table) && !is_sequence(table) => {
                let help = if is_django {
                    "keep the table and rename only the model (`db_table = \"old_table\"` in its Meta)"
                } else {
                    "create a view with the old name while code switches over, or rename in a release after nothing uses the old name"
                };
                out.push(finding(
                    Rule::RenameTable,
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
            } if enabled(Rule::RenameTable) && !is_new(table) => {
                out.push(finding(
                    Rule::RenameTable,
                    format!(
                        "renames the table of {} from `{old}` to `{new}`: code still deployed uses the old name and fails until it is replaced",
                        words.table(table)
                    ),
                    format!(
                        "keep the name `{old}`; or create a view with it in the same migration (`RunSQL(\"CREATE VIEW {old} AS SELECT * FROM {new}\")`: a simple view takes the old code's reads and writes) and drop the view a release later"
                    ),
                ));
            }
            OpKind::AlterColumn {
                table,
                column,
                nullable,
                was_nullable,
                type_change,
                ..
            } if !is_new(table) && locks && here => {
                let sets_not_null = *nullable == Some(false)
                    && match operation.origin {
                        // Django: only when the model state says it was nullable.
                        Origin::DjangoOperation => *was_nullable == Some(true),
                        _ => *was_nullable != Some(false),
                    };
                if sets_not_null && enabled(Rule::SetNotNull) {
                    out.push(finding(
                        Rule::SetNotNull,
                        format!(
                            "makes {} NOT NULL: the database checks every row while it holds a lock that blocks reads and writes",
                            words.column(table, column)
                        ),
                        "on PostgreSQL add `CHECK (column IS NOT NULL) NOT VALID`, `VALIDATE CONSTRAINT` it in a later migration, then `SET NOT NULL` (12+ skips the scan) and drop the check".to_string(),
                    ));
                }
                if let Some(change) = type_change.as_ref()
                    && enabled(Rule::AlterColumnType)
                {
                    let rebuilt = match rewrites(change) {
                        Rewrite::Nothing => None,
                        Rewrite::Indexes => Some(
                            "the table is not rewritten, but every index on the column is rebuilt while a lock blocks reads and writes",
                        ),
                        Rewrite::Table => {
                            Some("the table is rewritten while a lock blocks reads and writes")
                        }
                    };
                    if let Some(rebuilt) = rebuilt {
                        let from = change
                            .from
                            .as_ref()
                            .map(|from| format!(" from `{from}`"))
                            .unwrap_or_default();
                        out.push(finding(
                            Rule::AlterColumnType,
                            format!(
                                "changes the type of {}{from} to `{}`: {rebuilt}",
                                words.column(table, column),
                                change.to
                            ),
                            "add a column of the new type, write to both, backfill in batches, switch reads, then drop the old column".to_string(),
                        ));
                    }
                }
            }
            OpKind::CreateIndex {
                table,
                name: index,
                concurrently,
                ..
            } if postgres && here => {
                let new = table.as_deref().is_some_and(is_new);
                let index = Index {
                    build: true,
                    what: words.index(index.as_deref()),
                    on: table.as_ref().map(|t| format!(" on {}", words.table(t))),
                    concurrently: *concurrently,
                    exempt: new,
                    help: concurrent_help(operation.origin, "create"),
                };
                index.check(operation, &enabled, &mut |rule, message, help| {
                    out.push(finding(rule, message, help))
                });
            }
            OpKind::DropIndex {
                name: index,
                table,
                concurrently,
            } if postgres && here => {
                let index = Index {
                    build: false,
                    what: words.index(index.as_deref()),
                    on: table.as_ref().map(|t| format!(" on {}", words.table(t))),
                    concurrently: *concurrently,
                    exempt: table
                        .as_deref()
                        .is_some_and(|t| is_new(t) || is_gone(t) || locked_anyway(t)),
                    help: concurrent_help(operation.origin, "drop"),
                };
                index.check(operation, &enabled, &mut |rule, message, help| {
                    out.push(finding(rule, message, help))
                });
            }
            OpKind::UniqueTogether {
                table,
                added,
                removed,
                ..
            } if postgres => {
                // Each tuple is a constraint with its own index: one finding for the first
                // built, else the first dropped.
                let (build, fields) = match (added.first(), removed.first()) {
                    (Some(fields), _) => (true, fields),
                    (None, Some(fields)) => (false, fields),
                    (None, None) => continue,
                };
                let fields: Vec<String> = fields.iter().map(|f| format!("`{f}`")).collect();
                let index = Index {
                    build,
                    what: format!(
                        "the unique index of `unique_together` ({})",
                        fields.join(", ")
                    ),
                    on: Some(format!(" on {}", words.table(table))),
                    concurrently: false,
                    exempt: is_new(table) || is_gone(table) || !build && locked_anyway(table),
                    help: if build {
                        "build it with `CREATE UNIQUE INDEX CONCURRENTLY` in a `RunSQL` of a migration with `atomic = False`, then add the constraint `USING INDEX` and record `unique_together` in the model state only, with `SeparateDatabaseAndState`"
                    } else {
                        "a constraint's index cannot be dropped concurrently: set a short `lock_timeout` first (`RunSQL(\"SET lock_timeout = '5s'\")`), so that the migration fails fast instead of queueing every query behind it"
                    },
                };
                index.check(operation, &enabled, &mut |rule, message, help| {
                    out.push(finding(rule, message, help))
                });
            }
            OpKind::AddConstraint {
                table,
                name: constraint,
                kind: kind @ (ConstraintKind::ForeignKey | ConstraintKind::Check),
                validated: true,
            } if postgres
                && here
                && operation.origin == Origin::Sql
                && enabled(Rule::ConstraintValidatedOnAdd)
                && !is_new(table) =>
            {
                let kind = match kind {
                    ConstraintKind::ForeignKey => "foreign key",
                    _ => "check constraint",
                };
                let what = constraint
                    .as_ref()
                    .map(|c| format!(" `{c}`"))
                    .unwrap_or_default();
                out.push(finding(
                    Rule::ConstraintValidatedOnAdd,
                    format!(
                        "adds {kind}{what} to {} without NOT VALID: PostgreSQL checks every row while it holds a lock that blocks writes",
                        words.table(table)
                    ),
                    "add it `NOT VALID`, then `ALTER TABLE ... VALIDATE CONSTRAINT` in a later migration (that only takes a light lock)".to_string(),
                ));
            }
            OpKind::DataChange {
                table,
                verb,
                bounded: false,
            } if enabled(Rule::UnboundedDataChange) && !is_new(table) => {
                let verb = if *verb == SqlVerb::Delete {
                    "DELETE"
                } else {
                    "UPDATE"
                };
                out.push(finding(
                    Rule::UnboundedDataChange,
                    format!(
                        "{verb} on `{table}` has no WHERE: it changes every row in one transaction, locking them all"
                    ),
                    "add the WHERE it needs, and for large tables work in batches (`WHERE id BETWEEN ...`), outside the schema migration if it is long".to_string(),
                ));
            }
            _ => {}
        }
    }
}

/// Tables the migration renames away, replaces with a new table of the old name and copies
/// into it (`INSERT INTO t SELECT ... FROM t_old`, SQLite's table rebuild): dropping the old
/// copy loses nothing.
fn copied_away(migration: &Migration, created: &HashSet<String>) -> HashSet<String> {
    let unqualified = |table: &str| table.rsplit('.').next().unwrap_or(table).to_lowercase();
    let filled: HashSet<String> = migration
        .sql
        .iter()
        .flat_map(|sql| &sql.statements)
        .filter(|statement| statement.verb == SqlVerb::Insert)
        .flat_map(|statement| statement.tables.iter().map(|t| t.to_lowercase()))
        .collect();
    migration
        .forward
        .iter()
        .filter_map(|operation| match &operation.kind {
            OpKind::RenameTable { table, new_name }
                if created.contains(&table.to_lowercase())
                    && filled.contains(&unqualified(table)) =>
            {
                Some(sibling(table, new_name).to_lowercase())
            }
            _ => None,
        })
        .collect()
}

/// The operations that drop or rename a column the migration itself added before them (a
/// scratch column, the new column of a swap): code still deployed never knew it.
fn on_new_columns(operations: &[Operation]) -> HashSet<usize> {
    let key = |table: &str, column: &str| (table.to_lowercase(), column.to_lowercase());
    let mut added = HashSet::new();
    let mut found = HashSet::new();
    for (at, operation) in operations.iter().enumerate() {
        match &operation.kind {
            OpKind::AddColumn { table, column, .. } => {
                added.insert(key(table, column));
            }
            OpKind::DropColumn { table, column } if added.remove(&key(table, column)) => {
                found.insert(at);
            }
            OpKind::RenameColumn {
                table,
                column,
                new_name,
            } if added.remove(&key(table, column)) => {
                found.insert(at);
                added.insert(key(table, new_name));
            }
            _ => {}
        }
    }
    found
}

/// An index built or dropped: MC508 without CONCURRENTLY, MC509 with it inside a
/// transaction.
struct Index {
    build: bool,
    /// `index `name``, `an index`.
    what: String,
    /// ` on table `t``, when known.
    on: Option<String>,
    concurrently: bool,
    /// No finding for it without CONCURRENTLY: on a table the migration creates or drops,
    /// nobody waits on it; an index dropped from a table the migration drops a column of
    /// waits for the lock that `DROP COLUMN` takes anyway.
    exempt: bool,
    /// How to do it without blocking.
    help: &'static str,
}

impl Index {
    fn check(
        &self,
        operation: &Operation,
        enabled: &dyn Fn(Rule) -> bool,
        report: &mut dyn FnMut(Rule, String, String),
    ) {
        let what = &self.what;
        let on = self.on.as_deref().unwrap_or_default();
        let (verb, blocks) = if self.build {
            ("builds", "writes to the table block until it is built")
        } else {
            (
                "drops",
                "it waits for, and then blocks, every query on the table",
            )
        };
        if !self.concurrently && !self.exempt && enabled(Rule::IndexNotConcurrent) {
            report(
                Rule::IndexNotConcurrent,
                format!("{verb} {what}{on} without CONCURRENTLY: {blocks}"),
                self.help.to_string(),
            );
        }
        if self.concurrently && operation.in_transaction && enabled(Rule::ConcurrentInTransaction) {
            report(
                Rule::ConcurrentInTransaction,
                format!(
                    "{verb} {what}{on} CONCURRENTLY inside a transaction: PostgreSQL refuses (\"cannot run inside a transaction block\")"
                ),
                transaction_help(operation.origin).to_string(),
            );
        }
    }
}

/// How to name tables and columns in the user's words: Django models and fields, tables
/// and columns otherwise.
struct Words {
    django: bool,
}

impl Words {
    fn of(operation: &Operation) -> Self {
        Words {
            django: operation.origin == Origin::DjangoOperation,
        }
    }

    fn table(&self, table: &str) -> String {
        named(if self.django { "model" } else { "table" }, table)
    }

    fn column(&self, table: &str, column: &str) -> String {
        let column = named(if self.django { "field" } else { "column" }, column);
        format!("{column} of {}", self.table(table))
    }

    fn index(&self, index: Option<&str>) -> String {
        index.map_or_else(|| "an index".to_string(), |index| named("index", index))
    }
}

fn concurrent_help(origin: Origin, verb: &str) -> &'static str {
    match (origin, verb) {
        (Origin::DjangoOperation, "create") => {
            "use `AddIndexConcurrently` (django.contrib.postgres.operations) in a migration with `atomic = False`"
        }
        (Origin::DjangoOperation, _) => {
            "use `RemoveIndexConcurrently` (django.contrib.postgres.operations) in a migration with `atomic = False`"
        }
        (Origin::AlembicOp, _) => {
            "pass `postgresql_concurrently=True`, inside `with op.get_context().autocommit_block():`"
        }
        (Origin::Sql, "create") => "use `CREATE INDEX CONCURRENTLY`, outside a transaction",
        (Origin::Sql, _) => "use `DROP INDEX CONCURRENTLY`, outside a transaction",
    }
}

fn transaction_help(origin: Origin) -> &'static str {
    match origin {
        Origin::AlembicOp => "run it inside `with op.get_context().autocommit_block():`",
        _ => {
            "set `atomic = False` on the Migration (Django) or run it inside `with op.get_context().autocommit_block():` (Alembic)"
        }
    }
}

/// The tables (lowercase) that the migration's operations name, as `table` picks them.
fn tables_where(
    migration: &Migration,
    table: impl Fn(&OpKind) -> Option<&String>,
) -> HashSet<String> {
    migration
        .forward
        .iter()
        .filter_map(|operation| table(&operation.kind))
        .map(|table| table.to_lowercase())
        .collect()
}

/// What PostgreSQL rebuilds for a column type change.
#[derive(Debug, PartialEq)]
enum Rewrite {
    /// Nothing: the new type takes the old values as they are, and so do its indexes.
    Nothing,
    /// The indexes on the column (their operator class changes), not the table: `varchar` or
    /// `text` to `citext` and back, whose values are the same bytes.
    Indexes,
    /// The whole table.
    Table,
}

/// What a type change written as SQLAlchemy types or SQL rebuilds.
fn rewrites(change: &crate::model::TypeChange) -> Rewrite {
    let relabels = change.from.as_deref().is_some_and(|from| {
        let ((old, _), (new, new_arguments)) = (column_type(from), column_type(&change.to));
        // Back from `citext`, only to a type without a length to check.
        (new == "citext" && (varchar(&old) || text(&old)))
            || (old == "citext" && (text(&new) || varchar(&new) && new_arguments.is_empty()))
    });
    if widens(change) {
        Rewrite::Nothing
    } else if relabels {
        Rewrite::Indexes
    } else {
        Rewrite::Table
    }
}

/// Type changes PostgreSQL makes in place, written as SQLAlchemy types or SQL: a longer
/// `varchar`, `varchar` to `text`, a `numeric` with more digits and the same scale, or one
/// without limits.
fn widens(change: &crate::model::TypeChange) -> bool {
    let Some(from) = change.from.as_deref() else {
        return false;
    };
    let (old, old_arguments) = column_type(from);
    let (new, new_arguments) = column_type(&change.to);
    let first = |arguments: &[Option<u64>]| arguments.first().copied().flatten();
    // `text` and a `varchar` without a length are the same to PostgreSQL.
    let unbounded = |class: &str, arguments: &[Option<u64>]| {
        text(class) || (varchar(class) && first(arguments).is_none())
    };
    let numeric = |class: &str| matches!(class, "numeric" | "decimal");
    if varchar(&old) {
        return unbounded(&new, &new_arguments)
            || (varchar(&new)
                && matches!((first(&old_arguments), first(&new_arguments)), (Some(a), Some(b)) if b >= a));
    }
    if unbounded(&old, &old_arguments) {
        return unbounded(&new, &new_arguments);
    }
    if numeric(&old) && numeric(&new) {
        // `numeric(p)` has scale 0; `numeric` alone has no limits.
        let scale = |arguments: &[Option<u64>]| arguments.get(1).copied().flatten().unwrap_or(0);
        return match (first(&old_arguments), first(&new_arguments)) {
            (_, None) => new_arguments.is_empty(),
            (Some(a), Some(b)) => b >= a && scale(&old_arguments) == scale(&new_arguments),
            (None, Some(_)) => false,
        };
    }
    false
}

/// Whether a column type class (as [`column_type`] gives it) is a `varchar`.
fn varchar(class: &str) -> bool {
    matches!(
        class,
        "string" | "varchar" | "unicode" | "character varying" | "nvarchar"
    )
}

/// Whether a column type class (as [`column_type`] gives it) is `text`.
fn text(class: &str) -> bool {
    matches!(class, "text" | "unicodetext")
}

/// A column type as SQLAlchemy (`sa.Numeric(10, scale=2)`, `String(length=20)`) or SQL
/// (`NUMERIC(10,2)`, `character varying(20)`) writes it: the lowercase class and the numeric
/// arguments by position (`length`, `precision`, `scale`).
fn column_type(text: &str) -> (String, Vec<Option<u64>>) {
    let text = text.trim();
    let (class, rest) = text.split_once('(').unwrap_or((text, ""));
    let class = class
        .rsplit('.')
        .next()
        .unwrap_or(class)
        .trim()
        .to_ascii_lowercase();
    let mut arguments: Vec<Option<u64>> = Vec::new();
    let inside = rest.rsplit_once(')').map_or(rest, |(inside, _)| inside);
    for (position, argument) in inside.split(',').enumerate() {
        let argument = argument.trim();
        let (at, value) = match argument.split_once('=') {
            Some((key, value)) => match key.trim() {
                "length" | "precision" => (0, value),
                "scale" => (1, value),
                _ => continue,
            },
            None if !argument.is_empty() => (position, argument),
            None => continue,
        };
        if arguments.len() <= at {
            arguments.resize(at + 1, None);
        }
        arguments[at] = value.trim().parse().ok();
    }
    (class, arguments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TypeChange;

    fn widened(from: &str, to: &str) -> bool {
        widens(&TypeChange {
            from: Some(from.to_string()),
            to: to.to_string(),
        })
    }

    #[test]
    fn in_place_type_changes() {
        assert!(widened("sa.String(length=20)", "sa.String(40)"));
        assert!(widened("sa.VARCHAR(20)", "sa.Text()"));
        assert!(widened("VARCHAR(20)", "CHARACTER VARYING(30)"));
        assert!(widened("character varying(20)", "TEXT"));
        assert!(widened(
            "sa.Numeric(10, 2)",
            "sa.Numeric(precision=12, scale=2)"
        ));
        assert!(widened("NUMERIC(8,2)", "NUMERIC(11,2)"));
        assert!(widened("NUMERIC(8,2)", "NUMERIC"));
        assert!(!widened("sa.String(40)", "sa.String(20)"));
        assert!(!widened("sa.Text()", "sa.String(20)"));
        assert!(!widened("sa.Numeric(10, 2)", "sa.Numeric(12, 3)"));
        assert!(!widened("NUMERIC(12,2)", "NUMERIC(10,2)"));
        assert!(!widened("NUMERIC", "NUMERIC(10,2)"));
        assert!(!widened("sa.Integer()", "sa.BigInteger()"));
    }

    #[test]
    fn what_a_type_change_rebuilds() {
        let rebuilds = |from: Option<&str>, to: &str| {
            rewrites(&TypeChange {
                from: from.map(str::to_string),
                to: to.to_string(),
            })
        };
        assert_eq!(
            rebuilds(Some("sa.String(20)"), "sa.Text()"),
            Rewrite::Nothing
        );
        assert_eq!(rebuilds(Some("sa.String()"), "CITEXT()"), Rewrite::Indexes);
        assert_eq!(
            rebuilds(Some("TEXT"), "postgresql.CITEXT()"),
            Rewrite::Indexes
        );
        assert_eq!(rebuilds(Some("sa.Integer()"), "CITEXT()"), Rewrite::Table);
        assert_eq!(rebuilds(None, "CITEXT"), Rewrite::Table);
        assert_eq!(rebuilds(Some("CITEXT()"), "sa.Text()"), Rewrite::Indexes);
        assert_eq!(rebuilds(Some("CITEXT()"), "sa.String(40)"), Rewrite::Table);
    }
}

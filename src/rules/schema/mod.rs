//! MC501–MC511: operations that are valid and reversible but can take production down while
//! they run, or break the code still deployed. Written once over the model, so they cover
//! Django operations, Alembic `op` calls and raw SQL alike.
//!
//! Each rule is a file of its own, a check of one operation over the facts [`Context`]
//! gathers once per migration (the tables it creates, drops, copies; whether locks and
//! `CONCURRENTLY` matter on its database). A rule is called only when it is enabled.

mod mc501_add_not_null_without_default;
mod mc502_drop_column;
mod mc503_drop_table;
mod mc504_rename_column;
mod mc505_rename_table;
mod mc506_set_not_null;
mod mc507_alter_column_type;
mod mc508_index_not_concurrent;
mod mc509_concurrent_in_transaction;
mod mc510_constraint_validated_on_add;
mod mc511_unbounded_data_change;

use std::collections::{HashMap, HashSet};

use super::{RuleSet, named, sibling};
use crate::diagnostic::Diagnostic;
use crate::model::{
    Assumed, ConstraintKind, Dialect, FieldIndex, Framework, Migration, OpKind, Operation, Origin,
    SqlVerb, Why,
};
use crate::registry::Rule;
use crate::source::Span;

/// A schema rule: one operation (its index in `forward`), the migration's facts, findings.
type Check = fn(&Context, usize, &Operation, &mut Vec<Diagnostic>);

const RULES: &[(Rule, Check)] = &[
    (
        Rule::AddNotNullWithoutDefault,
        mc501_add_not_null_without_default::check,
    ),
    (Rule::DropColumn, mc502_drop_column::check),
    (Rule::DropTable, mc503_drop_table::check),
    (Rule::RenameColumn, mc504_rename_column::check),
    (Rule::RenameTable, mc505_rename_table::check),
    (Rule::SetNotNull, mc506_set_not_null::check),
    (Rule::AlterColumnType, mc507_alter_column_type::check),
    (Rule::IndexNotConcurrent, mc508_index_not_concurrent::check),
    (
        Rule::ConcurrentInTransaction,
        mc509_concurrent_in_transaction::check,
    ),
    (
        Rule::ConstraintValidatedOnAdd,
        mc510_constraint_validated_on_add::check,
    ),
    (
        Rule::UnboundedDataChange,
        mc511_unbounded_data_change::check,
    ),
];

pub fn check(migration: &Migration, rules: &RuleSet, dialect: &Assumed, out: &mut Vec<Diagnostic>) {
    // A squashed migration runs only where none of the migrations it replaces ran, and the
    // app's initial migrations together make its tables: on a new, empty database, where
    // only what fails on any database matters.
    let fresh = is_fresh(migration);
    let enabled: Vec<Check> = RULES
        .iter()
        .filter(|(rule, _)| {
            rules.contains(rule) && (!fresh || *rule == Rule::ConcurrentInTransaction)
        })
        .map(|(_, check)| *check)
        .collect();
    if enabled.is_empty() {
        return;
    }
    // The facts an operation is checked with come from the operations that can run with it:
    // one context per branch of the revision's `if`s on the dialect (most have none).
    let mut contexts: HashMap<&[(u32, u32)], Context> = HashMap::new();
    for (at, operation) in migration.forward.iter().enumerate() {
        let cx = contexts
            .entry(operation.dialect_branch.as_slice())
            .or_insert_with(|| Context::new(migration, dialect, operation));
        for check in &enabled {
            check(cx, at, operation, out);
        }
    }
}

/// On a new, empty database only: a squashed or an initial migration.
fn is_fresh(migration: &Migration) -> bool {
    !migration.replaces.is_empty()
        || matches!(&migration.framework, Framework::Django(django) if django.initial)
}

/// What the schema rules know of a migration before they look at its operations.
struct Context<'a> {
    migration: &'a Migration,
    /// `` `app.0002_x` ``, `` revision `a1b2` ``: how findings name it.
    name: String,
    is_django: bool,
    /// Which operations can run with the one checked (see [`Operation::runs_with`]): the
    /// facts below come from those alone.
    together: Vec<bool>,
    /// Tables created by this migration have no rows and no readers yet; SQL knows a Django
    /// model's table by its database name (lowercase).
    created: HashSet<String>,
    /// Where each of those is first created: a table dropped before it is made again is
    /// the old table, with its rows.
    first_created: HashMap<String, usize>,
    /// Tables this migration drops: what happens to their columns and indexes on the way
    /// does not matter.
    dropped: HashSet<String>,
    /// Tables this migration drops a column of: `DROP COLUMN` takes the table's exclusive
    /// lock, so an index dropped beside it might as well not be dropped concurrently.
    loses_column: HashSet<String>,
    /// Tables renamed away and copied into a new table of their name ([`copied_away`]).
    copied: HashSet<String>,
    /// Operations on a column the migration itself added ([`on_new_columns`]).
    on_new_column: HashSet<usize>,
    postgres: bool,
    /// Whether the database takes locks that matter (not SQLite).
    locks: bool,
    /// Where the migration adds a column: an Alembic operation there is one `op.add_column`
    /// runs for what its `sa.Column` declares ([`declared_with_column`]).
    column_adds: HashSet<Span>,
    /// ` (MySQL: the revisions pass `mysql_engine=`)`: what a locking rule's finding says
    /// of the database it assumed, when the configuration did not name it.
    assumed: String,
}

impl<'a> Context<'a> {
    /// The facts of `migration` as seen from `with`, one of its operations.
    fn new(migration: &'a Migration, assumed: &Assumed, with: &Operation) -> Self {
        let dialect = assumed.dialect;
        let together: Vec<bool> = migration
            .forward
            .iter()
            .map(|operation| operation.runs_with(with))
            .collect();
        let seen = || {
            migration
                .forward
                .iter()
                .enumerate()
                .filter(|(at, _)| together[*at])
        };
        let django = match &migration.framework {
            Framework::Django(django) => Some(django),
            Framework::Alembic(_) => None,
        };
        let app_label = django.map(|django| django.app_label.as_str());
        // Each table created, with where it is first created.
        let mut first_created: HashMap<String, usize> = HashMap::new();
        let names = seen().flat_map(|(at, operation)| match &operation.kind {
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
                names.into_iter().map(|name| (name, at)).collect()
            }
            _ => Vec::new(),
        });
        for (name, at) in names {
            first_created.entry(name).or_insert(at);
        }
        let created: HashSet<String> = first_created.keys().cloned().collect();
        let dropped = tables_where(seen(), |kind| match kind {
            OpKind::DropTable { table } => Some(table),
            _ => None,
        });
        let loses_column = tables_where(seen(), |kind| match kind {
            OpKind::DropColumn { table, .. } => Some(table),
            _ => None,
        });
        let copied = copied_away(migration, seen(), &created);
        Context {
            migration,
            name: migration.display_name(),
            is_django: app_label.is_some(),
            created,
            first_created,
            dropped,
            loses_column,
            copied,
            on_new_column: on_new_columns(seen()),
            postgres: dialect == Dialect::Postgresql,
            locks: dialect != Dialect::Sqlite,
            column_adds: migration
                .forward
                .iter()
                .filter(|operation| matches!(operation.kind, OpKind::AddColumn { .. }))
                .map(|operation| operation.span)
                .collect(),
            assumed: assumption(assumed),
            together,
        }
    }

    /// The operations that can run with the one checked, with their places.
    fn together(&self) -> impl Iterator<Item = (usize, &'a Operation)> + '_ {
        self.migration
            .forward
            .iter()
            .enumerate()
            .filter(|(at, _)| self.together[*at])
    }

    fn is_new(&self, table: &str) -> bool {
        self.created.contains(&table.to_lowercase())
    }

    /// Whether the table is one this migration created before operation `at`.
    fn created_before(&self, table: &str, at: usize) -> bool {
        self.first_created
            .get(&table.to_lowercase())
            .is_some_and(|&created| created < at)
    }

    fn is_gone(&self, table: &str) -> bool {
        self.dropped.contains(&table.to_lowercase())
    }

    fn locked_anyway(&self, table: &str) -> bool {
        self.loses_column.contains(&table.to_lowercase())
    }

    /// A finding on `operation`: "`{name}` {message}".
    fn finding(
        &self,
        rule: Rule,
        operation: &Operation,
        message: String,
        help: String,
    ) -> Diagnostic {
        super::finding(
            self.migration,
            rule,
            operation.span,
            format!("{} {message}", self.name),
        )
        .with_help(help)
    }

    /// [`Self::finding`] of a rule about the locks a database takes: its message says which
    /// database it assumed and why, unless the configuration named it.
    fn locking_finding(
        &self,
        rule: Rule,
        operation: &Operation,
        message: String,
        help: String,
    ) -> Diagnostic {
        self.finding(rule, operation, format!("{message}{}", self.assumed), help)
    }
}

/// What a locking rule's finding says of the database it assumed: nothing when the
/// configuration named it; else the database and what made it that one.
fn assumption(assumed: &Assumed) -> String {
    let why = match &assumed.why {
        Why::Configured => return String::new(),
        Why::Default => "the default dialect".to_string(),
        Why::Named(folder) => format!("the revisions are in `{folder}`"),
        Why::Keyword(keyword) => format!("the revisions pass `{keyword}=`"),
    };
    format!(" ({}: {why})", assumed.dialect.title())
}

/// `ALTER TABLE ... RENAME` and `DROP TABLE` also take PostgreSQL's serial sequences.
fn is_sequence(table: &str) -> bool {
    table.to_lowercase().ends_with("_seq")
}

/// An index an operation builds or drops, on PostgreSQL, where it runs: MC508 without
/// CONCURRENTLY, MC509 with it inside a transaction.
fn index_change(cx: &Context, operation: &Operation) -> Option<IndexChange> {
    if !cx.postgres {
        return None;
    }
    let here = !operation.other_dialect;
    let words = Words::of(operation);
    let on = |table: &Option<String>| table.as_ref().map(|t| format!(" on {}", words.table(t)));
    match &operation.kind {
        OpKind::CreateIndex {
            table,
            name,
            columns,
            concurrently,
        } if here => Some(IndexChange {
            build: true,
            many: false,
            what: match (name, columns.as_slice()) {
                // `op.add_column(sa.Column("c", ..., index=True))`.
                (None, [column]) if declared_with_column(cx, operation) => {
                    format!("an index of {}", named("column", column))
                }
                _ => words.index(name.as_deref()),
            },
            on: on(table),
            concurrently: *concurrently,
            // After `op.add_column`'s `ADD COLUMN`, whose lock blocks reads too until the
            // transaction ends.
            blocks_reads: declared_with_column(cx, operation) && operation.in_transaction,
            exempt: table.as_deref().is_some_and(|t| cx.is_new(t)),
            help: if declared_with_column(cx, operation) {
                "add the column without `index=True`, then build the index with `op.create_index(..., postgresql_concurrently=True)` inside `with op.get_context().autocommit_block():`"
            } else {
                concurrent_help(operation.origin, "create")
            },
        }),
        OpKind::DropIndex {
            name,
            table,
            concurrently,
        } if here => Some(IndexChange {
            build: false,
            many: false,
            what: words.index(name.as_deref()),
            on: on(table),
            concurrently: *concurrently,
            blocks_reads: true,
            exempt: table
                .as_deref()
                .is_some_and(|t| cx.is_new(t) || cx.is_gone(t) || cx.locked_anyway(t))
                || (table.is_none() && name.as_deref().is_some_and(|n| built_on_new(cx, n))),
            help: concurrent_help(operation.origin, "drop"),
        }),
        OpKind::Together {
            table,
            unique,
            added,
            ..
        } => {
            // Each tuple is a constraint or an index of its own: one finding names them all.
            // One removed is `DROP CONSTRAINT`, which has no concurrent form.
            added.first()?;
            let tuples: Vec<String> = added
                .iter()
                .map(|tuple| {
                    let fields: Vec<String> = tuple.iter().map(|f| format!("`{f}`")).collect();
                    format!("({})", fields.join(", "))
                })
                .collect();
            let option = if *unique {
                "unique_together"
            } else {
                "index_together"
            };
            Some(IndexChange {
                build: true,
                many: tuples.len() > 1,
                what: format!(
                    "the {}{} of `{option}` {}",
                    if *unique { "unique " } else { "" },
                    if tuples.len() == 1 {
                        "index"
                    } else {
                        "indexes"
                    },
                    tuples.join(", ")
                ),
                on: Some(format!(" on {}", words.table(table))),
                concurrently: false,
                // `ALTER TABLE ... ADD CONSTRAINT ... UNIQUE`.
                blocks_reads: *unique,
                exempt: cx.is_new(table) || cx.is_gone(table),
                help: if *unique {
                    UNIQUE_TOGETHER_HELP
                } else {
                    "build the index with `AddIndexConcurrently` (an `Index` in `Meta.indexes` replaces `index_together`) in a migration with `atomic = False`"
                },
            })
        }
        // A field whose column Django indexes, added or altered to have it.
        OpKind::AddColumn {
            table,
            column,
            field: Some(field),
            ..
        } if field.index != FieldIndex::None && field.has_column() => {
            let mut change = field_index(cx, &words, table, column, field.index);
            // `ADD COLUMN` took a lock that blocks reads too, held to the end of the
            // migration's transaction.
            change.blocks_reads |= operation.in_transaction;
            Some(change)
        }
        OpKind::AlterColumn {
            table,
            column,
            builds_index: index @ (FieldIndex::Index | FieldIndex::Unique),
            ..
        } => Some(field_index(cx, &words, table, column, *index)),
        // A unique constraint is built as a unique index.
        OpKind::AddConstraint {
            table,
            name,
            kind: kind @ (ConstraintKind::Unique | ConstraintKind::UniqueIndex),
            ..
        } if here => {
            // Django builds a `UniqueConstraint` with a `condition=` or expressions with
            // `CREATE UNIQUE INDEX` (a lock that blocks writes only), and it cannot become a
            // constraint `USING INDEX`; the others are `ALTER TABLE ... ADD CONSTRAINT`.
            let as_index = *kind == ConstraintKind::UniqueIndex;
            Some(IndexChange {
                build: true,
                many: false,
                what: format!(
                    "the unique index of {}",
                    name.as_deref().map_or_else(
                        || "a unique constraint".to_string(),
                        |n| named("constraint", n)
                    )
                ),
                on: on(&Some(table.clone())),
                concurrently: false,
                blocks_reads: !as_index,
                exempt: cx.is_new(table) || cx.is_gone(table),
                help: match operation.origin {
                    Origin::DjangoOperation if as_index => {
                        "build the unique index with `CREATE UNIQUE INDEX CONCURRENTLY` in a `RunSQL` of a migration with `atomic = False`, and record the `UniqueConstraint` in the model state only, with `SeparateDatabaseAndState`"
                    }
                    Origin::DjangoOperation => {
                        "build the unique index with `CREATE UNIQUE INDEX CONCURRENTLY` in a `RunSQL` of a migration with `atomic = False`, then `ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX`, and record the `UniqueConstraint` in the model state only, with `SeparateDatabaseAndState`"
                    }
                    Origin::AlembicOp if declared_with_column(cx, operation) => {
                        "add the column without `unique=True`, build the index with `op.create_index(..., unique=True, postgresql_concurrently=True)` inside `with op.get_context().autocommit_block():`, then `op.execute(\"ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX ...\")`"
                    }
                    Origin::AlembicOp => {
                        "build the index with `op.create_index(..., unique=True, postgresql_concurrently=True)` inside `with op.get_context().autocommit_block():`, then `op.execute(\"ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX ...\")`"
                    }
                    Origin::Sql => {
                        "build the index with `CREATE UNIQUE INDEX CONCURRENTLY` outside a transaction, then `ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX`"
                    }
                },
            })
        }
        _ => None,
    }
}

const UNIQUE_TOGETHER_HELP: &str = "build it with `CREATE UNIQUE INDEX CONCURRENTLY` in a `RunSQL` of a migration with `atomic = False`, then add the constraint `USING INDEX` and record `unique_together` in the model state only, with `SeparateDatabaseAndState`";

/// The index Django builds for a field's column: the field added, or altered to have one.
fn field_index(
    cx: &Context,
    words: &Words,
    table: &str,
    column: &str,
    index: FieldIndex,
) -> IndexChange {
    let unique = index == FieldIndex::Unique;
    IndexChange {
        build: true,
        many: false,
        what: format!(
            "the {}index of {}",
            if unique { "unique " } else { "" },
            named("field", column)
        ),
        on: Some(format!(" on {}", words.table(table))),
        concurrently: false,
        // A unique field's is a constraint: `ALTER TABLE ... ADD CONSTRAINT ... UNIQUE`.
        blocks_reads: unique,
        exempt: cx.is_new(table) || cx.is_gone(table),
        help: if unique {
            "add the field without `unique=True`, build the unique index with `CREATE UNIQUE INDEX CONCURRENTLY` in a `RunSQL` of a migration with `atomic = False`, then `ALTER TABLE ... ADD CONSTRAINT ... UNIQUE USING INDEX`, and record `unique=True` in the model state only, with `SeparateDatabaseAndState`"
        } else {
            "declare the field with `db_index=False` and build its index with `AddIndexConcurrently` (an `Index` in `Meta.indexes`) in a migration with `atomic = False`"
        },
    }
}

/// Whether an Alembic operation is one `op.add_column` runs for what its `sa.Column`
/// declares (`index=True`, `unique=True`, a `sa.ForeignKey`): it has the `add_column`'s place.
fn declared_with_column(cx: &Context, operation: &Operation) -> bool {
    operation.origin == Origin::AlembicOp && cx.column_adds.contains(&operation.span)
}

/// Whether the migration builds an index of this name on a table it creates: an index
/// dropped by name alone (PostgreSQL's `DROP INDEX IF EXISTS i`, a guard before the `CREATE
/// INDEX i`) is then that new table's, or nothing.
fn built_on_new(cx: &Context, index: &str) -> bool {
    cx.together().any(|(_, operation)| {
        matches!(&operation.kind, OpKind::CreateIndex { table: Some(table), name: Some(name), .. }
            if name.eq_ignore_ascii_case(index) && cx.is_new(table))
    })
}

/// Tables the migration renames away, replaces with a new table of the old name and copies
/// into it (`INSERT INTO t SELECT ... FROM t_old`, SQLite's table rebuild): dropping the old
/// copy loses nothing.
fn copied_away<'a>(
    migration: &Migration,
    operations: impl Iterator<Item = (usize, &'a Operation)>,
    created: &HashSet<String>,
) -> HashSet<String> {
    let unqualified = |table: &str| table.rsplit('.').next().unwrap_or(table).to_lowercase();
    let filled: HashSet<String> = migration
        .sql
        .iter()
        .flat_map(|sql| &sql.statements)
        .filter(|statement| statement.verb == SqlVerb::Insert)
        .flat_map(|statement| statement.tables.iter().map(|t| t.to_lowercase()))
        .collect();
    operations
        .filter_map(|(_, operation)| match &operation.kind {
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
fn on_new_columns<'a>(operations: impl Iterator<Item = (usize, &'a Operation)>) -> HashSet<usize> {
    let key = |table: &str, column: &str| (table.to_lowercase(), column.to_lowercase());
    let mut added = HashSet::new();
    let mut found = HashSet::new();
    for (at, operation) in operations {
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

/// An index built or dropped.
struct IndexChange {
    build: bool,
    /// More than one index (`index_together` tuples).
    many: bool,
    /// `index `name``, `an index`.
    what: String,
    /// ` on table `t``, when known.
    on: Option<String>,
    concurrently: bool,
    /// Without CONCURRENTLY, it blocks reads as well as writes while it runs: `DROP INDEX`,
    /// and a constraint's index built by `ALTER TABLE` (ACCESS EXCLUSIVE).
    blocks_reads: bool,
    /// No finding for it without CONCURRENTLY: on a table the migration creates or drops,
    /// nobody waits on it; an index dropped from a table the migration drops a column of
    /// waits for the lock that `DROP COLUMN` takes anyway.
    exempt: bool,
    /// How to do it without blocking.
    help: &'static str,
}

impl IndexChange {
    /// `builds`, `drops`.
    fn verb(&self) -> &'static str {
        if self.build { "builds" } else { "drops" }
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

/// The tables (lowercase) that the operations name, as `table` picks them.
fn tables_where<'a>(
    operations: impl Iterator<Item = (usize, &'a Operation)>,
    table: impl Fn(&'a OpKind) -> Option<&'a String>,
) -> HashSet<String> {
    operations
        .filter_map(|(_, operation)| table(&operation.kind))
        .map(|table| table.to_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::mc507_alter_column_type::{Rewrite, rewrites, widens};
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

//! MC201–MC205: every migration must have a way back. Each rule is a file of its own; what
//! an `upgrade()` or `downgrade()` leaves behind ([`Net`]) is worked out here, for MC204 and
//! MC205.

mod mc201_runpython_without_reverse;
mod mc202_runsql_without_reverse;
mod mc203_missing_downgrade;
mod mc204_empty_downgrade;
mod mc205_downgrade_mismatch;

use foldhash::{HashMap, HashSet};

use super::{RuleSet, named, new_name, sibling};
use crate::diagnostic::Diagnostic;
use crate::model::{Migration, OpKind, Operation, Origin, SqlVerb, computed};
use crate::registry::Rule;

/// A reversibility rule over one migration.
type Check = fn(&Migration, &mut Vec<Diagnostic>);

const RULES: &[(Rule, Check)] = &[
    (
        Rule::RunPythonWithoutReverse,
        mc201_runpython_without_reverse::check,
    ),
    (
        Rule::RunSqlWithoutReverse,
        mc202_runsql_without_reverse::check,
    ),
    (Rule::MissingDowngrade, mc203_missing_downgrade::check),
    (Rule::EmptyDowngrade, mc204_empty_downgrade::check),
    (Rule::DowngradeMismatch, mc205_downgrade_mismatch::check),
];

pub fn check(migration: &Migration, rules: &RuleSet, out: &mut Vec<Diagnostic>) {
    for (rule, check) in RULES {
        if rules.contains(rule) {
            check(migration, out);
        }
    }
}

/// What a body does to the schema, step by step: its operations, with the SQL it runs read
/// statement by statement. Left out: session statements (`SET`, `PRAGMA`), temporary tables
/// and what is done to them, and additive DDL that does nothing when run again (`CREATE
/// EXTENSION IF NOT EXISTS`): none of it needs undoing, and the last cannot be undone.
enum Step<'a> {
    Operation(&'a OpKind),
    /// A statement no operation is read from, by its leading keywords.
    Sql(&'a str),
}

fn steps<'a>(operations: impl IntoIterator<Item = &'a Operation>) -> Vec<Step<'a>> {
    let mut temporary: Vec<String> = Vec::new();
    let mut steps = Vec::new();
    for operation in operations {
        let sql = match &operation.kind {
            // Read from the statements of the SQL they come from.
            _ if operation.origin == Origin::Sql => continue,
            OpKind::RunSql { sql, .. } => sql,
            kind => {
                steps.push(Step::Operation(kind));
                continue;
            }
        };
        for statement in sql.iter().flat_map(|text| &text.statements) {
            match statement.verb {
                SqlVerb::CreateTemporaryTable => {
                    temporary.extend(statement.tables.iter().map(|t| t.to_lowercase()));
                }
                SqlVerb::Session | SqlVerb::AddIfNotExists => {}
                verb if statement.operations.is_empty() && !verb.is_data() => {
                    steps.push(Step::Sql(&statement.command));
                }
                _ => steps.extend(
                    statement
                        .operations
                        .iter()
                        .filter(|kind| {
                            kind.table().is_none_or(|table| {
                                let name = table.rsplit('.').next().unwrap_or(table);
                                !temporary.contains(&name.to_lowercase())
                            })
                        })
                        .map(Step::Operation),
                ),
            }
        }
    }
    steps
}

/// `op` calls that change no schema.
fn changes_no_schema(call: &str) -> bool {
    matches!(
        call,
        "op.bulk_insert"
            | "op.get_bind"
            | "op.get_context"
            | "op.f"
            | "op.inline_literal"
            | "op.batch_alter_table"
    )
}

/// What a body leaves behind: tables, columns, indexes, constraints and triggers it creates,
/// removes or switches off, net of those it creates and removes again itself (a temporary
/// index, a scratch column, a foreign key dropped while rows are rewritten and created again),
/// following renames; and every other schema change it makes.
#[derive(Default)]
struct Net {
    created_tables: Vec<String>,
    dropped_tables: Vec<String>,
    /// Dropped and created again, or renamed away and replaced (the SQLite table rebuild):
    /// there, but not as it was.
    rebuilt_tables: Vec<String>,
    /// Created and dropped again: gone at the end, whether or not they were there before.
    temporary_tables: Vec<String>,
    /// Existing tables renamed: (name before, name now).
    renamed_tables: Vec<(String, String)>,
    added_columns: Vec<(String, String)>,
    dropped_columns: Vec<(String, String)>,
    /// Dropped and added again (a drop that guards the add: `if_exists=True`): there at the
    /// end, whether or not they were there before.
    recreated_columns: Vec<(String, String)>,
    /// Added and dropped again: gone at the end.
    temporary_columns: Vec<(String, String)>,
    /// Existing columns renamed: (table, name before, name now).
    renamed_columns: Vec<(String, String, String)>,
    created_indexes: Vec<IndexRef>,
    dropped_indexes: Vec<IndexRef>,
    /// Dropped and created again: there at the end.
    recreated_indexes: Vec<IndexRef>,
    /// Created and dropped again: gone at the end.
    temporary_indexes: Vec<IndexRef>,
    /// Named constraints, by (table, name).
    added_constraints: Vec<(String, String)>,
    dropped_constraints: Vec<(String, String)>,
    /// Triggers, by (table, name).
    enabled_triggers: Vec<(String, String)>,
    disabled_triggers: Vec<(String, String)>,
    /// Every other schema change, described.
    other: Vec<String>,
}

/// An index as a body mentions it: by name, or (created without one, so that the naming
/// convention names it) by table and columns. Lowercase.
#[derive(Debug, Clone, PartialEq)]
struct IndexRef {
    name: Option<String>,
    table: Option<String>,
    /// Columns or expressions, as written.
    columns: Vec<String>,
}

impl IndexRef {
    /// Whether two mentions are of one index: by name; or an unnamed one and a named one on
    /// its table whose name spells out its columns (`ix_rooms_is_active`).
    fn same(&self, other: &IndexRef) -> bool {
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
            // IndexRef names spell the table without its schema.
            None => name.contains(own_table.rsplit('.').next().unwrap_or(own_table)),
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

fn set(names: &[String]) -> HashSet<&str> {
    names.iter().map(String::as_str).collect()
}

fn pairs(pairs: &[(String, String)]) -> HashSet<(&str, &str)> {
    pairs
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_str()))
        .collect()
}

/// A body's indexes, found again by [`IndexRef::same`] without comparing each with each: by
/// name, and by table for the unnamed ones and for a name matched against an unnamed one.
struct Indexes<'a> {
    names: HashSet<&'a str>,
    named_by_table: HashMap<Option<&'a str>, Vec<&'a IndexRef>>,
    unnamed_by_table: HashMap<Option<&'a str>, Vec<&'a IndexRef>>,
}

impl<'a> Indexes<'a> {
    fn of(indexes: &'a [IndexRef]) -> Self {
        let mut found = Indexes {
            names: HashSet::default(),
            named_by_table: HashMap::default(),
            unnamed_by_table: HashMap::default(),
        };
        for index in indexes {
            let table = index.table.as_deref();
            match &index.name {
                Some(name) => {
                    found.names.insert(name);
                    found.named_by_table.entry(table).or_default().push(index);
                }
                None => found.unnamed_by_table.entry(table).or_default().push(index),
            }
        }
        found
    }

    /// Whether one of them is `index` ([`IndexRef::same`]).
    fn has(&self, index: &IndexRef) -> bool {
        let same = |group: Option<&Vec<&IndexRef>>| {
            group.is_some_and(|group| group.iter().any(|other| other.same(index)))
        };
        let table = index.table.as_deref();
        match &index.name {
            Some(name) if self.names.contains(name.as_str()) => true,
            // An unnamed one on its table; with no table, any table its name spells.
            Some(_) if table.is_some() => same(self.unnamed_by_table.get(&table)),
            Some(_) => self
                .unnamed_by_table
                .values()
                .any(|group| same(Some(group))),
            None => {
                same(self.unnamed_by_table.get(&table))
                    || same(self.named_by_table.get(&table))
                    || same(self.named_by_table.get(&None))
            }
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

/// Records `item` in `done`, unless it cancels its opposite earlier in the body (in
/// `undone`): then says so.
fn toggle<T>(
    undone: &mut Vec<T>,
    done: &mut Vec<T>,
    item: T,
    same: impl Fn(&T, &T) -> bool,
) -> bool {
    match undone.iter().position(|x| same(x, &item)) {
        Some(at) => {
            undone.remove(at);
            true
        }
        None => {
            done.push(item);
            false
        }
    }
}

impl Net {
    fn of<'a>(operations: impl IntoIterator<Item = &'a Operation>) -> Self {
        // Names compare as the database does; a computed one by its expression.
        let key = |text: &str| match computed(text) {
            Some(_) => text.to_string(),
            None => text.to_lowercase(),
        };
        let mut net = Net::default();
        for step in steps(operations) {
            let kind = match step {
                Step::Sql(command) => {
                    net.other.push(format!("runs `{command} …`"));
                    continue;
                }
                Step::Operation(kind) => kind,
            };
            match kind {
                OpKind::CreateTable { table, .. } => net.create_table(key(table)),
                OpKind::DropTable { table } => net.drop_table(key(table)),
                OpKind::RenameTable { table, new_name } => {
                    net.rename_table(key(table), key(&sibling(table, new_name)));
                }
                OpKind::AddColumn { table, column, .. } => {
                    net.add_column((key(table), key(column)));
                }
                OpKind::DropColumn { table, column } => {
                    net.drop_column((key(table), key(column)));
                }
                OpKind::RenameColumn {
                    table,
                    column,
                    new_name,
                } => net.rename_column(key(table), key(column), key(new_name)),
                OpKind::CreateIndex {
                    name,
                    table,
                    columns,
                    ..
                } => {
                    let index = IndexRef {
                        name: name.as_deref().map(key),
                        table: table.as_deref().map(key),
                        columns: columns.iter().map(|c| key(c)).collect(),
                    };
                    let what = index.describe();
                    net.temporary_indexes.retain(|other| !other.same(&index));
                    if toggle(
                        &mut net.dropped_indexes,
                        &mut net.created_indexes,
                        index.clone(),
                        IndexRef::same,
                    ) {
                        net.other.push(format!("drops and recreates {what}"));
                        net.recreated_indexes.push(index);
                    }
                }
                OpKind::DropIndex {
                    name: Some(name),
                    table,
                    ..
                } => {
                    let index = IndexRef {
                        name: Some(key(name)),
                        table: table.as_deref().map(key),
                        columns: Vec::new(),
                    };
                    net.recreated_indexes.retain(|other| !other.same(&index));
                    if toggle(
                        &mut net.created_indexes,
                        &mut net.dropped_indexes,
                        index.clone(),
                        IndexRef::same,
                    ) {
                        net.temporary_indexes.push(index);
                    }
                }
                OpKind::AddConstraint {
                    table,
                    name: Some(name),
                    ..
                } => {
                    toggle(
                        &mut net.dropped_constraints,
                        &mut net.added_constraints,
                        (key(table), key(name)),
                        PartialEq::eq,
                    );
                }
                OpKind::DropConstraint { table, name } => {
                    toggle(
                        &mut net.added_constraints,
                        &mut net.dropped_constraints,
                        (key(table), key(name)),
                        PartialEq::eq,
                    );
                }
                OpKind::Trigger {
                    table,
                    name,
                    enabled,
                } => {
                    let (undone, done) = match enabled {
                        true => (&mut net.disabled_triggers, &mut net.enabled_triggers),
                        false => (&mut net.enabled_triggers, &mut net.disabled_triggers),
                    };
                    toggle(undone, done, (key(table), key(name)), PartialEq::eq);
                }
                OpKind::DataChange { .. } | OpKind::RunPython { .. } => {}
                OpKind::Other { name } if changes_no_schema(name) => {}
                kind => net.other.push(describe(kind)),
            }
        }
        net
    }

    fn create_table(&mut self, table: String) {
        self.temporary_tables.retain(|t| *t != table);
        if toggle(
            &mut self.dropped_tables,
            &mut self.created_tables,
            table.clone(),
            PartialEq::eq,
        ) {
            self.rebuilt_tables.push(table);
        }
    }

    /// Dropping a table takes its columns and indexes along; dropping a table renamed away
    /// drops the table as it was before.
    fn drop_table(&mut self, table: String) {
        self.added_columns.retain(|(t, _)| *t != table);
        self.created_indexes
            .retain(|index| index.table.as_ref() != Some(&table));
        self.rebuilt_tables.retain(|t| *t != table);
        self.recreated_columns.retain(|(t, _)| *t != table);
        self.recreated_indexes
            .retain(|index| index.table.as_ref() != Some(&table));
        if let Some(at) = self.created_tables.iter().position(|t| *t == table) {
            self.created_tables.remove(at);
            self.temporary_tables.push(table);
        } else if let Some(at) = self
            .renamed_tables
            .iter()
            .position(|(_, now)| *now == table)
        {
            let (before, _) = self.renamed_tables.remove(at);
            match self.created_tables.iter().position(|t| *t == before) {
                // A new table took its name: the table is rebuilt.
                Some(at) => {
                    self.created_tables.remove(at);
                    self.rebuilt_tables.push(before);
                }
                None => self.dropped_tables.push(before),
            }
        } else {
            self.dropped_tables.push(table);
        }
    }

    fn rename_table(&mut self, table: String, new_name: String) {
        for (t, _) in &mut self.added_columns {
            if *t == table {
                t.clone_from(&new_name);
            }
        }
        for index in &mut self.created_indexes {
            if index.table.as_ref() == Some(&table) {
                index.table = Some(new_name.clone());
            }
        }
        if let Some(created) = self.created_tables.iter_mut().find(|t| **t == table) {
            *created = new_name;
        } else if let Some(at) = self
            .renamed_tables
            .iter()
            .position(|(_, now)| *now == table)
        {
            self.renamed_tables[at].1 = new_name;
            if self.renamed_tables[at].0 == self.renamed_tables[at].1 {
                self.renamed_tables.remove(at);
            }
        } else {
            self.renamed_tables.push((table, new_name));
        }
    }

    fn add_column(&mut self, column: (String, String)) {
        self.temporary_columns.retain(|c| *c != column);
        if toggle(
            &mut self.dropped_columns,
            &mut self.added_columns,
            column.clone(),
            PartialEq::eq,
        ) {
            self.other.push(format!(
                "drops and recreates {}",
                column_of(&column.0, &column.1)
            ));
            self.recreated_columns.push(column);
        }
    }

    /// Dropping a column renamed drops the column as it was before.
    fn drop_column(&mut self, (table, column): (String, String)) {
        let renamed = self
            .renamed_columns
            .iter()
            .position(|(t, _, now)| *t == table && *now == column);
        let column = match renamed {
            Some(at) => self.renamed_columns.remove(at).1,
            None => column,
        };
        let column = (table, column);
        self.recreated_columns.retain(|c| *c != column);
        if toggle(
            &mut self.added_columns,
            &mut self.dropped_columns,
            column.clone(),
            PartialEq::eq,
        ) {
            self.temporary_columns.push(column);
        }
    }

    fn rename_column(&mut self, table: String, column: String, new_name: String) {
        let added = (table.clone(), column.clone());
        if let Some(at) = self.added_columns.iter().position(|c| *c == added) {
            self.added_columns.remove(at);
            self.add_column((table, new_name));
        } else if let Some(at) = self
            .renamed_columns
            .iter()
            .position(|(t, _, now)| *t == table && *now == column)
        {
            self.renamed_columns[at].2 = new_name;
            if self.renamed_columns[at].1 == self.renamed_columns[at].2 {
                self.renamed_columns.remove(at);
            }
        } else {
            self.renamed_columns.push((table, column, new_name));
        }
    }

    /// The first schema change the body leaves behind, described: `creates table `tags``.
    fn lasting_change(&self) -> Option<String> {
        let table = |verb: &str, tables: &[String]| {
            tables
                .first()
                .map(|table| format!("{verb} {}", named("table", table)))
        };
        let column = |verb: &str, columns: &[(String, String)]| {
            columns
                .first()
                .map(|(table, column)| format!("{verb} {}", column_of(table, column)))
        };
        let index = |verb: &str, indexes: &[IndexRef]| {
            indexes
                .first()
                .map(|index| format!("{verb} {}", index.describe()))
        };
        let on_table = |verb: &str, what: &str, to: &str, items: &[(String, String)]| {
            items.first().map(|(table, name)| {
                format!(
                    "{verb} {} {to} {}",
                    named(what, name),
                    named("table", table)
                )
            })
        };
        table("creates", &self.created_tables)
            .or_else(|| table("drops", &self.dropped_tables))
            .or_else(|| table("drops and recreates", &self.rebuilt_tables))
            .or_else(|| {
                self.renamed_tables.first().map(|(before, now)| {
                    format!("renames {} to {}", named("table", before), new_name(now))
                })
            })
            .or_else(|| column("adds", &self.added_columns))
            .or_else(|| column("drops", &self.dropped_columns))
            .or_else(|| {
                self.renamed_columns.first().map(|(table, before, now)| {
                    format!("renames {} to {}", column_of(table, before), new_name(now))
                })
            })
            .or_else(|| index("creates", &self.created_indexes))
            .or_else(|| index("drops", &self.dropped_indexes))
            .or_else(|| on_table("adds", "constraint", "to", &self.added_constraints))
            .or_else(|| on_table("drops", "constraint", "of", &self.dropped_constraints))
            .or_else(|| on_table("disables", "trigger", "on", &self.disabled_triggers))
            .or_else(|| on_table("enables", "trigger", "on", &self.enabled_triggers))
            .or_else(|| self.other.first().cloned())
    }
}

/// A schema change the net does not follow, described.
fn describe(kind: &OpKind) -> String {
    match kind {
        OpKind::AlterColumn { table, column, .. } => format!("alters {}", column_of(table, column)),
        OpKind::AddConstraint { table, .. } => {
            format!("adds a constraint to {}", named("table", table))
        }
        OpKind::Other { name } => format!("calls `{name}`"),
        _ => match kind.table() {
            Some(table) => format!("changes {}", named("table", table)),
            None => "changes the schema".to_string(),
        },
    }
}

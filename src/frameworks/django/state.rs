//! Django model state: each app's migrations replayed in graph order, so that an operation
//! knows what it changes. An `AlterField` learns whether the field was nullable, whether its
//! column type changes and whether it gains an index; an `AlterUniqueTogether` or
//! `AlterIndexTogether` which constraints or indexes are new; an
//! `AlterModelTable` which table it renames; a `RemoveField` or `RenameField` of a
//! many-to-many field that it drops or renames a join table. Operations that run no SQL become
//! `OpKind::Other`: those on a proxy model or one with `managed = False`, a `RenameModel` of a
//! model with its own `db_table`, a `RenameField` of a field with its own `db_column`, an
//! `AlterField` of a many-to-many field (no column changes), a `RemoveField` or `RenameField`
//! of one whose join table is the project's own (`through=`). So does SQL that drops a table
//! or column an earlier migration took out of the model state: the second step of removing
//! it, once no deployed code uses it.

use std::borrow::Cow;

use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

use crate::graph::{DjangoApp, topological};
use crate::model::{FieldSpec, Migration, ModelOptions, OpKind, Origin, TypeChange};

/// One model as the migrations so far declare it.
#[derive(Debug, Default, Clone)]
struct Model {
    fields: HashMap<String, FieldSpec>,
    options: ModelOptions,
}

/// How the model state replays a migration.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Replay {
    /// In turn: what it does is the state the migrations after it see.
    InTurn,
    /// Against the state before it, which it then leaves as it was: a squashed migration
    /// whose replaced migrations are all beside it. A database part-way through those runs
    /// them, so the migrations after see the state they make; the squash runs on new
    /// databases alone, from the same state before.
    Aside,
    /// Not at all: a replaced migration some of whose fellow originals are gone, so that
    /// the originals cannot make the state: the squash stands in for them.
    Not,
}

/// An app's migrations in the order Django applies them (indices into the migrations the
/// graph was built from), each with how the model state replays it. A squashed migration
/// whose originals are all beside it comes before them, and what depends on it after the
/// last of them.
pub fn order(app: &DjangoApp) -> Vec<(usize, Replay)> {
    let mut parents = Cow::Borrowed(&app.parents);
    let mut carried = HashSet::new();
    if !app.kept_originals.is_empty() {
        let parents = parents.to_mut();
        for (squash, originals) in &app.kept_originals {
            for mine in parents.values_mut().filter(|mine| mine.contains(squash)) {
                mine.extend(originals.iter().map(|(original, _)| original));
            }
        }
        for (&squash, originals) in &app.kept_originals {
            for (original, own) in originals {
                parents.insert(*original, own.iter().copied().chain([squash]).collect());
                carried.insert(*original);
            }
        }
    }
    topological(&app.members, &parents)
        .into_iter()
        .map(|index| {
            let replay = if app.kept_originals.contains_key(&index) {
                Replay::Aside
            } else if carried.contains(&index) || !app.replaced.contains(&index) {
                Replay::InTurn
            } else {
                Replay::Not
            };
            (index, replay)
        })
        .collect()
}

/// Replays one app's migrations, given in the order Django applies them with how each is
/// replayed, filling in what each operation changes (see the module documentation).
pub fn replay<'a>(label: &str, migrations: impl Iterator<Item = (Replay, &'a mut Migration)>) {
    let mut state = AppState::new(label);
    for (index, (replay, migration)) in migrations.enumerate() {
        match replay {
            Replay::InTurn => state.replay(index, migration),
            Replay::Aside => state.clone().replay(index, migration),
            Replay::Not => {}
        }
    }
}

/// What an operation does to the database, as the model state shows it.
enum Effect {
    /// What it says.
    AsRead,
    /// Nothing: it changes the model state only.
    Nothing,
    /// Something it does not say: a many-to-many field's join table goes or is renamed.
    Instead(OpKind),
}

impl Effect {
    fn runs_sql(runs: bool) -> Self {
        if runs {
            Effect::AsRead
        } else {
            Effect::Nothing
        }
    }
}

/// One app's models as its migrations so far leave them.
#[derive(Clone)]
struct AppState<'a> {
    label: &'a str,
    /// Models by lowercase name.
    models: HashMap<String, Model>,
    /// Tables the model state took out, by lowercase name, with the migration that did.
    gone_tables: HashMap<String, usize>,
    /// Columns the model state took out, by lowercase table and column name, with the
    /// migration that did.
    gone_columns: HashMap<(String, String), usize>,
}

impl<'a> AppState<'a> {
    fn new(label: &'a str) -> Self {
        AppState {
            label,
            models: HashMap::new(),
            gone_tables: HashMap::new(),
            gone_columns: HashMap::new(),
        }
    }

    /// Replays the migration at `index`.
    fn replay(&mut self, index: usize, migration: &mut Migration) {
        let Migration {
            forward,
            state_only,
            ..
        } = migration;
        let count = forward.len();
        // The model state before the database side of a `SeparateDatabaseAndState` (or a
        // `RunSQL` with `state_operations`) that is under way.
        let mut before_database_side: Option<AppState<'a>> = None;
        for position in 0..=count {
            // As Django runs them: the database side's operations each see the model state
            // its operations before them leave, starting from the state before it; after
            // it, the model state is what the state side makes of that starting state.
            // State-side operations are never checked: they run no SQL.
            for change in state_only.iter().filter(|c| c.instead_of.end == position) {
                if let Some(before) = before_database_side.take() {
                    *self = before;
                }
                for operation in &change.operations {
                    if operation.origin == Origin::DjangoOperation {
                        self.apply(index, &operation.kind);
                    }
                }
            }
            if state_only
                .iter()
                .any(|c| c.instead_of.start == position && !c.instead_of.is_empty())
            {
                before_database_side = Some(self.clone());
            }
            let Some(operation) = forward.get_mut(position) else {
                break;
            };
            match operation.origin {
                Origin::DjangoOperation => {}
                Origin::Sql => {
                    if let Some(name) = self.dropped_before(index, &operation.kind) {
                        let name = name.to_string();
                        operation.kind = OpKind::Other { name };
                    }
                    continue;
                }
                Origin::AlembicOp => continue,
            }
            let effect = self.review(&mut operation.kind);
            self.apply(index, &operation.kind);
            match effect {
                Effect::AsRead => {}
                Effect::Nothing => {
                    let name = django_name(&operation.kind).to_string();
                    operation.kind = OpKind::Other { name };
                }
                Effect::Instead(kind) => operation.kind = kind,
            }
        }
    }

    fn model(&self, table: &str) -> Option<&Model> {
        self.models.get(&table.to_lowercase())
    }

    fn field(&self, table: &str, name: &str) -> Option<&FieldSpec> {
        self.model(table)?.fields.get(name)
    }

    /// The table of a model (by lowercase name): its `db_table`, else the default.
    fn table_of(&self, key: &str, model: &Model) -> String {
        model
            .options
            .db_table
            .clone()
            .unwrap_or_else(|| self.default_table(key))
    }

    /// The table Django names after a model (by lowercase name): `<app_label>_<model>`.
    fn default_table(&self, key: &str) -> String {
        format!("{}_{key}", self.label)
    }

    /// The join table Django makes for a many-to-many field of a model (by lowercase name):
    /// its `db_table`, else `<model table>_<field>`.
    fn join_table(&self, key: &str, model: &Model, name: &str, field: &FieldSpec) -> String {
        field
            .db_name
            .clone()
            .unwrap_or_else(|| format!("{}_{name}", self.table_of(key, model)))
    }

    /// The model whose table has this name, if one has.
    fn model_with_table(&self, table: &str) -> Option<&Model> {
        self.models
            .iter()
            .find(|(key, model)| self.table_of(key, model).eq_ignore_ascii_case(table))
            .map(|(_, model)| model)
    }

    /// Fills in what an operation changes against the model state before it.
    fn review(&self, kind: &mut OpKind) -> Effect {
        let has_table = |table: &str| self.model(table).is_none_or(|m| m.options.has_table());
        match kind {
            OpKind::CreateTable { options, .. } => Effect::runs_sql(options.has_table()),
            OpKind::RenameTable { table, .. } => Effect::runs_sql(match self.model(table) {
                // With its own `db_table` the table keeps its name; only the columns of
                // many-to-many tables named after the model are renamed.
                Some(model) => {
                    model.options.has_table()
                        && (model.options.db_table.is_none()
                            || model.fields.values().any(FieldSpec::is_many_to_many))
                }
                None => true,
            }),
            OpKind::DropColumn { table, column } => match self.field(table, column) {
                Some(field) if !field.has_column() => {
                    self.join_table_change(table, column, field, None)
                }
                _ => Effect::runs_sql(has_table(table)),
            },
            OpKind::RenameColumn {
                table,
                column,
                new_name,
            } => match self.field(table, column) {
                Some(field) if !field.has_column() => {
                    self.join_table_change(table, column, field, Some(new_name))
                }
                field => Effect::runs_sql(
                    has_table(table) && field.is_none_or(|field| field.db_name.is_none()),
                ),
            },
            OpKind::AlterColumn {
                table,
                column,
                was_nullable,
                type_change,
                field: Some(field),
                builds_index,
                ..
            } => {
                if let Some(before) = self.field(table, column) {
                    *was_nullable = Some(before.null);
                    *type_change = column_type_change(before, field);
                    // Django builds the index the field gains: a plain one where it had a
                    // unique constraint too (`OneToOneField` to `ForeignKey`).
                    if field.index != before.index && field.has_column() {
                        *builds_index = field.index;
                    }
                }
                Effect::runs_sql(has_table(table) && field.has_column())
            }
            OpKind::Together {
                table,
                unique,
                together,
                added,
                removed,
            } => {
                let before = self
                    .model(table)
                    .map(|m| m.options.together(*unique).as_slice())
                    .unwrap_or_default();
                *added = together
                    .iter()
                    .filter(|t| !before.contains(t))
                    .cloned()
                    .collect();
                *removed = before
                    .iter()
                    .filter(|t| !together.contains(t))
                    .cloned()
                    .collect();
                Effect::runs_sql(has_table(table))
            }
            OpKind::ModelOptions {
                table,
                db_table: Some(db_table),
                renames,
                ..
            } => {
                let key = table.to_lowercase();
                let Some(model) = self.models.get(&key) else {
                    return Effect::AsRead;
                };
                let old = self.table_of(&key, model);
                let new = db_table.clone().unwrap_or_else(|| self.default_table(&key));
                if old != new {
                    *renames = Some((old, new));
                }
                Effect::runs_sql(model.options.has_table())
            }
            OpKind::DropTable { table }
            | OpKind::AddColumn { table, .. }
            | OpKind::AlterColumn { table, .. }
            | OpKind::AddConstraint { table, .. }
            | OpKind::CreateIndex {
                table: Some(table), ..
            }
            | OpKind::DropIndex {
                table: Some(table), ..
            } => Effect::runs_sql(has_table(table)),
            _ => Effect::AsRead,
        }
    }

    /// A `RemoveField` (`new_name` `None`) or `RenameField` of a field without a column:
    /// Django drops or renames the join table of a many-to-many field it made; it leaves a
    /// `through=` model alone, and a join table with its own `db_table` keeps its name.
    fn join_table_change(
        &self,
        table: &str,
        name: &str,
        field: &FieldSpec,
        new_name: Option<&String>,
    ) -> Effect {
        let key = table.to_lowercase();
        let Some(model) = self.models.get(&key) else {
            return Effect::Nothing;
        };
        let keeps_name = new_name.is_some() && field.db_name.is_some();
        if !model.options.has_table() || !field.is_many_to_many() || field.through || keeps_name {
            return Effect::Nothing;
        }
        Effect::Instead(OpKind::JoinTable {
            table: table.to_string(),
            field: name.to_string(),
            join_table: self.join_table(&key, model, name, field),
            new_name: new_name.cloned(),
        })
    }

    /// The name of a SQL drop of a table or column that a migration before `index` took
    /// out of the model state (and no model has again); `None` for anything else.
    fn dropped_before(&self, index: usize, kind: &OpKind) -> Option<&'static str> {
        let earlier = |at: Option<&usize>| at.is_some_and(|&at| at != index);
        match kind {
            OpKind::DropTable { table } => {
                let gone = earlier(self.gone_tables.get(&table.to_lowercase()));
                (gone && self.model_with_table(table).is_none()).then_some("DROP TABLE")
            }
            OpKind::DropColumn { table, column } => {
                let key = (table.to_lowercase(), column.to_lowercase());
                let gone =
                    earlier(self.gone_columns.get(&key)) || earlier(self.gone_tables.get(&key.0));
                let live = self.model_with_table(table).is_some_and(|model| {
                    model
                        .fields
                        .iter()
                        .any(|(name, field)| field.column(name).eq_ignore_ascii_case(column))
                });
                (gone && !live).then_some("DROP COLUMN")
            }
            _ => None,
        }
    }

    /// Notes that the model state no longer has a field's column, or its join table.
    fn forget_field(&mut self, index: usize, key: &str, name: &str, field: &FieldSpec) {
        let Some(model) = self.models.get(key) else {
            return;
        };
        if field.has_column() {
            let column = (
                self.table_of(key, model).to_lowercase(),
                field.column(name).to_lowercase(),
            );
            self.gone_columns.insert(column, index);
        } else if field.is_many_to_many() && !field.through {
            let table = self.join_table(key, model, name, field).to_lowercase();
            self.gone_tables.insert(table, index);
        }
    }

    /// Changes the model state as an operation does; `index` is the migration's.
    fn apply(&mut self, index: usize, kind: &OpKind) {
        let key = |table: &str| table.to_lowercase();
        match kind {
            OpKind::CreateTable {
                table,
                fields,
                options,
                ..
            } => {
                let model = Model {
                    fields: fields.iter().cloned().collect(),
                    options: options.clone(),
                };
                self.models.insert(key(table), model);
            }
            OpKind::DropTable { table } => {
                let key = key(table);
                let Some(model) = self.models.get(&key) else {
                    return;
                };
                let fields: Vec<(String, FieldSpec)> = model
                    .fields
                    .iter()
                    .filter(|(_, field)| !field.has_column())
                    .map(|(name, field)| (name.clone(), field.clone()))
                    .collect();
                for (name, field) in &fields {
                    self.forget_field(index, &key, name, field);
                }
                if let Some(model) = self.models.remove(&key) {
                    let table = self.table_of(&key, &model).to_lowercase();
                    self.gone_tables.insert(table, index);
                }
            }
            OpKind::RenameTable { table, new_name } => {
                if let Some(model) = self.models.remove(&key(table)) {
                    self.models.insert(key(new_name), model);
                }
            }
            OpKind::AddColumn {
                table,
                column,
                field: Some(field),
                ..
            }
            | OpKind::AlterColumn {
                table,
                column,
                field: Some(field),
                ..
            } => {
                let model = self.models.entry(key(table)).or_default();
                model.fields.insert(column.clone(), field.clone());
            }
            OpKind::DropColumn { table, column } => {
                let key = key(table);
                let field = self
                    .models
                    .get_mut(&key)
                    .and_then(|model| model.fields.remove(column));
                if let Some(field) = field {
                    self.forget_field(index, &key, column, &field);
                }
            }
            OpKind::RenameColumn {
                table,
                column,
                new_name,
            } => {
                if let Some(model) = self.models.get_mut(&key(table)) {
                    if let Some(field) = model.fields.remove(column) {
                        model.fields.insert(new_name.clone(), field);
                    }
                    // As Django does: `unique_together` and `index_together` follow the rename.
                    let options = &mut model.options;
                    let together = options.unique_together.iter_mut();
                    for name in together.chain(&mut options.index_together).flatten() {
                        if name == column {
                            name.clone_from(new_name);
                        }
                    }
                }
            }
            OpKind::Together {
                table,
                unique,
                together,
                ..
            } => {
                let model = self.models.entry(key(table)).or_default();
                if *unique {
                    model.options.unique_together.clone_from(together);
                } else {
                    model.options.index_together.clone_from(together);
                }
            }
            OpKind::ModelOptions {
                table,
                db_table,
                managed,
                ..
            } => {
                let model = self.models.entry(key(table)).or_default();
                if let Some(db_table) = db_table {
                    model.options.db_table.clone_from(db_table);
                }
                if let Some(managed) = managed {
                    model.options.managed = *managed;
                }
            }
            _ => {}
        }
    }
}

/// The Django operation an `OpKind` comes from, for one that turns out to run no SQL.
fn django_name(kind: &OpKind) -> &'static str {
    match kind {
        OpKind::CreateTable { .. } => "CreateModel",
        OpKind::DropTable { .. } => "DeleteModel",
        OpKind::RenameTable { .. } => "RenameModel",
        OpKind::AddColumn { .. } => "AddField",
        OpKind::DropColumn { .. } => "RemoveField",
        OpKind::RenameColumn { .. } => "RenameField",
        OpKind::AlterColumn { .. } => "AlterField",
        OpKind::CreateIndex { .. } => "AddIndex",
        OpKind::DropIndex { .. } => "RemoveIndex",
        OpKind::AddConstraint { .. } => "AddConstraint",
        OpKind::Together { unique: true, .. } => "AlterUniqueTogether",
        OpKind::Together { .. } => "AlterIndexTogether",
        _ => "operation",
    }
}

/// The PostgreSQL column type of a Django field class, for the classes Django ships.
fn column_type(class: &str) -> Option<&'static str> {
    Some(match class {
        "AutoField" | "IntegerField" | "PositiveIntegerField" => "integer",
        "BigAutoField" | "BigIntegerField" | "PositiveBigIntegerField" => "bigint",
        "SmallAutoField" | "SmallIntegerField" | "PositiveSmallIntegerField" => "smallint",
        "CharField" | "SlugField" | "EmailField" | "URLField" | "FileField" | "ImageField"
        | "FilePathField" => "varchar",
        "TextField" => "text",
        "FloatField" => "double precision",
        "DecimalField" => "numeric",
        "BooleanField" | "NullBooleanField" => "boolean",
        "DateField" => "date",
        "DateTimeField" => "timestamp with time zone",
        "TimeField" => "time",
        "DurationField" => "interval",
        "UUIDField" => "uuid",
        "JSONField" => "jsonb",
        "BinaryField" => "bytea",
        "GenericIPAddressField" | "IPAddressField" => "inet",
        // The column type of a relation follows the target's key, which is not known here.
        _ => return None,
    })
}

fn argument<'a>(field: &'a FieldSpec, name: &str) -> Option<&'a str> {
    field
        .type_arguments
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// A change that makes PostgreSQL rewrite (or fully check) the table; `None` when the column
/// type stays, or the change is one PostgreSQL does in place (`varchar` to `text`, a longer
/// `varchar`), or the field classes are not Django's own.
fn column_type_change(before: &FieldSpec, after: &FieldSpec) -> Option<TypeChange> {
    let (from, to) = (column_type(&before.class)?, column_type(&after.class)?);
    let change = || {
        Some(TypeChange {
            from: Some(describe(before)),
            to: describe(after),
        })
    };
    if from != to {
        return match (from, to) {
            ("varchar", "text") => None,
            _ => change(),
        };
    }
    let number = |field: &FieldSpec, name: &str| {
        argument(field, name).and_then(|value| value.trim().parse::<u64>().ok())
    };
    let max_length = |field: &FieldSpec| {
        number(field, "max_length").or_else(|| default_max_length(&field.class))
    };
    match from {
        "varchar" => match (max_length(before), max_length(after)) {
            (Some(old), Some(new)) if new < old => change(),
            _ => None,
        },
        "numeric" => {
            let scale_changed =
                argument(before, "decimal_places") != argument(after, "decimal_places");
            let shrunk = matches!(
                (number(before, "max_digits"), number(after, "max_digits")),
                (Some(old), Some(new)) if new < old
            );
            (scale_changed || shrunk).then(change).flatten()
        }
        _ => None,
    }
}

/// The `max_length` a Django field class has when the migration leaves it out
/// (makemigrations writes it only when it differs).
fn default_max_length(class: &str) -> Option<u64> {
    match class {
        "SlugField" => Some(50),
        "EmailField" => Some(254),
        "URLField" => Some(200),
        "FilePathField" | "FileField" | "ImageField" => Some(100),
        _ => None,
    }
}

fn describe(field: &FieldSpec) -> String {
    let arguments: Vec<String> = field
        .type_arguments
        .iter()
        .filter(|(key, _)| matches!(key.as_str(), "max_length" | "max_digits" | "decimal_places"))
        .map(|(key, value)| format!("{key}={value}"))
        .collect();
    format!("{}({})", field.class, arguments.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldIndex;

    fn field(class: &str, arguments: &[(&str, &str)]) -> FieldSpec {
        FieldSpec {
            class: class.to_string(),
            null: false,
            fills_rows: None,
            through: false,
            many_to_many: class.ends_with("ManyToManyField"),
            db_name: None,
            index: FieldIndex::None,
            type_arguments: arguments
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }

    #[test]
    fn type_changes_that_rewrite() {
        let char32 = field("CharField", &[("max_length", "32")]);
        let char64 = field("CharField", &[("max_length", "64")]);
        assert_eq!(column_type_change(&char32, &char64), None);
        assert!(column_type_change(&char64, &char32).is_some());
        assert_eq!(column_type_change(&char32, &field("TextField", &[])), None);
        assert!(
            column_type_change(&field("IntegerField", &[]), &field("BigIntegerField", &[]))
                .is_some()
        );
        assert_eq!(
            column_type_change(
                &field("ForeignKey", &[("to", "'a.B'")]),
                &field("ForeignKey", &[("to", "'a.C'")])
            ),
            None
        );
        // A default `max_length` counts.
        assert!(
            column_type_change(
                &field("SlugField", &[]),
                &field("SlugField", &[("max_length", "20")])
            )
            .is_some()
        );
        assert_eq!(
            column_type_change(
                &field("CharField", &[("max_length", "50")]),
                &field("SlugField", &[])
            ),
            None
        );
        // A project's own field class: unknown, so no claim.
        assert_eq!(
            column_type_change(&field("JSONField", &[]), &field("SanitizedJSONField", &[])),
            None
        );
    }
}

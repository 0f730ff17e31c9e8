//! Django model state: each app's migrations replayed in graph order, so that an operation
//! knows what it changes. An `AlterField` learns whether the field was nullable and whether its
//! column type changes; an `AlterUniqueTogether` which constraints are new. And operations that
//! run no SQL become `OpKind::Other`: those on a proxy model or one with `managed = False`, a
//! `RenameModel` of a model with its own `db_table`, a `RenameField` of a field with its own
//! `db_column`.

use std::collections::HashMap;

use crate::graph::{Graph, topological};
use crate::model::{FieldSpec, Migration, ModelOptions, OpKind, Origin, TypeChange};

/// One model as the migrations so far declare it.
#[derive(Debug, Default)]
struct Model {
    fields: HashMap<String, FieldSpec>,
    options: ModelOptions,
}

/// Models by lowercase name.
type Models = HashMap<String, Model>;

/// Replays every Django app's migrations, filling in what each operation changes (see the
/// module documentation).
pub fn replay(migrations: &mut [Migration], graph: &Graph) {
    for app in &graph.apps {
        let mut models = Models::new();
        for index in topological(&app.members, &app.parents) {
            if app.replaced.contains(&index) {
                continue;
            }
            replay_migration(&mut models, &mut migrations[index]);
        }
    }
}

fn replay_migration(models: &mut Models, migration: &mut Migration) {
    let Migration {
        forward,
        state_only,
        ..
    } = migration;
    let count = forward.len();
    for index in 0..=count {
        // State-only operations change the model state where they stand, and are never
        // checked: they run no SQL.
        for change in state_only.iter().filter(|c| c.instead_of.start == index) {
            for operation in &change.operations {
                if operation.origin == Origin::DjangoOperation {
                    apply(models, &operation.kind);
                }
            }
        }
        let Some(operation) = forward.get_mut(index) else {
            break;
        };
        if operation.origin != Origin::DjangoOperation {
            continue;
        }
        let runs_sql = review(models, &mut operation.kind);
        if !state_only.iter().any(|c| c.instead_of.contains(&index)) {
            apply(models, &operation.kind);
        }
        if !runs_sql {
            let name = django_name(&operation.kind).to_string();
            operation.kind = OpKind::Other { name };
        }
    }
}

/// Fills in what an operation changes against the model state before it; `false` when it
/// runs no SQL.
fn review(models: &Models, kind: &mut OpKind) -> bool {
    let model = |table: &str| models.get(&table.to_lowercase());
    let has_table = |table: &str| model(table).is_none_or(|m| m.options.has_table());
    match kind {
        OpKind::CreateTable { options, .. } => options.has_table(),
        OpKind::RenameTable { table, .. } => match model(table) {
            // With its own `db_table` the table keeps its name; only the columns of
            // many-to-many tables named after the model are renamed.
            Some(model) => {
                model.options.has_table()
                    && (model.options.db_table.is_none()
                        || model
                            .fields
                            .values()
                            .any(|f| f.class.ends_with("ManyToManyField")))
            }
            None => true,
        },
        OpKind::RenameColumn { table, column, .. } => {
            has_table(table)
                && model(table)
                    .and_then(|m| m.fields.get(column.as_str()))
                    .is_none_or(|field| field.db_column.is_none())
        }
        OpKind::AlterColumn {
            table,
            column,
            was_nullable,
            type_change,
            field: Some(field),
            ..
        } => {
            if let Some(before) = model(table).and_then(|m| m.fields.get(column.as_str())) {
                *was_nullable = Some(before.null);
                *type_change = column_type_change(before, field);
            }
            has_table(table)
        }
        OpKind::UniqueTogether {
            table,
            together,
            added,
            removed,
        } => {
            let before = model(table)
                .map(|m| m.options.unique_together.as_slice())
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
            has_table(table)
        }
        OpKind::DropTable { table }
        | OpKind::AddColumn { table, .. }
        | OpKind::DropColumn { table, .. }
        | OpKind::AlterColumn { table, .. }
        | OpKind::AddConstraint { table, .. }
        | OpKind::CreateIndex {
            table: Some(table), ..
        }
        | OpKind::DropIndex {
            table: Some(table), ..
        } => has_table(table),
        _ => true,
    }
}

/// Changes the model state as an operation does.
fn apply(models: &mut Models, kind: &OpKind) {
    let key = |table: &str| table.to_lowercase();
    match kind {
        OpKind::CreateTable {
            table,
            fields,
            options,
        } => {
            let model = Model {
                fields: fields.iter().cloned().collect(),
                options: options.clone(),
            };
            models.insert(key(table), model);
        }
        OpKind::DropTable { table } => {
            models.remove(&key(table));
        }
        OpKind::RenameTable { table, new_name } => {
            if let Some(model) = models.remove(&key(table)) {
                models.insert(key(new_name), model);
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
            let model = models.entry(key(table)).or_default();
            model.fields.insert(column.clone(), field.clone());
        }
        OpKind::DropColumn { table, column } => {
            if let Some(model) = models.get_mut(&key(table)) {
                model.fields.remove(column);
            }
        }
        OpKind::RenameColumn {
            table,
            column,
            new_name,
        } => {
            if let Some(model) = models.get_mut(&key(table)) {
                if let Some(field) = model.fields.remove(column) {
                    model.fields.insert(new_name.clone(), field);
                }
                // As Django does: `unique_together` follows the rename.
                for name in model.options.unique_together.iter_mut().flatten() {
                    if name == column {
                        name.clone_from(new_name);
                    }
                }
            }
        }
        OpKind::UniqueTogether {
            table, together, ..
        } => {
            let model = models.entry(key(table)).or_default();
            model.options.unique_together.clone_from(together);
        }
        OpKind::ModelOptions {
            table,
            db_table,
            managed,
        } => {
            let model = models.entry(key(table)).or_default();
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
        OpKind::UniqueTogether { .. } => "AlterUniqueTogether",
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

    fn field(class: &str, arguments: &[(&str, &str)]) -> FieldSpec {
        FieldSpec {
            class: class.to_string(),
            null: false,
            fills_rows: None,
            db_column: None,
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

//! Django model state: each app's migrations replayed in graph order, so that an
//! `AlterField` knows what the field was before: whether it was nullable, and whether its
//! column type changes. That is how a harmless `AlterField` is told apart from one that sets
//! NOT NULL or rewrites the table.

use std::collections::HashMap;

use crate::graph::{Graph, topological};
use crate::model::{FieldSpec, Migration, OpKind, Origin, TypeChange};

/// Fills in `was_nullable` and `type_change` of every Django `AlterField` whose field the
/// earlier migrations of its app declare.
pub fn replay(migrations: &mut [Migration], graph: &Graph) {
    for app in &graph.apps {
        // model (lowercase) -> field -> its declaration
        let mut models: HashMap<String, HashMap<String, FieldSpec>> = HashMap::new();
        for index in topological(&app.members, &app.parents) {
            if app.replaced.contains(&index) {
                continue;
            }
            for operation in &mut migrations[index].forward {
                if operation.origin != Origin::DjangoOperation {
                    continue;
                }
                apply(&mut models, &mut operation.kind);
            }
        }
    }
}

fn apply(models: &mut HashMap<String, HashMap<String, FieldSpec>>, kind: &mut OpKind) {
    match kind {
        OpKind::CreateTable { table, fields } => {
            models.insert(table.to_lowercase(), fields.iter().cloned().collect());
        }
        OpKind::DropTable { table } => {
            models.remove(&table.to_lowercase());
        }
        OpKind::RenameTable { table, new_name } => {
            if let Some(fields) = models.remove(&table.to_lowercase()) {
                models.insert(new_name.to_lowercase(), fields);
            }
        }
        OpKind::AddColumn {
            table,
            column,
            field: Some(field),
            ..
        } => {
            models
                .entry(table.to_lowercase())
                .or_default()
                .insert(column.clone(), field.clone());
        }
        OpKind::DropColumn { table, column } => {
            if let Some(fields) = models.get_mut(&table.to_lowercase()) {
                fields.remove(column);
            }
        }
        OpKind::RenameColumn {
            table,
            column,
            new_name,
        } => {
            if let Some(fields) = models.get_mut(&table.to_lowercase())
                && let Some(field) = fields.remove(column)
            {
                fields.insert(new_name.clone(), field);
            }
        }
        OpKind::AlterColumn {
            table,
            column,
            was_nullable,
            type_change,
            field: Some(field),
            ..
        } => {
            let fields = models.entry(table.to_lowercase()).or_default();
            if let Some(before) = fields.get(column.as_str()) {
                *was_nullable = Some(before.null);
                *type_change = column_type_change(before, field);
            }
            fields.insert(column.clone(), field.clone());
        }
        _ => {}
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
    match from {
        "varchar" => match (number(before, "max_length"), number(after, "max_length")) {
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
        // A project's own field class: unknown, so no claim.
        assert_eq!(
            column_type_change(&field("JSONField", &[]), &field("SanitizedJSONField", &[])),
            None
        );
    }
}

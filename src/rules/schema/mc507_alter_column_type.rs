//! MC507 alter-column-type: a column type change that makes the database rewrite the table
//! (or rebuild the column's indexes) under a lock.

use super::{Context, Words};
use crate::diagnostic::Diagnostic;
use crate::model::{OpKind, Operation};
use crate::registry::Rule;

pub(super) fn check(cx: &Context, _: usize, operation: &Operation, out: &mut Vec<Diagnostic>) {
    let OpKind::AlterColumn {
        table,
        column,
        type_change: Some(change),
        ..
    } = &operation.kind
    else {
        return;
    };
    if cx.is_new(table) || !cx.locks || operation.other_dialect {
        return;
    }
    let rebuilt = match rewrites(change) {
        Rewrite::Nothing => return,
        // Neither the call nor the earlier migrations say what it was: most changes rewrite
        // the table, a few do not.
        Rewrite::Table if change.from.is_none() => {
            "its type before is not known: unless PostgreSQL changes it in place (a longer `varchar`, `varchar` to `text`), the table is rewritten while a lock blocks reads and writes"
        }
        Rewrite::Indexes => {
            "the table is not rewritten, but every index on the column is rebuilt while a lock blocks reads and writes"
        }
        Rewrite::Table => "the table is rewritten while a lock blocks reads and writes",
    };
    let from = change
        .from
        .as_ref()
        .map(|from| format!(" from `{from}`"))
        .unwrap_or_default();
    out.push(cx.locking_finding(
        Rule::AlterColumnType,
        operation,
        format!(
            "changes the type of {}{from} to `{}`: {rebuilt}",
            Words::of(operation).column(table, column),
            change.to
        ),
        "add a column of the new type, write to both, backfill in batches, switch reads, then drop the old column".to_string(),
    ));
}

/// What PostgreSQL rebuilds for a column type change.
#[derive(Debug, PartialEq)]
pub(super) enum Rewrite {
    /// Nothing: the new type takes the old values as they are, and so do its indexes.
    Nothing,
    /// The indexes on the column (their operator class changes), not the table: `varchar` or
    /// `text` to `citext` and back, whose values are the same bytes.
    Indexes,
    /// The whole table.
    Table,
}

/// What a type change written as SQLAlchemy types or SQL rebuilds.
pub(super) fn rewrites(change: &crate::model::TypeChange) -> Rewrite {
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
pub(super) fn widens(change: &crate::model::TypeChange) -> bool {
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

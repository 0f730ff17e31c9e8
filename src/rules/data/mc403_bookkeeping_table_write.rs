//! MC403 bookkeeping-table-write: SQL that writes `alembic_version` or
//! `django_migrations`.

use super::forgets_other_apps;
use crate::diagnostic::Diagnostic;
use crate::model::{Migration, SqlVerb};
use crate::registry::Rule;

/// The tables where Django and Alembic record applied migrations.
const BOOKKEEPING: &[&str] = &["django_migrations", "alembic_version"];

pub(super) fn check(
    migration: &Migration,
    django_apps: &foldhash::HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let name = migration.display_name();
    let finding =
        |rule: Rule, span, message: String| crate::rules::finding(migration, rule, span, message);
    for sql in &migration.sql {
        for statement in &sql.statements {
            let verb = match statement.verb {
                SqlVerb::Insert => "INSERT",
                SqlVerb::Update => "UPDATE",
                SqlVerb::Delete => "DELETE",
                SqlVerb::Truncate => "TRUNCATE",
                SqlVerb::DropTable => "DROP TABLE",
                SqlVerb::Select
                | SqlVerb::Session
                | SqlVerb::CreateTemporaryTable
                | SqlVerb::AddIfNotExists
                | SqlVerb::Other => continue,
            };
            let Some(table) = statement
                .tables
                .iter()
                .find(|t| BOOKKEEPING.contains(&t.to_ascii_lowercase().as_str()))
            else {
                continue;
            };
            if table.eq_ignore_ascii_case("django_migrations")
                && forgets_other_apps(statement, django_apps)
            {
                continue;
            }
            let owner = if table.eq_ignore_ascii_case("alembic_version") {
                "Alembic's"
            } else {
                "Django's"
            };
            out.push(
                    finding(
                        Rule::BookkeepingTableWrite,
                        statement.span.unwrap_or(sql.span),
                        format!(
                            "SQL in {name} writes `{table}` ({verb}), {owner} record of applied migrations: databases end up out of step with the migration files"
                        ),
                    )
                    .with_help(
                        "leave the table to the framework: mark migrations applied or unapplied outside migrations (`migrate --fake`, `alembic stamp`), never from one",
                    ),
                );
        }
    }
}

//! MC401–MC403: data migrations that break later, and SQL that rewrites migration history.

use super::{Rule, RuleSet};
use crate::diagnostic::Diagnostic;
use crate::model::{FnRef, Framework, Migration, OpKind, SqlStatement, SqlVerb};

/// The tables where Django and Alembic record applied migrations.
const BOOKKEEPING: &[&str] = &["django_migrations", "alembic_version"];

/// Django's own apps that have migrations: installed wherever they are used, never in the
/// project's tree.
const DJANGO_APPS: &[&str] = &[
    "admin",
    "auth",
    "contenttypes",
    "flatpages",
    "redirects",
    "sessions",
    "sites",
];

/// `django_apps`: the labels of the Django apps in the tree and of those they depend on.
pub fn check(
    migration: &Migration,
    rules: &RuleSet,
    django_apps: &foldhash::HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let name = migration.display_name();
    let finding =
        |rule: Rule, span, message: String| super::finding(migration, rule, span, message);
    for operation in &migration.forward {
        let OpKind::RunPython {
            code,
            reverse,
            live_models,
        } = &operation.kind
        else {
            continue;
        };
        if rules.contains(&Rule::RunPythonImportsModel) {
            for model in live_models {
                // `shop` in `shop.models` and `shop.models.catalog`; a relative `..models`
                // is the migration's own app's.
                let app = model
                    .module
                    .split('.')
                    .take_while(|part| *part != "models")
                    .last()
                    .filter(|app| !app.is_empty())
                    .or(match &migration.framework {
                        Framework::Django(django) => Some(django.app_label.as_str()),
                        Framework::Alembic(_) => None,
                    })
                    .unwrap_or("app");
                let local = model.model.rsplit('.').next().unwrap_or(&model.model);
                let historical = format!("apps.get_model(\"{app}\", \"{}\")", model.class);
                let help = if model.function == "lambda" {
                    format!("use the historical model: `{historical}`")
                } else {
                    format!(
                        "inside the function, use the historical model: `{local} = {historical}`"
                    )
                };
                out.push(
                    finding(
                        Rule::RunPythonImportsModel,
                        model.span,
                        format!(
                            "`{}` (run by `RunPython` in {name}) uses `{}` imported from `{}`: the model as it is today, not as it was at this migration",
                            model.function, model.model, model.module
                        ),
                    )
                    .with_help(help),
                );
            }
        }
        if rules.contains(&Rule::RunPythonUndefinedFunction) {
            for function in [code, reverse].into_iter().flatten() {
                let (message, help) = match function {
                    FnRef::Undefined(function) => match function.split_once('.') {
                        None => (
                            format!(
                                "`RunPython` in {name} names `{function}`, which the module neither defines nor imports: loading the migration fails with NameError"
                            ),
                            format!(
                                "define `def {function}(apps, schema_editor):` above the Migration class, or import it"
                            ),
                        ),
                        Some((module, _)) => (
                            format!(
                                "`RunPython` in {name} names `{function}`, but the module neither defines nor imports `{module}`: loading the migration fails with NameError"
                            ),
                            format!("import `{module}` at the top of the module"),
                        ),
                    },
                    FnRef::DefinedLater(function) => {
                        let bound = function.split('.').next().unwrap_or(function);
                        (
                            format!(
                                "`RunPython` in {name} names `{function}`, but `{bound}` is defined below the Migration class: the class body runs as the module loads, so loading fails with NameError"
                            ),
                            format!("move `{bound}` above the Migration class"),
                        )
                    }
                    FnRef::Deleted(function) => {
                        let bound = function.split('.').next().unwrap_or(function);
                        (
                            format!(
                                "`RunPython` in {name} names `{function}`, but `del {bound}` above the Migration class unbinds it: loading the migration fails with NameError"
                            ),
                            format!(
                                "remove `del {bound}`, or name a function that is still defined"
                            ),
                        )
                    }
                    _ => continue,
                };
                out.push(
                    finding(Rule::RunPythonUndefinedFunction, operation.span, message)
                        .with_help(help),
                );
            }
        }
    }
    if rules.contains(&Rule::BookkeepingTableWrite) {
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
}

/// A `DELETE` of the records of Django apps the project neither has nor depends on (an app
/// it retired, next to dropping its tables): they are no part of the project's history, so
/// the project's databases and migration files stay in step.
fn forgets_other_apps(statement: &SqlStatement, django_apps: &foldhash::HashSet<&str>) -> bool {
    statement.verb == SqlVerb::Delete
        && statement.limited_to.iter().any(|(column, apps)| {
            column == "app"
                && apps.iter().all(|app| {
                    !django_apps.contains(app.as_str()) && !DJANGO_APPS.contains(&app.as_str())
                })
        })
}

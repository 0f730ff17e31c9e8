//! MC401–MC403: data migrations that break later, and SQL that rewrites migration history.
//! Each rule is a file of its own.

mod mc401_runpython_imports_model;
mod mc402_runpython_undefined_function;
mod mc403_bookkeeping_table_write;

use super::RuleSet;
use crate::diagnostic::Diagnostic;
use crate::model::{Migration, SqlStatement, SqlVerb};
use crate::registry::Rule;

/// A data rule over one migration; `django_apps` are the labels of the Django apps in the
/// tree and of those they depend on.
type Check = fn(&Migration, &foldhash::HashSet<&str>, &mut Vec<Diagnostic>);

const RULES: &[(Rule, Check)] = &[
    (
        Rule::RunPythonImportsModel,
        mc401_runpython_imports_model::check,
    ),
    (
        Rule::RunPythonUndefinedFunction,
        mc402_runpython_undefined_function::check,
    ),
    (
        Rule::BookkeepingTableWrite,
        mc403_bookkeeping_table_write::check,
    ),
];

pub fn check(
    migration: &Migration,
    rules: &RuleSet,
    django_apps: &foldhash::HashSet<&str>,
    out: &mut Vec<Diagnostic>,
) {
    for (rule, check) in RULES {
        if rules.contains(rule) {
            check(migration, django_apps, out);
        }
    }
}

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

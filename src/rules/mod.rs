//! The checks: each rule family's in a module of its own, each rule in a file of its own. Which
//! rules there are, with their codes and documentation, is the registry's (`crate::registry`).

mod data;
mod graph;
mod history;
mod reversibility;
mod schema;

pub use graph::Stray;

use crate::diagnostic::Diagnostic;
use crate::model::{Assumed, HistoryChange, MergeConflict, Migration, computed};
use crate::registry::{Rule, RuleSet};

/// A finding at `span` of a migration's source. Once the source text has been let go (after
/// extraction), the finding is pending: its source line and fingerprint are filled in when
/// the report is finished.
pub(crate) fn finding(
    migration: &Migration,
    rule: Rule,
    span: crate::source::Span,
    message: String,
) -> Diagnostic {
    match migration.source.as_deref() {
        Some(source) => Diagnostic::new(rule, &migration.path, Some(source), span, message),
        None => Diagnostic::pending(rule, &migration.path, span, message),
    }
}

/// `table `orders``; `a table whose name is computed (`table_name`)` for a name that is not
/// a literal.
pub(crate) fn named(what: &str, name: &str) -> String {
    match computed(name) {
        Some(expression) => {
            let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {what} whose name is computed (`{expression}`)")
        }
        None => format!("{what} `{name}`"),
    }
}

/// The name something gets, for a message: `` `purchases` ``; `a name computed by `new``
/// for a name that is not a literal.
pub(crate) fn new_name(name: &str) -> String {
    match computed(name) {
        Some(expression) => format!("a name computed by `{expression}`"),
        None => format!("`{name}`"),
    }
}

/// The name a table gets when renamed to `new_name`: in the schema it is in.
pub(crate) fn sibling(table: &str, new_name: &str) -> String {
    match table.rsplit_once('.') {
        Some((schema, _)) if !new_name.contains('.') && computed(table).is_none() => {
            format!("{schema}.{new_name}")
        }
        _ => new_name.to_string(),
    }
}

/// What the rules that look at one migration need to know of the project.
pub struct Project<'a> {
    /// The database the migration is checked for, and what said so.
    pub dialect: Assumed,
    /// The labels of the Django apps in the tree and of those they depend on.
    pub django_apps: &'a foldhash::HashSet<&'a str>,
}

/// Rules that look at one migration at a time.
pub fn check_migration(
    migration: &Migration,
    rules: &RuleSet,
    project: &Project,
    out: &mut Vec<Diagnostic>,
) {
    reversibility::check(migration, rules, out);
    data::check(migration, rules, project.django_apps, out);
    schema::check(migration, rules, &project.dialect, out);
}

/// Rules that look at all migrations of a Django app or an Alembic script directory.
pub fn check_graph(
    migrations: &[Migration],
    graph: &crate::graph::Graph,
    strays: &[Stray],
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    graph::check(migrations, graph, strays, rules, out);
}

/// Rules that look at what happened since the base (`--since`) to existing migrations.
pub fn check_history(
    changes: &[HistoryChange],
    conflicts: &[MergeConflict],
    head: &[Migration],
    base_name: &str,
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    history::check(changes, conflicts, head, base_name, rules, out);
}

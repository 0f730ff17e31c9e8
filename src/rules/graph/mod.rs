//! MC003 and MC301–MC304: the migration graph as Django's loader and Alembic see it. Each
//! rule is a file of its own.

mod mc003_not_a_migration;
mod mc301_conflicting_leaves;
mod mc302_unknown_dependency;
mod mc303_multiple_heads;
mod mc304_duplicate_revision;

use super::RuleSet;
use crate::diagnostic::Diagnostic;
use crate::graph::Graph;
use crate::model::{Framework, Migration};
use crate::registry::Rule;

/// A module in a folder of Django migrations that is not a migration.
#[derive(Debug, Clone)]
pub struct Stray {
    pub path: String,
    /// The `migrations/` directory it sits in.
    pub directory: String,
    /// File name without `.py`.
    pub name: String,
}

/// What the graph rules read: every migration, the graph, the modules that are not
/// migrations.
struct Context<'a> {
    migrations: &'a [Migration],
    graph: &'a Graph,
    strays: &'a [Stray],
}

/// A graph rule.
type Check = fn(&Context, &mut Vec<Diagnostic>);

const RULES: &[(Rule, Check)] = &[
    (Rule::NotAMigration, mc003_not_a_migration::check),
    (Rule::ConflictingLeaves, mc301_conflicting_leaves::check),
    (Rule::UnknownDependency, mc302_unknown_dependency::check),
    (Rule::MultipleHeads, mc303_multiple_heads::check),
    (Rule::DuplicateRevision, mc304_duplicate_revision::check),
];

pub fn check(
    migrations: &[Migration],
    graph: &Graph,
    strays: &[Stray],
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    let cx = Context {
        migrations,
        graph,
        strays,
    };
    for (rule, check) in RULES {
        if rules.contains(rule) {
            check(&cx, out);
        }
    }
}

fn names(migrations: &[Migration], members: &[usize]) -> String {
    let names: Vec<String> = members
        .iter()
        .map(|&i| match &migrations[i].framework {
            Framework::Django(django) => format!("`{}`", django.name),
            Framework::Alembic(alembic) => {
                format!("`{}`", alembic.revision.as_deref().unwrap_or("?"))
            }
        })
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

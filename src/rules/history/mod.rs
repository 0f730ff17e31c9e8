//! MC101–MC105: a migration that exists on the base branch may already be applied to a
//! database somewhere; editing, deleting or renaming it forks history. MC305: a new
//! migration that a merge into the base branch would leave beside another new leaf. Each
//! rule is a file of its own, over the changes `history::assemble` paired by identity.

mod mc101_edited_migration;
mod mc102_deleted_migration;
mod mc103_renamed_migration;
mod mc104_reformatted_migration;
mod mc105_reverse_edited;
mod mc305_merge_conflict;

use super::RuleSet;
use crate::diagnostic::Diagnostic;
use crate::model::{Framework, HistoryChange, MergeConflict, Migration};
use crate::registry::Rule;
use crate::source::Span;

/// What the history rules know besides the change they judge.
struct Context<'a> {
    /// The `--since` ref as the user wrote it.
    base: &'a str,
    /// Squashed migrations at head, and as they were at the base (the last step of
    /// squashing removes `replaces`).
    squashed: Vec<&'a Migration>,
}

/// A history rule over one changed migration.
type Check = fn(&HistoryChange, &Context, &mut Vec<Diagnostic>);

const RULES: &[(Rule, Check)] = &[
    (Rule::EditedMigration, mc101_edited_migration::check),
    (Rule::DeletedMigration, mc102_deleted_migration::check),
    (Rule::RenamedMigration, mc103_renamed_migration::check),
    (
        Rule::ReformattedMigration,
        mc104_reformatted_migration::check,
    ),
    (Rule::ReverseEdited, mc105_reverse_edited::check),
];

pub fn check(
    changes: &[HistoryChange],
    conflicts: &[MergeConflict],
    head: &[Migration],
    base: &str,
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    let cx = Context {
        base,
        squashed: head
            .iter()
            .chain(changes.iter().map(|change| &change.old))
            .filter(|migration| !migration.replaces.is_empty())
            .collect(),
    };
    let enabled: Vec<Check> = RULES
        .iter()
        .filter(|(rule, _)| rules.contains(rule))
        .map(|(_, check)| *check)
        .collect();
    for change in changes {
        for check in &enabled {
            check(change, &cx, out);
        }
    }
    if rules.contains(&Rule::MergeConflict) {
        out.extend(
            conflicts
                .iter()
                .map(|conflict| mc305_merge_conflict::finding(conflict, base)),
        );
    }
}

/// Where a finding about a change goes: the head file it pairs with, else the base's.
fn new_path(change: &HistoryChange) -> &str {
    change.new_path.as_deref().unwrap_or(&change.old.path)
}

/// A finding on a line of the head version.
fn at_line(change: &HistoryChange, rule: Rule, line: u32, message: String) -> Diagnostic {
    let source = change.new_source.as_deref();
    let span = source.map_or_else(Span::at_start, |s| s.line_span(line));
    Diagnostic::new(rule, new_path(change), source, span, message)
}

/// How to make the change without editing: a new migration.
fn create_new(old: &Migration) -> &'static str {
    match old.framework {
        Framework::Django(_) => {
            "put the change in a new migration (`python manage.py makemigrations`)"
        }
        Framework::Alembic(_) => {
            "put the change in a new revision (`alembic revision --autogenerate -m \"...\"`)"
        }
    }
}

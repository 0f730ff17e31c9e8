//! MC101–MC105: a migration that exists on the base branch may already be applied to a
//! database somewhere; editing, deleting or renaming it forks history. MC305: a new
//! migration that a merge into the base branch would leave beside another new leaf.

use super::{Rule, RuleSet};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{
    ChangeKind, Edit, Framework, FrameworkKind, HistoryChange, MergeConflict, Migration, Target,
};
use crate::source::Span;

pub fn check(
    changes: &[HistoryChange],
    head: &[Migration],
    base: &str,
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    // Squashed migrations at head, and as they were at the base (the last step of squashing
    // removes `replaces`).
    let squashed: Vec<&Migration> = head
        .iter()
        .chain(changes.iter().map(|change| &change.old))
        .filter(|migration| !migration.replaces.is_empty())
        .collect();
    for change in changes {
        let old = &change.old;
        let name = old.display_name();
        let is_django = matches!(old.framework, Framework::Django(_));
        let new_path = change.new_path.as_deref().unwrap_or(&old.path);
        let create_new = if is_django {
            "put the change in a new migration (`python manage.py makemigrations`)"
        } else {
            "put the change in a new revision (`alembic revision --autogenerate -m \"...\"`)"
        };

        // A finding on a changed line of the head version.
        let at_line = |rule: Rule, line: u32, message: String| {
            let source = change.new_source.as_deref();
            let span = source.map_or_else(Span::at_start, |s| s.line_span(line));
            Diagnostic::new(rule, new_path, source, span, message)
        };
        let edited = |what: &str, line: u32| {
            at_line(
                Rule::EditedMigration,
                line,
                format!(
                    "{name} exists on `{base}` and was edited: {what}; databases that already applied it will never run the edit"
                ),
            )
            .with_help(format!(
                "restore it (`git checkout {base} -- {}`) and {create_new}",
                old.path
            ))
        };
        let reverse_edited = |what: &str, line: u32| {
            at_line(
                Rule::ReverseEdited,
                line,
                format!(
                    "{name} exists on `{base}` and only its reverse was edited: {what}; the forward path databases ran is unchanged, the new reverse is what they run to migrate back"
                ),
            )
        };
        let reformatted = || {
            let source = change.new_source.as_deref();
            let span = change.new_anchor.unwrap_or_else(Span::at_start);
            Diagnostic::new(
                Rule::ReformattedMigration,
                new_path,
                source,
                span,
                format!(
                    "{name} exists on `{base}` and was reformatted; nothing a database sees changed"
                ),
            )
        };

        if change.kind == ChangeKind::Renamed && rules.contains(&Rule::RenamedMigration) {
            out.push(renamed(change, new_path, base));
        }
        match (&change.kind, &change.edit) {
            (ChangeKind::Deleted, _) if rules.contains(&Rule::DeletedMigration) => {
                out.push(deleted(change, &squashed, base));
            }
            (_, Some(Edit::Reverse { what, line })) if rules.contains(&Rule::ReverseEdited) => {
                out.push(reverse_edited(what, *line));
            }
            (_, Some(Edit::Semantic { what, line })) if rules.contains(&Rule::EditedMigration) => {
                out.push(edited(what, *line));
            }
            (_, Some(Edit::Cosmetic)) if rules.contains(&Rule::ReformattedMigration) => {
                out.push(reformatted());
            }
            _ => {}
        }
    }
}

fn renamed(change: &HistoryChange, new_path: &str, base: &str) -> Diagnostic {
    let old = &change.old;
    let name = old.display_name();
    let message = match &old.framework {
        Framework::Django(django) => {
            let new_name = change.new_name.clone().unwrap_or_else(|| {
                let stem = new_path.rsplit('/').next().unwrap_or(new_path);
                format!("`{}.{}`", django.app_label, stem.trim_end_matches(".py"))
            });
            let what = if new_path == old.path {
                format!("its app's label changed from `{}`", django.app_label)
            } else {
                format!("was renamed to `{new_path}`")
            };
            format!(
                "{name} exists on `{base}` and {what}; Django records applied migrations by app label and name, so databases will see {new_name} as a new migration and run it again"
            )
        }
        Framework::Alembic(alembic) => format!(
            "{name} exists on `{base}` and was moved from version location `{}` to `{}`, a different revision chain",
            alembic.location,
            change.new_location.as_deref().unwrap_or("?")
        ),
    };
    Diagnostic::new(
        Rule::RenamedMigration,
        new_path,
        change.new_source.as_deref(),
        change.new_anchor.unwrap_or_else(Span::at_start),
        message,
    )
    .with_help(match &old.framework {
        Framework::Django(django) if new_path == old.path => format!(
            "keep the label: set `label = \"{}\"` on the app's AppConfig",
            django.app_label
        ),
        _ => format!("move it back: `git mv {new_path} {}`", old.path),
    })
}

fn deleted(change: &HistoryChange, squashed: &[&Migration], base: &str) -> Diagnostic {
    let old = &change.old;
    let name = old.display_name();
    // The file may be there still, holding another migration.
    let now = change
        .new_name
        .as_ref()
        .map(|other| format!(" (`{}` now holds {other})", old.path))
        .unwrap_or_default();
    let squash = match &old.framework {
        Framework::Django(django) => squashed.iter().find(|migration| {
            migration.replaces.iter().any(|dependency| {
                matches!(&dependency.target, Target::Django { app_label, name }
                    if *app_label == django.app_label && *name == django.name)
            })
        }),
        Framework::Alembic(_) => None,
    };
    let finding =
        |message: String| super::finding(old, Rule::DeletedMigration, old.anchor, message);
    match squash {
        Some(squash) => {
            let mut diagnostic = finding(format!(
                "{name} exists on `{base}` and was deleted{now}; the squashed migration {} replaces it",
                squash.display_name()
            ))
            .with_help(
                "this is the last step of squashing: make sure every database has applied the squashed migration first",
            );
            diagnostic.severity = Severity::Warning;
            diagnostic
        }
        None if matches!(old.framework, Framework::Django(_)) => finding(format!(
            "{name} exists on `{base}` and was deleted{now}; databases that applied it still record it, and migrations that depend on it break"
        ))
        .with_help(format!(
            "restore it (`git checkout {base} -- {}`); to retire old migrations, squash them (`python manage.py squashmigrations`)",
            old.path
        )),
        None => finding(format!(
            "{name} exists on `{base}` and was deleted{now}; Alembic cannot upgrade or downgrade through a missing revision"
        ))
        .with_help(format!("restore it (`git checkout {base} -- {}`)", old.path)),
    }
}

/// MC305 on the head's new migration.
pub fn merge_conflict(conflict: &MergeConflict, base: &str) -> Diagnostic {
    let theirs = conflict.theirs.join(", ");
    let (what, help) = match conflict.framework {
        FrameworkKind::Django => (
            "the app would have two leaf migrations, and `migrate` refuses to run until they are merged",
            format!(
                "rebase on `{base}` and make {} depend on {theirs} (renumbered to come after it), or after merging run `python manage.py makemigrations --merge`",
                conflict.name
            ),
        ),
        FrameworkKind::Alembic => (
            "the chain would have two heads, and `alembic upgrade head` fails until they are merged",
            format!(
                "rebase on `{base}` and set the `down_revision` of {} to {theirs}, or after merging run `alembic merge heads`",
                conflict.name
            ),
        ),
    };
    Diagnostic::pending(
        Rule::MergeConflict,
        &conflict.path,
        conflict.anchor,
        format!(
            "{} is new here and {theirs} is new on `{base}`: merged, {what}",
            conflict.name
        ),
    )
    .with_help(help)
}

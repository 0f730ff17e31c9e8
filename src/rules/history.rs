//! MC101–MC105: a migration that exists on the base branch may already be applied to a
//! database somewhere; editing, deleting or renaming it forks history.

use super::{Rule, RuleSet};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{ChangeKind, Edit, Framework, HistoryChange, Migration, Target};
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

        match change.kind {
            ChangeKind::Modified | ChangeKind::Renamed => {
                let alembic_move = matches!(&old.framework, Framework::Alembic(alembic)
                    if change.kind == ChangeKind::Renamed
                        && change.new_location.as_deref().is_some_and(|l| l != alembic.location));
                if change.kind == ChangeKind::Renamed
                    && (is_django || alembic_move)
                    && rules.contains(&Rule::RenamedMigration)
                {
                    out.push(renamed(change, new_path, base));
                }
                match &change.edit {
                    Some(Edit::Semantic { what, line })
                        if rules.contains(&Rule::EditedMigration) =>
                    {
                        out.push(edited(what, *line));
                    }
                    Some(Edit::Reverse { what, line }) if rules.contains(&Rule::ReverseEdited) => {
                        out.push(reverse_edited(what, *line));
                    }
                    Some(Edit::Cosmetic)
                        if rules.contains(&Rule::ReformattedMigration)
                            && change.kind == ChangeKind::Modified =>
                    {
                        out.push(reformatted());
                    }
                    _ => {}
                }
            }
            ChangeKind::Deleted if rules.contains(&Rule::DeletedMigration) => {
                out.push(deleted(old, &squashed, base));
            }
            ChangeKind::Deleted => {}
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
            format!(
                "{name} exists on `{base}` and was renamed to `{new_path}`; Django records applied migrations by app and file name, so databases will see {new_name} as a new migration and run it again"
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
    .with_help(format!("move it back: `git mv {new_path} {}`", old.path))
}

fn deleted(old: &Migration, squashed: &[&Migration], base: &str) -> Diagnostic {
    let name = old.display_name();
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
                "{name} exists on `{base}` and was deleted; the squashed migration {} replaces it",
                squash.display_name()
            ))
            .with_help(
                "this is the last step of squashing: make sure every database has applied the squashed migration first",
            );
            diagnostic.severity = Severity::Warning;
            diagnostic
        }
        None if matches!(old.framework, Framework::Django(_)) => finding(format!(
            "{name} exists on `{base}` and was deleted; databases that applied it still record it, and migrations that depend on it break"
        ))
        .with_help(format!(
            "restore it (`git checkout {base} -- {}`); to retire old migrations, squash them (`python manage.py squashmigrations`)",
            old.path
        )),
        None => finding(format!(
            "{name} exists on `{base}` and was deleted; Alembic cannot upgrade or downgrade through a missing revision"
        ))
        .with_help(format!("restore it (`git checkout {base} -- {}`)", old.path)),
    }
}

//! MC201–MC204: every migration must have a way back.

use super::{Rule, RuleSet};
use crate::diagnostic::Diagnostic;
use crate::model::{Backward, FnRef, Framework, Migration, OpKind};

pub fn check(migration: &Migration, rules: &RuleSet, out: &mut Vec<Diagnostic>) {
    let name = migration.display_name();
    let finding = |rule: Rule, span, message: String| {
        Diagnostic::new(
            rule,
            &migration.path,
            Some(&migration.source),
            span,
            message,
        )
    };
    for operation in &migration.forward {
        match &operation.kind {
            OpKind::RunPython {
                code,
                reverse: None,
                ..
            } if rules.contains(&Rule::RunPythonWithoutReverse) => {
                let forward = match code {
                    Some(FnRef::Name(function) | FnRef::Dotted(function)) => {
                        format!("`{function}`")
                    }
                    _ => "the forward code".to_string(),
                };
                out.push(
                    finding(
                        Rule::RunPythonWithoutReverse,
                        operation.span,
                        format!(
                            "`RunPython` in {name} has no reverse function, so the migration cannot be unapplied"
                        ),
                    )
                    .with_help(format!(
                        "pass `reverse_code=` a function that undoes {forward}, or `migrations.RunPython.noop` if there is nothing to undo"
                    )),
                );
            }
            OpKind::RunSql { reverse: None, .. }
                if matches!(migration.framework, Framework::Django(_))
                    && rules.contains(&Rule::RunSqlWithoutReverse) =>
            {
                out.push(
                    finding(
                        Rule::RunSqlWithoutReverse,
                        operation.span,
                        format!(
                            "`RunSQL` in {name} has no `reverse_sql`, so the migration cannot be unapplied"
                        ),
                    )
                    .with_help(
                        "pass `reverse_sql=` with SQL that undoes it, or `migrations.RunSQL.noop` if there is nothing to undo",
                    ),
                );
            }
            _ => {}
        }
    }

    let Framework::Alembic(revision) = &migration.framework else {
        return;
    };
    match &migration.backward {
        Backward::Missing if rules.contains(&Rule::MissingDowngrade) => {
            out.push(
                finding(
                    Rule::MissingDowngrade,
                    revision.upgrade,
                    format!("{name} has no `downgrade()`, so `alembic downgrade` cannot go past it"),
                )
                .with_help(
                    "add `def downgrade() -> None:` that undoes `upgrade()`: drop what it creates, restore what it drops",
                ),
            );
        }
        Backward::Function(downgrade)
            if downgrade.is_empty
                && !revision.upgrade_is_empty
                && rules.contains(&Rule::EmptyDowngrade) =>
        {
            out.push(
                finding(
                    Rule::EmptyDowngrade,
                    downgrade.span,
                    format!(
                        "`downgrade()` of {name} does nothing while `upgrade()` changes the database: a downgrade would mark it unapplied and leave the changes in place"
                    ),
                )
                .with_help(
                    "write the operations that undo `upgrade()`; if it truly cannot be undone, `raise NotImplementedError(\"...\")` so a downgrade stops loudly",
                ),
            );
        }
        _ => {}
    }
}

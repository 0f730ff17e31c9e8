//! MC202 runsql-without-reverse: a Django `RunSQL` with no `reverse_sql`.

use crate::diagnostic::Diagnostic;
use crate::model::{Framework, Migration, OpKind};
use crate::registry::Rule;
use crate::rules::finding;

pub(super) fn check(migration: &Migration, out: &mut Vec<Diagnostic>) {
    if !matches!(migration.framework, Framework::Django(_)) {
        return;
    }
    let name = migration.display_name();
    for operation in &migration.forward {
        if let OpKind::RunSql { reverse: None, .. } = &operation.kind {
            out.push(
                finding(
                    migration,
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
    }
}

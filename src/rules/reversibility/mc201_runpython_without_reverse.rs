//! MC201 runpython-without-reverse: a Django `RunPython` with no reverse function.

use crate::diagnostic::Diagnostic;
use crate::model::{FnRef, Migration, OpKind};
use crate::registry::Rule;
use crate::rules::finding;

pub(super) fn check(migration: &Migration, out: &mut Vec<Diagnostic>) {
    let name = migration.display_name();
    for operation in &migration.forward {
        let OpKind::RunPython {
            code,
            reverse: None,
            ..
        } = &operation.kind
        else {
            continue;
        };
        let forward = match code {
            Some(FnRef::Name(function) | FnRef::Dotted(function)) => format!("`{function}`"),
            _ => "the forward code".to_string(),
        };
        out.push(
            finding(
                migration,
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
}

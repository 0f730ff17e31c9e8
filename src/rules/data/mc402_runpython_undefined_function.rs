//! MC402 runpython-undefined-function: `RunPython` names a function that is not bound when
//! the Migration class body runs.

use crate::diagnostic::Diagnostic;
use crate::model::{FnRef, Migration, OpKind};
use crate::registry::Rule;

pub(super) fn check(migration: &Migration, _: &foldhash::HashSet<&str>, out: &mut Vec<Diagnostic>) {
    let name = migration.display_name();
    let finding =
        |rule: Rule, span, message: String| crate::rules::finding(migration, rule, span, message);
    for operation in &migration.forward {
        let OpKind::RunPython { code, reverse, .. } = &operation.kind else {
            continue;
        };
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
                        format!("remove `del {bound}`, or name a function that is still defined"),
                    )
                }
                _ => continue,
            };
            out.push(
                finding(Rule::RunPythonUndefinedFunction, operation.span, message).with_help(help),
            );
        }
    }
}

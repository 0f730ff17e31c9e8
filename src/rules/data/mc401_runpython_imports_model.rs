//! MC401 runpython-imports-model: a `RunPython` function that uses a model imported from
//! an app's `models` instead of the historical model.

use crate::diagnostic::Diagnostic;
use crate::model::{Framework, Migration, OpKind};
use crate::registry::Rule;

pub(super) fn check(migration: &Migration, _: &foldhash::HashSet<&str>, out: &mut Vec<Diagnostic>) {
    let name = migration.display_name();
    let finding =
        |rule: Rule, span, message: String| crate::rules::finding(migration, rule, span, message);
    for operation in &migration.forward {
        let OpKind::RunPython { live_models, .. } = &operation.kind else {
            continue;
        };
        for model in live_models {
            // `shop` in `shop.models` and `shop.models.catalog`; a relative `..models`
            // is the migration's own app's.
            let app = model
                .module
                .split('.')
                .take_while(|part| *part != "models")
                .last()
                .filter(|app| !app.is_empty())
                .or(match &migration.framework {
                    Framework::Django(django) => Some(django.app_label.as_str()),
                    Framework::Alembic(_) => None,
                })
                .unwrap_or("app");
            let local = model.model.rsplit('.').next().unwrap_or(&model.model);
            let historical = format!("apps.get_model(\"{app}\", \"{}\")", model.class);
            let help = if model.function == "lambda" {
                format!("use the historical model: `{historical}`")
            } else {
                format!("inside the function, use the historical model: `{local} = {historical}`")
            };
            out.push(
                    finding(
                        Rule::RunPythonImportsModel,
                        model.span,
                        format!(
                            "`{}` (run by `RunPython` in {name}) uses `{}` imported from `{}`: the model as it is today, not as it was at this migration",
                            model.function, model.model, model.module
                        ),
                    )
                    .with_help(help),
                );
        }
    }
}

//! MC103 renamed-migration: a Django migration whose identity changed (renamed, moved to
//! another app, its app relabelled), or a revision moved into another chain.

use super::{Context, new_path};
use crate::diagnostic::Diagnostic;
use crate::model::{ChangeKind, Framework, HistoryChange};
use crate::registry::Rule;
use crate::source::Span;

pub(super) fn check(change: &HistoryChange, cx: &Context, out: &mut Vec<Diagnostic>) {
    if change.kind != ChangeKind::Renamed {
        return;
    }
    let (new_path, base) = (new_path(change), cx.base);
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
    out.push(
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
        }),
    );
}

//! MC003 not-a-migration: a module in a Django migrations package that defines no `Migration`.

use super::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Framework;
use crate::registry::Rule;
use crate::source::Span;

pub(super) fn check(cx: &Context, out: &mut Vec<Diagnostic>) {
    let (migrations, strays) = (cx.migrations, cx.strays);
    for stray in strays {
        let holds_migrations = migrations.iter().any(
            |m| matches!(&m.framework, Framework::Django(d) if d.directory == stray.directory),
        );
        if !holds_migrations {
            continue;
        }
        out.push(
            Diagnostic::new(
                Rule::NotAMigration,
                &stray.path,
                None,
                Span::at_start(),
                format!(
                    "`{}` is in the Django migrations package `{}` but defines no `Migration` class: Django's loader stops with BadMigrationError",
                    stray.name, stray.directory
                ),
            )
            .with_help(format!(
                "move it out of `{}`, or rename it to `_{}.py` so the loader skips it",
                stray.directory, stray.name
            )),
        );
    }
}

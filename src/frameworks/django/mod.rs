//! Django: migrations under an app's `migrations/` package, their app labels, and the model
//! state the schema rules read.

mod extract;
pub mod state;

use std::sync::Arc;

use ruff_python_ast::Stmt;

pub use extract::{app_config_label, drop_lone_imported, resolve_app_labels};

use crate::discover::{Candidate, DjangoPlace};
use crate::extract::Options;
use crate::model::{DjangoMigration, Framework, Migration};
use crate::source::SourceFile;

/// The Django migration a module defines, for a file in an app's `migrations/` package.
pub(super) fn read(
    candidate: &Candidate,
    module: &[Stmt],
    source: &Arc<SourceFile>,
    options: Options,
) -> Option<Migration> {
    let place = candidate.django.as_ref()?;
    let location = extract::Location {
        path: &candidate.path,
        directory: &place.directory,
        default_label: &place.default_label,
        name: &place.name,
    };
    extract::extract(&location, module, source, options)
}

/// A Django migration known only by its app and file name; `None` for a name Django skips
/// (`_` or `~` first).
pub(super) fn by_place(place: &DjangoPlace) -> Option<Framework> {
    if place.name.starts_with(['_', '~']) {
        return None;
    }
    Some(Framework::Django(DjangoMigration {
        app_label: place.default_label.clone(),
        name: place.name.clone(),
        directory: place.directory.clone(),
        dynamic_operations: false,
        imported: false,
        run_before: Vec::new(),
        initial: false,
    }))
}

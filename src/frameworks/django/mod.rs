//! Django: migrations under an app's `migrations/` package, their app labels, and the model
//! state the schema rules read.

mod extract;
pub mod state;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use ruff_python_ast::Stmt;

pub use extract::{app_config_label, drop_lone_imported, resolve_app_labels};

use crate::discover::{Candidate, DjangoPlace, FileRef};
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

/// Gives each Django migration its app's label: the one configured for its directory, else
/// the `label` of the app's AppConfig, else the directory's name (what it has already).
pub fn label(
    migrations: &mut [Migration],
    candidates: &[Candidate],
    configured: &std::collections::BTreeMap<String, String>,
    read: &dyn Fn(&FileRef) -> std::io::Result<Vec<u8>>,
) {
    let mut labels = app_config_labels(candidates, read);
    labels.extend(configured.clone());
    resolve_app_labels(migrations, &labels);
}

/// The `label` of each Django app's AppConfig (in `apps.py`, else `__init__.py`), per
/// `migrations/` directory.
fn app_config_labels(
    candidates: &[Candidate],
    read: &dyn Fn(&FileRef) -> std::io::Result<Vec<u8>>,
) -> HashMap<String, String> {
    let mut labels = HashMap::new();
    let mut seen = HashSet::new();
    for place in candidates.iter().filter_map(|c| c.django.as_ref()) {
        if !seen.insert(&place.directory) {
            continue;
        }
        let label = place.app_config.iter().find_map(|file| {
            let text = crate::source::decode(read(file).ok()?).ok()?;
            // Most `__init__.py` files say nothing of labels: no need to parse them.
            text.contains("label")
                .then(|| super::app_config_label(&text))
                .flatten()
        });
        if let Some(label) = label {
            labels.insert(place.directory.clone(), label);
        }
    }
    labels
}

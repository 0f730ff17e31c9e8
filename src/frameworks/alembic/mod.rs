//! Alembic (and Flask-Migrate, which is Alembic): revisions in a script directory's version
//! locations, their `upgrade()` and `downgrade()` bodies.

mod dialect_tests;
mod extract;
pub mod state;

use std::sync::Arc;

use ruff_python_ast::Stmt;

use crate::discover::Candidate;
use crate::extract::Options;
use crate::model::{AlembicRevision, Framework, Migration};
use crate::source::{SourceFile, Span};

/// The Alembic revision a module defines, if it is one.
pub(super) fn read(
    candidate: &Candidate,
    module: &[Stmt],
    source: &Arc<SourceFile>,
    options: Options,
) -> Option<Migration> {
    extract::extract(
        &candidate.path,
        &candidate.alembic_location,
        module,
        source,
        options.dialect,
    )
}

/// A revision known only by its file; `None` for `__init__.py`, which Alembic skips.
pub(super) fn by_place(candidate: &Candidate) -> Option<Framework> {
    let file_name = candidate.path.rsplit('/').next().unwrap_or(&candidate.path);
    if file_name == "__init__.py" {
        return None;
    }
    Some(Framework::Alembic(AlembicRevision {
        location: candidate.alembic_location.clone(),
        revision: None,
        branch_labels: Vec::new(),
        depends_on: Vec::new(),
        upgrade: Span::at_start(),
        upgrade_is_empty: false,
        dialect_words: Default::default(),
        upgrade_opaque: false,
    }))
}

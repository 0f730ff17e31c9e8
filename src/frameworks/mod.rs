//! The frameworks: one folder each (placing, extraction, label resolution, and for Django the
//! model state replay), behind the few functions here that the pipeline, the history stage
//! and the graph call. A framework's front end takes a parsed module and gives a
//! [`Migration`] in the framework-neutral model, or `None` when the module is not one of
//! its migrations; the front ends are asked in [`FRONT_ENDS`] order.
//!
//! A third framework is a folder here, a line in [`FRONT_ENDS`] (and in [`by_place`] if its
//! files can be told apart by where they sit), a variant of `model::Framework`, and its docs.

pub mod alembic;
pub mod django;

use std::io;
use std::sync::Arc;

use ruff_python_ast::Stmt;
use ruff_text_size::Ranged;

use crate::discover::Candidate;
use crate::extract::{Extracted, Options};
use crate::model::Migration;
use crate::source::{SourceFile, Span};

/// A framework's front end: the migration a parsed module defines, if it is one of the
/// framework's.
type FrontEnd = fn(&Candidate, &[Stmt], &Arc<SourceFile>, Options) -> Option<Migration>;

/// Django first: a file Django places (under an app's `migrations/`) is Django's if it
/// defines a `Migration` class; anything else may be an Alembic revision.
const FRONT_ENDS: &[FrontEnd] = &[django::read, alembic::read];

/// Reads a candidate's bytes into the model.
pub fn extract(
    candidate: &Candidate,
    contents: io::Result<Vec<u8>>,
    options: Options,
) -> Extracted {
    match crate::extract::decode_candidate(candidate, contents) {
        Ok(source) => extract_source(candidate, Arc::new(source), options),
        Err(outcome) => outcome,
    }
}

/// [`extract`] for a file's decoded text.
fn extract_source(candidate: &Candidate, source: Arc<SourceFile>, options: Options) -> Extracted {
    let parsed = match crate::extract::parse(candidate, &source) {
        Ok(parsed) => parsed,
        Err(outcome) => return outcome,
    };
    let module = &parsed.parsed.syntax().body;
    let mut suppressions = parsed.suppressions;
    for front_end in FRONT_ENDS {
        if let Some(mut migration) = front_end(candidate, module, &source, options) {
            crate::suppress::widen(&mut suppressions, &regions(&migration, module, &source));
            migration.suppressions = suppressions;
            return Extracted::Migration(Box::new(migration));
        }
    }
    Extracted::NotMigration { suppressions }
}

/// Where a suppression comment reaches beyond its line, as (extent, what it covers): each
/// operation, all of it; `upgrade()` and `downgrade()`, their `def` line.
fn regions(migration: &Migration, module: &[Stmt], source: &SourceFile) -> Vec<(Span, Span)> {
    let backward = match &migration.backward {
        crate::model::Backward::Function(body) => body.operations.as_slice(),
        _ => &[],
    };
    let operations = migration
        .forward
        .iter()
        .chain(backward)
        .map(|operation| (operation.span, operation.span));
    let functions = module.iter().filter_map(|stmt| match stmt {
        Stmt::FunctionDef(function)
            if matches!(function.name.as_str(), "upgrade" | "downgrade") =>
        {
            Some((
                source.span(function.range()),
                source.span(function.name.range()),
            ))
        }
        _ => None,
    });
    operations.chain(functions).collect()
}

/// A migration known only by where it sits, for a version that does not parse (or is not
/// text): a Django migration by its app and file name, an Alembic revision by its file.
/// `None` for a file neither framework would load: Django skips names that start with `_`
/// or `~`, Alembic skips `__init__.py`.
pub fn by_place(candidate: &Candidate, contents: &[u8]) -> Option<Migration> {
    let framework = match &candidate.django {
        Some(place) => django::by_place(place)?,
        None => alembic::by_place(candidate)?,
    };
    let source = SourceFile::new(String::from_utf8_lossy(contents).into_owned());
    Some(Migration::new(
        &candidate.path,
        framework,
        Span::at_start(),
        Arc::new(source),
    ))
}

/// A full read with the graph's eyes (`--full-read`): what [`extract_for_graph`] gives,
/// without its line scan. A file that does not parse as a whole but whose graph attributes
/// the scan reads is in the graph as the scan has it (its MC001 comes when it is checked).
pub fn extract_in_full_for_graph(
    candidate: &Candidate,
    contents: io::Result<Vec<u8>>,
    options: Options,
) -> Extracted {
    let Ok(bytes) = contents else {
        return extract(candidate, contents, options);
    };
    match extract(candidate, Ok(bytes.clone()), options) {
        Extracted::Broken(broken) => match extract_for_graph(candidate, Ok(bytes), options) {
            Extracted::Migration(migration) => Extracted::Migration(migration),
            _ => Extracted::Broken(broken),
        },
        outcome => outcome,
    }
}

/// Like [`extract`], for a migration the run needs only in the graph (with `--since`, one
/// that did not change since the base): only the statements the graph reads are read (see
/// `graph_scan`) where that is safe, and the whole file otherwise.
pub fn extract_for_graph(
    candidate: &Candidate,
    contents: io::Result<Vec<u8>>,
    options: Options,
) -> Extracted {
    let text = match contents {
        Ok(bytes) => match crate::source::decode(bytes) {
            Ok(text) => text,
            Err((_, bytes)) => return extract(candidate, Ok(bytes), options),
        },
        Err(error) => return extract(candidate, Err(error), options),
    };
    let whole = |text: String| extract_source(candidate, Arc::new(SourceFile::new(text)), options);
    let without_mark = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let Some(mut scan) = crate::extract::graph_scan::scan(without_mark, candidate.django.is_some())
    else {
        return whole(text);
    };
    let outcome = whole(std::mem::take(&mut scan.text));
    if let Extracted::Migration(mut migration) = outcome
        && scan.real(&mut migration).is_some()
    {
        // The scan's text is a few statements: what the whole file says of its database.
        if let crate::model::Framework::Alembic(revision) = &mut migration.framework {
            revision.dialect_words = crate::extract::dialect_words(without_mark);
        }
        migration.digest = crate::source::digest(without_mark);
        migration.source = None;
        return Extracted::Migration(migration);
    }
    whole(text)
}

/// What the graph reads of a migration, as text: [`extract`] and [`extract_for_graph`] must
/// agree on it (the tests and the Python fuzz target compare the two).
pub fn graph_facts(migration: &crate::model::Migration) -> String {
    use crate::model::Framework;
    let framework = match &migration.framework {
        Framework::Django(django) => format!(
            "django {} {} {} run_before={:?} imported={}",
            django.app_label, django.name, django.directory, django.run_before, django.imported
        ),
        Framework::Alembic(alembic) => format!(
            "alembic {} {:?} labels={:?} depends_on={:?} dialect={:?}",
            alembic.location,
            alembic.revision,
            alembic.branch_labels,
            alembic.depends_on,
            alembic.dialect_words
        ),
    };
    format!(
        "{} {framework} parents={:?} replaces={:?} anchor={:?}",
        migration.path, migration.parents, migration.replaces, migration.anchor
    )
}

/// The `label` set by the AppConfig in an `apps.py` or `__init__.py`, if it parses and sets
/// one.
pub fn app_config_label(text: &str) -> Option<String> {
    let parsed = ruff_python_parser::parse_module(text).ok()?;
    django::app_config_label(&parsed.syntax().body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::FileRef;
    use crate::extract::Options;
    use crate::registry::Rule;

    fn candidate() -> Candidate {
        Candidate {
            file: FileRef::Disk("app/migrations/0001_initial.py".into()),
            path: "app/migrations/0001_initial.py".to_string(),
            django: None,
            alembic_location: "app/migrations".to_string(),
            must_parse: true,
            context: false,
        }
    }

    #[test]
    fn unreadable_file_is_one_finding() {
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        let Extracted::Broken(diagnostic) = extract(&candidate(), Err(denied), Options::default())
        else {
            panic!("an unreadable file is a finding");
        };
        assert_eq!(diagnostic.rule, Rule::ParseError);
        assert!(diagnostic.message.starts_with("cannot read file: "));
        assert_eq!(
            (diagnostic.span.start.line, diagnostic.span.start.column),
            (1, 1)
        );
    }

    /// A broken file discovery was not sure of (under some `versions/` folder) is a finding
    /// only if it reads like an Alembic revision, however it is broken.
    #[test]
    fn a_broken_file_that_may_not_be_a_migration_is_a_finding_only_if_it_looks_like_one() {
        let unsure = Candidate {
            must_parse: false,
            ..candidate()
        };
        let outcome = |bytes: &[u8]| extract(&unsure, Ok(bytes.to_vec()), Options::default());
        // A syntax error, invalid UTF-8, a NUL byte: with `down_revision`, and without.
        let cases: [(&[u8], &[u8]); 3] = [
            (
                b"down_revision = 'a1'\ndef upgrade(:\n",
                b"api_version = 'a1'\ndef upgrade(:\n",
            ),
            (
                b"down_revision = 'a1'\n\xff\n",
                b"api_version = 'a1'\n\xff\n",
            ),
            (b"down_revision = 'a1'\n\0\n", b"api_version = 'a1'\n\0\n"),
        ];
        for (revision, other) in cases {
            assert!(
                matches!(outcome(revision), Extracted::Broken(_)),
                "{revision:?}"
            );
            assert!(
                matches!(outcome(other), Extracted::NotMigration { .. }),
                "{other:?}"
            );
        }
        // A file that cannot be read may be a migration: a finding wherever it sits.
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        assert!(matches!(
            extract(&unsure, Err(denied), Options::default()),
            Extracted::Broken(_)
        ));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"a = 1\r\nb = '\xff'\n".to_vec();
        let Extracted::Broken(diagnostic) = extract(&candidate(), Ok(bytes), Options::default())
        else {
            panic!("invalid UTF-8 is a finding");
        };
        assert_eq!(diagnostic.message, "file is not valid UTF-8");
        assert_eq!(
            (diagnostic.span.start.line, diagnostic.span.start.column),
            (2, 6)
        );
    }
}

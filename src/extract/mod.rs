//! Parse + extract: bytes of one file into a [`Migration`], or a parse-error finding.
//! This is the only place that knows ruff's AST; everything after it sees the model.

mod alembic;
pub mod django;
mod normalize;
mod python;
mod sql;

pub use normalize::{Item, Normalized, normalize};

use std::io;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::discover::Candidate;
use crate::model::{Dialect, Migration};
use crate::rules::Rule;
use crate::source::{LineCol, SourceFile, Span};
use crate::suppress::Suppression;
use ruff_python_ast::token::TokenKind;
use ruff_text_size::Ranged;

/// What one candidate file turned out to be.
#[derive(Debug)]
pub enum Extracted {
    Migration(Box<Migration>),
    /// Valid Python, but neither a Django migration nor an Alembic revision.
    NotMigration {
        suppressions: Vec<Suppression>,
    },
    /// Could not be read or parsed: an MC001 finding.
    Broken(Box<Diagnostic>),
}

/// Reads a candidate's bytes into the model; SQL in it is read as `dialect`.
pub fn extract(
    candidate: &Candidate,
    contents: io::Result<Vec<u8>>,
    dialect: Dialect,
) -> Extracted {
    let source = match decode(&candidate.path, contents) {
        Ok(source) => Arc::new(source),
        Err(diagnostic) => return Extracted::Broken(diagnostic),
    };
    let parsed = match ruff_python_parser::parse_module(source.text()) {
        Ok(parsed) => parsed,
        Err(error) => {
            let span = source.span(error.location);
            return Extracted::Broken(Box::new(Diagnostic::new(
                Rule::ParseError,
                &candidate.path,
                Some(&source),
                span,
                format!("syntax error: {}", error.error),
            ).with_help("fix the syntax error; migcheck can check nothing else in a file that does not parse")));
        }
    };
    let module = &parsed.syntax().body;
    let comments = parsed
        .tokens()
        .iter()
        .filter(|token| token.kind() == TokenKind::Comment)
        .map(|token| token.range());
    let suppressions = crate::suppress::parse(&source, comments);
    if let Some(django) = &candidate.django {
        let location = django::Location {
            path: &candidate.path,
            directory: &django.directory,
            default_label: &django.default_label,
            name: &django.name,
        };
        if let Some(mut migration) = django::extract(&location, module, &source, dialect) {
            migration.suppressions = suppressions;
            return Extracted::Migration(Box::new(migration));
        }
    }
    match alembic::extract(
        &candidate.path,
        &candidate.alembic_location,
        module,
        &source,
        dialect,
    ) {
        Some(mut migration) => {
            migration.suppressions = suppressions;
            Extracted::Migration(Box::new(migration))
        }
        None => Extracted::NotMigration { suppressions },
    }
}

/// The `label` set by the AppConfig in an `apps.py` or `__init__.py`, if it parses and sets
/// one.
pub fn app_config_label(text: &str) -> Option<String> {
    let parsed = ruff_python_parser::parse_module(text).ok()?;
    django::app_config_label(&parsed.syntax().body)
}

/// Bytes to text: MC001 for unreadable, binary and non-UTF-8 files.
fn decode(path: &str, contents: io::Result<Vec<u8>>) -> Result<SourceFile, Box<Diagnostic>> {
    let broken = |at: LineCol, message: String, help: &str| {
        let span = Span {
            start: at,
            end: at,
            ..Span::at_start()
        };
        Box::new(Diagnostic::new(Rule::ParseError, path, None, span, message).with_help(help))
    };
    let start = Span::at_start().start;
    let bytes = match contents {
        Ok(bytes) => bytes,
        Err(error) => {
            return Err(broken(
                start,
                format!("cannot read file: {error}"),
                "make the file readable, or exclude it if it is not a migration",
            ));
        }
    };
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Err(broken(
            position(&bytes, nul),
            "file is binary (it contains a NUL byte), not Python source".to_string(),
            "a migration must be a Python text file; restore it from version control",
        ));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(text)),
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            Err(broken(
                position(error.as_bytes(), offset),
                "file is not valid UTF-8".to_string(),
                "save the file as UTF-8, the encoding Python source uses by default",
            ))
        }
    }
}

/// Line and column of a byte offset in raw bytes (valid UTF-8 before it).
fn position(bytes: &[u8], offset: usize) -> LineCol {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n' || b == b'\r')
        .map_or(0, |i| i + 1);
    let line = before
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && before.get(i + 1) != Some(&b'\n')))
        .count();
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count();
    LineCol {
        line: line as u32 + 1,
        column: column as u32 + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::FileRef;

    fn candidate() -> Candidate {
        Candidate {
            file: FileRef::Disk("app/migrations/0001_initial.py".into()),
            path: "app/migrations/0001_initial.py".to_string(),
            django: None,
            alembic_location: "app/migrations".to_string(),
            context: false,
        }
    }

    #[test]
    fn unreadable_file_is_one_finding() {
        let denied = io::Error::from(io::ErrorKind::PermissionDenied);
        let Extracted::Broken(diagnostic) = extract(&candidate(), Err(denied), Dialect::Postgresql)
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

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"a = 1\r\nb = '\xff'\n".to_vec();
        let Extracted::Broken(diagnostic) = extract(&candidate(), Ok(bytes), Dialect::Postgresql)
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

//! Parse + extract: bytes of one file into a [`Migration`], or a parse-error finding.
//! This is the only place that knows ruff's AST; everything after it sees the model.

mod alembic;
mod dialect_tests;
pub mod django;
mod graph_scan;
mod normalize;
mod python;
mod sql;

pub use normalize::{
    Context, Item, Normalized, Replacements, View, first_changed_line, hash_fragment, normalize,
};
pub use sql::statements as sql_statements;

use std::io;
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::discover::Candidate;
use crate::model::Suppression;
use crate::model::{AlembicRevision, Dialect, DjangoMigration, Framework, Migration};
use crate::registry::Rule;
use crate::source::{LineCol, SourceFile, Span, Undecodable};
use ruff_python_ast::Stmt;
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

/// How to read a project's migrations: what extraction takes from the configuration.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options<'a> {
    /// SQL is read as this database's.
    pub dialect: Dialect,
    /// Django field classes that are always nullable (`[tool.migcheck.django]`
    /// `nullable-fields`): dotted paths or class names.
    pub nullable_fields: &'a [String],
}

/// Reads a candidate's bytes into the model.
pub fn extract(
    candidate: &Candidate,
    contents: io::Result<Vec<u8>>,
    options: Options,
) -> Extracted {
    // A broken file under some `versions/` directory is a finding only if it looks like an
    // Alembic revision; many projects have `versions/` folders of other things.
    // Asked only of a file that fails: most files parse.
    let finding = |bytes: &[u8]| {
        candidate.must_parse || memchr::memmem::find(bytes, b"down_revision").is_some()
    };
    let not_a_migration = || Extracted::NotMigration {
        suppressions: Vec::new(),
    };
    match decode(&candidate.path, contents) {
        Ok(source) => extract_source(candidate, Arc::new(source), options),
        // A file that cannot be read is a finding wherever it sits: nothing says it is not
        // a migration.
        Err((diagnostic, bytes)) if bytes.as_deref().is_none_or(finding) => {
            Extracted::Broken(diagnostic)
        }
        Err(_) => not_a_migration(),
    }
}

/// [`extract`] for a file's decoded text.
fn extract_source(candidate: &Candidate, source: Arc<SourceFile>, options: Options) -> Extracted {
    let finding = |bytes: &[u8]| {
        candidate.must_parse || memchr::memmem::find(bytes, b"down_revision").is_some()
    };
    let not_a_migration = || Extracted::NotMigration {
        suppressions: Vec::new(),
    };
    if let Some(reason) = beyond_the_parser(source.text()) {
        return Extracted::Broken(Box::new(too_nested(&candidate.path, &source, reason)));
    }
    let parsed = match ruff_python_parser::parse_module(source.text()) {
        Ok(parsed) => parsed,
        Err(_) if !finding(source.text().as_bytes()) => return not_a_migration(),
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
    if let Some(reason) = beyond_the_tokenizer(&parsed) {
        return Extracted::Broken(Box::new(too_nested(&candidate.path, &source, reason)));
    }
    if let Some(depth) = too_deep(&parsed) {
        // Dropping a tree this deep recurses as deeply as reading it did: on a stack of its own.
        stacker::grow(DROP_STACK, move || drop(parsed));
        let reason = format!(
            "expressions nested {depth} levels deep: no Python version compiles this (RecursionError)"
        );
        return Extracted::Broken(Box::new(too_nested(&candidate.path, &source, reason)));
    }
    let module = &parsed.syntax().body;
    let refused = python::compile_error(module, source.text())
        .map(|error| (error.range, error.to_string()))
        .or_else(|| too_many_digits(&parsed, source.text()));
    if let Some((range, error)) = refused {
        if !finding(source.text().as_bytes()) {
            return not_a_migration();
        }
        return Extracted::Broken(Box::new(
            Diagnostic::new(
                Rule::ParseError,
                &candidate.path,
                Some(&source),
                source.span(range),
                format!("syntax error: {error}"),
            )
            .with_help("fix it: Python refuses to compile the module (SyntaxError), so the migration cannot be loaded"),
        ));
    }
    let comments = parsed
        .tokens()
        .iter()
        .filter(|token| token.kind() == TokenKind::Comment)
        .map(|token| token.range());
    let mut suppressions = crate::suppress::parse(&source, comments);
    if let Some(django) = &candidate.django {
        let location = django::Location {
            path: &candidate.path,
            directory: &django.directory,
            default_label: &django.default_label,
            name: &django.name,
        };
        if let Some(mut migration) = django::extract(&location, module, &source, options) {
            crate::suppress::widen(&mut suppressions, &regions(&migration, module, &source));
            migration.suppressions = suppressions;
            return Extracted::Migration(Box::new(migration));
        }
    }
    match alembic::extract(
        &candidate.path,
        &candidate.alembic_location,
        module,
        &source,
        options.dialect,
    ) {
        Some(mut migration) => {
            crate::suppress::widen(&mut suppressions, &regions(&migration, module, &source));
            migration.suppressions = suppressions;
            Extracted::Migration(Box::new(migration))
        }
        None => Extracted::NotMigration { suppressions },
    }
}

/// MC001 for a file nested too deeply for Python to compile.
fn too_nested(path: &str, source: &Arc<SourceFile>, reason: String) -> Diagnostic {
    Diagnostic::new(
        Rule::ParseError,
        path,
        Some(source),
        Span::at_start(),
        reason,
    )
    .with_help("split the expression up; a migration needs nothing nested this deeply")
}

/// CPython's tokenizer stops at 200 nested brackets ("too many nested parentheses") and at
/// 100 levels of indentation, counting the module's own; every version since 3.0 has.
const MAX_BRACKETS: usize = 200;
const MAX_INDENTS: usize = 99;

/// Why CPython's tokenizer refuses a file that parses, if it does.
fn beyond_the_tokenizer(
    parsed: &ruff_python_parser::Parsed<ruff_python_ast::ModModule>,
) -> Option<String> {
    let (mut brackets, mut indents) = (0usize, 0usize);
    for token in parsed.tokens() {
        match token.kind() {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => brackets += 1,
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                brackets = brackets.saturating_sub(1);
            }
            TokenKind::Indent => indents += 1,
            TokenKind::Dedent => indents = indents.saturating_sub(1),
            _ => continue,
        }
        if brackets > MAX_BRACKETS {
            return Some(format!(
                "more than {MAX_BRACKETS} nested brackets: Python does not compile this (SyntaxError: too many nested parentheses)"
            ));
        }
        if indents > MAX_INDENTS {
            return Some(format!(
                "more than {MAX_INDENTS} levels of indentation: Python does not compile this (IndentationError: too many levels of indentation)"
            ));
        }
    }
    None
}

/// Decimal integers of more digits than CPython converts (since 3.11, and in the security
/// releases of 3.8 to 3.10): a literal of more is a SyntaxError when the module compiles.
const MAX_INT_DIGITS: usize = 4300;

/// Where a decimal integer literal is longer than [`MAX_INT_DIGITS`], with the error.
fn too_many_digits(
    parsed: &ruff_python_parser::Parsed<ruff_python_ast::ModModule>,
    text: &str,
) -> Option<(ruff_text_size::TextRange, String)> {
    parsed.tokens().iter().find_map(|token| {
        if token.kind() != TokenKind::Int || usize::from(token.range().len()) <= MAX_INT_DIGITS {
            return None;
        }
        let literal = &text[token.range()];
        let digits = literal.bytes().filter(u8::is_ascii_digit).count();
        let decimal = !literal.starts_with("0x")
            && !literal.starts_with("0X")
            && !literal.starts_with("0o")
            && !literal.starts_with("0O")
            && !literal.starts_with("0b")
            && !literal.starts_with("0B");
        (decimal && digits > MAX_INT_DIGITS).then(|| {
            (
                token.range(),
                format!(
                    "an integer of {digits} digits: Python converts at most {MAX_INT_DIGITS} (write it in hexadecimal)"
                ),
            )
        })
    })
}

/// Why a file is nested too deeply to be parsed at all, found from its tokens before the
/// parser builds a tree (the parser recurses once per level, about a kilobyte of stack a
/// level, so that a few megabytes of `-` would take gigabytes): `None` for every file Python
/// compiles.
///
/// The depth is over-estimated, never under: each operator, prefix keyword, `.` and opening
/// bracket in a run of them counts a level, and so do those of the brackets around it; a
/// comma, `=`, `;` or the end of a statement ends the run (what follows is beside what came
/// before, not inside it). `and`, `or` and comparisons do not count: Python keeps a chain of
/// them flat.
fn beyond_the_parser(text: &str) -> Option<String> {
    // Each level takes at least a byte.
    if text.len() <= MAX_NESTING {
        return None;
    }
    let mut lexer = ruff_python_parser::lexer::lex(text, ruff_python_parser::Mode::Module);
    // The run of levels open in each bracket, innermost last, and their sum.
    let mut runs: Vec<usize> = vec![0];
    let mut outer = 0usize;
    // Lambdas whose parameters are being read: their commas do not end the run.
    let mut lambdas: Vec<usize> = vec![0];
    loop {
        let kind = lexer.next_token();
        let run = runs.last_mut().expect("the module's level is never closed");
        let in_lambda = lambdas.last_mut().expect("as many as runs");
        match kind {
            TokenKind::EndOfFile => return None,
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                *run += 1;
                outer += *run;
                runs.push(0);
                lambdas.push(0);
                continue;
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                if runs.len() > 1 {
                    runs.pop();
                    lambdas.pop();
                    outer -= runs.last().copied().unwrap_or_default();
                }
                continue;
            }
            TokenKind::Lambda => {
                *in_lambda += 1;
                *run += 1;
            }
            TokenKind::Colon if *in_lambda > 0 => {
                *in_lambda -= 1;
                *run += 1;
            }
            TokenKind::Comma | TokenKind::Equal if *in_lambda > 0 => {}
            TokenKind::Comma | TokenKind::Semi | TokenKind::Newline | TokenKind::Equal => *run = 0,
            kind if kind.as_augmented_assign_operator().is_some() => *run = 0,
            kind if kind.as_binary_operator().is_some() => *run += 1,
            TokenKind::Tilde
            | TokenKind::Dot
            | TokenKind::ColonEqual
            | TokenKind::Not
            | TokenKind::Await
            | TokenKind::Yield
            | TokenKind::If
            | TokenKind::Else => *run += 1,
            _ => {}
        }
        let depth = outer + *run;
        if depth > MAX_NESTING {
            return Some(format!(
                "expressions nested more than {MAX_NESTING} levels deep: no Python version compiles this (RecursionError)"
            ));
        }
    }
}

/// Deeper than any Python compiles (CPython 3.13 stops near 10,000 levels). Everything after
/// the parser walks the tree recursively; within this depth that is safe on the stack the
/// worker threads have.
const MAX_NESTING: usize = 10_000;

/// Stack for dropping a tree deeper than [`MAX_NESTING`]: its drop recurses once a level, in
/// frames far smaller than the parser's (a few hundred bytes a level at most; only what is
/// touched is mapped).
const DROP_STACK: usize = 256 << 20;

/// The nesting depth of a tree that is too deep to check, if it is.
fn too_deep(parsed: &ruff_python_parser::Parsed<ruff_python_ast::ModModule>) -> Option<usize> {
    use ruff_python_ast::visitor::{self, Visitor};
    // A tree cannot be deeper than it has tokens: most files need no walk.
    if parsed.tokens().len() <= MAX_NESTING {
        return None;
    }
    struct Depth {
        depth: usize,
        deepest: usize,
    }
    impl Depth {
        fn enter(&mut self, walk: impl FnOnce(&mut Self)) {
            self.depth += 1;
            self.deepest = self.deepest.max(self.depth);
            // Past the limit there is nothing more to learn.
            if self.depth <= MAX_NESTING + 1 {
                stacker::maybe_grow(64 * 1024, 1024 * 1024, || walk(self));
            }
            self.depth -= 1;
        }
    }
    impl<'a> Visitor<'a> for Depth {
        fn visit_stmt(&mut self, stmt: &'a ruff_python_ast::Stmt) {
            self.enter(|this| visitor::walk_stmt(this, stmt));
        }
        fn visit_expr(&mut self, expr: &'a ruff_python_ast::Expr) {
            self.enter(|this| visitor::walk_expr(this, expr));
        }
    }
    let mut depth = Depth {
        depth: 0,
        deepest: 0,
    };
    depth.visit_body(&parsed.syntax().body);
    (depth.deepest > MAX_NESTING).then_some(depth.deepest)
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
    let file_name = candidate.path.rsplit('/').next().unwrap_or(&candidate.path);
    let framework = match &candidate.django {
        Some(place) if place.name.starts_with(['_', '~']) => return None,
        Some(place) => Framework::Django(DjangoMigration {
            app_label: place.default_label.clone(),
            name: place.name.clone(),
            directory: place.directory.clone(),
            dynamic_operations: false,
            imported: false,
            run_before: Vec::new(),
            initial: false,
        }),
        None if file_name == "__init__.py" => return None,
        None => Framework::Alembic(AlembicRevision {
            location: candidate.alembic_location.clone(),
            revision: None,
            branch_labels: Vec::new(),
            depends_on: Vec::new(),
            upgrade: Span::at_start(),
            upgrade_is_empty: false,
        }),
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
    let Some(mut scan) = graph_scan::scan(without_mark, candidate.django.is_some()) else {
        return whole(text);
    };
    let outcome = whole(std::mem::take(&mut scan.text));
    if let Extracted::Migration(mut migration) = outcome
        && scan.real(&mut migration).is_some()
    {
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
            "alembic {} {:?} labels={:?} depends_on={:?}",
            alembic.location, alembic.revision, alembic.branch_labels, alembic.depends_on
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

/// What could not be decoded: the finding, and the bytes if any were read.
type Undecoded = (Box<Diagnostic>, Option<Vec<u8>>);

/// Bytes to text: MC001 for unreadable and binary files, and for those not in their encoding.
fn decode(path: &str, contents: io::Result<Vec<u8>>) -> Result<SourceFile, Undecoded> {
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
            let diagnostic = broken(
                start,
                format!("cannot read file: {error}"),
                "make the file readable, or exclude it if it is not a migration",
            );
            return Err((diagnostic, None));
        }
    };
    if let Some(nul) = memchr::memchr(0, &bytes) {
        let diagnostic = broken(
            position(&bytes, nul),
            "file is binary (it contains a NUL byte), not Python source".to_string(),
            "a migration must be a Python text file; restore it from version control",
        );
        return Err((diagnostic, Some(bytes)));
    }
    match crate::source::decode(bytes) {
        Ok(text) => Ok(SourceFile::new(text)),
        Err((why, bytes)) => {
            let (at, help) = match &why {
                Undecodable::Invalid { offset, .. } => (
                    position(&bytes, *offset),
                    "save the file as UTF-8 (the encoding Python source uses by default), or declare the encoding it is in with a `# -*- coding: ... -*-` line at the top",
                ),
                Undecodable::UnknownEncoding(_) => (
                    start,
                    "name an encoding Python has in the coding declaration, or save the file as UTF-8 and remove the declaration",
                ),
            };
            Err((broken(at, why.to_string(), help), Some(bytes)))
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

//! Parse + extract: bytes of one file into a [`Migration`], or a parse-error finding.
//! This is the only place that knows ruff's AST; everything after it sees the model.

mod dialect_words;
pub(crate) mod graph_scan;
mod normalize;
pub(crate) mod python;
pub(crate) mod sql;

pub use dialect_words::dialect_words;
pub use normalize::{
    Context, Item, Normalized, Replacements, View, first_changed_line, hash_fragment, normalize,
};
pub use sql::statements as sql_statements;

use std::io;

use crate::diagnostic::Diagnostic;
use crate::discover::Candidate;
use crate::model::Suppression;
use crate::model::{Dialect, Migration};
use crate::registry::Rule;
use crate::source::{LineCol, SourceFile, Span, Undecodable};

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

/// A candidate's bytes as text, or what the file turned out to be instead: MC001 for a file
/// that cannot be read or decoded, where it may be a migration.
pub fn decode_candidate(
    candidate: &Candidate,
    contents: io::Result<Vec<u8>>,
) -> Result<SourceFile, Extracted> {
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
        Ok(source) => Ok(source),
        // A file that cannot be read is a finding wherever it sits: nothing says it is not
        // a migration.
        Err((diagnostic, bytes)) if bytes.as_deref().is_none_or(finding) => {
            Err(Extracted::Broken(diagnostic))
        }
        Err(_) => Err(not_a_migration()),
    }
}

/// A migration file's module, parsed.
pub struct Module {
    pub parsed: ruff_python_parser::Parsed<ruff_python_ast::ModModule>,
    /// Its `# migcheck: ignore...` comments.
    pub suppressions: Vec<Suppression>,
}

/// A file's decoded text, parsed within the limits of what Python compiles: its module and
/// its suppression comments, or what the file turned out to be instead (broken, or not a
/// migration).
pub fn parse(candidate: &Candidate, source: &SourceFile) -> Result<Module, Extracted> {
    let finding = |bytes: &[u8]| {
        candidate.must_parse || memchr::memmem::find(bytes, b"down_revision").is_some()
    };
    let not_a_migration = || Extracted::NotMigration {
        suppressions: Vec::new(),
    };
    if let Some(reason) = beyond_the_parser(source.text()) {
        return Err(Extracted::Broken(Box::new(too_nested(
            &candidate.path,
            source,
            reason,
        ))));
    }
    let parsed = match ruff_python_parser::parse_module(source.text()) {
        Ok(parsed) => parsed,
        Err(_) if !finding(source.text().as_bytes()) => return Err(not_a_migration()),
        Err(error) => {
            let span = source.span(error.location);
            return Err(Extracted::Broken(Box::new(Diagnostic::new(
                Rule::ParseError,
                &candidate.path,
                Some(source),
                span,
                format!("syntax error: {}", error.error),
            ).with_help("fix the syntax error; migcheck can check nothing else in a file that does not parse"))));
        }
    };
    if let Some(reason) = beyond_the_tokenizer(&parsed) {
        return Err(Extracted::Broken(Box::new(too_nested(
            &candidate.path,
            source,
            reason,
        ))));
    }
    if let Some(depth) = too_deep(&parsed) {
        // Dropping a tree this deep recurses as deeply as reading it did: on a stack of its own.
        stacker::grow(DROP_STACK, move || drop(parsed));
        let reason = format!(
            "expressions nested {depth} levels deep: no Python version compiles this (RecursionError)"
        );
        return Err(Extracted::Broken(Box::new(too_nested(
            &candidate.path,
            source,
            reason,
        ))));
    }
    let module = &parsed.syntax().body;
    let refused = python::compile_error(module, source.text())
        .map(|error| (error.range, error.to_string()))
        .or_else(|| too_many_digits(&parsed, source.text()));
    if let Some((range, error)) = refused {
        if !finding(source.text().as_bytes()) {
            return Err(not_a_migration());
        }
        return Err(Extracted::Broken(Box::new(
            Diagnostic::new(
                Rule::ParseError,
                &candidate.path,
                Some(source),
                source.span(range),
                format!("syntax error: {error}"),
            )
            .with_help("fix it: Python refuses to compile the module (SyntaxError), so the migration cannot be loaded"),
        )));
    }
    let comments = parsed
        .tokens()
        .iter()
        .filter(|token| token.kind() == TokenKind::Comment)
        .map(|token| token.range());
    let suppressions = crate::suppress::parse(source, comments);
    Ok(Module {
        parsed,
        suppressions,
    })
}

/// MC001 for a file nested too deeply for Python to compile.
fn too_nested(path: &str, source: &SourceFile, reason: String) -> Diagnostic {
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

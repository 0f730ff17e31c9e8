//! The graph's view of a migration, read without parsing all of it.
//!
//! With `--since`, a migration that did not change since the base is needed only for the
//! migration graph: its name, what it depends on, what it replaces. [`scan`] finds the
//! few statements that say so (a line scan, no parse) and copies them into a short text
//! that the ordinary extraction reads with the same code; [`GraphScan::real`] then puts
//! every position back where it is in the file. Whatever it is not sure of (a `Migration`
//! class under an `if`, a name assigned twice, a suppression comment), it leaves to a full
//! read.
//!
//! The scan looks at line starts; a line that reads like a statement may be inside a
//! string or brackets, so every statement it copies is checked to start a statement of the
//! file, reading the file statement by statement up to the last one copied (most often a
//! few hundred bytes). `tests/graph_scan.rs` compares the two reads on every fixture (and on
//! other checkouts), and the `python_front_end` fuzz target on whatever it makes up.

use ruff_text_size::{TextRange, TextSize};

use crate::model::{Framework, Migration};
use crate::source::{LineCol, Span};

/// Django `Migration` class attributes the graph reads.
const DJANGO_KEYS: &[&str] = &["dependencies", "replaces", "run_before"];
/// Alembic module attributes the graph reads.
const ALEMBIC_KEYS: &[&str] = &["revision", "down_revision", "branch_labels", "depends_on"];

/// The statements a migration's graph attributes are in, copied into a text of their own.
pub struct GraphScan {
    pub text: String,
    pieces: Vec<Copied>,
}

/// A statement copied into the scan: where it is in the scan's text, where in the
/// file, how long, and the file's line it starts (a statement starts a line).
struct Copied {
    at: usize,
    real: usize,
    length: usize,
    line: u32,
    /// The scan's line it starts.
    scan_line: u32,
}

/// The statements of `text` that the graph reads, or `None` to read it all.
pub fn scan(text: &str, django: bool) -> Option<GraphScan> {
    // Suppression comments may hide graph findings: they need the whole file.
    if memchr::memmem::find(text.as_bytes(), b"migcheck:").is_some() {
        return None;
    }
    let bytes = text.as_bytes();
    let kept = if django {
        django_statements(bytes)?
    } else {
        alembic_statements(bytes)?
    };
    // A line that reads like a statement may be inside a string or brackets: each piece
    // copied must start a statement, as the file's statements run from its start.
    let starts: Vec<usize> = kept
        .iter()
        .filter_map(|piece| match piece {
            Piece::Copy(start, ..) => Some(*start),
            Piece::Body(_) => None,
        })
        .collect();
    if !start_statements(bytes, &starts) {
        return None;
    }
    let mut scan = GraphScan {
        text: String::new(),
        pieces: Vec::new(),
    };
    let mut scan_line = 1;
    for piece in kept {
        match piece {
            Piece::Copy(start, end, line) => {
                let statement = text.get(start..end)?;
                scan.pieces.push(Copied {
                    at: scan.text.len(),
                    real: start,
                    length: statement.len(),
                    line,
                    scan_line,
                });
                scan.text.push_str(statement);
                scan_line += line_breaks(statement.as_bytes());
                if !statement.ends_with(['\n', '\r']) {
                    scan.text.push('\n');
                    scan_line += 1;
                }
            }
            Piece::Body(indent) => {
                scan.text.push_str(std::str::from_utf8(&indent).ok()?);
                scan.text.push_str("...\n");
                scan_line += 1;
            }
        }
    }
    Some(scan)
}

impl GraphScan {
    /// Moves the positions of a migration read from the scan to where they are in the
    /// file: every position the graph reads.
    pub fn real(&self, migration: &mut Migration) -> Option<()> {
        let span = |span: Span| -> Option<Span> {
            let (start, start_at) = self.position(span.range.start(), span.start)?;
            let (end, end_at) = self.position(span.range.end(), span.end)?;
            Some(Span {
                range: TextRange::new(start, end),
                start: start_at,
                end: end_at,
            })
        };
        migration.anchor = span(migration.anchor)?;
        for dependency in migration.parents.iter_mut().chain(&mut migration.replaces) {
            dependency.span = span(dependency.span)?;
        }
        match &mut migration.framework {
            Framework::Django(django) => {
                for dependency in &mut django.run_before {
                    dependency.span = span(dependency.span)?;
                }
            }
            Framework::Alembic(alembic) => alembic.upgrade = span(alembic.upgrade)?,
        }
        Some(())
    }

    /// Where a position of the scan's text (at `place` in it) is in the file: offset,
    /// line and column. A statement is copied from the start of its line, whole lines at a
    /// time: its columns are the file's, its lines as many down from its first.
    fn position(&self, at: TextSize, place: LineCol) -> Option<(TextSize, LineCol)> {
        let at = usize::from(at);
        let piece = self
            .pieces
            .iter()
            .rev()
            .find(|piece| piece.at <= at && at <= piece.at + piece.length)?;
        let place = LineCol {
            line: piece.line + place.line.checked_sub(piece.scan_line)?,
            column: place.column,
        };
        Some((TextSize::new((piece.real + at - piece.at) as u32), place))
    }
}

/// How many lines end in `bytes`: at `\n`, `\r\n` or a lone `\r`, as in the whole file.
fn line_breaks(bytes: &[u8]) -> u32 {
    let lone_returns = memchr::memchr_iter(b'\r', bytes)
        .filter(|&i| bytes.get(i + 1) != Some(&b'\n'))
        .count();
    (memchr::memchr_iter(b'\n', bytes).count() + lone_returns) as u32
}

/// What a scan is made of: a statement copied from the file, or a `...` body at an
/// indentation.
enum Piece {
    /// Start, end and (1-based) line of the start.
    Copy(usize, usize, u32),
    /// A `...` body with this indentation.
    Body(Vec<u8>),
}

/// The imports, the `class Migration` header and the class attributes the graph reads; a
/// class with none of them gets a `...` body. One pass over the lines.
fn django_statements(bytes: &[u8]) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    // Where the class header ends, once it is seen.
    let mut header_end = None;
    // The class body's first line: its indentation's width, and where it starts.
    let mut body: Option<(usize, usize)> = None;
    let mut seen: Vec<&[u8]> = Vec::new();
    for (number, start) in line_starts(bytes) {
        let line = &bytes[start..];
        let in_body = header_end.is_some_and(|end| start >= end);
        if in_body && body.is_none() && !is_blank_or_comment(line) {
            let width = indent(bytes, start);
            if width == 0 {
                return None;
            }
            body = Some((width, start));
        }
        if starts_with_word(line, b"class") && word_after(line, 5) == b"Migration" {
            if header_end.is_some() {
                return None;
            }
            let end = statement_end(bytes, start);
            // A class on one line (`class Migration(...): pass`) is for a full read.
            if !bytes[start..end].trim_ascii_end().ends_with(b":") {
                return None;
            }
            pieces.push(Piece::Copy(start, end, number));
            header_end = Some(end);
        } else if starts_with_word(line, b"import") || starts_with_word(line, b"from") {
            let end = statement_end(bytes, start);
            // `from .base import Migration`: that is for a full read to judge.
            if contains_word(&bytes[start..end], b"Migration") {
                return None;
            }
            if header_end.is_none() {
                pieces.push(Piece::Copy(start, end, number));
            }
        } else if starts_with_word(line, b"Migration") {
            return None;
        } else if let Some((width, _)) = body
            && in_body
            && has_indent(bytes, start, width)
        {
            let statement = &bytes[start + indentation(bytes, start).len()..];
            let Some((key, augmented)) = assigned(statement) else {
                continue;
            };
            if !DJANGO_KEYS.iter().any(|k| k.as_bytes() == key) {
                continue;
            }
            if augmented || seen.contains(&key) {
                return None;
            }
            seen.push(key);
            pieces.push(Piece::Copy(start, statement_end(bytes, start), number));
        }
    }
    header_end?;
    let (_, first) = body?;
    if seen.is_empty() {
        pieces.push(Piece::Body(indentation(bytes, first).to_vec()));
    }
    Some(pieces)
}

/// `revision`, `down_revision`, `branch_labels`, `depends_on` and a `def upgrade` header with
/// a `...` body.
fn alembic_statements(bytes: &[u8]) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut seen: Vec<&[u8]> = Vec::new();
    let mut upgrade = false;
    for (number, start) in line_starts(bytes) {
        let line = &bytes[start..];
        if starts_with_word(line, b"def") && word_after(line, 3) == b"upgrade" {
            let end = statement_end(bytes, start);
            if upgrade || !bytes[start..end].trim_ascii_end().ends_with(b":") {
                return None;
            }
            upgrade = true;
            pieces.push(Piece::Copy(start, end, number));
            pieces.push(Piece::Body(b"    ".to_vec()));
        } else if let Some((key, augmented)) = assigned(line)
            && ALEMBIC_KEYS.iter().any(|k| k.as_bytes() == key)
        {
            if augmented || seen.contains(&key) {
                return None;
            }
            seen.push(key);
            pieces.push(Piece::Copy(start, statement_end(bytes, start), number));
        }
    }
    let has = |key: &[u8]| seen.contains(&key);
    (upgrade && has(b"revision") && has(b"down_revision")).then_some(pieces)
}

/// Whether each of `starts` (in file order) is where a statement starts, not a line inside
/// a string, brackets or a line that a backslash continues: the file is read statement by
/// statement up to the last of them.
fn start_statements(bytes: &[u8], starts: &[usize]) -> bool {
    let mut at = 0;
    for &start in starts {
        while at < start {
            at = statement_end(bytes, at);
        }
        if at != start {
            return false;
        }
    }
    true
}

/// Each line's (1-based) number and where it starts.
fn line_starts(bytes: &[u8]) -> impl Iterator<Item = (u32, usize)> + '_ {
    let starts = std::iter::once(0).chain(memchr::memchr2_iter(b'\n', b'\r', bytes).filter_map(
        move |i| {
            // `\r\n` ends one line, at its `\n`.
            let crlf = bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n');
            (!crlf && i + 1 < bytes.len()).then_some(i + 1)
        },
    ));
    (1..).zip(starts)
}

/// Whether the line that starts `rest` is blank or only a comment.
fn is_blank_or_comment(rest: &[u8]) -> bool {
    let content = &rest[rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()..];
    content.is_empty() || matches!(content[0], b'#' | b'\n' | b'\r')
}

/// Where the statement that starts at `start` ends: after the line break that closes it
/// (brackets, strings and backslashes join lines).
fn statement_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                i = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |at| i + at);
                continue;
            }
            b'\'' | b'"' => {
                i = match string_prefix(bytes, start, i) {
                    Prefix::Formatted { raw } => formatted_end(bytes, start, i, raw),
                    Prefix::Plain => string_end(bytes, i),
                };
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'\\' if matches!(bytes.get(i + 1), Some(b'\n' | b'\r')) => {
                i = next_line(bytes, i + 1);
                continue;
            }
            b'\n' | b'\r' if depth == 0 => return next_line(bytes, i),
            _ => {}
        }
        i += 1;
    }
    bytes.len()
}

/// Past the f-string or t-string whose quote is at `i`, read as Python 3.12 reads it: a
/// replacement field is code, which may hold strings in the same quote, brackets and line
/// breaks (`f"{")"}"` is one string). At the line break that ends a one-quote string left
/// open.
// Kept out of `statement_end`'s loop, which few f-strings reach.
#[inline(never)]
fn formatted_end(bytes: &[u8], start: usize, i: usize, raw: bool) -> usize {
    let (literal, mut i) = open_literal(bytes, i, raw);
    // What is open around the byte being read, innermost last.
    let mut open = vec![literal];
    while i < bytes.len() {
        let b = bytes[i];
        match open.last_mut() {
            None => return i,
            Some(&mut Open::Literal { quote, triple, raw }) => match b {
                b'\\' => {
                    let escapes = !raw
                        || matches!(bytes.get(i + 1), Some(&c) if c == quote || matches!(c, b'\\' | b'\n' | b'\r'));
                    i += if escapes { 2 } else { 1 };
                }
                b'{' if bytes.get(i + 1) == Some(&b'{') => i += 2,
                b'{' => {
                    open.push(Open::Field { depth: 0 });
                    i += 1;
                }
                _ if b == quote => {
                    if !triple {
                        open.pop();
                        i += 1;
                    } else if bytes.get(i + 1..i + 3) == Some(&[quote, quote][..]) {
                        open.pop();
                        i += 3;
                    } else {
                        i += 1;
                    }
                }
                // A line break ends a one-quote string, closed or not.
                b'\n' | b'\r' if !triple => {
                    open.pop();
                    if open.is_empty() {
                        return i;
                    }
                }
                _ => i += 1,
            },
            Some(Open::Spec) => {
                // A format spec is the string's own text, up to the `}` that closes its field.
                let (quote, triple) = enclosing_literal(&open);
                match b {
                    b'{' => open.push(Open::Field { depth: 0 }),
                    b'}' => {
                        open.pop();
                    }
                    b'\\' => i += 1,
                    // The string ends here (a malformed field): the string reads it.
                    _ if b == quote || (!triple && matches!(b, b'\n' | b'\r')) => {
                        open.pop();
                        continue;
                    }
                    _ => {}
                }
                i += 1;
            }
            Some(Open::Field { depth }) => {
                match b {
                    b'#' => {
                        i = memchr::memchr2(b'\n', b'\r', &bytes[i..])
                            .map_or(bytes.len(), |at| i + at);
                        continue;
                    }
                    b'\'' | b'"' => {
                        match string_prefix(bytes, start, i) {
                            Prefix::Formatted { raw } => {
                                let (literal, after) = open_literal(bytes, i, raw);
                                open.push(literal);
                                i = after;
                            }
                            Prefix::Plain => i = string_end(bytes, i),
                        }
                        continue;
                    }
                    b'(' | b'[' | b'{' => *depth += 1,
                    b'}' if *depth == 0 => {
                        open.pop();
                    }
                    b':' if *depth == 0 => {
                        open.pop();
                        open.push(Open::Spec);
                    }
                    b')' | b']' | b'}' => *depth = depth.saturating_sub(1),
                    _ => {}
                }
                i += 1;
            }
        }
    }
    bytes.len()
}

/// The f-string opened by the quote at `i`, and where its text starts.
fn open_literal(bytes: &[u8], i: usize, raw: bool) -> (Open, usize) {
    let quote = bytes[i];
    let triple = bytes.get(i + 1..i + 3) == Some(&[quote, quote][..]);
    let literal = Open::Literal { quote, triple, raw };
    (literal, if triple { i + 3 } else { i + 1 })
}

/// What is open inside a statement, read from the outside in.
enum Open {
    /// The text of an f-string or t-string.
    Literal { quote: u8, triple: bool, raw: bool },
    /// A replacement field's code, with its own open brackets.
    Field { depth: usize },
    /// A replacement field's format spec, after its `:`.
    Spec,
}

/// The quote and whether it is tripled, of the f-string a format spec is in.
fn enclosing_literal(open: &[Open]) -> (u8, bool) {
    open.iter()
        .rev()
        .find_map(|o| match o {
            Open::Literal { quote, triple, .. } => Some((*quote, *triple)),
            _ => None,
        })
        .unwrap_or((b'"', false))
}

/// How the letters right before a string's quote make it read.
enum Prefix {
    /// `f"..."`, `rf'...'`, `t"..."` ...: replacement fields in braces.
    Formatted { raw: bool },
    /// No prefix, or one without replacement fields (`r`, `b`, `u`, `rb`).
    Plain,
}

fn string_prefix(bytes: &[u8], start: usize, quote: usize) -> Prefix {
    // Most quotes follow a bracket, a space or an `=`.
    if quote == start || !bytes[quote - 1].is_ascii_alphabetic() {
        return Prefix::Plain;
    }
    let letters = bytes[start..quote]
        .iter()
        .rev()
        .take_while(|&&b| is_word_byte(b))
        .count();
    let prefix = &bytes[quote - letters..quote];
    let is = |set: &[u8]| prefix.iter().any(|b| set.contains(b));
    let valid = prefix.len() <= 2 && prefix.iter().all(|b| b"rRbBuUfFtT".contains(b));
    if valid && is(b"fFtT") {
        Prefix::Formatted { raw: is(b"rR") }
    } else {
        Prefix::Plain
    }
}

/// Past the string literal whose quote is at `i` (a prefix before it is just letters).
fn string_end(bytes: &[u8], i: usize) -> usize {
    let quote = bytes[i];
    let triple = bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote);
    let mut j = if triple { i + 3 } else { i + 1 };
    while j < bytes.len() {
        match bytes[j] {
            b'\\' => j += 2,
            b if b == quote => {
                if !triple {
                    return j + 1;
                }
                if bytes.get(j + 1) == Some(&quote) && bytes.get(j + 2) == Some(&quote) {
                    return j + 3;
                }
                j += 1;
            }
            b'\n' | b'\r' if !triple => return j,
            _ => j += 1,
        }
    }
    bytes.len()
}

/// The start of the line after the one `i` is on (after `\n`, `\r\n` or a lone `\r`).
fn next_line(bytes: &[u8], i: usize) -> usize {
    match memchr::memchr2(b'\n', b'\r', &bytes[i..]) {
        Some(at) => {
            let j = i + at;
            if bytes[j] == b'\r' && bytes.get(j + 1) == Some(&b'\n') {
                j + 2
            } else {
                j + 1
            }
        }
        None => bytes.len(),
    }
}

/// The spaces and tabs that start a line, one by one.
fn indent_bytes(bytes: &[u8], start: usize) -> impl Iterator<Item = u8> + '_ {
    bytes[start..]
        .iter()
        .copied()
        .take_while(|&b| b == b' ' || b == b'\t')
}

/// The spaces and tabs that start a line.
fn indentation(bytes: &[u8], start: usize) -> &[u8] {
    &bytes[start..start + indent_bytes(bytes, start).count()]
}

/// How wide a space or tab of indentation counts: a tab as more than any run of spaces
/// would, so that mixed indentation never looks equal by accident.
fn width_of(b: u8) -> usize {
    if b == b'\t' { 1000 } else { 1 }
}

/// The width of a line's indentation.
fn indent(bytes: &[u8], start: usize) -> usize {
    indent_bytes(bytes, start).map(width_of).sum()
}

/// Whether a line's indentation is `width` wide, looking no further than it must: most
/// lines of a migration are indented deeper than its class body.
fn has_indent(bytes: &[u8], start: usize, width: usize) -> bool {
    let mut seen = 0;
    for b in indent_bytes(bytes, start) {
        seen += width_of(b);
        if seen > width {
            return false;
        }
    }
    seen == width
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn starts_with_word(line: &[u8], word: &[u8]) -> bool {
    line.starts_with(word) && !line.get(word.len()).is_some_and(|&b| is_word_byte(b))
}

/// The word after the first `skip` bytes and the spaces that follow them.
fn word_after(line: &[u8], skip: usize) -> &[u8] {
    let rest = line.get(skip..).unwrap_or_default();
    let rest = &rest[rest.iter().take_while(|&&b| b == b' ').count()..];
    let length = rest.iter().take_while(|&&b| is_word_byte(b)).count();
    &rest[..length]
}

fn contains_word(text: &[u8], word: &[u8]) -> bool {
    memchr::memmem::find_iter(text, word).any(|i| {
        (i == 0 || !is_word_byte(text[i - 1]))
            && !text.get(i + word.len()).is_some_and(|&b| is_word_byte(b))
    })
}

/// The name a statement assigns (`name = ...`, `name: T = ...`), and whether it is `+=`.
fn assigned(statement: &[u8]) -> Option<(&[u8], bool)> {
    let length = statement.iter().take_while(|&&b| is_word_byte(b)).count();
    if length == 0 {
        return None;
    }
    let name = &statement[..length];
    let rest = &statement[length..];
    let rest = &rest[rest
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .count()..];
    match rest {
        [b'+', b'=', ..] => Some((name, true)),
        [b'=', next, ..] if *next != b'=' => Some((name, false)),
        // An annotation, on the same line as its `=`.
        [b':', ..] => {
            let line = &rest[..memchr::memchr2(b'\n', b'\r', rest).unwrap_or(rest.len())];
            memchr::memchr(b'=', line)
                .filter(|&at| line.get(at + 1) != Some(&b'='))
                .map(|_| (name, false))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_what_the_graph_reads() {
        let text = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    \"\"\"Adds\nthings.\"\"\"\n    dependencies = [\n        (\"shop\", \"0001_initial\"),  # the first\n    ]\n    operations = [\n        migrations.RunSQL(\"dependencies = 1\"),\n    ]\n";
        let scan = scan(text, true).unwrap();
        assert_eq!(
            scan.text,
            "from django.db import migrations\nclass Migration(migrations.Migration):\n    dependencies = [\n        (\"shop\", \"0001_initial\"),  # the first\n    ]\n"
        );
        // Positions go back to where they are in the file.
        let at = |needle: &str| TextSize::new(scan.text.find(needle).unwrap() as u32);
        let real = |needle: &str| TextSize::new(text.find(needle).unwrap() as u32);
        let place = |line, column| LineCol { line, column };
        let source = crate::source::SourceFile::new(scan.text.clone());
        let position = |needle: &str| scan.position(at(needle), source.location(at(needle)));
        assert_eq!(
            position("(\"shop\""),
            Some((real("(\"shop\""), place(8, 9)))
        );
        assert_eq!(
            position("Migration("),
            Some((real("Migration("), place(4, 7)))
        );
    }

    #[test]
    fn what_it_is_unsure_of_is_read_in_full() {
        let django = |text: &str| scan(text, true).map(|s| s.text);
        assert!(django("from .base import Migration\n").is_none());
        assert!(django("if True:\n    class Migration:\n        dependencies = []\n").is_none());
        assert!(
            django("class Migration:\n    dependencies = []\n    dependencies += [('a', 'b')]\n")
                .is_none()
        );
        assert!(
            django("class Migration:\n    dependencies = []  # migcheck: ignore[MC302]\n")
                .is_none()
        );
        // Tab indentation, with or without the attributes.
        assert!(django("class Migration:\n\tdependencies = []\n").is_some());
        assert_eq!(
            django("class Migration:\n\toperations = []\n").unwrap(),
            "class Migration:\n\t...\n"
        );
        // No attribute the graph reads: the body becomes `...`.
        let bare = django("class Migration:\n    operations = [f(), g()]\n").unwrap();
        assert_eq!(bare, "class Migration:\n    ...\n");
        // What only reads like a statement: lines of a string, arguments of a call.
        assert!(
            django("class Migration:\n    operations = [f(\n    dependencies=[],\n    )]\n")
                .is_none()
        );
        // What an f-string only seems to close: the `)` inside `f"{")"}"` is in a string,
        // so the call goes on and `dependencies=` is one of its arguments.
        let call =
            "class Migration:\n    x = dict(f\"{\")\"}\",\n    dependencies=[('a', 'b')],\n    )\n";
        assert!(django(call).is_none());
        let alembic = |text: &str| scan(text, false).map(|s| s.text);
        assert!(alembic("revision = 'a'\ndef upgrade():\n    pass\n").is_none());
        assert!(
            alembic("\"\"\"x\nrevision = 'c1'\ndown_revision = None\ndef upgrade():\n\"\"\"\n")
                .is_none()
        );
        let revision = alembic(
            "\"\"\"x\nRevision ID: a\n\"\"\"\nrevision = 'a'\ndown_revision: str | None = None\n\n\ndef upgrade() -> None:\n    op.drop_table('t')\n",
        )
        .unwrap();
        assert_eq!(
            revision,
            "revision = 'a'\ndown_revision: str | None = None\ndef upgrade() -> None:\n    ...\n"
        );
    }
}

#[cfg(test)]
mod statements {
    use super::statement_end;

    /// The statements of `text`, one after another.
    fn split(text: &str) -> Vec<&str> {
        let mut at = 0;
        let mut found = Vec::new();
        while at < text.len() {
            let end = statement_end(text.as_bytes(), at);
            found.push(&text[at..end]);
            at = end;
        }
        found
    }

    #[test]
    fn strings_brackets_and_continued_lines() {
        assert_eq!(split("a = (1,\n2)\nb = 3\n"), ["a = (1,\n2)\n", "b = 3\n"]);
        assert_eq!(
            split("a = '''x\n)'''\nb = 1\n"),
            ["a = '''x\n)'''\n", "b = 1\n"]
        );
        assert_eq!(
            split("a = 1 + \\\n  2\nb = '(' # (\n"),
            ["a = 1 + \\\n  2\n", "b = '(' # (\n"]
        );
        // A one-quote string that is not closed ends with its line.
        assert_eq!(split("a = 'x\nb = 1\n"), ["a = 'x\n", "b = 1\n"]);
    }

    #[test]
    fn f_strings_as_python_3_12_reads_them() {
        // Strings in the same quote, brackets, comments and line breaks in replacement fields.
        assert_eq!(
            split("a = f\"{d[\"k\"]}\"\nb = 1\n"),
            ["a = f\"{d[\"k\"]}\"\n", "b = 1\n"]
        );
        assert_eq!(
            split("a = (f\"{\")\"}\",\nb)\nc = 1\n"),
            ["a = (f\"{\")\"}\",\nb)\n", "c = 1\n"]
        );
        assert_eq!(
            split("a = f\"{\", \".join([\n  x,  # )\n])}\"\nb = 1\n"),
            ["a = f\"{\", \".join([\n  x,  # )\n])}\"\n", "b = 1\n"]
        );
        // Nested f-strings, a format spec (the string's own text, with a field in it), `{{`.
        assert_eq!(
            split("a = f'{f\"{x!r:>{w}}\"}' + F'{{('\nb = 1\n"),
            ["a = f'{f\"{x!r:>{w}}\"}' + F'{{('\n", "b = 1\n"]
        );
        assert_eq!(
            split("a = f\"\"\"{x:\"^9}\n(\"\"\"\nb = 1\n"),
            ["a = f\"\"\"{x:\"^9}\n(\"\"\"\n", "b = 1\n"]
        );
        // Raw f-strings: a backslash escapes no brace. t-strings read like f-strings.
        assert_eq!(
            split("a = rf\"\\{x[\")\"]}\"\nb = t'{\"(\"}'\nc = 1\n"),
            ["a = rf\"\\{x[\")\"]}\"\n", "b = t'{\"(\"}'\n", "c = 1\n"]
        );
        // Letters before a quote that are no f prefix: a word, byte and raw strings.
        assert_eq!(
            split("if\"{\" : pass\nb = rb\"{\"\n"),
            ["if\"{\" : pass\n", "b = rb\"{\"\n"]
        );
    }
}

//! The graph's view of a migration, read without parsing all of it.
//!
//! With `--since`, a migration that did not change since the base is needed only for the
//! migration graph: its name, what it depends on, what it replaces. [`skeleton`] blanks out
//! everything else in its text (with spaces, keeping every line and every kept character
//! where it was) so that the ordinary extraction reads the rest in a fraction of the time,
//! with the same code and the same spans. Whatever it is not sure of (a `Migration` class
//! under an `if`, a name assigned twice, a suppression comment), it leaves to a full read.

/// Django `Migration` class attributes the graph reads.
const DJANGO_KEYS: &[&str] = &["dependencies", "replaces", "run_before"];
/// Alembic module attributes the graph reads.
const ALEMBIC_KEYS: &[&str] = &["revision", "down_revision", "branch_labels", "depends_on"];

/// The text with all but what the graph reads blanked out, or `None` to read it all.
pub fn skeleton(text: &str, django: bool) -> Option<String> {
    // Suppression comments may hide graph findings: they need the whole file.
    if text.contains("migcheck:") {
        return None;
    }
    let bytes = text.as_bytes();
    let mut keep = Vec::new();
    let mut placeholders = Vec::new();
    if django {
        django_skeleton(bytes, &mut keep, &mut placeholders)?;
    } else {
        alembic_skeleton(bytes, &mut keep, &mut placeholders)?;
    }
    let mut out: Vec<u8> = bytes
        .iter()
        .map(|&b| if b == b'\n' || b == b'\r' { b } else { b' ' })
        .collect();
    for (start, end) in keep {
        out[start..end].copy_from_slice(&bytes[start..end]);
    }
    for at in placeholders {
        out[at..at + 3].copy_from_slice(b"...");
    }
    String::from_utf8(out).ok()
}

/// Keeps the module's imports, the `class Migration` header and the attributes the graph
/// reads; a body with none of them gets `...`.
fn django_skeleton(
    bytes: &[u8],
    keep: &mut Vec<(usize, usize)>,
    body: &mut Vec<usize>,
) -> Option<()> {
    let mut class = None;
    for (start, end) in statements(bytes, 0) {
        if indent(bytes, start) != 0 {
            continue;
        }
        let line = &bytes[start..end];
        if starts_with_word(line, b"class") && word_after(line, 5) == b"Migration" {
            if class.is_some() {
                return None;
            }
            class = Some((start, end));
        } else if starts_with_word(line, b"import") || starts_with_word(line, b"from") {
            // `from .base import Migration`: that is for a full read to judge.
            if contains_word(line, b"Migration") {
                return None;
            }
            keep.push((start, end));
        } else if starts_with_word(line, b"Migration") {
            return None;
        }
    }
    let (header, header_end) = class?;
    keep.push((header, header_end));
    let mut body_indent = None;
    let mut seen = Vec::new();
    let mut first_line = None;
    for (start, end) in statements(bytes, header_end) {
        let indent = indent(bytes, start);
        let body = *body_indent.get_or_insert(indent);
        if indent == 0 {
            break;
        }
        if indent != body {
            continue;
        }
        first_line.get_or_insert(start);
        let statement = &bytes[start + indent..end];
        if let Some((key, augmented)) = assigned(statement)
            && DJANGO_KEYS.contains(&key.as_str())
        {
            if augmented || seen.contains(&key) {
                return None;
            }
            seen.push(key);
            keep.push((start, end));
        }
    }
    if seen.is_empty() {
        let line = first_line?;
        let indent = indent(bytes, line);
        // Room for `...` on a line that is blanked.
        if line_length(bytes, line) < indent + 3 {
            return None;
        }
        body.push(line + indent);
    }
    Some(())
}

/// Keeps `revision`, `down_revision`, `branch_labels`, `depends_on` and the `def upgrade`
/// header, whose body becomes `...`.
fn alembic_skeleton(
    bytes: &[u8],
    keep: &mut Vec<(usize, usize)>,
    body: &mut Vec<usize>,
) -> Option<()> {
    let mut seen = Vec::new();
    let mut upgrade = false;
    let mut after_upgrade = false;
    for (start, end) in statements(bytes, 0) {
        let indent = indent(bytes, start);
        if after_upgrade {
            after_upgrade = false;
            if indent == 0 || line_length(bytes, start) < indent + 3 {
                return None;
            }
            body.push(start + indent);
            continue;
        }
        if indent != 0 {
            continue;
        }
        let line = &bytes[start..end];
        if starts_with_word(line, b"def") && word_after(line, 3) == b"upgrade" {
            if upgrade || !line.trim_ascii_end().ends_with(b":") {
                return None;
            }
            upgrade = true;
            after_upgrade = true;
            keep.push((start, end));
        } else if let Some((key, augmented)) = assigned(line)
            && ALEMBIC_KEYS.contains(&key.as_str())
        {
            if augmented || seen.contains(&key) {
                return None;
            }
            seen.push(key);
            keep.push((start, end));
        }
    }
    let has = |key: &str| seen.iter().any(|k| k == key);
    (upgrade && has("revision") && has("down_revision")).then_some(())
}

/// The logical statements (lines joined by brackets, strings and backslashes) from `from`
/// on, as byte ranges including their line break; blank and comment lines are skipped.
fn statements(bytes: &[u8], from: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut at = from;
    std::iter::from_fn(move || {
        loop {
            if at >= bytes.len() {
                return None;
            }
            let line_end = next_line(bytes, at);
            let content = bytes[at..line_end].trim_ascii_start();
            if content.is_empty() || content[0] == b'#' {
                at = line_end;
                continue;
            }
            let start = at;
            at = statement_end(bytes, start);
            return Some((start, at));
        }
    })
}

/// Where the statement that starts at `start` ends: after the line break that closes it.
fn statement_end(bytes: &[u8], start: usize) -> usize {
    let mut depth = 0usize;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' && bytes[i] != b'\r' {
                    i += 1;
                }
                continue;
            }
            b'\'' | b'"' => {
                i = string_end(bytes, i);
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
    let mut j = i;
    while j < bytes.len() {
        match bytes[j] {
            b'\n' => return j + 1,
            b'\r' => {
                return if bytes.get(j + 1) == Some(&b'\n') {
                    j + 2
                } else {
                    j + 1
                };
            }
            _ => j += 1,
        }
    }
    bytes.len()
}

fn line_length(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .unwrap_or(bytes.len() - start)
}

/// The width of a line's indentation; a tab counts as more than any run of spaces would
/// need, so that mixed indentation never looks equal by accident.
fn indent(bytes: &[u8], start: usize) -> usize {
    bytes[start..]
        .iter()
        .take_while(|&&b| b == b' ' || b == b'\t')
        .map(|&b| if b == b'\t' { 1000 } else { 1 })
        .sum()
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80
}

fn starts_with_word(line: &[u8], word: &[u8]) -> bool {
    line.starts_with(word) && !line.get(word.len()).is_some_and(|&b| is_word_byte(b))
}

/// The word after the first `skip` bytes and the spaces that follow them.
fn word_after(line: &[u8], skip: usize) -> &[u8] {
    let rest = line.get(skip..).unwrap_or_default().trim_ascii_start();
    let length = rest.iter().take_while(|&&b| is_word_byte(b)).count();
    &rest[..length]
}

fn contains_word(text: &[u8], word: &[u8]) -> bool {
    text.windows(word.len()).enumerate().any(|(i, window)| {
        window == word
            && (i == 0 || !is_word_byte(text[i - 1]))
            && !text.get(i + word.len()).is_some_and(|&b| is_word_byte(b))
    })
}

/// The name a statement assigns (`name = ...`, `name: T = ...`), and whether it is `+=`.
fn assigned(statement: &[u8]) -> Option<(String, bool)> {
    let length = statement.iter().take_while(|&&b| is_word_byte(b)).count();
    if length == 0 {
        return None;
    }
    let name = String::from_utf8(statement[..length].to_vec()).ok()?;
    let rest = statement[length..].trim_ascii_start();
    match rest {
        [b'+', b'=', ..] => Some((name, true)),
        [b'=', next, ..] if *next != b'=' => Some((name, false)),
        // An annotation: its `=` comes before any bracket closes the statement.
        [b':', ..] => rest
            .iter()
            .position(|&b| b == b'=')
            .filter(|&at| rest.get(at + 1) != Some(&b'='))
            .map(|_| (name, false)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_all_but_what_the_graph_reads() {
        let text = "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    \"\"\"Adds\nthings.\"\"\"\n    dependencies = [\n        (\"shop\", \"0001_initial\"),  # the first\n    ]\n    operations = [\n        migrations.RunSQL(\"dependencies = 1\"),\n    ]\n";
        let skeleton = skeleton(text, true).unwrap();
        assert_eq!(skeleton.len(), text.len());
        assert!(skeleton.contains(
            "    dependencies = [\n        (\"shop\", \"0001_initial\"),  # the first\n    ]\n"
        ));
        assert!(!skeleton.contains("RunSQL"));
        assert!(!skeleton.contains("things"));
        assert_eq!(skeleton.lines().count(), text.lines().count());
    }

    #[test]
    fn what_it_is_unsure_of_is_read_in_full() {
        let django = |text: &str| skeleton(text, true);
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
        // No attribute the graph reads: the body becomes `...`.
        let bare = django("class Migration:\n    operations = [f(), g()]\n").unwrap();
        assert_eq!(
            bare,
            format!("class Migration:\n    ...{}\n", " ".repeat(20))
        );
        let alembic = |text: &str| skeleton(text, false);
        assert!(alembic("revision = 'a'\ndef upgrade():\n    pass\n").is_none());
        let revision = alembic(
            "\"\"\"x\nRevision ID: a\n\"\"\"\nrevision = 'a'\ndown_revision: str | None = None\n\n\ndef upgrade() -> None:\n    op.drop_table('t')\n",
        )
        .unwrap();
        assert!(revision.contains("revision = 'a'\ndown_revision: str | None = None\n"));
        assert!(revision.contains("def upgrade() -> None:\n    ...               \n"));
        assert!(!revision.contains("Revision ID"));
    }
}

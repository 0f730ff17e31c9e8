//! Source text of one file, and the mapping from byte offsets to line and column; and the
//! reading of files from disk, bounded, never blocking.

use std::io::Write;
use std::path::{Path, PathBuf};

use ruff_text_size::{TextRange, TextSize};

/// One file's text, as read (a leading UTF-8 byte-order mark removed), with its line starts.
#[derive(Debug)]
pub struct SourceFile {
    text: String,
    line_starts: Vec<u32>,
    /// Per line, whether it is all ASCII (its columns are byte offsets); empty when the
    /// whole text is. A column is then found in constant time, however long the line and
    /// however many positions on it are asked for.
    ascii_lines: Vec<bool>,
}

/// A 1-based line and 1-based column counted in characters, as editors show them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Where something is in a file: byte range plus resolved start and end positions.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Span {
    pub range: TextRange,
    pub start: LineCol,
    pub end: LineCol,
}

/// `3:5-3:20` (line:column of start and end), as `migcheck debug model` prints it.
impl std::fmt::Debug for Span {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (start, end) = (self.start, self.end);
        write!(
            f,
            "{}:{}-{}:{}",
            start.line, start.column, end.line, end.column
        )
    }
}

impl Span {
    /// Line 1, column 1: for findings about a whole file that has no better place.
    pub fn at_start() -> Self {
        let start = LineCol { line: 1, column: 1 };
        Span {
            range: TextRange::default(),
            start,
            end: start,
        }
    }
}

impl SourceFile {
    pub fn new(mut text: String) -> Self {
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let line_starts = line_starts(&text);
        let ascii_lines = if text.is_ascii() {
            Vec::new()
        } else {
            let ends = line_starts.iter().skip(1).map(|&end| end as usize);
            line_starts
                .iter()
                .zip(ends.chain([text.len()]))
                .map(|(&start, end)| text.as_bytes()[start as usize..end].is_ascii())
                .collect()
        };
        Self {
            text,
            line_starts,
            ascii_lines,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn location(&self, offset: TextSize) -> LineCol {
        let offset = u32::from(offset).min(self.text.len() as u32);
        let index = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[index] as usize;
        let end = floor_char_boundary(&self.text, offset as usize);
        let ascii = self.ascii_lines.get(index).is_none_or(|&ascii| ascii);
        let column = if ascii {
            end - start
        } else {
            self.text[start..end].chars().count()
        };
        LineCol {
            line: index as u32 + 1,
            column: column as u32 + 1,
        }
    }

    pub fn span(&self, range: TextRange) -> Span {
        Span {
            range,
            start: self.location(range.start()),
            end: self.location(range.end()),
        }
    }

    /// The text of a 1-based line, without its line break.
    pub fn line(&self, line: u32) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1) as usize) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line as usize)
            .map_or(self.text.len(), |&next| next as usize);
        self.text[start as usize..end].trim_end_matches(['\n', '\r'])
    }

    /// The span of a whole 1-based line, without its line break (its indentation skipped).
    pub fn line_span(&self, line: u32) -> Span {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1) as usize) else {
            return Span::default();
        };
        let text = self.line(line);
        let indent = text.len() - text.trim_start().len();
        let start = TextSize::new(start + indent as u32);
        let end = start + TextSize::new(text.trim().len() as u32);
        self.span(TextRange::new(start, end))
    }

    /// The source text of a range.
    pub fn slice(&self, range: TextRange) -> &str {
        &self.text[range]
    }
}

/// Why the bytes of a Python file are not text.
#[derive(Debug, PartialEq, Eq)]
pub enum Undecodable {
    /// Not valid in the file's encoding, from this byte offset (the start of the file when
    /// the decoder does not say where).
    Invalid { encoding: String, offset: usize },
    /// The coding declaration names an encoding Python does not have.
    UnknownEncoding(String),
}

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Undecodable::Invalid { encoding, .. } => write!(f, "file is not valid {encoding}"),
            Undecodable::UnknownEncoding(name) => {
                write!(
                    f,
                    "the coding declaration names `{name}`, an encoding Python does not know"
                )
            }
        }
    }
}

/// A Python file's text: UTF-8, unless a coding declaration (PEP 263) in its first two lines
/// names another encoding, as Python reads it. The bytes come back when they are not text.
pub fn decode(bytes: Vec<u8>) -> Result<String, (Undecodable, Vec<u8>)> {
    let Some(name) = coding_declaration(&bytes) else {
        return utf8(bytes);
    };
    // Python's own spellings first: WHATWG's labels (encoding_rs) take `latin-1` and
    // `ascii` for windows-1252.
    let normal = name.to_ascii_lowercase().replace('_', "-");
    let encoding = match normal.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "cp65001" => return utf8(bytes),
        "latin-1" | "latin1" | "latin" | "l1" | "iso-8859-1" | "iso8859-1" | "iso-latin-1"
        | "8859" | "cp819" | "iso-ir-100" => {
            return Ok(bytes.iter().map(|&byte| char::from(byte)).collect());
        }
        "ascii" | "us-ascii" | "646" => {
            return match bytes.iter().position(|byte| !byte.is_ascii()) {
                None => Ok(String::from_utf8(bytes).expect("ASCII is UTF-8")),
                Some(offset) => Err((
                    Undecodable::Invalid {
                        encoding: "ASCII".to_string(),
                        offset,
                    },
                    bytes,
                )),
            };
        }
        _ if normal.starts_with("utf-8-") => return utf8(bytes),
        _ => encoding_rs::Encoding::for_label(normal.as_bytes()),
    };
    // No Python codec decodes a source file as UTF-16 or as WHATWG's `replacement`.
    let Some(encoding) = encoding
        .filter(|encoding| encoding.is_ascii_compatible() && *encoding != encoding_rs::REPLACEMENT)
    else {
        return Err((Undecodable::UnknownEncoding(name), bytes));
    };
    match encoding.decode_without_bom_handling_and_without_replacement(&bytes) {
        Some(text) => Ok(text.into_owned()),
        None => Err((
            Undecodable::Invalid {
                encoding: encoding.name().to_string(),
                offset: 0,
            },
            bytes,
        )),
    }
}

fn utf8(bytes: Vec<u8>) -> Result<String, (Undecodable, Vec<u8>)> {
    String::from_utf8(bytes).map_err(|error| {
        let offset = error.utf8_error().valid_up_to();
        (
            Undecodable::Invalid {
                encoding: "UTF-8".to_string(),
                offset,
            },
            error.into_bytes(),
        )
    })
}

/// The encoding a coding declaration names: a comment matching `coding[:=]\s*([-\w.]+)` on
/// the first line, or on the second when the first is blank or a comment. A file that starts
/// with a UTF-8 byte-order mark is UTF-8 whatever it says.
fn coding_declaration(bytes: &[u8]) -> Option<String> {
    if bytes.starts_with("\u{feff}".as_bytes()) {
        return None;
    }
    let mut lines = bytes.split(|&byte| byte == b'\n' || byte == b'\r');
    let first = lines.next()?;
    let trimmed = |line: &'_ [u8]| -> usize {
        line.iter()
            .position(|byte| !matches!(byte, b' ' | b'\t' | b'\x0c'))
            .unwrap_or(line.len())
    };
    let declared = |line: &[u8]| -> Option<String> {
        let comment = &line[trimmed(line)..];
        if comment.first() != Some(&b'#') {
            return None;
        }
        let at = memchr::memmem::find_iter(comment, b"coding")
            .find(|&at| matches!(comment.get(at + 6), Some(b':' | b'=')))?;
        let rest = &comment[at + 7..];
        let rest = &rest[trimmed(rest)..];
        let end = rest
            .iter()
            .position(|&byte| !(byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.')))
            .unwrap_or(rest.len());
        (end > 0).then(|| String::from_utf8_lossy(&rest[..end]).into_owned())
    };
    if let Some(name) = declared(first) {
        return Some(name);
    }
    let rest = &first[trimmed(first)..];
    if !(rest.is_empty() || rest[0] == b'#') {
        return None;
    }
    // `\r\n` splits into the line and an empty piece.
    let second =
        if bytes.get(first.len()) == Some(&b'\r') && bytes.get(first.len() + 1) == Some(&b'\n') {
            lines.nth(1)
        } else {
            lines.next()
        };
    declared(second?)
}

/// Python ends a line at `\n`, `\r\n` or a lone `\r`.
fn line_starts(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut starts = vec![0];
    for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // `\r\n` ends one line, at its `\n`.
        if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            continue;
        }
        starts.push(i as u32 + 1);
    }
    starts
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The largest file read. Parsing takes about twenty times a file's size in memory; no
/// migration comes near this.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// Reads a regular file. What discovery saw as a file may be something else by now (a FIFO
/// that would block a read forever, a directory): that is an error, never a hang. So is a
/// file over [`MAX_FILE_BYTES`].
pub fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    read_regular(path, MAX_FILE_BYTES, too_large)
}

/// A path as text, `/`-separated. On Unix a file name need not be UTF-8 (and Python imports
/// such a module all the same), and a name may hold a newline or an escape sequence: a byte
/// that is not UTF-8 or is part of a control character is written `\xNN` and a backslash
/// `\\`, so the text prints safely (in a terminal, in a CI log's workflow commands) and
/// [`text_path`] gives the same path back.
pub fn path_text(path: &Path) -> String {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        bytes_text(path.as_os_str().as_bytes())
    }
    #[cfg(not(unix))]
    {
        path.to_string_lossy().replace('\\', "/")
    }
}

/// A path git recorded (bytes, whatever the platform), as [`path_text`] writes it.
pub fn bytes_text(bytes: &[u8]) -> String {
    let plain = |c: char| c != '\\' && !c.is_control();
    if let Ok(text) = std::str::from_utf8(bytes)
        && text.chars().all(plain)
    {
        return text.to_string();
    }
    let mut text = String::with_capacity(bytes.len() + 8);
    let escape = |text: &mut String, bytes: &[u8]| {
        for byte in bytes {
            text.push_str(&format!("\\x{byte:02x}"));
        }
    };
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => text.push_str("\\\\"),
                c if plain(c) => text.push(c),
                c => escape(&mut text, c.encode_utf8(&mut [0; 4]).as_bytes()),
            }
        }
        escape(&mut text, chunk.invalid());
    }
    text
}

/// The path that [`path_text`] wrote as `text`.
pub fn text_path(text: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStringExt;
        if !text.contains('\\') {
            return PathBuf::from(text);
        }
        let mut bytes = Vec::with_capacity(text.len());
        let mut rest = text.as_bytes();
        while let Some((&first, tail)) = rest.split_first() {
            rest = tail;
            if first != b'\\' {
                bytes.push(first);
                continue;
            }
            match rest {
                [b'\\', tail @ ..] => {
                    bytes.push(b'\\');
                    rest = tail;
                }
                [b'x', high, low, tail @ ..]
                    if high.is_ascii_hexdigit() && low.is_ascii_hexdigit() =>
                {
                    let digit = |d: u8| (d as char).to_digit(16).unwrap_or(0) as u8;
                    bytes.push(digit(*high) << 4 | digit(*low));
                    rest = tail;
                }
                // Not written by `path_text`: taken as it stands.
                _ => bytes.push(b'\\'),
            }
        }
        PathBuf::from(std::ffi::OsString::from_vec(bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(text)
    }
}

/// The largest file read that is not a migration: configuration, a baseline, an ignore file.
pub const MAX_TEXT_BYTES: u64 = 16 << 20;

/// Reads a file migcheck reads beside the migrations (configuration, a baseline, an ignore
/// file) as text: a regular file of at most [`MAX_TEXT_BYTES`], never a FIFO that would block
/// or a device that never ends.
pub fn read_text(path: &Path) -> std::io::Result<String> {
    let bytes = read_regular(path, MAX_TEXT_BYTES, || {
        std::io::Error::other(format!(
            "the file is over {} MB, more than migcheck reads",
            MAX_TEXT_BYTES >> 20
        ))
    })?;
    String::from_utf8(bytes)
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

fn read_regular(
    path: &Path,
    max: u64,
    too_large: impl Fn() -> std::io::Error,
) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path)?;
    let metadata = file.metadata()?;
    if !metadata.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    if metadata.len() > max {
        return Err(too_large());
    }
    // One read for the size the file has: a read that stops short once that much is in is
    // at the end (a second read to see it say so costs a call for every migration). One
    // that fills the room left is not: the file grew while it was read.
    let size = metadata.len() as usize;
    let mut bytes = vec![0; size + 1];
    let mut filled = 0;
    loop {
        if filled == bytes.len() {
            if filled as u64 > max {
                return Err(too_large());
            }
            bytes.resize((filled * 2).min(max as usize + 1), 0);
        }
        match file.read(&mut bytes[filled..]) {
            Ok(0) => break,
            Ok(read) => {
                filled += read;
                if filled >= size && filled < bytes.len() {
                    break;
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// Why a file over [`MAX_FILE_BYTES`] is not read.
pub fn too_large() -> std::io::Error {
    std::io::Error::other(format!(
        "the file is over {} MB, too large to be a migration",
        MAX_FILE_BYTES >> 20
    ))
}

/// A digest of a source text, to know it again when it is read a second time (foldhash, with
/// a fixed seed; not for anything an adversary chooses). Every migration gets one, so it must
/// cost little.
pub fn digest(text: &str) -> u64 {
    use std::hash::BuildHasher;
    foldhash::quality::FixedState::with_seed(0x517c_c1b7_2722_0a95).hash_one(text)
}

/// Replaces the file at `path` with `contents` at once: written to a new file beside it,
/// then renamed over it, so that a reader sees the old text or the new, never a part, and a
/// symbolic link at `path` is replaced, not written through. The new file gets `mode` (Unix
/// permissions), else those of the file it replaces, else read-write for its owner and
/// readable by all.
pub fn write_atomically(path: &Path, contents: &[u8], mode: Option<u32>) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut file = tempfile::Builder::new()
        .prefix(".migcheck-")
        .tempfile_in(dir)?;
    file.write_all(contents)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let existing = std::fs::symlink_metadata(path)
            .ok()
            .filter(std::fs::Metadata::is_file)
            .map(|metadata| metadata.permissions().mode() & 0o7777);
        let mode = mode.or(existing).unwrap_or(0o644);
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_digest_tells_texts_apart() {
        let text: String = (0..200u8).map(|i| char::from(b'a' + i % 26)).collect();
        let mut seen = std::collections::HashSet::new();
        // Every length (whole blocks, words and bytes left over), and a change at every place.
        for length in 0..text.len() {
            assert!(seen.insert(digest(&text[..length])), "length {length}");
        }
        for at in 0..text.len() {
            let mut changed = text.clone().into_bytes();
            changed[at] = b'#';
            let changed = String::from_utf8(changed).unwrap();
            assert!(seen.insert(digest(&changed)), "change at {at}");
        }
        assert_eq!(digest(&text), digest(&text.clone()));
    }

    #[cfg(unix)]
    #[test]
    fn paths_as_text_are_escaped_and_give_the_same_path_back() {
        use std::os::unix::ffi::OsStrExt;
        for (bytes, text) in [
            (
                &b"app/migrations/0001_initial.py"[..],
                "app/migrations/0001_initial.py",
            ),
            (b"a/0002_caf\xe9.py", "a/0002_caf\\xe9.py"),
            (b"a/0003_\x1b[2J\n.py", "a/0003_\\x1b[2J\\x0a.py"),
            (b"a/\\x41\\.py", "a/\\\\x41\\\\.py"),
            ("a/\u{85}é.py".as_bytes(), "a/\\xc2\\x85é.py"),
        ] {
            let path = Path::new(std::ffi::OsStr::from_bytes(bytes));
            assert_eq!(path_text(path), text);
            assert_eq!(text_path(text), path, "{text}");
        }
        // What `path_text` never writes is taken as it stands.
        assert_eq!(text_path("a\\xg\\"), Path::new("a\\xg\\"));
    }

    #[test]
    fn columns_count_characters_and_all_line_endings() {
        let source = SourceFile::new("a\r\nbé = 1\rc\nd".to_string());
        let at = |n: u32| source.location(TextSize::new(n));
        assert_eq!(at(0), LineCol { line: 1, column: 1 });
        assert_eq!(at(3), LineCol { line: 2, column: 1 });
        // `é` is two bytes but one column.
        assert_eq!(at(6), LineCol { line: 2, column: 3 });
        assert_eq!(at(11), LineCol { line: 3, column: 1 });
        assert_eq!(at(13), LineCol { line: 4, column: 1 });
        assert_eq!(source.line(2), "bé = 1");
        assert_eq!(source.line(3), "c");
        assert_eq!(source.line(9), "");
    }

    #[test]
    fn coding_declarations_decide_the_encoding() {
        let decoded = |bytes: &[u8]| decode(bytes.to_vec()).map_err(|(why, _)| why);
        assert_eq!(
            decoded(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").unwrap(),
            "# -*- coding: latin-1 -*-\nx = '\u{e9}'\n"
        );
        // Python's latin-1 is not windows-1252: 0x80 is U+0080, not the euro sign.
        assert!(
            decoded(b"# coding=iso-8859-1\n\x80")
                .unwrap()
                .ends_with('\u{80}')
        );
        assert!(
            decoded(b"#!/usr/bin/env python\r\n# vim: set fileencoding=cp1252 :\r\n\x80")
                .unwrap()
                .ends_with('\u{20ac}')
        );
        assert_eq!(
            decoded(b"# coding: koi8-r\n\xc1").unwrap(),
            "# coding: koi8-r\n\u{430}"
        );
        // Only the first two lines, and the second only below a comment or a blank line.
        assert!(decoded(b"x = 1\n# coding: latin-1\n\xe9").is_err());
        assert!(decoded(b"\n\n# coding: latin-1\n\xe9").is_err());
        assert_eq!(
            decoded(b"# coding: ascii\n\xe9"),
            Err(Undecodable::Invalid {
                encoding: "ASCII".to_string(),
                offset: 16
            })
        );
        assert_eq!(
            decoded(b"# coding: klingon\n"),
            Err(Undecodable::UnknownEncoding("klingon".to_string()))
        );
        assert!(decoded("\u{feff}# coding: latin-1\n\u{e9}".as_bytes()).is_ok());
    }

    #[test]
    fn byte_order_mark_is_not_text() {
        let source = SourceFile::new("\u{feff}x = 1\n".to_string());
        assert_eq!(source.text(), "x = 1\n");
        assert_eq!(source.location(TextSize::new(0)).column, 1);
    }
}

//! The baseline: findings accepted when a project adopts migcheck, so that later runs show
//! only new ones without editing old migration files. A finding is matched by rule, path and
//! a fingerprint of the flagged source in its normal form (the one the history stage
//! compares), never by line number: moving code around, reformatting it, changing its quotes
//! or comments does not bring it back.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

/// The default file name, in the configuration's directory.
pub const DEFAULT_FILE: &str = ".migcheck-baseline.json";

/// The format written; version 1 fingerprinted the text with its whitespace folded.
const VERSION: u32 = 2;

#[derive(Debug, Serialize, Deserialize)]
struct File {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Entry {
    code: String,
    /// Relative to the baseline file's directory, `/`-separated.
    path: String,
    fingerprint: String,
    /// For people reading the file; not matched.
    message: String,
}

/// Accepted findings, counted per (code, path, fingerprint).
#[derive(Debug, Default)]
pub struct Baseline {
    accepted: HashMap<(String, String, String), usize>,
    /// The directory paths in the file are relative to.
    root: PathBuf,
}

/// A stable 64-bit FNV-1a hash, the same in every build and every version: baseline files
/// keep its values, so it is written out here rather than taken from a crate (foldhash, used
/// for everything held only in memory, promises no stable output across its versions).
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// The fingerprint of a finding: its code and the flagged source in normal form (or, for
/// text that is not code on its own, its words).
pub fn fingerprint(code: &str, text: &str) -> String {
    use std::hash::Hasher;
    let mut hasher = Fnv::default();
    hasher.write(code.as_bytes());
    hasher.write_u8(0);
    if !crate::extract::hash_fragment(text, &mut hasher) {
        for word in text.split_whitespace() {
            hasher.write(word.as_bytes());
            hasher.write_u8(b' ');
        }
    }
    format!("{:016x}", hasher.finish())
}

/// Gives each finding its fingerprint, and lets go of the text it is made of.
pub fn fingerprint_all(diagnostics: &mut [Diagnostic]) {
    for diagnostic in diagnostics {
        diagnostic.fingerprint =
            fingerprint(diagnostic.rule.code(), diagnostic.fingerprinted_text());
        diagnostic.flagged = String::new();
    }
}

/// A stable hash of some text, in hex.
pub fn hash(text: &str) -> String {
    use std::hash::Hasher;
    let mut hasher = Fnv::default();
    hasher.write(text.as_bytes());
    format!("{:016x}", hasher.finish())
}

/// `path` (as shown, relative to `cwd`) relative to `root`.
fn relative(path: &str, cwd: &Path, root: &Path) -> String {
    let absolute = crate::discover::absolute(Path::new(path), cwd);
    let root = crate::discover::absolute(root, cwd);
    absolute
        .strip_prefix(&root)
        .map(crate::source::path_text)
        .unwrap_or_else(|_| path.to_string())
}

impl Baseline {
    /// Reads a baseline file; a missing file is an empty baseline.
    pub fn load(path: &Path) -> Result<Self, String> {
        let text = match crate::source::read_text(path) {
            Ok(text) => Some(text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("{}: cannot read the baseline: {e}", path.display())),
        };
        Self::parse(text.as_deref(), path, path)
    }

    /// A baseline from its text (`None`: there is no baseline file); `path` is where it is,
    /// `shown` how messages name it (`1a2b3c4d5e6f:.migcheck-baseline.json` when read from
    /// a commit).
    pub fn parse(text: Option<&str>, path: &Path, shown: &Path) -> Result<Self, String> {
        let root = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        let Some(text) = text else {
            return Ok(Baseline {
                root,
                ..Baseline::default()
            });
        };
        let file: File = serde_json::from_str(text).map_err(|e| {
            format!(
                "{}: not a migcheck baseline ({e}); write a new one with `migcheck baseline`",
                shown.display()
            )
        })?;
        if file.version != VERSION {
            return Err(format!(
                "{}: a baseline of format {} (this migcheck reads {VERSION}); write a new one with `migcheck baseline`",
                shown.display(),
                file.version
            ));
        }
        let mut accepted = HashMap::new();
        for entry in file.findings {
            *accepted
                .entry((entry.code, entry.path, entry.fingerprint))
                .or_default() += 1;
        }
        Ok(Baseline { accepted, root })
    }

    /// Drops the accepted findings; returns how many.
    pub fn apply(&mut self, diagnostics: &mut Vec<Diagnostic>, cwd: &Path) -> usize {
        let before = diagnostics.len();
        diagnostics.retain(|d| {
            let key = (
                d.rule.code().to_string(),
                relative(&d.path, cwd, &self.root),
                d.fingerprint.clone(),
            );
            match self.accepted.get_mut(&key) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
        before - diagnostics.len()
    }
}

/// Writes `diagnostics` as the baseline at `path`, at once (a symbolic link there is
/// replaced, never written through).
pub fn write(path: &Path, diagnostics: &[Diagnostic], cwd: &Path) -> std::io::Result<()> {
    let root = path.parent().unwrap_or(Path::new("."));
    let mut findings: Vec<Entry> = diagnostics
        .iter()
        .map(|d| Entry {
            code: d.rule.code().to_string(),
            path: relative(&d.path, cwd, root),
            fingerprint: d.fingerprint.clone(),
            message: d.message.clone(),
        })
        .collect();
    findings.sort();
    let file = File {
        version: VERSION,
        findings,
    };
    let mut text = serde_json::to_string_pretty(&file).map_err(std::io::Error::other)?;
    text.push('\n');
    crate::source::write_atomically(path, text.as_bytes(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_ignore_layout_quotes_and_comments_but_not_content() {
        let a = fingerprint("MC201", "migrations.RunPython(forwards, hints={'a': 1})");
        let wrapped =
            "migrations.RunPython(\n    forwards,  # no way back\n    hints={\"a\": 1},\n)";
        assert_eq!(a, fingerprint("MC201", wrapped));
        assert_ne!(
            a,
            fingerprint("MC201", "migrations.RunPython(backwards, hints={'a': 1})")
        );
        assert_ne!(
            a,
            fingerprint("MC202", "migrations.RunPython(forwards, hints={'a': 1})")
        );
        // SQL is compared by its tokens.
        assert_eq!(
            fingerprint("MC508", "op.execute('CREATE INDEX i ON t (a)')"),
            fingerprint(
                "MC508",
                "op.execute(\"\"\"\n    CREATE INDEX i\n    ON t (a)\n\"\"\")"
            ),
        );
        // Not code on its own: its words.
        assert_eq!(
            fingerprint("MC001", "def (:"),
            fingerprint("MC001", "def  (:\n")
        );
        assert_eq!(hash(""), "cbf29ce484222325");
    }
}

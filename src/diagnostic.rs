//! Findings as data. Rules make them; renderers turn them into text.

use crate::registry::{Rule, Severity};
use crate::source::{SourceFile, Span};

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    /// The rule's severity in this run (configurable per rule).
    pub severity: Severity,
    /// As shown to the user: relative to the working directory, `/`-separated.
    pub path: String,
    pub span: Span,
    /// What is wrong, in the user's names.
    pub message: String,
    /// What to do instead.
    pub help: Option<String>,
    /// The first source line of the span, for display: all of it, or a window of a long line
    /// around the span's start.
    pub snippet: Option<Snippet>,
    /// Identifies the finding without line numbers: the rule and the flagged text, filled in
    /// when a run needs it (see `baseline::fingerprint`).
    pub fingerprint: String,
    /// The source text at `span`, which the fingerprint is made of (empty: the message).
    pub flagged: String,
    /// Made without the source text at hand: `snippet` and `flagged` wait for
    /// [`Diagnostic::locate`].
    pub pending: bool,
}

impl Diagnostic {
    /// A finding at `span` of `source`; severity is the rule's default until settings apply.
    pub fn new(
        rule: Rule,
        path: &str,
        source: Option<&SourceFile>,
        span: Span,
        message: impl Into<String>,
    ) -> Self {
        let mut diagnostic = Self::pending(rule, path, span, message);
        diagnostic.locate(source);
        diagnostic
    }

    /// A finding whose file's text is not at hand: [`Diagnostic::locate`] completes it.
    pub fn pending(rule: Rule, path: &str, span: Span, message: impl Into<String>) -> Self {
        Self {
            rule,
            severity: rule.default_severity(),
            path: path.to_string(),
            span,
            fingerprint: String::new(),
            flagged: String::new(),
            message: message.into(),
            help: None,
            snippet: None,
            pending: true,
        }
    }

    /// Fills in the source line and the flagged text from the file's text (without it, the
    /// fingerprint is made of the message).
    pub fn locate(&mut self, source: Option<&SourceFile>) {
        if let Some(source) = source {
            self.flagged = source.slice(self.span.range).to_string();
        }
        self.snippet =
            source.map(|source| Snippet::of(source.line(self.span.start.line), self.span));
        self.pending = false;
    }

    /// What the fingerprint is made of: the flagged source text, or the message.
    pub fn fingerprinted_text(&self) -> &str {
        if self.flagged.is_empty() {
            &self.message
        } else {
            &self.flagged
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Output order: path, line, column, rule code.
    pub fn sort_key(&self) -> (&str, u32, u32, &'static str) {
        (
            &self.path,
            self.span.start.line,
            self.span.start.column,
            self.rule.code(),
        )
    }
}

/// A source line, or a window of it when it is long (a generated file, a minified line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    /// The 1-based column of the line where `text` starts.
    pub column: u32,
    /// Whether the line goes on after `text`.
    pub cut: bool,
}

impl Snippet {
    /// Characters of a line shown at most.
    const WIDTH: usize = 160;
    /// Characters shown before the span's start, when the line is cut.
    const BEFORE: usize = 40;

    fn of(line: &str, span: Span) -> Self {
        let length = line.chars().count();
        if length <= Self::WIDTH {
            return Self {
                text: line.to_string(),
                column: 1,
                cut: false,
            };
        }
        let start = (span.start.column as usize)
            .saturating_sub(1 + Self::BEFORE)
            .min(length.saturating_sub(Self::WIDTH));
        Self {
            text: line.chars().skip(start).take(Self::WIDTH).collect(),
            column: start as u32 + 1,
            cut: start + Self::WIDTH < length,
        }
    }
}

/// The outcome of a check: findings in output order, and what was looked at.
#[derive(Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// Candidate files read.
    pub files: usize,
    /// Of those, migrations recognised.
    pub migrations: usize,
    /// Findings the baseline hid.
    pub baselined: usize,
    /// Findings suppression comments and `per-file-ignores` hid.
    pub suppressed: usize,
    /// What the head's configuration tried to loosen, held at the base's value (`--since`).
    pub held: Vec<Held>,
    /// The working directory relative to the repository's top (`""` at the top), inside a
    /// git repository: the `github`, `sarif`, `gitlab` and `junit` formats name paths from
    /// there, as the services that read them do.
    pub repository_prefix: Option<String>,
    /// The migrations checked, by path (for formats that list what passed).
    pub checked: Vec<String>,
}

impl Report {
    /// A finding's path (relative to the working directory) from the repository's top, in
    /// a repository; else as it is.
    pub fn repository_path<'a>(&self, path: &'a str) -> std::borrow::Cow<'a, str> {
        let Some(prefix) = self.repository_prefix.as_deref().filter(|p| !p.is_empty()) else {
            return path.into();
        };
        if path.starts_with('/') {
            return path.into();
        }
        let mut parts: Vec<&str> = prefix.split('/').collect();
        for part in path.split('/') {
            match part {
                "." => {}
                ".." if parts.pop().is_some() => {}
                // Above the repository's top: as it is.
                ".." => return path.into(),
                part => parts.push(part),
            }
        }
        parts.join("/").into()
    }

    /// Adds the findings and counts of another run of the same check (another project of
    /// a monorepo), keeping output order.
    pub fn merge(&mut self, other: Report) {
        self.diagnostics.extend(other.diagnostics);
        self.diagnostics.sort_by(|a, b| {
            a.sort_key()
                .cmp(&b.sort_key())
                .then(a.message.cmp(&b.message))
        });
        self.files += other.files;
        self.migrations += other.migrations;
        self.baselined += other.baselined;
        self.suppressed += other.suppressed;
        self.checked.extend(other.checked);
        self.held.extend(other.held);
        if self.repository_prefix.is_none() {
            self.repository_prefix = other.repository_prefix;
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// A setting the head's configuration tried to loosen, held at the base's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    /// The key, as the configuration names it.
    pub key: String,
    /// What the head's configuration says, and what the run does instead.
    pub message: String,
}

impl std::fmt::Display for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{}`: {}", self.key, self.message)
    }
}

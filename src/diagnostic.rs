//! Findings as data. Rules make them; renderers turn them into text.

use serde::Serialize;

use crate::rules::Rule;
use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

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
    /// The first source line of the span, for display.
    pub snippet: Option<String>,
    /// Identifies the finding without line numbers: the rule and the flagged text (see
    /// `baseline`).
    pub fingerprint: String,
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
        let message = message.into();
        let flagged = match source {
            Some(source) if !span.range.is_empty() => source.slice(span.range),
            _ => &message,
        };
        Self {
            rule,
            severity: rule.default_severity(),
            path: path.to_string(),
            span,
            fingerprint: crate::baseline::fingerprint(rule.code(), flagged),
            message,
            help: None,
            snippet: source.map(|source| source.line(span.start.line).to_string()),
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
    /// The migrations checked, by path (for formats that list what passed).
    pub checked: Vec<String>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

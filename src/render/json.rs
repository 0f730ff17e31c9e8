//! `--format json`: one document, described in docs/json-output.md.

use std::io::{self, Write};

use serde::Serialize;

use crate::diagnostic::Report;
use crate::registry::Severity;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    diagnostics: Vec<Finding<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Finding<'a> {
    code: &'static str,
    name: &'static str,
    severity: Severity,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    message: &'a str,
    help: Option<&'a str>,
}

/// `--statistics`: the findings counted per rule instead of listed.
#[derive(Serialize)]
struct Statistics {
    version: u32,
    statistics: Vec<RuleCount>,
    summary: Summary,
}

#[derive(Serialize)]
struct RuleCount {
    code: &'static str,
    name: &'static str,
    count: usize,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    migrations: usize,
    errors: usize,
    warnings: usize,
    /// Findings suppression comments and `per-file-ignores` hid.
    suppressed: usize,
    /// Findings the baseline accepts.
    baselined: usize,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Document {
        version: 1,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| Finding {
                code: d.rule.code(),
                name: d.rule.name(),
                severity: d.severity,
                path: &d.path,
                line: d.span.start.line,
                column: d.span.start.column,
                end_line: d.span.end.line,
                end_column: d.span.end.column,
                message: &d.message,
                help: d.help.as_deref(),
            })
            .collect(),
        summary: Summary::of(report),
    };
    // Written whole: the serializer's many small writes cost less into memory.
    let mut text = serde_json::to_vec_pretty(&document)?;
    text.push(b'\n');
    out.write_all(&text)
}

pub fn statistics(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = Statistics {
        version: 1,
        statistics: super::rule_counts(report)
            .into_iter()
            .map(|(rule, count)| RuleCount {
                code: rule.code(),
                name: rule.name(),
                count,
            })
            .collect(),
        summary: Summary::of(report),
    };
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

impl Summary {
    fn of(report: &Report) -> Self {
        Summary {
            files: report.files,
            migrations: report.migrations,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            suppressed: report.suppressed,
            baselined: report.baselined,
        }
    }
}

//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues).

use std::io::{self, Write};

use serde_json::json;

use crate::diagnostic::Report;
use crate::registry::Severity;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let issues: Vec<_> = report
        .diagnostics
        .iter()
        .zip(super::unique_fingerprints(report))
        .map(|(d, fingerprint)| {
            json!({
                "type": "issue",
                "check_name": format!("{} {}", d.rule.code(), d.rule.name()),
                "description": match &d.help {
                    Some(help) => format!("{} (help: {help})", d.message),
                    None => d.message.clone(),
                },
                "categories": ["Bug Risk"],
                "severity": match d.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                    Severity::Info => "info",
                },
                "fingerprint": fingerprint,
                "location": {
                    "path": report.repository_path(&d.path),
                    "lines": { "begin": d.span.start.line.max(1), "end": d.span.end.line.max(d.span.start.line).max(1) },
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

//! `--format gitlab`: a GitLab Code Quality report (a JSON array of issues).

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::json;

use crate::diagnostic::{Report, Severity};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // Fingerprints must be unique in a report: a second finding with the same text gets
    // its occurrence number.
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    let issues: Vec<_> = report
        .diagnostics
        .iter()
        .map(|d| {
            let occurrence = seen.entry((d.path.as_str(), d.fingerprint.as_str())).or_default();
            *occurrence += 1;
            let fingerprint = crate::baseline::hash(&format!(
                "{}\0{}\0{}\0{}",
                d.rule.code(),
                d.path,
                d.fingerprint,
                occurrence
            ));
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
                    "path": d.path,
                    "lines": { "begin": d.span.start.line.max(1), "end": d.span.end.line.max(d.span.start.line).max(1) },
                },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

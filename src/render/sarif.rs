//! `--format sarif`: SARIF 2.1.0, one run, every rule described, a result per finding.

use std::io::{self, Write};

use serde_json::{Value, json};

use crate::diagnostic::Report;
use crate::registry::Severity;
use crate::registry::{self, Rule};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn rule(rule: Rule) -> Value {
    let mut descriptor = json!({
        "id": rule.code(),
        "name": rule.name(),
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": rule.summary() },
        "help": { "text": rule.doc(), "markdown": rule.doc() },
        "defaultConfiguration": {
            "level": if rule.enabled_by_default() { level(rule.default_severity()) } else { "none" },
        },
        "properties": { "tags": ["migrations"] },
    });
    descriptor["helpUri"] = json!(format!(
        "{}/blob/main/rules/{}.md",
        env!("CARGO_PKG_REPOSITORY").trim_end_matches('/'),
        rule.code()
    ));
    descriptor
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let results: Vec<Value> = report
        .diagnostics
        .iter()
        .zip(super::unique_fingerprints(report))
        .map(|(d, fingerprint)| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            json!({
                "ruleId": d.rule.code(),
                "ruleIndex": registry::ALL.iter().position(|r| *r == d.rule),
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {
                            "uri": report.repository_path(&d.path),
                            "uriBaseId": "%SRCROOT%",
                        },
                        "region": {
                            "startLine": d.span.start.line.max(1),
                            "startColumn": d.span.start.column.max(1),
                            "endLine": d.span.end.line.max(d.span.start.line).max(1),
                            "endColumn": d.span.end.column.max(1),
                        },
                    },
                }],
                "partialFingerprints": { "migcheck/v1": fingerprint },
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "migcheck",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": registry::ALL.iter().map(|r| rule(*r)).collect::<Vec<_>>(),
                },
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &document)?;
    writeln!(out)
}

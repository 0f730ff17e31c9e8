//! `--format github`: one GitHub Actions workflow command per finding, shown as an annotation.

use std::io::{self, Write};

use crate::diagnostic::Report;
use crate::registry::Severity;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&report.repository_path(&d.path)),
            d.span.start.line,
            d.span.start.column,
            d.span.end.line,
            d.span.end.column,
            escape_property(&format!("{} {}", d.rule.code(), d.rule.name())),
            escape_data(&message),
        )?;
    }
    // Hidden findings are said once, where the job's summary shows them.
    let mut hidden = Vec::new();
    if report.suppressed > 0 {
        hidden.push(format!(
            "{} suppressed by comments or per-file-ignores",
            report.suppressed
        ));
    }
    if report.baselined > 0 {
        hidden.push(format!("{} accepted by the baseline", report.baselined));
    }
    if !hidden.is_empty() {
        writeln!(
            out,
            "::notice title=migcheck::{} {} not reported: {}",
            report.suppressed + report.baselined,
            if report.suppressed + report.baselined == 1 {
                "finding"
            } else {
                "findings"
            },
            escape_data(&hidden.join(", "))
        )?;
    }
    Ok(())
}

/// Escapes a message as the workflow-command syntax requires, and the control characters
/// a log viewer would act on as the human format does.
fn escape_data(text: &str) -> String {
    let text = text
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    super::printable(&text).into_owned()
}

/// Escapes a property value: as data, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_github_requires() {
        assert_eq!(escape_data("50%\r\nnext"), "50%25%0D%0Anext");
        assert_eq!(escape_property("a,b:c"), "a%2Cb%3Ac");
        assert_eq!(escape_data("\u{1b}]0;x\u{7}"), "\\x1b]0;x\\x07");
    }
}

//! The default output, for people: `path:line:col: CODE message`, the source line with the
//! span underlined, a `help:` line, and a summary.

use std::io::{self, Write};

use owo_colors::{OwoColorize, Style};

use super::RenderOptions;
use crate::diagnostic::{Diagnostic, Report};
use crate::registry::Severity;

struct Painter {
    color: bool,
}

impl Painter {
    fn paint(&self, text: &str, style: Style) -> String {
        if self.color {
            text.style(style).to_string()
        } else {
            text.to_string()
        }
    }

    fn severity(&self, text: &str, severity: Severity) -> String {
        let style = match severity {
            Severity::Error => Style::new().red().bold(),
            Severity::Warning => Style::new().yellow().bold(),
            Severity::Info => Style::new().cyan().bold(),
        };
        self.paint(text, style)
    }
}

pub fn render(report: &Report, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    let painter = Painter {
        color: options.color,
    };
    for diagnostic in &report.diagnostics {
        write_diagnostic(diagnostic, &painter, out)?;
    }
    if !options.quiet {
        writeln!(out, "{}", summary(report))?;
    }
    Ok(())
}

fn write_diagnostic(d: &Diagnostic, painter: &Painter, out: &mut dyn Write) -> io::Result<()> {
    // File names, messages that quote them and source lines can hold control characters:
    // shown escaped (`super::printable`), never sent to the terminal.
    let location = format!(
        "{}:{}:{}:",
        super::printable(&d.path),
        d.span.start.line,
        d.span.start.column
    );
    writeln!(
        out,
        "{} {} {}",
        painter.paint(&location, Style::new().bold()),
        painter.severity(d.rule.code(), d.severity),
        super::printable(&d.message)
    )?;
    let blue = Style::new().blue().bold();
    if let Some(snippet) = d.snippet.as_ref().filter(|s| !s.text.trim().is_empty()) {
        let line_number = d.span.start.line.to_string();
        let gutter = " ".repeat(line_number.len());
        // A long line is shown as a window, marked `…` where it is cut.
        let before = if snippet.column > 1 { "…" } else { "" };
        let text = format!(
            "{before}{}{}",
            super::printable(&snippet.text.replace('\t', " ")),
            if snippet.cut { "…" } else { "" }
        );
        let width = text.chars().count() as u32;
        let shift = snippet.column - 1;
        let column = |column: u32| {
            (column.saturating_sub(1 + shift) + before.len().min(1) as u32).min(width)
        };
        let start = column(d.span.start.column);
        let end = if d.span.end.line == d.span.start.line {
            column(d.span.end.column)
        } else {
            width
        };
        let snippet = text;
        let carets = "^".repeat(end.saturating_sub(start).max(1) as usize);
        writeln!(out, "{gutter} {}", painter.paint("|", blue))?;
        writeln!(
            out,
            "{} {} {snippet}",
            painter.paint(&line_number, blue),
            painter.paint("|", blue)
        )?;
        writeln!(
            out,
            "{gutter} {} {}{}",
            painter.paint("|", blue),
            " ".repeat(start as usize),
            painter.severity(&carets, d.severity)
        )?;
    }
    if let Some(help) = &d.help {
        let gutter = " ".repeat(d.span.start.line.to_string().len());
        writeln!(
            out,
            "{gutter} {} {}",
            painter.paint("= help:", Style::new().bold()),
            super::printable(help)
        )?;
    }
    writeln!(out)
}

/// The last line: counts of findings, migrations and files.
fn summary(report: &Report) -> String {
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let infos = report.count(Severity::Info);
    let mut checked = format!(
        "{} in {}",
        plural(report.migrations, "migration"),
        plural(report.files, "file")
    );
    if report.suppressed > 0 {
        checked.push_str(&format!("; {} suppressed", report.suppressed));
    }
    if report.baselined > 0 {
        checked.push_str(&format!("; {} accepted by the baseline", report.baselined));
    }
    if errors + warnings + infos == 0 {
        return format!("All checks passed: {checked}.");
    }
    let mut parts = vec![plural(errors, "error"), plural(warnings, "warning")];
    if infos > 0 {
        parts.push(plural(infos, "note"));
    }
    format!("Found {} ({checked}).", parts.join(", "))
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `--statistics`: one line per rule with findings, most frequent first.
pub fn statistics(report: &Report, options: RenderOptions, out: &mut dyn Write) -> io::Result<()> {
    for (rule, count) in super::rule_counts(report) {
        writeln!(out, "{count:>5}\t{}\t{}", rule.code(), rule.name())?;
    }
    if !options.quiet {
        writeln!(out, "{}", summary(report))?;
    }
    Ok(())
}

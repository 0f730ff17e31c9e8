//! Render: findings as text for people or machines. Output order is the report's order.

mod github;
mod gitlab;
pub mod graph;
mod human;
mod json;
mod junit;
mod sarif;

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use clap::ValueEnum;

use crate::diagnostic::Report;
use crate::registry::Rule;

#[derive(Debug, Clone, Copy, Default)]
pub struct RenderOptions {
    pub color: bool,
    pub quiet: bool,
    pub statistics: bool,
}

pub fn render(
    report: &Report,
    format: Format,
    options: RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human if options.statistics => human::statistics(report, options, out),
        Format::Human => human::render(report, options, out),
        Format::Json if options.statistics => json::statistics(report, out),
        Format::Json => json::render(report, out),
        Format::Github => github::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
    }
}

/// `text` with each control character (ESC, BEL, … , DEL and the C1 range) written as an
/// escape (`\x1b`), so that a file name or a source line cannot move the cursor, ring the
/// bell or recolour a terminal or a log; tabs are kept.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(|c| c.is_control() && c != '\t') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if c.is_control() && c != '\t' => out.push_str(&escaped(c)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A character as an escape: `\x1b`, `\u{ffff}`.
fn escaped(c: char) -> String {
    match c as u32 {
        code @ 0..=0xff => format!("\\x{code:02x}"),
        code => format!("\\u{{{code:x}}}"),
    }
}

/// One fingerprint per finding, for the formats that track findings across runs (SARIF,
/// GitLab): the finding's path, the fingerprint of its text, and which occurrence of that
/// text in the file it is. Unique in a report, and unchanged when lines move.
fn unique_fingerprints(report: &Report) -> Vec<String> {
    let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
    report
        .diagnostics
        .iter()
        .map(|d| {
            let occurrence = seen
                .entry((d.path.as_str(), d.fingerprint.as_str()))
                .or_default();
            *occurrence += 1;
            crate::baseline::hash(&format!(
                "{}\0{}\0{}\0{}",
                d.rule.code(),
                d.path,
                d.fingerprint,
                occurrence
            ))
        })
        .collect()
}

/// `--statistics`: the number of findings per rule, most first, then by code.
fn rule_counts(report: &Report) -> Vec<(Rule, usize)> {
    let mut counts: BTreeMap<Rule, usize> = BTreeMap::new();
    for diagnostic in &report.diagnostics {
        *counts.entry(diagnostic.rule).or_default() += 1;
    }
    let mut rows: Vec<_> = counts.into_iter().collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    rows
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    /// For people: location, message, source line and help.
    #[default]
    Human,
    /// One JSON document (see docs/json-output.md).
    Json,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// JUnit XML: one test case per migration, a failure per migration with errors.
    Junit,
    /// GitLab Code Quality report.
    Gitlab,
}

impl Format {
    /// The name `--format` takes.
    pub fn name(self) -> String {
        self.to_possible_value()
            .map(|value| value.get_name().to_string())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Whether output to a stream gets colour: `--color always|never`, else the environment
/// (`NO_COLOR` set turns it off; `FORCE_COLOR`, or `CLICOLOR_FORCE` other than `0`, on;
/// `TERM=dumb` off), else whether the stream is a terminal.
pub fn color(choice: ColorChoice, terminal: bool) -> bool {
    color_with(choice, terminal, &|name| std::env::var_os(name))
}

/// [`color`], with the environment read by `var`.
fn color_with(
    choice: ColorChoice,
    terminal: bool,
    var: &dyn Fn(&str) -> Option<std::ffi::OsString>,
) -> bool {
    let set = |name: &str| var(name).filter(|value| !value.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR").is_some() => false,
        ColorChoice::Auto
            if set("FORCE_COLOR").is_some()
                || set("CLICOLOR_FORCE").is_some_and(|value| value != "0") =>
        {
            true
        }
        ColorChoice::Auto => terminal && set("TERM").is_none_or(|term| term != "dumb"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_shown_escaped() {
        assert_eq!(super::printable("a\tb"), "a\tb");
        assert_eq!(
            super::printable("x\u{1b}[31m\u{7}\u{7f}\u{9b}\n"),
            "x\\x1b[31m\\x07\\x7f\\x9b\\x0a"
        );
    }

    #[test]
    fn colour_follows_the_flag_then_the_environment_then_the_terminal() {
        let with = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(key, _)| *key == name)
                    .map(|(_, value)| value.into())
            }
        };
        let auto = |terminal, vars| color_with(ColorChoice::Auto, terminal, &with(vars));
        assert!(auto(true, &[]));
        assert!(!auto(false, &[]));
        assert!(!auto(true, &[("TERM", "dumb")]));
        assert!(auto(true, &[("TERM", "xterm-256color")]));
        assert!(!auto(true, &[("NO_COLOR", "1")]));
        assert!(auto(true, &[("NO_COLOR", "")]));
        assert!(auto(false, &[("FORCE_COLOR", "1")]));
        assert!(auto(false, &[("CLICOLOR_FORCE", "1"), ("TERM", "dumb")]));
        assert!(!auto(false, &[("CLICOLOR_FORCE", "0")]));
        assert!(!auto(false, &[("FORCE_COLOR", "1"), ("NO_COLOR", "1")]));
        let never = color_with(ColorChoice::Never, true, &with(&[("FORCE_COLOR", "1")]));
        let always = color_with(ColorChoice::Always, false, &with(&[("NO_COLOR", "1")]));
        assert!(!never && always);
    }
}

//! Suppress: `# migcheck: ignore[CODE]` comments, `# migcheck: ignore-file[CODE]`, the
//! configuration's `per-file-ignores`, and the baseline. A suppression comment that suppresses
//! nothing is itself a finding (MC002), as ruff does for `noqa`.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::rules::{self, Rule, RuleSet};
use crate::source::{SourceFile, Span};

/// One `# migcheck: ignore...` comment.
#[derive(Debug, Clone)]
pub struct Suppression {
    pub span: Span,
    /// The rules it names, as written; empty: every rule.
    pub rules: Vec<String>,
    /// `ignore-file`: the whole file.
    pub file: bool,
    /// The comment is alone on its line (so it also covers the line below).
    pub own_line: bool,
    /// What else it covers: the operation it is written in or right above (all of it), the
    /// `upgrade()` / `downgrade()` it is written in (the `def` line).
    pub reach: Vec<Span>,
}

impl Suppression {
    fn covers_line(&self, diagnostic: &Diagnostic) -> bool {
        if self.file {
            return true;
        }
        let line = self.span.start.line;
        let (start, end) = (
            diagnostic.span.start.line,
            diagnostic.span.end.line.max(diagnostic.span.start.line),
        );
        (start..=end).contains(&line)
            || (self.own_line && line + 1 == start)
            || self
                .reach
                .iter()
                .any(|region| region.start.line <= start && end <= region.end.line)
    }

    /// Whether the comment is inside `region`, or alone on the line above it.
    fn attached_to(&self, region: &Span) -> bool {
        let line = self.span.start.line;
        (region.start.line..=region.end.line).contains(&line)
            || (self.own_line && line + 1 == region.start.line)
    }

    fn names(&self, name: &str, rule: Rule) -> bool {
        name.eq_ignore_ascii_case(rule.code()) || name == rule.name()
    }
}

/// The suppression comments of a file, given its comments' byte ranges.
pub fn parse(
    source: &SourceFile,
    comments: impl Iterator<Item = ruff_text_size::TextRange>,
) -> Vec<Suppression> {
    let mut found = Vec::new();
    for range in comments {
        let text = source.slice(range);
        let Some(at) = text.find("migcheck:") else {
            continue;
        };
        let directive = text[at + "migcheck:".len()..].trim_start();
        let (file, rest) = if let Some(rest) = directive.strip_prefix("ignore-file") {
            (true, rest)
        } else if let Some(rest) = directive.strip_prefix("ignore") {
            (false, rest)
        } else {
            continue;
        };
        let rules = match rest.strip_prefix('[') {
            Some(list) => match list.split_once(']') {
                Some((list, _)) => list
                    .split(',')
                    .map(|name| name.trim().to_string())
                    .filter(|name| !name.is_empty())
                    .collect(),
                None => continue,
            },
            // `ignore` alone, or followed by a reason.
            None if rest.is_empty() || rest.starts_with(char::is_whitespace) => Vec::new(),
            None => continue,
        };
        let span = source.span(range);
        let own_line = source.line(span.start.line).trim_start().starts_with('#');
        found.push(Suppression {
            span,
            rules,
            file,
            own_line,
            reach: Vec::new(),
        });
    }
    found
}

/// Widens the comments' reach over `regions`: a comment inside a region's extent, or alone
/// on the line above it, also covers what the region covers. A finding about SQL points at
/// the string, yet the comment sits above the whole `RunSQL(`; one about an empty
/// `downgrade()` points at its `def` line, yet the comment sits in its body.
pub fn widen(suppressions: &mut [Suppression], regions: &[(Span, Span)]) {
    for suppression in suppressions.iter_mut().filter(|s| !s.file) {
        for (extent, covers) in regions {
            if suppression.attached_to(extent) {
                suppression.reach.push(*covers);
            }
        }
    }
}

/// Drops the findings that comments suppress, and reports the comments that suppress
/// nothing (for files in `checked`, with rules that ran).
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    suppressions: &HashMap<String, Vec<Suppression>>,
    checked: &dyn Fn(&str) -> bool,
    selected: &RuleSet,
) {
    // (path, index of the comment, name in it) that suppressed something
    let mut used: HashSet<(String, usize, Option<String>)> = HashSet::new();
    diagnostics.retain(|diagnostic| {
        let Some(comments) = suppressions.get(&diagnostic.path) else {
            return true;
        };
        for (index, comment) in comments.iter().enumerate() {
            if !comment.covers_line(diagnostic) {
                continue;
            }
            if comment.rules.is_empty() {
                used.insert((diagnostic.path.clone(), index, None));
                return false;
            }
            if let Some(name) = comment
                .rules
                .iter()
                .find(|name| comment.names(name, diagnostic.rule))
            {
                used.insert((diagnostic.path.clone(), index, Some(name.clone())));
                return false;
            }
        }
        true
    });
    if !selected.contains(&Rule::UnusedSuppression) {
        return;
    }
    let mut paths: Vec<&String> = suppressions.keys().collect();
    paths.sort();
    for path in paths {
        if !checked(path) {
            continue;
        }
        for (index, comment) in suppressions[path].iter().enumerate() {
            let unused: Vec<String> = if comment.rules.is_empty() {
                if used.contains(&(path.clone(), index, None)) {
                    continue;
                }
                vec!["every rule".to_string()]
            } else {
                comment
                    .rules
                    .iter()
                    .filter(|name| !used.contains(&(path.clone(), index, Some((*name).clone()))))
                    .filter(|name| match Rule::from_code_or_name(name) {
                        Some(rule) => selected.contains(&rule),
                        None => true,
                    })
                    .cloned()
                    .collect()
            };
            if unused.is_empty() {
                continue;
            }
            let unknown: Vec<&String> = unused
                .iter()
                .filter(|name| {
                    comment.rules.contains(name) && Rule::from_code_or_name(name).is_none()
                })
                .collect();
            let message = if let Some(name) = unknown.first() {
                let hint = rules::suggest(name)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                format!("suppression names an unknown rule `{name}`{hint}")
            } else {
                format!(
                    "suppression of {} matches no finding",
                    unused
                        .iter()
                        .map(|name| if name == "every rule" {
                            name.clone()
                        } else {
                            format!("`{name}`")
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let mut diagnostic =
                Diagnostic::new(Rule::UnusedSuppression, path, None, comment.span, message)
                    .with_help("remove it, or the rules it names that no longer apply");
            diagnostic.snippet = None;
            diagnostics.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_text_size::{TextRange, TextSize};

    fn comments(text: &str) -> Vec<Suppression> {
        let source = SourceFile::new(text.to_string());
        // One comment per line, from its first `#`.
        let mut ranges = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if let Some(at) = line.find('#') {
                let end = offset + line.trim_end().len();
                ranges.push(TextRange::new(
                    TextSize::new((offset + at) as u32),
                    TextSize::new(end as u32),
                ));
            }
            offset += line.len();
        }
        parse(&source, ranges.into_iter())
    }

    #[test]
    fn parses_the_forms() {
        let found = comments(
            "x = 1  # migcheck: ignore[MC201, drop-column] data is gone\n# migcheck: ignore-file[MC502]\ny = 2  # noqa: E501 # migcheck: ignore\nz = 3  # migcheck: ignored\n",
        );
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].rules, ["MC201", "drop-column"]);
        assert!(!found[0].own_line && !found[0].file);
        assert!(found[1].file && found[1].own_line);
        assert!(found[2].rules.is_empty());
    }
}

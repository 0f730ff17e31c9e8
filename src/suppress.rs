//! Suppress: `# migcheck: ignore[CODE]` comments, `# migcheck: ignore-file[CODE]`, the
//! configuration's `per-file-ignores`, and the baseline. A suppression comment that suppresses
//! nothing is itself a finding (MC002), as ruff does for `noqa`; so is one without a reason
//! when the configuration asks for reasons (MC004). A comment that a change adds cannot hide
//! the findings of the history rules ([`registry::HISTORY`]) about that change.

use std::collections::{HashMap, HashSet};

use crate::diagnostic::Diagnostic;
use crate::model::Suppression;
use crate::registry::{self, Rule, RuleSet};
use crate::source::{SourceFile, Span};

impl Suppression {
    fn covers_line(&self, diagnostic: &Diagnostic) -> bool {
        if self.file {
            // `ignore-file` without a list suppresses nothing: one word must not turn off
            // every rule in a file.
            return !self.rules.is_empty();
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

    /// What makes two comments the same one: the kind, and the rules named (by code).
    fn key(&self) -> (bool, Vec<String>) {
        let mut rules: Vec<String> = self
            .rules
            .iter()
            .map(|name| match Rule::from_code_or_name(name) {
                Some(rule) => rule.code().to_string(),
                None => name.to_ascii_uppercase(),
            })
            .collect();
        rules.sort();
        (self.file, rules)
    }

    /// How the comment is written, for messages.
    fn directive(&self) -> String {
        let kind = if self.file { "ignore-file" } else { "ignore" };
        match self.rules.as_slice() {
            [] => format!("# migcheck: {kind}"),
            rules => format!("# migcheck: {kind}[{}]", rules.join(", ")),
        }
    }
}

/// Marks the comments of a file's head version that are in its base version too (`at_base`):
/// the same kind naming the same rules, wherever it moved; each comment at the base stands
/// for one at head, in file order.
pub fn mark_at_base(head: &mut [Suppression], base: &[Suppression]) {
    let mut at_base: HashMap<(bool, Vec<String>), usize> = HashMap::new();
    for suppression in base {
        *at_base.entry(suppression.key()).or_default() += 1;
    }
    for suppression in head {
        if let Some(count) = at_base.get_mut(&suppression.key())
            && *count > 0
        {
            *count -= 1;
            suppression.at_base = true;
        }
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
        let (rules, reason) = match rest.strip_prefix('[') {
            Some(list) => match list.split_once(']') {
                Some((list, reason)) => (
                    list.split(',')
                        .map(|name| name.trim().to_string())
                        .filter(|name| !name.is_empty())
                        .collect(),
                    reason,
                ),
                None => continue,
            },
            // `ignore` alone, or followed by a reason.
            None if rest.is_empty() || rest.starts_with(char::is_whitespace) => (Vec::new(), rest),
            None => continue,
        };
        let span = source.span(range);
        let own_line = source.line(span.start.line).trim_start().starts_with('#');
        found.push(Suppression {
            span,
            rules,
            file,
            reason: !reason.trim().is_empty(),
            at_base: false,
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
/// nothing (for files in `checked`, with rules that ran); returns how many findings were
/// suppressed. A history rule's finding is suppressed only by a comment that is in the file
/// at the base; one that the change adds is named in the finding instead.
pub fn apply(
    diagnostics: &mut Vec<Diagnostic>,
    suppressions: &HashMap<String, Vec<Suppression>>,
    checked: &dyn Fn(&str) -> bool,
    selected: &RuleSet,
) -> usize {
    // (path, index of the comment, name in it) that matched a finding
    let mut used: HashSet<(String, usize, Option<String>)> = HashSet::new();
    let before = diagnostics.len();
    diagnostics.retain_mut(|diagnostic| {
        let Some(comments) = suppressions.get(&diagnostic.path) else {
            return true;
        };
        let history = registry::HISTORY.contains(&diagnostic.rule);
        let mut refused: Vec<&Suppression> = Vec::new();
        for (index, comment) in comments.iter().enumerate() {
            if !comment.covers_line(diagnostic) {
                continue;
            }
            let name = if comment.rules.is_empty() {
                None
            } else {
                match comment
                    .rules
                    .iter()
                    .find(|name| comment.names(name, diagnostic.rule))
                {
                    Some(name) => Some(name.clone()),
                    None => continue,
                }
            };
            used.insert((diagnostic.path.clone(), index, name));
            if !history || comment.at_base {
                return false;
            }
            refused.push(comment);
        }
        if let Some(comment) = refused.first() {
            diagnostic.message.push_str(&format!(
                "; the `{}` comment on line {} does not count: it is not in the file at the base, and a change cannot suppress what it does to a migration that exists there",
                comment.directive(),
                comment.span.start.line
            ));
        }
        true
    });
    let suppressed = before - diagnostics.len();
    if !selected.contains(&Rule::UnusedSuppression) {
        return suppressed;
    }
    for path in sorted_paths(suppressions) {
        if !checked(path) {
            continue;
        }
        for (index, comment) in suppressions[path].iter().enumerate() {
            if comment.file && comment.rules.is_empty() {
                diagnostics.push(unused(
                    path,
                    comment,
                    "`ignore-file` without a list of rules suppresses nothing".to_string(),
                    "name the rules it is for: `# migcheck: ignore-file[MC201]`",
                ));
                continue;
            }
            let unused_names: Vec<String> = if comment.rules.is_empty() {
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
            if unused_names.is_empty() {
                continue;
            }
            let unknown: Vec<&String> = unused_names
                .iter()
                .filter(|name| {
                    comment.rules.contains(name) && Rule::from_code_or_name(name).is_none()
                })
                .collect();
            let message = if let Some(name) = unknown.first() {
                let hint = registry::suggest(name)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                format!("suppression names an unknown rule `{name}`{hint}")
            } else {
                format!(
                    "suppression of {} matches no finding",
                    unused_names
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
            diagnostics.push(unused(
                path,
                comment,
                message,
                "remove it, or the rules it names that no longer apply",
            ));
        }
    }
    suppressed
}

/// Reports the comments without a reason (`require-suppression-reason`), in files in
/// `checked`; a comment that is in the file at the base is not the change's doing.
pub fn require_reasons(
    diagnostics: &mut Vec<Diagnostic>,
    suppressions: &HashMap<String, Vec<Suppression>>,
    checked: &dyn Fn(&str) -> bool,
) {
    for path in sorted_paths(suppressions) {
        if !checked(path) {
            continue;
        }
        for comment in &suppressions[path] {
            if comment.reason || comment.at_base || (comment.file && comment.rules.is_empty()) {
                continue;
            }
            let mut diagnostic = Diagnostic::new(
                Rule::SuppressionWithoutReason,
                path,
                None,
                comment.span,
                format!("`{}` gives no reason", comment.directive()),
            )
            .with_help(format!(
                "write after it why the finding does not apply here, for the reviewer: `{} <why it is safe>`",
                comment.directive()
            ));
            diagnostic.snippet = None;
            diagnostics.push(diagnostic);
        }
    }
}

fn sorted_paths(suppressions: &HashMap<String, Vec<Suppression>>) -> Vec<&String> {
    let mut paths: Vec<&String> = suppressions.keys().collect();
    paths.sort();
    paths
}

/// An MC002 finding on a comment.
fn unused(path: &str, comment: &Suppression, message: String, help: &str) -> Diagnostic {
    let mut diagnostic =
        Diagnostic::new(Rule::UnusedSuppression, path, None, comment.span, message).with_help(help);
    diagnostic.snippet = None;
    diagnostic
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
        assert!(found[0].reason && !found[1].reason && !found[2].reason);
    }

    #[test]
    fn comments_at_the_base_are_matched_by_kind_and_rules_once_each() {
        let base = comments("a = 1  # migcheck: ignore[MC101] regenerated on purpose\n");
        let mut head = comments(
            "# moved and reworded\nb = 2\na = 1  # migcheck: ignore[edited-migration] still\nc = 3  # migcheck: ignore[MC101]\nd = 4  # migcheck: ignore-file[MC101]\n",
        );
        mark_at_base(&mut head, &base);
        let at_base: Vec<bool> = head.iter().map(|s| s.at_base).collect();
        assert_eq!(at_base, [true, false, false]);
    }
}

//! The rule registry: every rule's code, name, default severity, scope and documentation, in one
//! table. `--select`, `migcheck rules`, `migcheck rule CODE`, the renderers and the AGENTS.md
//! section of `migcheck init` all read it. The checks themselves are in `rules/`.

use serde::Serialize;

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

/// The projects a rule can report on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameworkScope {
    /// Django migrations and Alembic revisions alike.
    Any,
    Django,
    Alembic,
}

macro_rules! registry {
    ($($variant:ident = $code:literal, $name:literal, $severity:ident, $enabled:literal, $scope:ident;)*) => {
        /// A rule, identified by its stable code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant,)* }

        /// Every rule, in code order.
        pub const ALL: &[Rule] = &[$(Rule::$variant,)*];

        impl Rule {
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }
            /// The kebab-case name.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }
            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }
            /// Whether the rule runs when nothing selects or ignores it.
            pub fn enabled_by_default(self) -> bool {
                match self { $(Rule::$variant => $enabled,)* }
            }
            /// Which projects the rule can report on.
            pub fn scope(self) -> FrameworkScope {
                match self { $(Rule::$variant => FrameworkScope::$scope,)* }
            }
            /// The rule's documentation: `rules/<CODE>.md`.
            pub fn doc(self) -> &'static str {
                match self { $(Rule::$variant => include_str!(concat!("../rules/", $code, ".md")),)* }
            }
        }
    };
}

registry! {
    ParseError = "MC001", "parse-error", Error, true, Any;
    UnusedSuppression = "MC002", "unused-suppression", Warning, true, Any;
    NotAMigration = "MC003", "not-a-migration", Error, true, Django;
    SuppressionWithoutReason = "MC004", "suppression-without-reason", Error, true, Any;
    EditedMigration = "MC101", "edited-migration", Error, true, Any;
    DeletedMigration = "MC102", "deleted-migration", Error, true, Any;
    RenamedMigration = "MC103", "renamed-migration", Error, true, Django;
    ReformattedMigration = "MC104", "reformatted-migration", Info, false, Any;
    ReverseEdited = "MC105", "reverse-edited", Info, false, Any;
    RunPythonWithoutReverse = "MC201", "runpython-without-reverse", Error, true, Django;
    RunSqlWithoutReverse = "MC202", "runsql-without-reverse", Error, true, Django;
    MissingDowngrade = "MC203", "missing-downgrade", Error, true, Alembic;
    EmptyDowngrade = "MC204", "empty-downgrade", Error, true, Alembic;
    DowngradeMismatch = "MC205", "downgrade-mismatch", Warning, true, Alembic;
    ConflictingLeaves = "MC301", "conflicting-leaves", Error, true, Django;
    UnknownDependency = "MC302", "unknown-dependency", Error, true, Any;
    MultipleHeads = "MC303", "multiple-heads", Error, true, Alembic;
    DuplicateRevision = "MC304", "duplicate-revision", Error, true, Alembic;
    MergeConflict = "MC305", "merge-conflict", Error, true, Any;
    RunPythonImportsModel = "MC401", "runpython-imports-model", Error, true, Django;
    RunPythonUndefinedFunction = "MC402", "runpython-undefined-function", Error, true, Django;
    BookkeepingTableWrite = "MC403", "bookkeeping-table-write", Error, true, Any;
    AddNotNullWithoutDefault = "MC501", "add-not-null-without-default", Warning, true, Any;
    DropColumn = "MC502", "drop-column", Warning, true, Any;
    DropTable = "MC503", "drop-table", Warning, true, Any;
    RenameColumn = "MC504", "rename-column", Warning, true, Any;
    RenameTable = "MC505", "rename-table", Warning, true, Any;
    SetNotNull = "MC506", "set-not-null", Warning, true, Any;
    AlterColumnType = "MC507", "alter-column-type", Warning, true, Any;
    IndexNotConcurrent = "MC508", "index-not-concurrent", Warning, true, Any;
    ConcurrentInTransaction = "MC509", "concurrent-in-transaction", Error, true, Any;
    ConstraintValidatedOnAdd = "MC510", "constraint-validated-on-add", Warning, true, Any;
    UnboundedDataChange = "MC511", "unbounded-data-change", Warning, true, Any;
}

impl Rule {
    /// A rule by code (`MC201`, any case) or name (`runpython-without-reverse`).
    pub fn from_code_or_name(text: &str) -> Option<Rule> {
        ALL.iter()
            .copied()
            .find(|rule| rule.code().eq_ignore_ascii_case(text) || rule.name() == text)
    }

    /// What an agent must do so that the rule never fires, from its doc's "For coding agents"
    /// section (the base branch written as `main`), for the AGENTS.md section `init` prints.
    pub fn agents_line(self) -> String {
        let section = self
            .doc()
            .split("\n## For coding agents\n")
            .nth(1)
            .unwrap_or_default();
        let paragraph = section.split("\n## ").next().unwrap_or_default();
        paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The first sentence under "What it does".
    pub fn summary(self) -> String {
        let doc = self.doc();
        let section = doc
            .split("## What it does")
            .nth(1)
            .unwrap_or_default()
            .trim_start();
        let paragraph = section.split("\n\n").next().unwrap_or_default();
        let text = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        // The first ". " outside a code span (`ALTER TABLE ... ADD COLUMN` is no end).
        let mut in_code = false;
        let end = text.char_indices().find(|&(at, c)| {
            in_code ^= c == '`';
            !in_code && c == '.' && text[at + 1..].starts_with(' ')
        });
        match end {
            Some((end, _)) => text[..=end].to_string(),
            None => text,
        }
    }
}

/// A set of rules: those a run selects, or those a suppression names.
pub type RuleSet = std::collections::BTreeSet<Rule>;

/// The history rules: what a change did to migrations that exist at the base. A suppression
/// comment that the change itself adds cannot hide their findings.
pub const HISTORY: &[Rule] = &[
    Rule::EditedMigration,
    Rule::DeletedMigration,
    Rule::RenamedMigration,
    Rule::MergeConflict,
];

/// Rules selected by `--select` / `--ignore` words: a code, a code prefix (`MC2`), a name or `ALL`.
pub fn matching(selector: &str) -> Option<Vec<Rule>> {
    if selector.eq_ignore_ascii_case("ALL") {
        return Some(ALL.to_vec());
    }
    if let Some(rule) = Rule::from_code_or_name(selector) {
        return Some(vec![rule]);
    }
    let upper = selector.to_ascii_uppercase();
    let prefixed: Vec<Rule> = ALL
        .iter()
        .copied()
        .filter(|rule| upper.len() >= 3 && rule.code().starts_with(&upper))
        .collect();
    (!prefixed.is_empty()).then_some(prefixed)
}

/// The closest known code or name to a misspelt selector, for "did you mean".
pub fn suggest(selector: &str) -> Option<&'static str> {
    let words = ALL.iter().flat_map(|rule| [rule.code(), rule.name()]);
    crate::config::closest(selector, words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_doc_titled_with_its_code_and_name() {
        for &rule in ALL {
            let title = format!("# {} {}", rule.code(), rule.name());
            assert!(rule.doc().starts_with(&title), "{} doc title", rule.code());
            assert!(!rule.summary().is_empty(), "{} summary", rule.code());
            assert!(
                !rule.agents_line().is_empty(),
                "{} for coding agents",
                rule.code()
            );
        }
    }

    #[test]
    fn selectors_take_codes_names_prefixes_and_all() {
        assert_eq!(matching("mc201"), Some(vec![Rule::RunPythonWithoutReverse]));
        assert_eq!(
            matching("empty-downgrade"),
            Some(vec![Rule::EmptyDowngrade])
        );
        assert_eq!(matching("MC20").map(|r| r.len()), Some(5));
        assert_eq!(matching("MC30").map(|r| r.len()), Some(5));
        assert_eq!(matching("MC1").map(|r| r.len()), Some(5));
        assert_eq!(matching("ALL").map(|r| r.len()), Some(ALL.len()));
        assert_eq!(matching("MC999"), None);
        assert_eq!(
            suggest("runpython-without-revers"),
            Some("runpython-without-reverse")
        );
    }
}

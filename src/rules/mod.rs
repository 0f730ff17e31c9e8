//! The rule registry: every rule's code, name, default severity, scope and documentation, in one
//! table. `--select`, `migcheck rules`, `migcheck rule CODE`, the renderers and the AGENTS.md
//! section of `migcheck init` all read it.

mod data;
mod graph;
mod history;
mod reversibility;
mod schema;

pub use graph::Stray;

use std::collections::BTreeSet;

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Dialect, HistoryChange, MergeConflict, Migration, computed};

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
                match self { $(Rule::$variant => include_str!(concat!("../../rules/", $code, ".md")),)* }
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

/// A finding at `span` of a migration's source. Once the source text has been let go (after
/// extraction), the finding is pending: its source line and fingerprint are filled in when
/// the report is finished.
pub(crate) fn finding(
    migration: &Migration,
    rule: Rule,
    span: crate::source::Span,
    message: String,
) -> Diagnostic {
    match migration.source.as_deref() {
        Some(source) => Diagnostic::new(rule, &migration.path, Some(source), span, message),
        None => Diagnostic::pending(rule, &migration.path, span, message),
    }
}

/// `table `orders``; `a table whose name is computed (`table_name`)` for a name that is not
/// a literal.
pub(crate) fn named(what: &str, name: &str) -> String {
    match computed(name) {
        Some(expression) => {
            let article = if what.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            format!("{article} {what} whose name is computed (`{expression}`)")
        }
        None => format!("{what} `{name}`"),
    }
}

/// The name something gets, for a message: `` `purchases` ``; `a name computed by `new``
/// for a name that is not a literal.
pub(crate) fn new_name(name: &str) -> String {
    match computed(name) {
        Some(expression) => format!("a name computed by `{expression}`"),
        None => format!("`{name}`"),
    }
}

/// The name a table gets when renamed to `new_name`: in the schema it is in.
pub(crate) fn sibling(table: &str, new_name: &str) -> String {
    match table.rsplit_once('.') {
        Some((schema, _)) if !new_name.contains('.') && computed(table).is_none() => {
            format!("{schema}.{new_name}")
        }
        _ => new_name.to_string(),
    }
}

/// The set of rules that run.
pub type RuleSet = BTreeSet<Rule>;

/// What the rules that look at one migration need to know of the project.
pub struct Project<'a> {
    pub dialect: Dialect,
    /// The labels of the Django apps in the tree and of those they depend on.
    pub django_apps: &'a foldhash::HashSet<&'a str>,
}

/// Rules that look at one migration at a time.
pub fn check_migration(
    migration: &Migration,
    rules: &RuleSet,
    project: &Project,
    out: &mut Vec<Diagnostic>,
) {
    reversibility::check(migration, rules, out);
    data::check(migration, rules, project.django_apps, out);
    schema::check(migration, rules, project.dialect, out);
}

/// Rules that look at all migrations of a Django app or an Alembic script directory.
pub fn check_graph(
    migrations: &[Migration],
    graph: &crate::graph::Graph,
    strays: &[Stray],
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    graph::check(migrations, graph, strays, rules, out);
}

/// Rules that look at what happened since the base (`--since`) to existing migrations.
pub fn check_history(
    changes: &[HistoryChange],
    conflicts: &[MergeConflict],
    head: &[Migration],
    base_name: &str,
    rules: &RuleSet,
    out: &mut Vec<Diagnostic>,
) {
    history::check(changes, conflicts, head, base_name, rules, out);
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

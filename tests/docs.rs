//! The "Example" of every rule's documentation must trigger the rule, and the "Use instead"
//! must not. A code block is one file: its first line may name it (`# file: path`), else it
//! goes where its framework looks for it. For the history rules (MC1xx) the first block of a
//! section is the file on `main` and the others are written on a branch; a block that says
//! only `# deleted` deletes its file. A block whose file is named `path (on main)` is
//! committed on `main` after the branch was made (MC305); in "Use instead" the branch is
//! rebased on it.

mod common;

use migcheck::registry::{ALL, Rule};

/// The Python code blocks of a `## heading` section, and the TOML ones that name their file
/// (a configuration).
fn code_blocks<'a>(doc: &'a str, heading: &str) -> Vec<&'a str> {
    let Some(section) = doc.split(&format!("## {heading}\n")).nth(1) else {
        return Vec::new();
    };
    let section = section.split("\n## ").next().unwrap_or_default();
    section
        .split("```")
        .skip(1)
        .step_by(2)
        .filter_map(|block| {
            block.strip_prefix("python\n").or_else(|| {
                block
                    .strip_prefix("toml\n")
                    .filter(|b| b.starts_with("# file: "))
            })
        })
        .collect()
}

/// A block as a file: its path and contents (`None`: deleted).
fn as_file(block: &str) -> (String, Option<String>) {
    if let Some(rest) = block.strip_prefix("# file: ") {
        let (path, code) = rest.split_once('\n').unwrap_or((rest, ""));
        let deleted = code.trim() == "# deleted";
        return (path.to_string(), (!deleted).then(|| code.to_string()));
    }
    let path = if block.contains("class Migration") {
        "shop/migrations/0005_example.py"
    } else {
        "alembic/versions/4d5e6f7a8b9c_example.py"
    };
    (path.to_string(), Some(block.to_string()))
}

fn findings(rule: Rule, blocks: &[&str], rebased: bool) -> Vec<Rule> {
    let dir = tempfile::tempdir().unwrap();
    let files: Vec<(String, Option<String>)> = blocks.iter().map(|b| as_file(b)).collect();
    let history = rule.code().starts_with("MC1") || rule == Rule::MergeConflict;
    let since = if history {
        let (base, rest) = files.split_first().expect("a base block");
        common::git(dir.path(), &["init", "-q"]);
        common::write_files(dir.path(), &[(base.0.as_str(), base.1.as_deref())]);
        common::git(dir.path(), &["add", "-A"]);
        common::git(dir.path(), &["commit", "-qm", "base"]);
        let (on_main, branch): (Vec<_>, Vec<_>) =
            rest.iter().partition(|(p, _)| p.ends_with(" (on main)"));
        if !on_main.is_empty() {
            let refs: Vec<(&str, Option<&str>)> = on_main
                .iter()
                .map(|(p, c)| (p.trim_end_matches(" (on main)"), c.as_deref()))
                .collect();
            common::write_files(dir.path(), &refs);
            common::git(dir.path(), &["add", "-A"]);
            common::git(dir.path(), &["commit", "-qm", "meanwhile"]);
        }
        let start = if rebased || on_main.is_empty() {
            "HEAD"
        } else {
            "HEAD~1"
        };
        common::git(dir.path(), &["checkout", "-qb", "branch", start]);
        let refs: Vec<(&str, Option<&str>)> = branch
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_deref()))
            .collect();
        common::write_files(dir.path(), &refs);
        Some("main".to_string())
    } else {
        let refs: Vec<(&str, Option<&str>)> = files
            .iter()
            .map(|(p, c)| (p.as_str(), c.as_deref()))
            .collect();
        common::write_files(dir.path(), &refs);
        None
    };
    // MC002 judges suppressions of the rules that ran.
    let select = if rule == Rule::UnusedSuppression {
        "ALL"
    } else {
        rule.code()
    };
    let options = migcheck::CheckOptions {
        overrides: migcheck::settings::Overrides {
            select: Some(vec![select.to_string()]),
            since,
            ..Default::default()
        },
        ..Default::default()
    };
    let report = migcheck::check(&options, dir.path()).unwrap();
    report.diagnostics.iter().map(|d| d.rule).collect()
}

#[test]
fn examples_trigger_and_fixes_do_not() {
    for &rule in ALL {
        let doc = rule.doc();
        let example = code_blocks(doc, "Example");
        let fixed = code_blocks(doc, "Use instead");
        assert!(
            !example.is_empty(),
            "{}: no Example code block",
            rule.code()
        );
        assert!(
            !fixed.is_empty(),
            "{}: no Use instead code block",
            rule.code()
        );
        assert!(
            findings(rule, &example, false).contains(&rule),
            "{}: the Example does not trigger the rule",
            rule.code()
        );
        assert!(
            !findings(rule, &fixed, true).contains(&rule),
            "{}: the Use instead block triggers the rule",
            rule.code()
        );
    }
}

#[test]
fn every_doc_has_the_sections() {
    for &rule in ALL {
        for heading in [
            "What it does",
            "Why it matters",
            "Example",
            "Use instead",
            "Options",
            "For coding agents",
        ] {
            assert!(
                rule.doc().contains(&format!("\n## {heading}\n")),
                "{} lacks ## {heading}",
                rule.code()
            );
        }
    }
}

/// The README's table of rules is the registry's: every rule, in code order, with its name
/// and default, and nothing else.
#[test]
fn the_readme_lists_the_rules_as_the_registry_has_them() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).unwrap();
    let rows: Vec<(String, String, String)> = readme
        .lines()
        .filter(|line| line.starts_with("| [MC"))
        .map(|line| {
            let cells: Vec<&str> = line.split(" | ").collect();
            let code = cells[0]
                .trim_start_matches("| [")
                .split(']')
                .next()
                .unwrap();
            (code.to_string(), cells[1].to_string(), cells[2].to_string())
        })
        .collect();
    let expected: Vec<(String, String, String)> = ALL
        .iter()
        .map(|rule| {
            let severity = format!("{:?}", rule.default_severity()).to_lowercase();
            let default = if rule.enabled_by_default() {
                severity
            } else {
                format!("off ({severity})")
            };
            (rule.code().to_string(), rule.name().to_string(), default)
        })
        .collect();
    assert_eq!(rows, expected);
}

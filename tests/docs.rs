//! The "Example" block of every rule's documentation must trigger the rule, and the
//! "Use instead" block must not.

mod common;

use migcheck::rules::{ALL, Rule};

/// The first fenced code block after a `## heading`.
fn code_block<'a>(doc: &'a str, heading: &str) -> Option<&'a str> {
    let section = doc.split(&format!("## {heading}\n")).nth(1)?;
    let section = section.split("\n## ").next()?;
    let start = section.find("```python\n")? + "```python\n".len();
    let end = section[start..].find("```")?;
    Some(&section[start..start + end])
}

/// Writes an example where the framework would look for it and checks it.
fn findings(rule: Rule, code: &str) -> Vec<Rule> {
    let path = if code.contains("class Migration") {
        "shop/migrations/0005_example.py"
    } else {
        "alembic/versions/4d5e6f7a8b9c_example.py"
    };
    let dir = common::project(&[(path, code.as_bytes())]);
    let options = migcheck::CheckOptions {
        overrides: migcheck::settings::Overrides {
            select: Some(vec![rule.code().to_string()]),
            ignore: Vec::new(),
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
        let example = code_block(doc, "Example")
            .unwrap_or_else(|| panic!("{}: no Example code block", rule.code()));
        let fixed = code_block(doc, "Use instead")
            .unwrap_or_else(|| panic!("{}: no Use instead code block", rule.code()));
        assert!(
            findings(rule, example).contains(&rule),
            "{}: the Example does not trigger the rule",
            rule.code()
        );
        assert!(
            !findings(rule, fixed).contains(&rule),
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
        ] {
            assert!(
                rule.doc().contains(&format!("\n## {heading}\n")),
                "{} lacks ## {heading}",
                rule.code()
            );
        }
    }
}

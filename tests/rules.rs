//! Every rule's fixtures (`testdata/rules/<CODE>/`) against a reviewed snapshot of what
//! migcheck reports on them with only that rule selected. A fixture with `base/` and `head/`
//! is a history scenario: `base/` is committed on `main`, `head/` is the work tree of a
//! branch, and the check runs with `--since main`.

mod common;

use std::path::Path;

use migcheck::rules::Rule;

fn check_fixture(code: &str, fixture: &Path) -> migcheck::diagnostic::Report {
    // MC002 judges the suppressions of the rules that ran: run them all, keep its findings.
    let everything = code == Rule::UnusedSuppression.code();
    let select = Some(vec![if everything { "ALL" } else { code }.to_string()]);
    let mut report = if fixture.join("base").is_dir() {
        let repo = common::history_fixture(fixture);
        let options = migcheck::CheckOptions {
            overrides: migcheck::settings::Overrides {
                select,
                since: Some("main".to_string()),
                ..Default::default()
            },
            ..Default::default()
        };
        migcheck::check(&options, repo.path()).expect("check runs")
    } else {
        common::check_paths(
            &[&format!("testdata/rules/{code}")],
            &[select.as_ref().unwrap()[0].as_str()],
        )
    };
    // MC001 is reported whatever is selected, and a fixture may hold a file that does not
    // parse; MC002 judges the suppressions of every rule.
    report.diagnostics.retain(|d| d.rule.code() == code);
    report
}

#[test]
fn rule_fixtures() {
    let mut codes: Vec<String> = std::fs::read_dir(common::root().join("testdata/rules"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    assert!(!codes.is_empty());
    for code in codes {
        Rule::from_code_or_name(&code)
            .unwrap_or_else(|| panic!("testdata/rules/{code} names no rule"));
        let report = check_fixture(&code, &common::root().join("testdata/rules").join(&code));
        assert!(
            !report.diagnostics.is_empty(),
            "{code}: fixtures trigger the rule"
        );
        insta::assert_snapshot!(code.as_str(), common::human(&report));
    }
}

#[test]
fn every_rule_has_fixtures() {
    for rule in migcheck::rules::ALL {
        let dir = common::root().join("testdata/rules").join(rule.code());
        assert!(
            dir.is_dir(),
            "{} has no fixtures in testdata/rules",
            rule.code()
        );
    }
}

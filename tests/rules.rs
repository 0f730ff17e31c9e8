//! Every rule's fixtures (`testdata/rules/<CODE>/`) against a reviewed snapshot of what
//! migcheck reports on them with only that rule selected, each rule's fixtures a test case
//! of their own (`cargo test --test rules MC201` runs one). A fixture with `base/` and
//! `head/` is a history scenario: `base/` is committed on `main`, `head/` is the work tree
//! of a branch (with a `tip/`, `main` gains those files after the branch was made), and
//! the check runs with `--since main`. A `migcheck.toml` in a rule's folder (in `base/` for
//! a history scenario) is its configuration, found as for any checked path: where a rule's
//! options are tested beside its fixtures (MC004's `require-suppression-reason`).

mod common;

use std::path::Path;

use libtest_mimic::{Arguments, Failed, Trial};
use migcheck::registry::Rule;

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
        // A `migcheck.toml` there is found as for any checked path.
        let options = migcheck::CheckOptions {
            paths: vec![fixture.strip_prefix(common::root()).unwrap().to_path_buf()],
            overrides: migcheck::settings::Overrides {
                select,
                ..Default::default()
            },
            ..Default::default()
        };
        migcheck::check(&options, &common::root()).expect("check runs")
    };
    // MC001 is reported whatever is selected, and a fixture may hold a file that does not
    // parse; MC002 judges the suppressions of every rule.
    report.diagnostics.retain(|d| d.rule.code() == code);
    report
}

fn rule_fixtures(code: &str) -> Result<(), Failed> {
    Rule::from_code_or_name(code).ok_or(format!("testdata/rules/{code} names no rule"))?;
    let report = check_fixture(code, &common::root().join("testdata/rules").join(code));
    if report.diagnostics.is_empty() {
        return Err(format!("{code}: the fixtures do not trigger the rule").into());
    }
    insta::assert_snapshot!(code, common::human(&report));
    Ok(())
}

fn every_rule_has_fixtures() -> Result<(), Failed> {
    let missing: Vec<&str> = migcheck::registry::ALL
        .iter()
        .map(|rule| rule.code())
        .filter(|code| !common::root().join("testdata/rules").join(code).is_dir())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("no fixtures in testdata/rules for {}", missing.join(", ")).into())
    }
}

fn main() {
    let mut codes: Vec<String> = std::fs::read_dir(common::root().join("testdata/rules"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    let mut trials = vec![Trial::test(
        "every_rule_has_fixtures",
        every_rule_has_fixtures,
    )];
    trials.extend(codes.into_iter().map(|code| {
        let name = format!("fixtures::{code}");
        Trial::test(name, move || rule_fixtures(&code))
    }));
    libtest_mimic::run(&Arguments::from_args(), trials).exit();
}

//! Every rule's fixtures (`testdata/rules/<CODE>/`) against a reviewed snapshot of what
//! migcheck reports on them with only that rule selected.

mod common;

#[test]
fn rule_fixtures() {
    let mut codes: Vec<String> = std::fs::read_dir(common::root().join("testdata/rules"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    codes.sort();
    assert!(!codes.is_empty());
    for code in codes {
        let rule = migcheck::rules::Rule::from_code_or_name(&code)
            .unwrap_or_else(|| panic!("testdata/rules/{code} names no rule"));
        let report = common::check_paths(&[&format!("testdata/rules/{code}")], &[&code]);
        assert!(
            report.diagnostics.iter().all(|d| d.rule == rule),
            "{code}: only the selected rule reports"
        );
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

//! The command-line contract: exit codes, formats, paths, colour, configuration, bad input.

mod common;

use common::{migcheck, project, root, stderr, stdout};

const RUNPYTHON_NO_REVERSE: &[u8] = b"from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(forwards)]
";

const CLEAN: &[u8] = b"from django.db import migrations


class Migration(migrations.Migration):
    dependencies = []
    operations = []
";

#[test]
fn demo_project_human_output() {
    let output = migcheck(&root(), &["testdata/demo", "--color", "never"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn demo_project_json_output() {
    let output = migcheck(&root(), &["testdata/demo", "--format", "json"]);
    assert_eq!(output.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let keys: Vec<&str> = document
        .as_object()
        .unwrap()
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, ["diagnostics", "summary", "version"]);
    let first = document["diagnostics"][0].as_object().unwrap();
    let mut fields: Vec<&str> = first.keys().map(|k| k.as_str()).collect();
    fields.sort_unstable();
    assert_eq!(
        fields,
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "help",
            "line",
            "message",
            "name",
            "path",
            "severity"
        ]
    );
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn demo_project_github_output() {
    let output = migcheck(&root(), &["testdata/demo", "--format", "github"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn exit_codes() {
    let clean = project(&[("app/migrations/0001_initial.py", CLEAN)]);
    let output = migcheck(clean.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        stdout(&output),
        "All checks passed: 1 migration in 1 file.\n"
    );

    let failing = project(&[("app/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE)]);
    assert_eq!(migcheck(failing.path(), &[]).status.code(), Some(1));
    assert_eq!(
        migcheck(failing.path(), &["--exit-zero"]).status.code(),
        Some(0)
    );
    assert_eq!(
        migcheck(failing.path(), &["--ignore", "MC201"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        migcheck(failing.path(), &["--select", "MC202,MC203"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        migcheck(
            failing.path(),
            &["check", "--select", "runpython-without-reverse"]
        )
        .status
        .code(),
        Some(1)
    );
}

#[test]
fn the_run_cannot_be_done() {
    let dir = project(&[]);
    let missing = migcheck(dir.path(), &["no/such/dir"]);
    assert_eq!(missing.status.code(), Some(2));
    assert_eq!(
        stderr(&missing),
        "migcheck: error: no/such/dir: no such file or directory\n"
    );
    assert!(stdout(&missing).is_empty());

    let bad_flag = migcheck(dir.path(), &["--frobnicate"]);
    assert_eq!(bad_flag.status.code(), Some(2));

    let bad_rule = migcheck(dir.path(), &["--select", "MC2011"]);
    assert_eq!(bad_rule.status.code(), Some(2));
    assert!(stderr(&bad_rule).contains("unknown rule `MC2011`; did you mean `MC201`?"));

    let bad_format = migcheck(dir.path(), &["--format", "xml"]);
    assert_eq!(bad_format.status.code(), Some(2));
}

#[test]
fn bad_configuration_is_exit_2_with_a_suggestion() {
    let dir = project(&[
        ("pyproject.toml", b"[tool.migcheck]\nignor = [\"MC201\"]\n"),
        ("app/migrations/0001_initial.py", CLEAN),
    ]);
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("unknown key `tool.migcheck.ignor`; did you mean `ignore`?"),
        "{}",
        stderr(&output)
    );

    // An unknown rule names where it was written.
    for (key, text) in [
        ("select", "select = [\"MC999\"]\n"),
        ("extend-select", "extend-select = [\"MC999\"]\n"),
        ("ignore", "ignore = [\"MC999\"]\n"),
        ("severity", "[tool.migcheck.severity]\nMC999 = \"off\"\n"),
    ] {
        let dir = project(&[(
            "pyproject.toml",
            format!("[tool.migcheck]\n{text}").as_bytes(),
        )]);
        let output = migcheck(dir.path(), &[]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains(&format!(
                "pyproject.toml: `tool.migcheck.{key}`: unknown rule `MC999`"
            )),
            "{}",
            stderr(&output)
        );
    }
    let dir = project(&[("migcheck.toml", b"ignore = [\"MC201\"]\n")]);
    let output = migcheck(dir.path(), &["--ignore", "MC999"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "migcheck: error: `--ignore`: unknown rule `MC999`; did you mean `MC509`? (`migcheck rules` lists them)\n"
    );

    let dir = project(&[("migcheck.toml", b"select = [\n")]);
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(2));
}

#[test]
fn configuration_selects_and_sets_severity() {
    let dir = project(&[
        ("migcheck.toml", b"[severity]\nMC201 = \"warning\"\n"),
        ("app/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
    ]);
    let output = migcheck(dir.path(), &["--format", "json"]);
    assert_eq!(
        output.status.code(),
        Some(0),
        "a warning does not fail the run"
    );
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["diagnostics"][0]["severity"], "warning");
    assert_eq!(document["summary"]["warnings"], 1);

    let dir = project(&[
        (
            "migcheck.toml",
            b"ignore = [\"runpython-without-reverse\"]\n",
        ),
        ("app/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
    ]);
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(0));
    // The command line's --select wins over the configuration's ignore... of the same run:
    // ignore still applies after select, as in ruff.
    assert_eq!(
        migcheck(dir.path(), &["--select", "MC201"]).status.code(),
        Some(0)
    );
}

#[test]
fn paths_are_relative_with_slashes() {
    let dir = project(&[("shop/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE)]);
    for args in [
        &[][..],
        &["."],
        &["./shop"],
        &["shop/migrations/0001_initial.py"],
    ] {
        let output = migcheck(dir.path(), args);
        assert!(
            stdout(&output).starts_with("shop/migrations/0001_initial.py:10:19: MC201 "),
            "{args:?}: {}",
            stdout(&output)
        );
    }
    let output = migcheck(&dir.path().join("shop"), &[]);
    assert!(stdout(&output).starts_with("migrations/0001_initial.py:10:19: MC201 "));
    assert!(
        stdout(&output).contains("`shop.0001_initial`"),
        "app label from the directory"
    );
}

#[test]
fn excludes_and_gitignore() {
    let dir = project(&[
        (
            ".venv/lib/site-packages/thirdparty/migrations/0001_initial.py",
            RUNPYTHON_NO_REVERSE,
        ),
        (
            "node_modules/x/migrations/0001_initial.py",
            RUNPYTHON_NO_REVERSE,
        ),
        ("generated/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
        (".gitignore", b"generated/\n"),
        ("app/migrations/0001_initial.py", CLEAN),
    ]);
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    // A file named explicitly is checked even where an exclude would skip it.
    let output = migcheck(dir.path(), &["node_modules/x/migrations/0001_initial.py"]);
    assert_eq!(output.status.code(), Some(1));

    let dir = project(&[
        ("migcheck.toml", b"extend-exclude = [\"legacy/**\"]\n"),
        ("legacy/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
        ("app/migrations/0001_initial.py", CLEAN),
    ]);
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(0));
    // Excluded, they leave nothing to check.
    let output = migcheck(dir.path(), &["legacy"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("all are excluded"),
        "{}",
        stderr(&output)
    );
}

/// An Alembic revision with no `downgrade()`.
fn revision_without_downgrade(id: &str) -> Vec<u8> {
    format!(
        "from alembic import op\n\nrevision = \"{id}\"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_table(\"t_{id}\")\n"
    )
    .into_bytes()
}

#[test]
fn discovery_finds_what_the_frameworks_load() {
    let (a1, b1, c1) = (
        revision_without_downgrade("a1"),
        revision_without_downgrade("b1"),
        revision_without_downgrade("c1"),
    );
    let dir = project(&[
        // Version locations named by `alembic.ini`, whatever their folders are called.
        (
            "alembic.ini",
            b"[alembic]\nscript_location = %(here)s/db\nversion_locations = %(here)s/db/revisions %(here)s/plugins/audit\n\n[loggers]\nkeys = root\n",
        ),
        ("db/revisions/a1_tags.py", &a1),
        ("plugins/audit/b1_audit.py", &b1),
        // And by `[tool.alembic]` in a `pyproject.toml`.
        (
            "service/pyproject.toml",
            b"[tool.alembic]\nscript_location = \"%(here)s/schema\"\n",
        ),
        ("service/schema/versions/c1_x.py", &c1),
        // Hidden directories are walked; version control and caches are not.
        (".apps/shop/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
        (".git/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
        (".mypy_cache/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
        // A `versions/` folder of something else: a broken module there is not a finding.
        ("api/versions/v1.py", b"def handler(:\n"),
        ("api/versions/v2.py", b"\xff\xfe binary"),
    ]);
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC203"]);
    assert_eq!(
        findings(&output),
        [
            "MC203 db/revisions/a1_tags.py",
            "MC203 plugins/audit/b1_audit.py",
            "MC203 service/schema/versions/c1_x.py",
        ],
        "{}",
        stderr(&output)
    );
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC201"]);
    assert_eq!(
        findings(&output),
        ["MC201 .apps/shop/migrations/0001_initial.py"]
    );
    // A version location named on the command line is checked as one.
    let output = migcheck(
        dir.path(),
        &["--format", "json", "--select", "MC203", "db/revisions"],
    );
    assert_eq!(findings(&output).len(), 1);
}

#[cfg(unix)]
#[test]
fn symbolic_links_lead_to_files_never_into_loops() {
    let dir = project(&[("shared/0002_backfill.py", RUNPYTHON_NO_REVERSE)]);
    std::fs::create_dir_all(dir.path().join("app/migrations")).unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("shared/0002_backfill.py"),
        dir.path().join("app/migrations/0002_backfill.py"),
    )
    .unwrap();
    // A link to an ancestor, and a link to itself: walking them would never end.
    std::os::unix::fs::symlink(dir.path(), dir.path().join("app/migrations/loop")).unwrap();
    std::os::unix::fs::symlink("self", dir.path().join("app/migrations/self")).unwrap();
    std::os::unix::fs::symlink("gone.py", dir.path().join("app/migrations/0003_gone.py")).unwrap();
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC201"]);
    // A link to nothing where a migration would be is one that cannot be read (MC001).
    assert_eq!(
        findings(&output),
        [
            "MC201 app/migrations/0002_backfill.py",
            "MC001 app/migrations/0003_gone.py"
        ]
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = project(&[("app/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE)]);
    assert!(stdout(&migcheck(dir.path(), &["--color", "always"])).contains('\u{1b}'));
    assert!(!stdout(&migcheck(dir.path(), &["--color", "never"])).contains('\u{1b}'));
    // Not a terminal: no colour.
    assert!(!stdout(&migcheck(dir.path(), &[])).contains('\u{1b}'));
    let with_no_color = std::process::Command::new(env!("CARGO_BIN_EXE_migcheck"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(!stdout(&with_no_color).contains('\u{1b}'));
}

#[test]
fn output_is_identical_for_any_jobs() {
    let one = migcheck(&root(), &["testdata", "--jobs", "1", "--format", "json"]);
    let many = migcheck(&root(), &["testdata", "--jobs", "8", "--format", "json"]);
    assert_eq!(one.status.code(), Some(1));
    assert_eq!(one.stdout, many.stdout);
}

#[test]
fn bad_files_are_findings_and_the_rest_is_still_checked() {
    let huge = {
        let mut text = String::from("from django.db import migrations\n\n\n");
        text.push_str("class Migration(migrations.Migration):\n    dependencies = []\n");
        text.push_str("    operations = [\n");
        while text.len() < 6_000_000 {
            text.push_str("        migrations.RunSQL(\"SELECT 1\", migrations.RunSQL.noop),\n");
        }
        text.push_str("        migrations.RunSQL(\"SELECT 2\"),\n    ]\n");
        text
    };
    let dir = project(&[
        ("app/migrations/0001_syntax.py", b"class Migration(:\n"),
        ("app/migrations/0002_latin1.py", b"# caf\xe9\n"),
        ("app/migrations/0003_binary.py", b"\x00\x01\x02"),
        ("app/migrations/0004_empty.py", b""),
        ("app/migrations/0005_huge.py", huge.as_bytes()),
        ("app/migrations/0006_clean.py", RUNPYTHON_NO_REVERSE),
    ]);
    // A directory named like a migration is not a file to read.
    std::fs::create_dir(dir.path().join("app/migrations/0007_dir.py")).unwrap();
    // MC001 is reported whatever is selected: a file that was not checked never passes.
    let output = migcheck(dir.path(), &["--format", "json", "--select", "MC2"]);
    assert_eq!(output.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<String> = document["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {}:{}", d["code"], d["path"], d["line"]))
        .collect();
    let huge_line = huge.lines().count() - 1;
    assert_eq!(
        found,
        [
            "\"MC001\" \"app/migrations/0001_syntax.py\":1".to_string(),
            "\"MC001\" \"app/migrations/0002_latin1.py\":1".to_string(),
            "\"MC001\" \"app/migrations/0003_binary.py\":1".to_string(),
            format!("\"MC202\" \"app/migrations/0005_huge.py\":{huge_line}"),
            "\"MC201\" \"app/migrations/0006_clean.py\":10".to_string(),
        ]
    );
    assert_eq!(document["summary"]["files"], 6);
    assert_eq!(document["summary"]["migrations"], 2);
    // Only an explicit `--ignore` turns it off.
    let output = migcheck(
        dir.path(),
        &["--select", "MC2", "--ignore", "MC001", "--quiet"],
    );
    assert!(!stdout(&output).contains("MC001"));
}

#[test]
fn rule_and_rules_subcommands() {
    let output = migcheck(&root(), &["rule", "MC201"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).starts_with("# MC201 runpython-without-reverse\n"));
    let output = migcheck(&root(), &["rule", "empty-downgrade"]);
    assert!(stdout(&output).starts_with("# MC204 empty-downgrade\n"));
    let output = migcheck(&root(), &["rule", "MC999"]);
    assert_eq!(output.status.code(), Some(2));

    let output = migcheck(&root(), &["rules"]);
    assert_eq!(output.status.code(), Some(0));
    let listing = stdout(&output);
    for rule in migcheck::registry::ALL {
        assert!(listing.contains(rule.code()) && listing.contains(rule.name()));
    }
}

#[test]
fn statistics_count_per_rule() {
    let output = migcheck(&root(), &["testdata/demo", "--statistics"]);
    assert_eq!(output.status.code(), Some(1));
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn statistics_as_json_and_refused_by_formats_that_list_findings() {
    let output = migcheck(
        &root(),
        &["testdata/demo", "--statistics", "--format", "json"],
    );
    assert_eq!(output.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["version"], 1);
    let rows = document["statistics"].as_array().unwrap();
    assert_eq!(
        rows[0],
        serde_json::json!({"code": "MC201", "name": "runpython-without-reverse", "count": 1})
    );
    let counted: u64 = rows.iter().map(|row| row["count"].as_u64().unwrap()).sum();
    let summary = &document["summary"];
    assert_eq!(
        counted,
        summary["errors"].as_u64().unwrap() + summary["warnings"].as_u64().unwrap()
    );

    for format in ["github", "sarif", "junit", "gitlab"] {
        let output = migcheck(
            &root(),
            &["testdata/demo", "--statistics", "--format", format],
        );
        assert_eq!(output.status.code(), Some(2), "{format}");
        assert!(output.stdout.is_empty(), "{format}");
        assert!(
            stderr(&output).contains(&format!(
                "--statistics works with --format human or --format json, not with --format {format}"
            )),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn graph_command_formats() {
    for format in ["text", "json", "dot"] {
        let output = migcheck(
            &root(),
            &[
                "graph",
                "testdata/rules/MC301",
                "testdata/rules/MC303",
                "--format",
                format,
            ],
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        insta::assert_snapshot!(format!("graph_{format}"), stdout(&output));
    }
    let document: serde_json::Value = serde_json::from_slice(
        &migcheck(
            &root(),
            &["graph", "testdata/rules/MC301", "--format", "json"],
        )
        .stdout,
    )
    .unwrap();
    let shop = document["django"]
        .as_array()
        .unwrap()
        .iter()
        .find(|app| app["app"] == "shop")
        .unwrap();
    assert_eq!(shop["conflict"], true);
    assert_eq!(shop["leaves"].as_array().unwrap().len(), 2);
}

/// Each app's label, by the directory that holds its `migrations/`, as `migcheck graph` sees
/// the labels fixture (with `extra` arguments).
fn app_labels(extra: &[&str]) -> std::collections::BTreeMap<String, String> {
    let fixture = "testdata/rules/MC302/labels";
    let mut args = vec!["graph", fixture, "--format", "json"];
    args.extend(extra);
    let output = migcheck(&root(), &args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    document["django"]
        .as_array()
        .unwrap()
        .iter()
        .map(|app| {
            let directory = app["directory"].as_str().unwrap();
            let app_dir = directory
                .strip_prefix(&format!("{fixture}/"))
                .and_then(|d| d.strip_suffix("/migrations"))
                .unwrap();
            (
                app_dir.to_string(),
                app["app"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn app_labels_come_from_app_configs_migrations_and_configuration() {
    // Without the fixture's own configuration (found above the checked path).
    let empty = tempfile::tempdir().unwrap();
    std::fs::write(empty.path().join("migcheck.toml"), "").unwrap();
    let empty = empty.path().join("migcheck.toml");
    let labels = app_labels(&["--config", empty.to_str().unwrap()]);
    let label = |app_dir: &str| labels[app_dir].as_str();
    // `label` of the AppConfig, in `apps.py` or the package's `__init__.py`.
    assert_eq!(label("blog"), "journal");
    assert_eq!(label("storecore"), "store");
    // A migration that depends on another app's migration of its own name does not make
    // that app's label this app's.
    assert_eq!(label("votes"), "votes");
    // Nor does a dependency on a migration the app shares a name with, when another app
    // known by that label has it.
    assert_eq!(label("front"), "storefront");
    assert_eq!(label("legacy"), "legacy");
    let configured = app_labels(&["--config", "testdata/rules/MC302/labels/migcheck.toml"]);
    assert_eq!(configured["legacy"], "archive");
    // Found from the checked path upward, as in a monorepo.
    assert_eq!(app_labels(&[])["legacy"], "archive");
}

const ADD_NOT_NULL: &[u8] = b"from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.AddField(\"product\", \"sku\", models.CharField(max_length=32)),
        migrations.AlterField(\"product\", \"sku\", models.TextField()),
    ]
";

#[test]
fn baseline_hides_accepted_findings_wherever_they_move() {
    let dir = project(&[
        (
            "pyproject.toml",
            b"[tool.migcheck]\nbaseline = \"ci/migcheck-baseline.json\"\n",
        ),
        ("shop/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
    ]);
    std::fs::create_dir(dir.path().join("ci")).unwrap();
    let output = migcheck(dir.path(), &["baseline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "wrote 1 finding to ci/migcheck-baseline.json; later runs report only new findings\n"
    );
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("1 accepted by the baseline"));

    // Lines added above the accepted finding do not bring it back...
    let moved = format!(
        "# Backfill.\n\n{}",
        String::from_utf8_lossy(RUNPYTHON_NO_REVERSE)
    );
    std::fs::write(dir.path().join("shop/migrations/0001_initial.py"), moved).unwrap();
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(0));
    // ...a second one like it is new.
    std::fs::write(
        dir.path().join("shop/migrations/0002_more.py"),
        RUNPYTHON_NO_REVERSE,
    )
    .unwrap();
    let output = migcheck(dir.path(), &["--select", "MC201"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).starts_with("shop/migrations/0002_more.py:"));

    std::fs::write(dir.path().join("ci/migcheck-baseline.json"), "{").unwrap();
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("not a migcheck baseline"));

    std::fs::write(
        dir.path().join("ci/migcheck-baseline.json"),
        r#"{"version": 1, "findings": []}"#,
    )
    .unwrap();
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("write a new one with `migcheck baseline`"));
}

#[cfg(unix)]
#[test]
fn baseline_replaces_a_link_rather_than_writing_through_it() {
    let dir = project(&[("shop/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE)]);
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("precious.json");
    std::fs::write(&elsewhere, "keep me\n").unwrap();
    let baseline = dir.path().join(".migcheck-baseline.json");
    std::os::unix::fs::symlink(&elsewhere, &baseline).unwrap();
    // A dangling link, and one to a file outside the project: neither is written through.
    let dangling = outside.path().join("nothing-here.json");
    for target in [&dangling, &elsewhere] {
        std::fs::remove_file(&baseline).unwrap();
        std::os::unix::fs::symlink(target, &baseline).unwrap();
        let output = migcheck(dir.path(), &["baseline"]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert!(!std::fs::symlink_metadata(&baseline).unwrap().is_symlink());
        assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(0));
    }
    assert!(!dangling.exists());
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "keep me\n");
    // Where it cannot be written, the message names it.
    let dir = project(&[
        ("migcheck.toml", b"baseline = \"missing/baseline.json\"\n"),
        ("shop/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
    ]);
    let output = migcheck(dir.path(), &["baseline"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("cannot write the baseline to missing/baseline.json"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn baseline_survives_reformatting() {
    let original = b"from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(forwards, hints={'target_db': 'default'})]
";
    let dir = project(&[("shop/migrations/0001_initial.py", original)]);
    assert_eq!(migcheck(dir.path(), &["baseline"]).status.code(), Some(0));

    // Black-style wrapping, double quotes, a trailing comma and a comment.
    let reformatted = b"from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = []
    operations = [
        migrations.RunPython(
            forwards,  # backfills the new column
            hints={\"target_db\": \"default\"},
        ),
    ]
";
    std::fs::write(
        dir.path().join("shop/migrations/0001_initial.py"),
        reformatted,
    )
    .unwrap();
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("1 accepted by the baseline"));

    // A change of what the operation does is a new finding.
    let edited = String::from_utf8_lossy(reformatted).replace("default", "replica");
    std::fs::write(dir.path().join("shop/migrations/0001_initial.py"), edited).unwrap();
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(1));
}

#[test]
fn extend_select_adds_to_the_default_rules() {
    let dir = project(&[
        (
            "migcheck.toml",
            b"extend-select = [\"reformatted-migration\"]\n",
        ),
        ("shop/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
    ]);
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["add", "-A"]);
    common::git(dir.path(), &["commit", "-qm", "base"]);
    let reformatted = String::from_utf8_lossy(RUNPYTHON_NO_REVERSE).replace("= []", "= [  ]");
    std::fs::write(
        dir.path().join("shop/migrations/0001_initial.py"),
        reformatted,
    )
    .unwrap();
    // MC104 is off by default: extend-select turns it on...
    let output = migcheck(dir.path(), &["--since", "HEAD", "--format", "json"]);
    assert_eq!(codes(&output), ["MC104"]);
    // ...and keeps the default rules.
    let output = migcheck(dir.path(), &["--format", "json"]);
    assert_eq!(codes(&output), ["MC201"]);
}

#[test]
fn adding_the_reverse_mc201_asks_for_is_no_edit() {
    let dir = project(&[("shop/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE)]);
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["add", "-A"]);
    common::git(dir.path(), &["commit", "-qm", "base"]);
    let reversed = String::from_utf8_lossy(RUNPYTHON_NO_REVERSE)
        .replace(
            "\n\nclass Migration",
            "\n\ndef backwards(apps, schema_editor):\n    pass\n\n\nclass Migration",
        )
        .replace("RunPython(forwards)", "RunPython(forwards, backwards)");
    let path = dir.path().join("shop/migrations/0001_initial.py");
    std::fs::write(&path, &reversed).unwrap();
    let output = migcheck(dir.path(), &["--since", "HEAD", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(codes(&output).is_empty());
    // MC105, off by default, notes it.
    let select = [
        "--since",
        "HEAD",
        "--select",
        "MC101,MC105",
        "--format",
        "json",
    ];
    let output = migcheck(dir.path(), &select);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(codes(&output), ["MC105"]);
    // A forward change made with it is MC101.
    std::fs::write(
        &path,
        reversed.replace(
            "def forwards(apps, schema_editor):\n    pass",
            "def forwards(apps, schema_editor):\n    print()",
        ),
    )
    .unwrap();
    let output = migcheck(dir.path(), &select);
    assert_eq!(codes(&output), ["MC101"]);
}

/// The codes of the findings of a `--format json` run.
fn codes(output: &std::process::Output) -> Vec<String> {
    diagnostics(output)
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

/// The findings of a `--format json` run.
fn diagnostics(output: &std::process::Output) -> Vec<serde_json::Value> {
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    document["diagnostics"].as_array().unwrap().clone()
}

#[test]
fn django_app_labels_override_the_label() {
    let dir = project(&[
        (
            "pyproject.toml",
            b"[tool.migcheck.django.app-labels]\n\"src/shop\" = \"store\"\n",
        ),
        ("src/shop/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
    ]);
    let output = migcheck(dir.path(), &["--color", "never"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("`RunPython` in `store.0001_initial` has no reverse function"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn configured_nullable_field_classes_are_nullable() {
    let migration = b"import oscar.models.fields
from django.db import migrations
from shop.fields import AlwaysNull, NullCharField


class Migration(migrations.Migration):
    dependencies = [(\"shop\", \"0001_initial\")]

    operations = [
        migrations.AddField(\"product\", \"code\", oscar.models.fields.NullCharField(max_length=8)),
        migrations.AddField(\"product\", \"ean\", AlwaysNull(max_length=13)),
        migrations.AddField(\"product\", \"isbn\", NullCharField(max_length=13)),
    ]
";
    let configured = |config: &[u8]| -> Vec<String> {
        let dir = project(&[
            ("pyproject.toml", config),
            ("shop/migrations/0002_codes.py", migration),
        ]);
        let output = migcheck(dir.path(), &["--format", "json", "--select", "MC501"]);
        diagnostics(&output)
            .iter()
            .map(|d| {
                d["message"]
                    .as_str()
                    .unwrap()
                    .split('`')
                    .nth(3)
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    // A dotted entry names the class where it is defined (`shop.fields.NullCharField` is
    // another class); a bare one, a class of that name wherever it comes from.
    assert_eq!(
        configured(
            b"[tool.migcheck.django]\nnullable-fields = [\"oscar.models.fields.NullCharField\", \"AlwaysNull\"]\n"
        ),
        ["isbn"]
    );
    assert_eq!(configured(b"[tool.migcheck]\n"), ["code", "ean", "isbn"]);
}

#[test]
fn per_file_ignores_dialect_and_severity_off() {
    let dir = project(&[
        (
            "migcheck.toml",
            b"[per-file-ignores]\n\"legacy/**\" = [\"MC201\"]\n\n[severity]\nMC501 = \"off\"\n",
        ),
        ("legacy/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
        ("shop/migrations/0001_initial.py", ADD_NOT_NULL),
    ]);
    let output = migcheck(dir.path(), &["--format", "json"]);
    assert!(codes(&output).is_empty(), "{}", stdout(&output));
    // Without the configuration both would be reported.
    std::fs::remove_file(dir.path().join("migcheck.toml")).unwrap();
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(1));

    // SQLite has no such locks; an ALTER of a column type is fine there.
    let dir = project(&[
        (
            "migcheck.toml",
            b"dialect = \"sqlite\"\nselect = [\"MC5\"]\n",
        ),
        ("shop/migrations/0001_initial.py", ADD_NOT_NULL),
    ]);
    let output = migcheck(dir.path(), &["--format", "json"]);
    assert_eq!(codes(&output), ["MC501"]);

    let dir = project(&[("migcheck.toml", b"dialect = \"oracle\"\n")]);
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("oracle"), "{}", stderr(&output));
}

#[test]
fn dialect_per_file_and_per_version_location_named_after_one() {
    let index = |revision: &str| {
        format!(
            "from alembic import op\nrevision = \"{revision}\"\ndown_revision = None\n\n\ndef upgrade():\n    op.create_index(\"ix_jobs_state\", \"jobs\", [\"state\"])\n\n\ndef downgrade():\n    op.drop_index(\"ix_jobs_state\", table_name=\"jobs\")\n"
        )
        .into_bytes()
    };
    let (a1, b1) = (index("a1"), index("b1"));
    let dir = project(&[
        ("db/versions/postgresql/a1_jobs.py", &a1),
        ("db/versions/sqlite/a1_jobs.py", &a1),
        ("legacy/versions/b1_jobs.py", &b1),
    ]);
    // The files MC508 reports on with a configuration.
    let flagged = |config: &str| -> Vec<String> {
        std::fs::write(dir.path().join("migcheck.toml"), config).unwrap();
        let output = migcheck(dir.path(), &["--select", "MC508", "--format", "json"]);
        diagnostics(&output)
            .iter()
            .map(|d| d["path"].as_str().unwrap().to_string())
            .collect()
    };
    // A version location named after a database is read as that database.
    assert_eq!(
        flagged(""),
        [
            "db/versions/postgresql/a1_jobs.py",
            "legacy/versions/b1_jobs.py"
        ]
    );
    // `per-file-dialect` says it for any glob, and wins over the directory's name.
    assert_eq!(
        flagged(
            "[per-file-dialect]\n\"legacy/**\" = \"mysql\"\n\"db/versions/sqlite/*\" = \"postgresql\"\n"
        ),
        [
            "db/versions/postgresql/a1_jobs.py",
            "db/versions/sqlite/a1_jobs.py"
        ]
    );
    std::fs::write(
        dir.path().join("migcheck.toml"),
        "[per-file-dialect]\n\"legacy/**\" = \"oracle\"\n",
    )
    .unwrap();
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("oracle"), "{}", stderr(&output));
}

#[test]
fn dialect_from_what_the_revisions_pass_unless_configured() {
    let revision = |id: &str, parent: &str, table_options: &str| {
        format!(
            "from alembic import op\nimport sqlalchemy as sa\nrevision = \"{id}\"\ndown_revision = {parent}\n\n\ndef upgrade():\n    op.create_table(\"t_{id}\", sa.Column(\"id\", sa.Integer()){table_options})\n    op.create_index(\"ix_jobs_{id}\", \"jobs\", [\"state\"])\n\n\ndef downgrade():\n    pass\n"
        )
        .into_bytes()
    };
    let mysql = revision("a2", "\"a1\"", ", mysql_engine=\"InnoDB\"");
    let mixed = revision("b2", "\"b1\"", ", postgresql_partition_by=\"RANGE (id)\"");
    let dir = project(&[
        ("tickets/versions/a1_jobs.py", &revision("a1", "None", "")),
        ("tickets/versions/a2_more.py", &mysql),
        (
            "billing/versions/b1_jobs.py",
            &revision("b1", "None", ", mysql_engine=\"InnoDB\""),
        ),
        ("billing/versions/b2_more.py", &mixed),
    ]);
    // The messages MC508 reports with a configuration.
    let messages = |config: &str| -> Vec<String> {
        std::fs::write(dir.path().join("migcheck.toml"), config).unwrap();
        let output = migcheck(dir.path(), &["--select", "MC508", "--format", "json"]);
        diagnostics(&output)
            .iter()
            .map(|d| {
                format!(
                    "{} {}",
                    d["path"].as_str().unwrap(),
                    d["message"].as_str().unwrap()
                )
            })
            .collect()
    };
    // One revision passing `mysql_engine=` makes its whole script directory MySQL's; one
    // whose revisions also pass a PostgreSQL keyword stays at the default, and says so.
    let found = messages("");
    assert_eq!(found.len(), 2, "{found:?}");
    assert!(
        found.iter().all(|m| m.starts_with("billing/versions/")),
        "{found:?}"
    );
    assert!(
        found
            .iter()
            .all(|m| m.ends_with("(PostgreSQL: the default dialect)")),
        "{found:?}"
    );
    // The configuration wins, and then the finding need not say why.
    let found = messages("dialect = \"postgresql\"\n");
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(found.iter().all(|m| m.ends_with("is built")), "{found:?}");
    // A directory named after a database says it too, and the message says so.
    std::fs::rename(dir.path().join("tickets"), dir.path().join("postgresql")).unwrap();
    let found = messages("");
    assert!(
        found
            .iter()
            .any(|m| m.starts_with("postgresql/versions/a1_jobs.py")
                && m.ends_with("(PostgreSQL: the revisions are in `postgresql`)")),
        "{found:?}"
    );
}

#[test]
fn sarif_output_has_the_shape_of_sarif_2_1_0() {
    let output = migcheck(&root(), &["testdata/demo", "--format", "sarif"]);
    assert_eq!(output.status.code(), Some(1));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["version"], "2.1.0");
    assert!(
        document["$schema"]
            .as_str()
            .unwrap()
            .contains("sarif-2.1.0")
    );
    let run = &document["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "migcheck");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), migcheck::registry::ALL.len());
    for rule in rules {
        assert!(rule["id"].as_str().unwrap().starts_with("MC"));
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty()
        );
        assert!(
            rule["help"]["markdown"]
                .as_str()
                .unwrap()
                .contains("## What it does")
        );
        assert_eq!(
            rule["helpUri"].as_str().unwrap(),
            format!(
                "{}/blob/main/rules/{}.md",
                env!("CARGO_PKG_REPOSITORY"),
                rule["id"].as_str().unwrap()
            )
        );
        let level = rule["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["error", "warning", "note", "none"].contains(&level));
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        assert!(["error", "warning", "note"].contains(&result["level"].as_str().unwrap()));
        assert!(!result["message"]["text"].as_str().unwrap().is_empty());
        let location = &result["locations"][0]["physicalLocation"];
        assert!(
            location["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
                .starts_with("testdata/demo/")
        );
        assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(result["partialFingerprints"]["migcheck/v1"].is_string());
    }
    insta::assert_json_snapshot!("sarif_results", results);
}

#[test]
fn sarif_fingerprints_are_unique_and_survive_lines_added_above() {
    // The same flagged text twice in one file, and again in another file.
    let twice = String::from_utf8_lossy(RUNPYTHON_NO_REVERSE).replace(
        "operations = [migrations.RunPython(forwards)]",
        "operations = [\n        migrations.RunPython(forwards),\n        migrations.RunPython(forwards),\n    ]",
    );
    let dir = project(&[
        ("shop/migrations/0001_initial.py", twice.as_bytes()),
        ("stock/migrations/0001_initial.py", twice.as_bytes()),
    ]);
    let fingerprints = |dir: &std::path::Path| {
        let output = migcheck(dir, &["--format", "sarif", "--select", "MC201"]);
        let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        document["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|result| {
                let uri = &result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
                (
                    uri.as_str().unwrap().to_string(),
                    result["partialFingerprints"]["migcheck/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let before = fingerprints(dir.path());
    assert_eq!(before.len(), 4, "{before:?}");
    let unique: std::collections::HashSet<_> = before.iter().map(|(_, f)| f).collect();
    assert_eq!(unique.len(), 4, "{before:?}");

    let moved = format!("# A comment.\n\n{twice}");
    std::fs::write(dir.path().join("shop/migrations/0001_initial.py"), moved).unwrap();
    assert_eq!(before, fingerprints(dir.path()));
}

#[test]
fn junit_output_has_a_test_case_per_migration() {
    let output = migcheck(&root(), &["testdata/demo", "--format", "junit"]);
    assert_eq!(output.status.code(), Some(1));
    let xml = stdout(&output);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites "));
    assert!(xml.trim_end().ends_with("</testsuites>"));
    assert_eq!(xml.matches("<testcase ").count(), 8, "one per migration");
    assert_eq!(
        xml.matches("<failure ").count(),
        4,
        "one per migration with errors"
    );
    assert!(xml.contains(r#"tests="8" failures="4""#));
    // Every element that opens closes.
    for element in ["testsuites", "testsuite", "failure", "system-out"] {
        let opened = xml.matches(&format!("<{element} ")).count()
            + xml.matches(&format!("<{element}>")).count();
        assert_eq!(
            opened,
            xml.matches(&format!("</{element}>")).count(),
            "{element}"
        );
    }
    insta::assert_snapshot!(xml);
}

#[test]
fn gitlab_output_is_code_quality_json() {
    let output = migcheck(&root(), &["testdata/demo", "--format", "gitlab"]);
    assert_eq!(output.status.code(), Some(1));
    let issues: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let issues = issues.as_array().unwrap();
    assert_eq!(issues.len(), 6);
    let mut fingerprints = std::collections::HashSet::new();
    for issue in issues {
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()));
        assert!(
            ["info", "minor", "major", "critical", "blocker"]
                .contains(&issue["severity"].as_str().unwrap())
        );
        assert!(
            issue["location"]["path"]
                .as_str()
                .unwrap()
                .starts_with("testdata/demo/")
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(issue["check_name"].as_str().unwrap().starts_with("MC"));
        assert!(!issue["description"].as_str().unwrap().is_empty());
    }
}

#[test]
fn completions_and_man_page() {
    for (shell, marker) in [
        ("bash", "_migcheck()"),
        ("zsh", "#compdef migcheck"),
        ("fish", "complete -c migcheck"),
    ] {
        let output = migcheck(&root(), &["completions", shell]);
        assert_eq!(output.status.code(), Some(0));
        assert!(stdout(&output).contains(marker), "{shell}");
        assert!(stdout(&output).contains("since"), "{shell} completes flags");
    }
    let output = migcheck(&root(), &["man"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains(".TH migcheck 1"));
    assert_eq!(
        migcheck(&root(), &["completions", "tcsh"]).status.code(),
        Some(2)
    );
}

#[test]
fn man_pages_for_every_subcommand_with_its_flags() {
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    let output = migcheck(&root(), &["man", "--dir", pages.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let read = |name: &str| {
        std::fs::read_to_string(pages.join(name)).unwrap_or_else(|_| panic!("no {name}"))
    };
    // Every page a page refers to was written.
    let mut references = 0;
    for entry in std::fs::read_dir(&pages).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let text = read(&name);
        for reference in text
            .split("(1)")
            .filter_map(|before| before.rsplit(char::is_whitespace).next())
        {
            if let Some(page) = reference.strip_prefix("migcheck\\-") {
                read(&format!("migcheck-{}.1", page.replace("\\-", "-")));
                references += 1;
            }
        }
    }
    assert!(references >= 9, "{references} references");
    // Each subcommand's page names its own flags.
    for (page, flag) in [
        ("migcheck.1", "since"),
        ("migcheck-check.1", "since"),
        ("migcheck-graph.1", "head"),
        ("migcheck-init.1", "agents\\-md"),
        ("migcheck-hook-install.1", "chain"),
        ("migcheck-man.1", "dir"),
    ] {
        assert!(
            read(page).contains(&format!("\\-\\-{flag}")),
            "{page} lacks --{flag}"
        );
    }
    // The hidden subcommand the hook runs is not documented.
    assert!(!pages.join("migcheck-hook-pre-push.1").exists());
}

#[test]
fn many_leaves_are_all_named_after_what_goes_wrong() {
    let init: (&str, &[u8]) = ("app/migrations/__init__.py", b"");
    let leaf = b"from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = []\n";
    let names: Vec<String> = (0..12)
        .map(|i| format!("app/migrations/{i:04}_leaf.py"))
        .collect();
    let mut files = vec![init];
    files.extend(names.iter().map(|name| (name.as_str(), &leaf[..])));
    let dir = project(&files);
    let output = migcheck(dir.path(), &["--select", "MC301"]);
    assert_eq!(output.status.code(), Some(1));
    let out = stdout(&output);
    let leaves: Vec<String> = (0..11).map(|i| format!("`{i:04}_leaf`")).collect();
    let message = format!(
        "has 12 leaf migrations, so `migrate` stops with \"Conflicting migrations detected\": {} and `0011_leaf`\n",
        leaves.join(", ")
    );
    assert!(out.contains(&message), "{out}");
}

#[test]
fn no_progress_line_when_stderr_is_not_a_terminal() {
    let init: (&str, &[u8]) = ("app/migrations/__init__.py", b"");
    let body = b"from django.db import migrations\n\nclass Migration(migrations.Migration):\n    operations = []\n";
    let names: Vec<String> = (0..2100)
        .map(|i| format!("app/migrations/{i:04}_m.py"))
        .collect();
    let mut files = vec![init];
    files.extend(names.iter().map(|name| (name.as_str(), &body[..])));
    let dir = project(&files);
    let output = migcheck(dir.path(), &["--select", "MC201"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stderr(&output), "");
}

/// A Django migration of app `shop` with these dependencies (and, with `reverse: false`, a
/// RunPython without a reverse function).
fn shop_migration(dependencies: &str, reverse: bool) -> Vec<u8> {
    let run = if reverse {
        ""
    } else {
        "migrations.RunPython(lambda apps, schema_editor: None)"
    };
    format!(
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [{dependencies}]\n\n    operations = [{run}]\n"
    )
    .into_bytes()
}

/// Each finding as `code path`.
fn findings(output: &std::process::Output) -> Vec<String> {
    diagnostics(output)
        .iter()
        .map(|d| {
            format!(
                "{} {}",
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn a_named_migration_is_checked_against_its_whole_app() {
    let revision = |id: &str, down: &str| {
        format!("revision = \"{id}\"\ndown_revision = {down}\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n")
            .into_bytes()
    };
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("shop/migrations/__init__.py", Vec::new()),
        ("shop/migrations/0001_initial.py", shop_migration("", true)),
        // A content finding, and no parent: neither is about the named file.
        (
            "shop/migrations/0002_a.py",
            shop_migration("(\"shop\", \"0001_initial\")", false),
        ),
        (
            "shop/migrations/0002_b.py",
            shop_migration("(\"shop\", \"0001_gone\")", true),
        ),
        (
            "shop/migrations/0003_c.py",
            shop_migration("(\"shop\", \"0002_a\")", true),
        ),
        ("shop/migrations/helpers.py", b"X = 1\n".to_vec()),
        ("db/versions/2024/a1.py", revision("a1", "None")),
        ("db/versions/2025/a2.py", revision("a2", "\"a1\"")),
    ];
    let files: Vec<(&str, &[u8])> = files.iter().map(|(p, c)| (*p, c.as_slice())).collect();
    let dir = project(&files);
    let run = |args: &[&str]| {
        let mut all = vec!["--format", "json"];
        all.extend(args);
        let output = migcheck(dir.path(), &all);
        assert_ne!(output.status.code(), Some(2), "{}", stderr(&output));
        findings(&output)
    };
    // The app's conflicting leaves are its own; the unknown parent of `0002_b`, the
    // RunPython of `0002_a` and the stray `helpers.py` are other files' findings.
    assert_eq!(
        run(&["shop/migrations/0003_c.py"]),
        ["MC301 shop/migrations/0003_c.py"]
    );
    assert_eq!(
        run(&["shop/migrations/0002_b.py"]),
        [
            "MC302 shop/migrations/0002_b.py",
            "MC301 shop/migrations/0003_c.py"
        ]
    );
    // A revision's down_revision in another folder of its version location.
    assert!(run(&["db/versions/2025/a2.py"]).is_empty());
    assert!(run(&["db/versions/2025"]).is_empty());

    // The same from a commit.
    common::git(dir.path(), &["init", "-q"]);
    common::git(dir.path(), &["add", "."]);
    common::git(dir.path(), &["commit", "-q", "-m", "migrations"]);
    assert_eq!(
        run(&["--head", "HEAD", "shop/migrations/0003_c.py"]),
        ["MC301 shop/migrations/0003_c.py"]
    );
    assert!(run(&["--head", "HEAD", "db/versions/2025/a2.py"]).is_empty());
}

#[test]
fn a_run_that_checks_nothing_fails() {
    let dir = project(&[
        ("shop/migrations/0001_initial.py", CLEAN),
        ("docs/index.md", b"# docs\n"),
        (
            "db/alembic.ini",
            b"[alembic]\nscript_location = %(here)s/alembic\n",
        ),
        ("db/alembic/versions/.keep", b""),
    ]);
    // A wrong path: it names the path, and exits 2.
    for args in [&["docs"][..], &["docs", "shop"]] {
        let output = migcheck(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).starts_with("migcheck: error: `docs` holds no migration to check"),
            "{}",
            stderr(&output)
        );
        assert!(stdout(&output).is_empty());
    }
    let output = migcheck(dir.path(), &["docs", "--allow-empty"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("All checks passed: 0 migrations"));
    // A version location that Alembic's configuration names counts, revisions or not.
    assert_eq!(migcheck(dir.path(), &["db"]).status.code(), Some(0));
    assert_eq!(migcheck(dir.path(), &["shop"]).status.code(), Some(0));
    // A directory with nothing at all, by default the working directory.
    let empty = project(&[("README", b"nothing here\n")]);
    let output = migcheck(empty.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("`.` holds no migration"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn suppressed_and_baselined_findings_are_counted() {
    let irreversible = String::from_utf8(RUNPYTHON_NO_REVERSE.to_vec()).unwrap();
    let suppressed = irreversible.replace(
        "[migrations.RunPython(forwards)]",
        "[migrations.RunPython(forwards)]  # migcheck: ignore[MC201] recomputed on read",
    );
    let dir = project(&[
        (
            "migcheck.toml",
            b"[per-file-ignores]\n\"legacy/*\" = [\"MC201\"]\n",
        ),
        ("shop/migrations/0001_initial.py", suppressed.as_bytes()),
        ("legacy/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
        ("blog/migrations/0001_initial.py", RUNPYTHON_NO_REVERSE),
    ]);
    assert_eq!(migcheck(dir.path(), &["baseline"]).status.code(), Some(0));
    let output = migcheck(dir.path(), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["summary"]["suppressed"], 2, "{document}");
    assert_eq!(document["summary"]["baselined"], 1, "{document}");
    let output = migcheck(dir.path(), &[]);
    assert_eq!(
        stdout(&output),
        "All checks passed: 3 migrations in 3 files; 2 suppressed; 1 accepted by the baseline.\n"
    );
    let output = migcheck(dir.path(), &["--format", "github"]);
    assert_eq!(
        stdout(&output),
        "::notice title=migcheck::3 findings not reported: 2 suppressed by comments or per-file-ignores, 1 accepted by the baseline\n"
    );
    // Nothing hidden, nothing said.
    let output = migcheck(dir.path(), &["--format", "github", "--select", "MC5"]);
    assert_eq!(stdout(&output), "");
}

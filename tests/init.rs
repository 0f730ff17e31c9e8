//! `migcheck init`: the configuration it writes for what it finds, the hook it offers, and
//! the AGENTS.md section it prints.

mod common;

use common::{git, migcheck, project, snapshot, stderr, stdout};

const DJANGO_MIGRATION: &[u8] = b"from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []
    operations = [
        migrations.CreateModel(\"Product\", [(\"id\", models.BigAutoField(primary_key=True))]),
    ]
";

const IRREVERSIBLE: &[u8] = b"from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [(\"shop\", \"0001_initial\")]
    operations = [migrations.RunPython(forwards)]
";

const ALEMBIC_REVISION: &[u8] = b"revision = \"a1\"
down_revision = None


def upgrade():
    op.create_table(\"account\")


def downgrade():
    op.drop_table(\"account\")
";

#[test]
fn django_project_with_pyproject_gets_a_tool_migcheck_table() {
    let pyproject = "[project]\nname = \"shop\"\n\n[tool.ruff]\nline-length = 100\n";
    let dir = project(&[
        ("pyproject.toml", pyproject.as_bytes()),
        ("shop/__init__.py", b""),
        ("shop/migrations/__init__.py", b""),
        ("shop/migrations/0001_initial.py", DJANGO_MIGRATION),
        ("shop/migrations/0002_backfill.py", IRREVERSIBLE),
        (
            "config/settings/production.py",
            b"DATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.postgresql\"}}\n",
        ),
        (
            "config/settings/test.py",
            b"DATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.sqlite3\"}}\n",
        ),
    ]);
    let output = migcheck(dir.path(), &["init", "--no-hook"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("found 2 Django migrations in 1 app"),
        "{said}"
    );
    // PostgreSQL in production wins over SQLite for tests.
    assert!(
        said.contains("database: postgresql (from config/settings/production.py)"),
        "{said}"
    );
    assert!(
        said.contains("wrote a starter configuration to pyproject.toml"),
        "{said}"
    );
    assert!(
        said.contains("the existing migrations have 1 error and 0 warnings"),
        "{said}"
    );
    assert!(!said.contains("hook"), "{said}");

    let written = std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
    assert!(written.starts_with(pyproject), "{written}");
    assert!(written.contains("\n[tool.migcheck]\n"), "{written}");
    assert!(written.contains("dialect = \"postgresql\""), "{written}");
    assert!(!dir.path().join("migcheck.toml").exists());

    // The written configuration is read by the next run, and a second init leaves it alone.
    let output = migcheck(dir.path(), &["--statistics"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let output = migcheck(dir.path(), &["init", "--no-hook"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(
        stdout(&output).contains("pyproject.toml already configures migcheck; left as it is"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap(),
        written
    );
}

#[test]
fn alembic_project_gets_migcheck_toml_with_the_dialect_of_alembic_ini() {
    let dir = project(&[
        (
            "alembic.ini",
            b"[alembic]\nscript_location = migrations\nsqlalchemy.url = mysql+pymysql://app@db/app\n",
        ),
        ("migrations/versions/a1_accounts.py", ALEMBIC_REVISION),
    ]);
    let output = migcheck(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(
        said.contains("found 1 Alembic revision in 1 script directory"),
        "{said}"
    );
    assert!(
        said.contains("database: mysql (from alembic.ini)"),
        "{said}"
    );
    assert!(!said.contains("existing migrations have"), "{said}");
    // Not a git repository: no hook to offer, and the base is `main`.
    assert!(!said.contains("hook"), "{said}");
    assert!(said.contains("migcheck --since main\n"), "{said}");
    // The section speaks of Alembic only.
    assert!(said.contains("alembic merge heads"), "{said}");
    assert!(!said.contains("makemigrations"), "{said}");
    assert!(!said.contains("RunPython"), "{said}");

    let written = std::fs::read_to_string(dir.path().join("migcheck.toml")).unwrap();
    assert!(written.contains("dialect = \"mysql\"  # from alembic.ini"));
    assert!(!written.contains("tool.migcheck"), "{written}");
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn agents_md_section_writes_nothing() {
    let dir = project(&[
        ("shop/migrations/__init__.py", b""),
        ("shop/migrations/0001_initial.py", DJANGO_MIGRATION),
        ("migrations/versions/a1_accounts.py", ALEMBIC_REVISION),
        (
            "compose.yaml",
            b"services:\n  db:\n    image: postgres:17\n",
        ),
    ]);
    let before = snapshot(dir.path());
    let output = migcheck(
        dir.path(),
        &["init", "--agents-md", "--base", "origin/develop"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(snapshot(dir.path()), before);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn base_branch_is_the_remotes_default_and_the_hook_is_installed_on_request() {
    let origin = project(&[
        ("shop/migrations/__init__.py", b""),
        ("shop/migrations/0001_initial.py", DJANGO_MIGRATION),
    ]);
    git(origin.path(), &["init", "-q", "-b", "trunk"]);
    git(origin.path(), &["add", "-A"]);
    git(origin.path(), &["commit", "-qm", "initial"]);
    let parent = tempfile::tempdir().unwrap();
    let clone = parent.path().join("clone");
    git(
        parent.path(),
        &[
            "clone",
            "-q",
            origin.path().to_str().unwrap(),
            clone.to_str().unwrap(),
        ],
    );
    let output = migcheck(&clone, &["init", "--hook"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("base branch: origin/trunk"), "{said}");
    assert!(said.contains("migcheck --since origin/trunk\n"), "{said}");
    assert!(said.contains("installed the pre-push hook"), "{said}");
    assert!(clone.join(".git/hooks/pre-push").is_file());
    let config = std::fs::read_to_string(clone.join("migcheck.toml")).unwrap();
    assert!(config.contains("# since = \"origin/trunk\""), "{config}");
}

#[test]
fn the_hook_question_comes_after_what_init_found() {
    // The question is asked only at a terminal: util-linux's `script` gives the run one.
    let dir = project(&[
        ("shop/migrations/__init__.py", b""),
        ("shop/migrations/0001_initial.py", DJANGO_MIGRATION),
    ]);
    git(dir.path(), &["init", "-q"]);
    let command = format!("'{}' init", env!("CARGO_BIN_EXE_migcheck"));
    let mut child = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir.path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("util-linux's script runs");
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"n\n").unwrap();
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let screen = stdout(&output);
    let found = screen.find("found 1 Django migration").expect(&screen);
    let asked = screen.find("Install the git pre-push hook").expect(&screen);
    assert!(found < asked, "{screen}");
    assert!(!dir.path().join(".git/hooks/pre-push").exists());
}

#[test]
fn init_needs_a_directory() {
    let dir = project(&[("file.txt", b"")]);
    for path in ["missing", "file.txt"] {
        let output = migcheck(dir.path(), &["init", path]);
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).contains(&format!("{path} is not a directory")),
            "{}",
            stderr(&output)
        );
    }
}

#[test]
fn a_pyproject_that_cannot_take_the_table_is_left_whole() {
    // Valid TOML whose `tool` is an inline table: `[tool.migcheck]` after it would not be.
    let pyproject = "tool = { ruff = { line-length = 100 } }\n[project]\nname = \"shop\"\n";
    let dir = project(&[
        ("pyproject.toml", pyproject.as_bytes()),
        ("shop/migrations/__init__.py", b""),
        ("shop/migrations/0001_initial.py", DJANGO_MIGRATION),
    ]);
    let output = migcheck(dir.path(), &["init", "--no-hook"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap(),
        pyproject
    );
    assert!(
        stdout(&output).contains("inline table"),
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("wrote a starter configuration to migcheck.toml"),
        "{}",
        stdout(&output)
    );
    // What was written loads.
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(0));
}

#[cfg(unix)]
#[test]
fn init_replaces_a_linked_pyproject_rather_than_writing_through_it() {
    let outside = tempfile::tempdir().unwrap();
    let shared = outside.path().join("pyproject.toml");
    std::fs::write(&shared, "[project]\nname = \"shared\"\n").unwrap();
    let dir = project(&[("shop/migrations/__init__.py", b"")]);
    std::os::unix::fs::symlink(&shared, dir.path().join("pyproject.toml")).unwrap();
    let output = migcheck(dir.path(), &["init", "--no-hook"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&shared).unwrap(),
        "[project]\nname = \"shared\"\n"
    );
    let written = std::fs::read_to_string(dir.path().join("pyproject.toml")).unwrap();
    assert!(written.starts_with("[project]\nname = \"shared\"\n"));
    assert!(written.contains("[tool.migcheck]"));
}

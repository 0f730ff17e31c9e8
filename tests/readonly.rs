//! migcheck writes nothing but what `hook install`, `baseline`, `init` and `man --dir` are
//! asked to write: every other command, run on a read-only copy of a repository, leaves
//! every file as it was, `.git` included.

mod common;

use std::io::Write;
use std::process::{Command, Stdio};

use common::{git, project, snapshot, stderr};

const INITIAL: &[u8] = b"from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []
    operations = [
        migrations.CreateModel(\"Product\", [(\"id\", models.BigAutoField(primary_key=True))]),
    ]
";

const BACKFILL: &[u8] = b"from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [(\"shop\", \"0001_initial\")]
    operations = [migrations.RunPython(forwards)]
";

const REVISION: &[u8] = b"from alembic import op

revision = \"a1\"
down_revision = None


def upgrade():
    op.create_table(\"account\")


def downgrade():
    pass
";

/// Makes every file and directory under `dir` read-only (for a run that is not root's, the
/// system itself then refuses writes; for root's, the snapshot comparison catches them).
fn read_only(dir: &std::path::Path, read_only: bool) {
    for entry in ignore::WalkBuilder::new(dir)
        .hidden(false)
        .git_ignore(false)
        .build()
        .flatten()
    {
        let mut permissions = std::fs::metadata(entry.path()).unwrap().permissions();
        #[allow(clippy::permissions_set_readonly_false)]
        permissions.set_readonly(read_only);
        std::fs::set_permissions(entry.path(), permissions).unwrap();
    }
}

#[test]
fn no_command_but_the_writing_ones_writes() {
    let dir = project(&[
        (
            "pyproject.toml",
            b"[tool.migcheck]\nextend-select = [\"MC104\"]\n",
        ),
        (
            "alembic.ini",
            b"[alembic]\nscript_location = %(here)s/alembic\n",
        ),
        ("shop/migrations/__init__.py", b""),
        ("shop/migrations/0001_initial.py", INITIAL),
        ("alembic/versions/a1_account.py", REVISION),
    ]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    std::fs::write(
        dir.path().join("shop/migrations/0002_backfill.py"),
        BACKFILL,
    )
    .unwrap();
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "backfill"]);
    // And uncommitted work: an edit of a migration on main.
    std::fs::write(
        dir.path().join("alembic/versions/a1_account.py"),
        String::from_utf8_lossy(REVISION).replace("pass", "op.drop_table(\"account\")"),
    )
    .unwrap();
    let head = git(dir.path(), &["rev-parse", "HEAD"]);
    let pre_push = format!(
        "refs/heads/feature {head} refs/heads/feature 0000000000000000000000000000000000000000\n"
    );

    let before = snapshot(dir.path());
    assert!(before.iter().any(|(path, _)| path == ".git/HEAD"));
    read_only(dir.path(), true);
    let runs: &[&[&str]] = &[
        &[],
        &["--format", "json"],
        &["--format", "github"],
        &["--format", "sarif"],
        &["--format", "junit"],
        &["--format", "gitlab"],
        &["--statistics"],
        &["--statistics", "--format", "json"],
        &["check", "shop"],
        &["--since", "main"],
        &["--since", "main", "--head", "HEAD"],
        &["graph"],
        &["graph", "--format", "json"],
        &["graph", "--format", "dot"],
        &["rule", "MC201"],
        &["rules"],
        &["completions", "bash"],
        &["man"],
        &["init", "--agents-md"],
        &["hook", "pre-push", "origin", "https://example.com/shop.git"],
    ];
    for args in runs {
        let mut child = Command::new(env!("CARGO_BIN_EXE_migcheck"))
            .args(*args)
            .current_dir(dir.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Commands other than the hook may exit without reading standard input.
        let written = child.stdin.take().unwrap().write_all(pre_push.as_bytes());
        if let Err(error) = written {
            assert_eq!(error.kind(), std::io::ErrorKind::BrokenPipe, "{error}");
        }
        let output = child.wait_with_output().unwrap();
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "migcheck {args:?}: {}",
            stderr(&output)
        );
    }
    read_only(dir.path(), false);
    assert!(
        snapshot(dir.path()) == before,
        "a command wrote to the repository"
    );
}

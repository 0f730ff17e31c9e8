//! `--since` / `--head` and the pre-push hook, on git repositories built in temporary
//! directories.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::{git, migcheck, stderr, stdout, write_files};

const INITIAL: &str = "from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = []

    operations = [
        migrations.CreateModel(\"Product\", [(\"id\", models.BigAutoField(primary_key=True))]),
    ]
";

const IRREVERSIBLE: &str = "from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [(\"shop\", \"0001_initial\")]

    operations = [migrations.RunPython(forwards)]
";

/// A repository with `shop/migrations/0001_initial.py` and an irreversible `0002` on `main`,
/// and a branch `feature` checked out.
fn repository() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    write_files(
        dir.path(),
        &[
            ("shop/migrations/__init__.py", Some("")),
            ("shop/migrations/0001_initial.py", Some(INITIAL)),
            ("shop/migrations/0002_backfill.py", Some(IRREVERSIBLE)),
        ],
    );
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "initial"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    dir
}

fn edit_initial(dir: &Path) {
    write_files(
        dir,
        &[(
            "shop/migrations/0001_initial.py",
            Some(&INITIAL.replace("BigAutoField", "AutoField")),
        )],
    );
}

fn codes(output: &std::process::Output) -> Vec<String> {
    stdout(output)
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": ")?;
            location
                .ends_with(|c: char| c.is_ascii_digit())
                .then(|| format!("{location} {}", rest.split(' ').next().unwrap_or_default()))
        })
        .collect()
}

#[test]
fn uncommitted_edit_is_caught() {
    let dir = repository();
    edit_initial(dir.path());
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert_eq!(
        codes(&output),
        ["shop/migrations/0001_initial.py:8:9 MC101"]
    );
    assert!(stdout(&output).contains("was edited: changed operation 1 (`CreateModel`)"));
}

#[test]
fn content_rules_look_at_new_migrations_only() {
    let dir = repository();
    // Nothing changed: the old irreversible migration is not this branch's doing.
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // Without --since it is a full audit.
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(1));
    // A new, untracked migration is checked.
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0003_more.py",
            Some(&IRREVERSIBLE.replace("0001_initial", "0002_backfill")),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(codes(&output), ["shop/migrations/0003_more.py:11:19 MC201"]);
}

#[test]
fn committed_changes_and_revision_expressions() {
    let dir = repository();
    edit_initial(dir.path());
    git(dir.path(), &["commit", "-qam", "edit"]);
    git(dir.path(), &["tag", "v1", "main"]);
    let main_sha = git(dir.path(), &["rev-parse", "main"]);
    for since in ["main", "v1", main_sha.as_str(), "HEAD~1"] {
        let output = migcheck(dir.path(), &["--since", since]);
        assert_eq!(output.status.code(), Some(1), "--since {since}");
        assert!(stdout(&output).contains(&format!("exists on `{since}`")));
    }
    // Detached HEAD works too.
    git(dir.path(), &["checkout", "-q", "--detach"]);
    assert_eq!(
        migcheck(dir.path(), &["--since", "main"]).status.code(),
        Some(1)
    );
}

#[test]
fn head_commit_and_bare_repository() {
    let dir = repository();
    edit_initial(dir.path());
    git(dir.path(), &["commit", "-qam", "edit"]);
    git(dir.path(), &["checkout", "-q", "main"]);
    // The work tree is on main, clean; --head checks the feature commit.
    let output = migcheck(dir.path(), &["--since", "main", "--head", "feature"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0001_initial.py:8:9 MC101"]
    );

    let bare = tempfile::tempdir().unwrap();
    let bare_path = bare.path().join("repo.git");
    git(
        dir.path(),
        &["clone", "-q", "--bare", ".", bare_path.to_str().unwrap()],
    );
    let output = migcheck(&bare_path, &["--since", "main", "--head", "feature"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0001_initial.py:8:9 MC101"]
    );
    // A bare repository has no work tree to check.
    let output = migcheck(&bare_path, &["--since", "main"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--head"), "{}", stderr(&output));
    // --head alone is a full audit of that commit.
    let output = migcheck(&bare_path, &["--head", "feature", "--select", "MC201"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0002_backfill.py:11:19 MC201"]
    );
}

const REVISION: &str = "from alembic import op
import sqlalchemy as sa

revision = \"ab12\"
down_revision = None


def upgrade():
    op.add_column(\"orders\", sa.Column(\"note\", sa.Text(), nullable=True))


def downgrade():
    op.drop_column(\"orders\", \"note\")
";

/// `repository()` plus an Alembic revision on `main`, edited on `feature` (committed).
fn repository_with_alembic() -> tempfile::TempDir {
    let dir = repository();
    git(dir.path(), &["checkout", "-q", "main"]);
    write_files(
        dir.path(),
        &[("alembic/versions/ab12_note.py", Some(REVISION))],
    );
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "alembic"]);
    git(dir.path(), &["checkout", "-q", "feature"]);
    git(dir.path(), &["merge", "-q", "main"]);
    write_files(
        dir.path(),
        &[(
            "alembic/versions/ab12_note.py",
            Some(&REVISION.replace("sa.Text()", "sa.String(200)")),
        )],
    );
    git(dir.path(), &["commit", "-qam", "edit the revision"]);
    dir
}

#[test]
fn history_rules_judge_the_checked_paths_only() {
    let dir = repository_with_alembic();
    let outside = |output: &std::process::Output| {
        assert_eq!(output.status.code(), Some(0), "{}", stdout(output));
        assert!(!stdout(output).contains("alembic"), "{}", stdout(output));
    };
    // The revision is outside `shop`, from the top, from `shop/` and with --head.
    outside(&migcheck(dir.path(), &["--since", "main", "shop"]));
    outside(&migcheck(&dir.path().join("shop"), &["--since", "main"]));
    outside(&migcheck(
        dir.path(),
        &["--since", "main", "--head", "feature", "shop"],
    ));
    // Excluded by the configuration: the job's own, outside the repository (one the change
    // adds is held at the base's; see `a_change_cannot_loosen_the_settings`).
    let job = tempfile::tempdir().unwrap();
    let config = job.path().join("migcheck.toml");
    std::fs::write(&config, "extend-exclude = [\"alembic\"]\n").unwrap();
    let config = config.to_str().unwrap();
    outside(&migcheck(
        dir.path(),
        &["--since", "main", "--config", config],
    ));
    // With --head the configuration comes from that commit, unless --config names one.
    outside(&migcheck(
        dir.path(),
        &["--since", "main", "--head", "feature", "--config", config],
    ));

    // A directory the commit does not have checks nothing there; a path it lacks is an error.
    std::fs::create_dir(dir.path().join("notes")).unwrap();
    outside(&migcheck(
        &dir.path().join("notes"),
        &["--since", "main", "--head", "feature", "--allow-empty"],
    ));
    let output = migcheck(
        dir.path(),
        &["--since", "main", "--head", "feature", "notes"],
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("notes: no such file"),
        "{}",
        stderr(&output)
    );

    // Checked, it is a real edit, shown relative to the working directory.
    let output = migcheck(
        dir.path(),
        &["--since", "main", "--head", "feature", "alembic"],
    );
    assert_eq!(codes(&output), ["alembic/versions/ab12_note.py:9:5 MC101"]);
    assert!(
        stdout(&output).contains("changed `upgrade()`"),
        "{}",
        stdout(&output)
    );
    let output = migcheck(
        &dir.path().join("shop"),
        &["--since", "main", "..", "--select", "MC1"],
    );
    assert_eq!(
        codes(&output),
        ["../alembic/versions/ab12_note.py:9:5 MC101"]
    );
    let output = migcheck(
        &dir.path().join("shop"),
        &["--since", "main", "--head", "feature", "../alembic"],
    );
    assert_eq!(
        codes(&output),
        ["../alembic/versions/ab12_note.py:9:5 MC101"]
    );
}

#[test]
fn head_reads_the_configuration_committed_in_it() {
    let dir = repository();
    // The configuration is on main: a branch cannot loosen it for itself.
    git(dir.path(), &["checkout", "-q", "main"]);
    write_files(
        dir.path(),
        &[(
            "pyproject.toml",
            Some("[tool.migcheck.history]\nignore-attributes = [\"safe\"]\n"),
        )],
    );
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "configure"]);
    git(dir.path(), &["checkout", "-q", "feature"]);
    git(dir.path(), &["merge", "-q", "main"]);
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0001_initial.py",
            Some(&INITIAL.replace("    dependencies", "    safe = True\n    dependencies")),
        )],
    );
    git(dir.path(), &["commit", "-qam", "mark safe"]);
    git(dir.path(), &["checkout", "-q", "main"]);
    git(dir.path(), &["rm", "-q", "pyproject.toml"]);
    git(dir.path(), &["commit", "-qm", "unconfigure the work tree"]);
    // The work tree (main) has no configuration; feature's says `safe` does not count.
    let output = migcheck(dir.path(), &["--since", "main", "--head", "feature"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // From a subdirectory the same file is found, above it.
    let shop = dir.path().join("shop");
    let output = migcheck(&shop, &["--since", "main", "--head", "feature"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    // --config names the configuration to use instead.
    write_files(
        dir.path(),
        &[("other.toml", Some("dialect = \"generic\"\n"))],
    );
    let output = migcheck(
        dir.path(),
        &[
            "--since",
            "main",
            "--head",
            "feature",
            "--config",
            "other.toml",
        ],
    );
    assert_eq!(
        codes(&output),
        ["shop/migrations/0001_initial.py:5:5 MC101"]
    );

    // A bad committed configuration is named by commit and path.
    git(dir.path(), &["checkout", "-q", "feature"]);
    write_files(
        dir.path(),
        &[("pyproject.toml", Some("[tool.migcheck]\nselct = []\n"))],
    );
    git(dir.path(), &["commit", "-qam", "typo"]);
    git(dir.path(), &["checkout", "-q", "main"]);
    let output = migcheck(dir.path(), &["--since", "main", "--head", "feature"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("feature:pyproject.toml: unknown key `tool.migcheck.selct`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn config_sets_the_default_base() {
    let dir = repository();
    write_files(dir.path(), &[("migcheck.toml", Some("since = \"main\"\n"))]);
    edit_initial(dir.path());
    let output = migcheck(dir.path(), &[]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0001_initial.py:8:9 MC101"]
    );
}

#[test]
fn no_since_and_baseline_are_full_audits() {
    let dir = repository();
    write_files(dir.path(), &[("migcheck.toml", Some("since = \"main\"\n"))]);
    // The old irreversible migration is not the branch's doing...
    assert_eq!(migcheck(dir.path(), &[]).status.code(), Some(0));
    // ...but a full audit reports it.
    let output = migcheck(dir.path(), &["--no-since"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0002_backfill.py:11:19 MC201"]
    );
    let output = migcheck(dir.path(), &["--no-since", "--since", "main"]);
    assert_eq!(output.status.code(), Some(2));

    let output = migcheck(dir.path(), &["baseline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("wrote 1 finding"),
        "{}",
        stdout(&output)
    );
    assert_eq!(migcheck(dir.path(), &["--no-since"]).status.code(), Some(0));
    let output = migcheck(dir.path(), &["baseline", "--since", "main"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("full audit"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn runs_that_cannot_be_done() {
    let outside = tempfile::tempdir().unwrap();
    let output = migcheck(outside.path(), &["--since", "main"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("is not in a git repository"));
    assert!(stdout(&output).is_empty());

    let dir = repository();
    let output = migcheck(dir.path(), &["--since", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("`no-such-branch` does not name a commit"));

    let unborn = tempfile::tempdir().unwrap();
    git(unborn.path(), &["init", "-q"]);
    let output = migcheck(unborn.path(), &["--since", "main"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("no commits yet"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn shallow_clone_without_the_base() {
    let origin = repository();
    git(origin.path(), &["checkout", "-q", "main"]);
    for n in 0..3 {
        write_files(origin.path(), &[("README", Some(&n.to_string()))]);
        git(origin.path(), &["add", "-A"]);
        git(origin.path(), &["commit", "-qm", "more"]);
    }
    git(origin.path(), &["checkout", "-q", "feature"]);
    edit_initial(origin.path());
    git(origin.path(), &["commit", "-qam", "edit"]);
    let url = format!("file://{}", origin.path().display());

    // As actions/checkout does by default: one commit of the branch, no main.
    let clone = tempfile::tempdir().unwrap();
    git(
        clone.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "feature", &url, "work",
        ],
    );
    let work = clone.path().join("work");
    let output = migcheck(&work, &["--since", "origin/main"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(message.contains("shallow"), "{message}");
    assert!(message.contains("fetch-depth: 0"), "{message}");
    assert!(message.contains("git fetch --unshallow"), "{message}");
    // Fetching the one branch does not help a shallow clone: not suggested.
    assert!(!message.contains("git fetch origin"), "{message}");
    // The base's id, as CI gives it: cut off.
    let main_sha = git(origin.path(), &["rev-parse", "main"]);
    let output = migcheck(&work, &["--since", &main_sha]);
    assert!(stderr(&output).contains("shallow"), "{}", stderr(&output));
    // A typo, and a bad --head, are named as such.
    let output = migcheck(&work, &["--since", "no-such-branch"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("--since `no-such-branch` does not name a commit"),
        "{message}"
    );
    // It may be a branch this shallow clone was not made with: said as a possibility.
    assert!(
        message.contains("if it is a branch of `origin`, this clone lacks it"),
        "{message}"
    );
    let output = migcheck(&work, &["--since", "HEAD", "--head", "no-such-commit"]);
    let message = stderr(&output);
    assert!(
        message.contains("--head `no-such-commit` does not name a commit"),
        "{message}"
    );
    // An ancestor past the edge of the clone.
    let output = migcheck(&work, &["--since", "HEAD~3"]);
    assert!(stderr(&output).contains("shallow"), "{}", stderr(&output));

    // main fetched, but only its tip: no common history to find.
    git(
        &work,
        &[
            "fetch",
            "-q",
            "--depth",
            "1",
            "origin",
            "main:refs/remotes/origin/main",
        ],
    );
    let output = migcheck(&work, &["--since", "origin/main"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(stderr(&output).contains("shallow"), "{}", stderr(&output));
    // A local name for a branch only the remote has.
    let output = migcheck(&work, &["--since", "main"]);
    assert!(
        stderr(&output).contains("did you mean `origin/main`?"),
        "{}",
        stderr(&output)
    );

    // After `git fetch --unshallow` it works.
    git(
        &work,
        &[
            "fetch",
            "-q",
            "--unshallow",
            "origin",
            "main:refs/remotes/origin/main",
        ],
    );
    let output = migcheck(&work, &["--since", "origin/main"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0001_initial.py:8:9 MC101"]
    );
}

/// A bare remote and a clone of it, on `feature`, with `git` able to push.
fn remote_and_clone() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = repository();
    let remote = dir.path().join("remote.git");
    git(
        dir.path(),
        &["init", "-q", "--bare", remote.to_str().unwrap()],
    );
    git(
        dir.path(),
        &["push", "-q", remote.to_str().unwrap(), "main"],
    );
    let work = dir.path().join("work");
    git(
        dir.path(),
        &[
            "clone",
            "-q",
            remote.to_str().unwrap(),
            work.to_str().unwrap(),
        ],
    );
    git(&work, &["checkout", "-qb", "feature"]);
    (dir, work)
}

fn push(work: &Path, args: &[&str]) -> std::process::Output {
    Command::new("git")
        .args([
            "-c",
            "user.name=migcheck",
            "-c",
            "user.email=migcheck@example.com",
        ])
        .args(["push", "-q", "origin"])
        .args(args)
        .current_dir(work)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", work)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn pre_push_hook_end_to_end() {
    let (_dir, work) = remote_and_clone();
    let output = migcheck(&work, &["hook", "install"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(work.join(".git/hooks/pre-push").is_file());

    // A clean new branch pushes.
    write_files(&work, &[("README", Some("hello"))]);
    git(&work, &["add", "-A"]);
    git(&work, &["commit", "-qm", "docs"]);
    let output = push(&work, &["feature"]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );

    // An edited migration is blocked.
    edit_initial(&work);
    git(&work, &["commit", "-qam", "edit migration"]);
    let output = push(&work, &["feature"]);
    assert!(!output.status.success());
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(said.contains("MC101"), "{said}");
    assert!(said.contains("--no-verify"), "{said}");

    // The escape hatch, and deleting a branch, both go through.
    assert!(push(&work, &["--no-verify", "feature"]).status.success());
    assert!(push(&work, &["--delete", "feature"]).status.success());

    let output = migcheck(&work, &["hook", "uninstall"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(!work.join(".git/hooks/pre-push").exists());
}

const NEW_MIGRATION: &str = "from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [(\"shop\", \"0002_backfill\")]

    operations = [migrations.AddField(\"product\", \"sku\", models.TextField(null=True))]
";

#[test]
fn pre_push_hook_guards_the_default_branch_only() {
    let (_dir, work) = remote_and_clone();
    assert_eq!(migcheck(&work, &["hook", "install"]).status.code(), Some(0));
    let commit = |contents: &str| {
        write_files(&work, &[("shop/migrations/0003_sku.py", Some(contents))]);
        git(&work, &["add", "-A"]);
        git(&work, &["commit", "-qm", "sku"]);
    };
    let pushed = |output: std::process::Output| {
        let said = format!("{}{}", stdout(&output), stderr(&output));
        (output.status.success(), said)
    };

    // A new migration on the feature branch, pushed, then fixed and pushed again: it is
    // the branch's own, on no database yet.
    commit(NEW_MIGRATION);
    let (ok, said) = pushed(push(&work, &["feature"]));
    assert!(ok, "{said}");
    commit(&NEW_MIGRATION.replace(
        "TextField(null=True)",
        "CharField(max_length=20, null=True)",
    ));
    let (ok, said) = pushed(push(&work, &["feature"]));
    assert!(ok, "{said}");

    // Merged into the default branch, it is an existing migration there.
    let (ok, said) = pushed(push(&work, &["feature:main"]));
    assert!(ok, "{said}");
    commit(&NEW_MIGRATION.replace("TextField(null=True)", "IntegerField(null=True)"));
    let (ok, said) = pushed(push(&work, &["feature:main"]));
    assert!(!ok && said.contains("MC101"), "{said}");
    // And a branch made from it may not edit it either.
    let (ok, said) = pushed(push(&work, &["feature:other"]));
    assert!(!ok && said.contains("MC101"), "{said}");
}

#[test]
fn hook_install_respects_other_hooks() {
    let (_dir, work) = remote_and_clone();
    let hooks = work.join(".git/hooks");
    std::fs::create_dir_all(&hooks).unwrap();
    let theirs = "#!/bin/sh\necho their hook ran >&2\n";
    std::fs::write(hooks.join("pre-push"), theirs).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            hooks.join("pre-push"),
            std::fs::Permissions::from_mode(0o755),
        )
        .unwrap();
    }

    let output = migcheck(&work, &["hook", "install"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--chain"));
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-push")).unwrap(),
        theirs
    );

    let output = migcheck(&work, &["hook", "install", "--chain"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    edit_initial(&work);
    git(&work, &["commit", "-qam", "edit migration"]);
    let output = push(&work, &["feature"]);
    assert!(!output.status.success());
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        said.contains("their hook ran") && said.contains("MC101"),
        "{said}"
    );

    // Installing again without --chain keeps theirs chained.
    let output = migcheck(&work, &["hook", "install"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("runs the previous hook"));
    let output = push(&work, &["feature"]);
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(
        said.contains("their hook ran") && said.contains("MC101"),
        "{said}"
    );

    // Uninstalling puts theirs back.
    assert_eq!(
        migcheck(&work, &["hook", "uninstall"]).status.code(),
        Some(0)
    );
    assert_eq!(
        std::fs::read_to_string(hooks.join("pre-push")).unwrap(),
        theirs
    );
    // --force replaces it.
    assert_eq!(
        migcheck(&work, &["hook", "install", "--force"])
            .status
            .code(),
        Some(0)
    );
    assert!(
        std::fs::read_to_string(hooks.join("pre-push"))
            .unwrap()
            .contains("migcheck")
    );
}

#[test]
fn hook_honours_core_hooks_path() {
    let (_dir, work) = remote_and_clone();
    git(&work, &["config", "core.hooksPath", ".githooks"]);
    assert_eq!(migcheck(&work, &["hook", "install"]).status.code(), Some(0));
    assert!(work.join(".githooks/pre-push").is_file());
    assert!(!work.join(".git/hooks/pre-push").exists());
}

#[test]
fn hook_in_a_linked_worktree_goes_where_git_runs_it() {
    let (_dir, work) = remote_and_clone();
    let linked = work.parent().unwrap().join("linked");
    git(
        &work,
        &[
            "worktree",
            "add",
            "-q",
            "-b",
            "other",
            linked.to_str().unwrap(),
        ],
    );
    let output = migcheck(&linked, &["hook", "install"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(work.join(".git/hooks/pre-push").is_file());
    assert!(!work.join(".git/worktrees/linked/hooks").exists());
    // git runs it for a push from the linked worktree.
    edit_initial(&linked);
    git(&linked, &["commit", "-qam", "edit migration"]);
    let output = push(&linked, &["other"]);
    assert!(!output.status.success());
    assert!(stdout(&output).contains("MC101") || stderr(&output).contains("MC101"));
}

#[test]
fn unreadable_core_hooks_path_is_an_error() {
    let (_dir, work) = remote_and_clone();
    // libgit2 cannot expand another user's home directory.
    git(&work, &["config", "core.hooksPath", "~nobody/hooks"]);
    for command in [&["hook", "install"][..], &["hook", "uninstall"]] {
        let output = migcheck(&work, command);
        assert_eq!(output.status.code(), Some(2), "{command:?}");
        assert!(
            stderr(&output).contains("core.hooksPath"),
            "{}",
            stderr(&output)
        );
    }
    assert!(!work.join(".git/hooks/pre-push").exists());
}

#[test]
fn pre_push_stage_of_the_pre_commit_framework() {
    let dir = repository();
    let base = git(dir.path(), &["rev-parse", "main"]).trim().to_string();
    edit_initial(dir.path());
    git(dir.path(), &["commit", "-qam", "edit migration"]);
    let head = git(dir.path(), &["rev-parse", "HEAD"]).trim().to_string();
    // pre-commit reads git's lines itself and describes the push in its environment.
    let run = |from: &str| {
        Command::new(env!("CARGO_BIN_EXE_migcheck"))
            .args(["hook", "pre-push", "origin", "unused-url"])
            .current_dir(dir.path())
            .env("PRE_COMMIT_FROM_REF", from)
            .env("PRE_COMMIT_TO_REF", &head)
            .env("PRE_COMMIT_REMOTE_NAME", "origin")
            .env("PRE_COMMIT_REMOTE_BRANCH", "refs/heads/feature")
            .env("PRE_COMMIT_LOCAL_BRANCH", "refs/heads/feature")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    let output = run(&base);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).contains("MC101"), "{}", stdout(&output));
    // Pushing only what the remote has already: nothing to report.
    let output = run(&head);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
}

#[test]
fn unchanged_migrations_still_make_up_the_graph() {
    let dir = repository();
    // A second leaf next to the unchanged 0002, and the state an AlterField needs from the
    // unchanged 0001 (the field was NOT NULL already: no MC506).
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0003_product_code.py",
            Some(
                "from django.db import migrations, models\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"0001_initial\")]\n\n    operations = [\n        migrations.AlterField(\"product\", \"id\", models.BigAutoField(primary_key=True, serialize=False)),\n    ]\n",
            ),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main", "--select", "MC3,MC5"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0003_product_code.py:4:7 MC301"],
        "{}",
        stdout(&output)
    );
    // Committed, with the work tree clean: the same from the commit.
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "0003"]);
    let output = migcheck(
        dir.path(),
        &["--since", "main", "--head", "HEAD", "--select", "MC3,MC5"],
    );
    assert_eq!(
        codes(&output),
        ["shop/migrations/0003_product_code.py:4:7 MC301"]
    );
}

/// `migcheck hook pre-push` in `dir` with nothing on standard input and no pre-commit
/// variables, as run by hand or by `pre-commit run --hook-stage pre-push --all-files`.
fn pre_push_by_hand(dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_migcheck"))
        .args(["hook", "pre-push"])
        .current_dir(dir)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn pre_push_hook_with_no_refs_checks_head() {
    let (_dir, work) = remote_and_clone();
    edit_initial(&work);
    git(&work, &["commit", "-qam", "edit migration"]);
    // No upstream: as a new branch, against the remote's default branch.
    let output = pre_push_by_hand(&work);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).contains("MC101"), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("checking HEAD (feature) against origin/main, as a new branch"),
        "{}",
        stderr(&output)
    );
    // With an upstream: as a push to it would be (a branch other than the default one is
    // still compared with the default branch).
    assert!(
        push(&work, &["--no-verify", "-u", "feature"])
            .status
            .success()
    );
    let output = pre_push_by_hand(&work);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("as a push to its upstream origin/feature would be"),
        "{}",
        stderr(&output)
    );
    // The default branch against what its upstream has: nothing new there.
    git(&work, &["checkout", "-q", "main"]);
    let output = pre_push_by_hand(&work);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("its upstream origin/main"),
        "{}",
        stderr(&output)
    );
    // The hook script run by hand does the same.
    git(&work, &["checkout", "-q", "feature"]);
    assert_eq!(migcheck(&work, &["hook", "install"]).status.code(), Some(0));
    let output = Command::new(work.join(".git/hooks/pre-push"))
        .current_dir(&work)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(stdout(&output).contains("MC101"), "{}", stdout(&output));

    // Neither an upstream nor a default branch: nothing to compare with.
    let lone = tempfile::tempdir().unwrap();
    git(lone.path(), &["init", "-q", "-b", "trunk"]);
    write_files(
        lone.path(),
        &[("shop/migrations/0001_initial.py", Some(INITIAL))],
    );
    git(lone.path(), &["add", "-A"]);
    git(lone.path(), &["commit", "-qm", "initial"]);
    let output = pre_push_by_hand(lone.path());
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("has no upstream and `origin` no default branch"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn hook_finds_migcheck_on_path_then_where_it_was_installed() {
    let (dir, work) = remote_and_clone();
    // Installed by a binary that is then removed (a virtualenv deleted, a build cleaned).
    let installed = dir.path().join("old/bin/migcheck");
    std::fs::create_dir_all(installed.parent().unwrap()).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_migcheck"), &installed).unwrap();
    // A copy just written may be open for writing in a child another test thread forks
    // meanwhile ("text file busy") until that child execs: try again.
    let output = (0..100)
        .find_map(|_| {
            match Command::new(&installed)
                .args(["hook", "install"])
                .current_dir(&work)
                .output()
            {
                Err(e) if e.kind() == std::io::ErrorKind::ExecutableFileBusy => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                    None
                }
                result => Some(result.unwrap()),
            }
        })
        .expect("the copied binary runs");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    edit_initial(&work);
    git(&work, &["commit", "-qam", "edit migration"]);
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    // git and the shell, and no migcheck, on PATH.
    let path = |first: &Path| format!("{}:/usr/local/bin:/usr/bin:/bin", first.display());
    let push_with = |path: &str| {
        Command::new("git")
            .args(["push", "-q", "origin", "feature"])
            .current_dir(&work)
            .env("PATH", path)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &work)
            .stdin(Stdio::null())
            .output()
            .unwrap()
    };
    // Where it was installed from: it runs, and blocks the edit.
    let output = push_with(&path(&bin));
    let said = format!("{}{}", stdout(&output), stderr(&output));
    assert!(!output.status.success() && said.contains("MC101"), "{said}");

    // On PATH comes first.
    let fake = bin.join("migcheck");
    std::fs::write(
        &fake,
        "#!/bin/sh\necho the migcheck on PATH ran >&2\nexit 1\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let output = push_with(&path(&bin));
    assert!(!output.status.success());
    assert!(
        stderr(&output).contains("the migcheck on PATH ran"),
        "{}",
        stderr(&output)
    );

    // Neither: the push goes through, with how to reinstall.
    std::fs::remove_file(&fake).unwrap();
    std::fs::remove_file(&installed).unwrap();
    let output = push_with(&path(&bin));
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stderr(&output);
    assert!(
        said.contains("so this push is not checked") && said.contains("migcheck hook install"),
        "{said}"
    );
    assert!(!said.contains("not found"), "{said}");
}

/// `repository()` with `configuration` committed on main as `pyproject.toml`, `feature`
/// up to date with it.
fn configured(configuration: &str) -> tempfile::TempDir {
    let dir = repository();
    git(dir.path(), &["checkout", "-q", "main"]);
    write_files(dir.path(), &[("pyproject.toml", Some(configuration))]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "configure"]);
    git(dir.path(), &["checkout", "-q", "feature"]);
    git(dir.path(), &["merge", "-q", "main"]);
    dir
}

/// A new migration with an irreversible `RunPython` on `feature`, written with `comment`
/// on the operation's line.
fn new_irreversible(dir: &Path, comment: &str) {
    let text = IRREVERSIBLE
        .replace("0001_initial", "0002_backfill")
        .replace(
            "[migrations.RunPython(forwards)]",
            &format!("[\n        migrations.RunPython(forwards),  {comment}\n    ]"),
        );
    write_files(dir, &[("shop/migrations/0003_more.py", Some(&text))]);
}

#[test]
fn a_change_cannot_loosen_the_settings() {
    let dir = configured("[tool.migcheck]\nseverity = { MC502 = \"error\" }\n");
    // The branch turns the rules that would catch it off, and edits an applied migration.
    let loosening = "[tool.migcheck]\nignore = [\"MC101\"]\nextend-exclude = [\"shop/**\"]\n\
        severity = { MC201 = \"warning\", MC502 = \"info\" }\n\
        [tool.migcheck.per-file-ignores]\n\"shop/*\" = [\"MC201\"]\n";
    write_files(dir.path(), &[("pyproject.toml", Some(loosening))]);
    edit_initial(dir.path());
    new_irreversible(dir.path(), "");
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(
        codes(&output),
        [
            "shop/migrations/0001_initial.py:8:9 MC101",
            "shop/migrations/0003_more.py:12:9 MC201"
        ],
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("Found 2 errors"),
        "{}",
        stdout(&output)
    );
    let said = stderr(&output);
    assert!(said.contains("held at the base's value"), "{said}");
    assert!(
        said.contains("`select`: the head's configuration turns off MC101"),
        "{said}"
    );
    // The same, committed and checked with --head (both configurations from commits).
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "loosen"]);
    let output = migcheck(dir.path(), &["--since", "main", "--head", "feature"]);
    assert_eq!(codes(&output).len(), 2, "{}", stdout(&output));

    // --show-settings says what runs and what was held.
    let output = migcheck(dir.path(), &["--since", "main", "--show-settings"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let base = git(dir.path(), &["merge-base", "main", "HEAD"]);
    let shown = stdout(&output).replace(&base[..12], "<base>");
    insta::assert_snapshot!("show_settings_under_since", shown);

    // Without --since there is no base: the branch's own settings, which exclude every
    // migration.
    let output = migcheck(dir.path(), &["--show-settings"]);
    assert!(stdout(&output).contains("exclude: the defaults, `shop/**` (in .)\n"));
    let output = migcheck(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("all are excluded"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_change_can_make_the_check_stricter() {
    let dir = configured("[tool.migcheck]\nignore = [\"MC201\"]\n");
    new_irreversible(dir.path(), "");
    assert_eq!(
        migcheck(dir.path(), &["--since", "main"]).status.code(),
        Some(0)
    );
    // The head runs MC201 again and turns on MC104: both apply at once, with no note.
    write_files(
        dir.path(),
        &[(
            "pyproject.toml",
            Some("[tool.migcheck]\nextend-select = [\"MC104\"]\n"),
        )],
    );
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0001_initial.py",
            Some(&INITIAL.replace("    dependencies = []", "    dependencies = [\n    ]")),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(
        codes(&output),
        [
            "shop/migrations/0001_initial.py:4:7 MC104",
            "shop/migrations/0003_more.py:12:9 MC201"
        ],
        "{}",
        stdout(&output)
    );
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
}

#[test]
fn the_baseline_is_the_one_at_the_base() {
    let dir = repository();
    new_irreversible(dir.path(), "");
    // The branch accepts its own finding and commits the baseline.
    let output = migcheck(dir.path(), &["baseline"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "accept"]);
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(codes(&output), ["shop/migrations/0003_more.py:12:9 MC201"]);
    assert!(
        stderr(&output).contains("`.migcheck-baseline.json` differs from the base's"),
        "{}",
        stderr(&output)
    );
    // Once merged, the baseline is the base's: a later branch sees it accepted.
    git(dir.path(), &["checkout", "-q", "main"]);
    git(dir.path(), &["merge", "-q", "feature"]);
    git(dir.path(), &["checkout", "-q", "-b", "later"]);
    let output = migcheck(dir.path(), &["--no-since", "--format", "json"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["summary"]["baselined"], 2, "{document}");
    // A baseline file that the base has and that does not parse is named by commit.
    write_files(dir.path(), &[(".migcheck-baseline.json", Some("{"))]);
    git(dir.path(), &["commit", "-qam", "break it"]);
    git(dir.path(), &["checkout", "-q", "-b", "after", "later"]);
    let output = migcheck(dir.path(), &["--since", "later", "--format", "json"]);
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains(":.migcheck-baseline.json: not a migcheck baseline"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn suppressions_the_change_adds_cannot_hide_history_findings() {
    let dir = repository();
    // A comment on the edited line, and a file-wide one: neither counts.
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0001_initial.py",
            Some(&INITIAL.replace(
                "models.BigAutoField(primary_key=True))]),",
                "models.AutoField(primary_key=True))]),  # migcheck: ignore[MC101] widened\n# migcheck: ignore-file[MC101]",
            )),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0001_initial.py:8:9 MC101"],
        "{}",
        stdout(&output)
    );
    assert!(
        stdout(&output).contains("the `# migcheck: ignore[MC101]` comment on line 8 does not count: it is not in the file at the base"),
        "{}",
        stdout(&output)
    );
    // A bare `ignore-file` suppresses nothing: MC002.
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0001_initial.py",
            Some(&format!(
                "# migcheck: ignore-file\n{}",
                INITIAL.replace("BigAutoField", "AutoField")
            )),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(
        codes(&output),
        [
            "shop/migrations/0001_initial.py:1:1 MC002",
            "shop/migrations/0001_initial.py:9:9 MC101"
        ],
        "{}",
        stdout(&output)
    );

    // One that is in the file at the base counts: a reviewed decision.
    git(dir.path(), &["checkout", "-q", "main"]);
    let kept = format!("# migcheck: ignore-file[MC101] regenerated by hand on purpose\n{INITIAL}");
    write_files(
        dir.path(),
        &[("shop/migrations/0001_initial.py", Some(&kept))],
    );
    git(dir.path(), &["commit", "-qam", "regenerated"]);
    git(dir.path(), &["checkout", "-q", "-f", "feature"]);
    git(dir.path(), &["merge", "-q", "main"]);
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0001_initial.py",
            Some(&kept.replace("BigAutoField", "AutoField")),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(document["summary"]["suppressed"], 1, "{document}");
    // --ignore-suppressions sets it aside.
    let output = migcheck(dir.path(), &["--since", "main", "--ignore-suppressions"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0001_initial.py:9:9 MC101"],
        "{}",
        stdout(&output)
    );
}

#[test]
fn new_migrations_keep_reasoned_suppressions_of_content_rules() {
    let dir = configured("[tool.migcheck]\nrequire-suppression-reason = true\n");
    new_irreversible(dir.path(), "# migcheck: ignore[MC201] one-off data fix");
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("1 suppressed"),
        "{}",
        stdout(&output)
    );
    let output = migcheck(dir.path(), &["--since", "main", "--format", "github"]);
    assert!(
        stdout(&output).ends_with(
            "::notice title=migcheck::1 finding not reported: 1 suppressed by comments or per-file-ignores\n"
        ),
        "{}",
        stdout(&output)
    );
    // Without a reason it is a finding of its own; the branch cannot turn that off.
    new_irreversible(dir.path(), "# migcheck: ignore[MC201]");
    write_files(
        dir.path(),
        &[(
            "pyproject.toml",
            Some("[tool.migcheck]\nrequire-suppression-reason = false\n"),
        )],
    );
    let output = migcheck(dir.path(), &["--since", "main"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0003_more.py:12:42 MC004"],
        "{}",
        stdout(&output)
    );
    // --ignore-suppressions: the comment is set aside, the finding it hid is back.
    let output = migcheck(dir.path(), &["--since", "main", "--ignore-suppressions"]);
    assert_eq!(
        codes(&output),
        ["shop/migrations/0003_more.py:12:9 MC201"],
        "{}",
        stdout(&output)
    );
}

#[test]
fn monorepo_configuration_per_project_and_paths_from_the_repository_top() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    write_files(
        root,
        &[
            (
                "server/pyproject.toml",
                Some("[tool.migcheck]\nseverity = { MC201 = \"warning\" }\n"),
            ),
            ("server/shop/migrations/0001_initial.py", Some(INITIAL)),
            (
                "server/shop/migrations/0002_backfill.py",
                Some(IRREVERSIBLE),
            ),
            ("worker/migcheck.toml", Some("ignore = [\"MC201\"]\n")),
            ("worker/jobs/migrations/0001_initial.py", Some(INITIAL)),
            (
                "worker/jobs/migrations/0002_backfill.py",
                Some(&IRREVERSIBLE.replace("\"shop\"", "\"jobs\"")),
            ),
        ],
    );
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "two projects"]);
    let server = root.join("server");

    // From the top, each checked path finds its own project's configuration.
    let output = migcheck(root, &["server", "worker"]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert_eq!(
        codes(&output),
        ["server/shop/migrations/0002_backfill.py:11:19 MC201"]
    );
    assert!(stdout(&output).contains("0 errors, 1 warning (4 migrations in 4 files)"));
    // The top has no configuration of its own.
    assert_eq!(migcheck(root, &[]).status.code(), Some(1));
    let output = migcheck(root, &["server", "--show-settings"]);
    assert!(
        stdout(&output).starts_with("configuration: server/pyproject.toml\n"),
        "{}",
        stdout(&output)
    );

    // The formats CI services read name files from the repository's top, from anywhere;
    // human and json stay relative to the working directory.
    let expected = "server/shop/migrations/0002_backfill.py";
    for (cwd, path) in [(root, "server"), (server.as_path(), ".")] {
        let output = migcheck(cwd, &[path, "--format", "github"]);
        assert!(
            stdout(&output).starts_with(&format!("::warning file={expected},line=11,")),
            "{}",
            stdout(&output)
        );
        let output = migcheck(cwd, &[path, "--format", "sarif"]);
        let sarif: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let location = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], expected);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let output = migcheck(cwd, &[path, "--format", "gitlab"]);
        let gitlab: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        assert_eq!(gitlab[0]["location"]["path"], expected);
        let output = migcheck(cwd, &[path, "--format", "junit"]);
        assert!(
            stdout(&output).contains(&format!("name=\"{expected}\"")),
            "{}",
            stdout(&output)
        );
    }
    let output = migcheck(&server, &["--format", "json"]);
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        document["diagnostics"][0]["path"],
        "shop/migrations/0002_backfill.py"
    );

    // Under --since, each project's configuration at the base holds.
    git(root, &["checkout", "-qb", "feature"]);
    write_files(
        root,
        &[
            (
                "server/pyproject.toml",
                Some("[tool.migcheck]\nignore = [\"MC101\"]\n"),
            ),
            (
                "server/shop/migrations/0001_initial.py",
                Some(&INITIAL.replace("BigAutoField", "AutoField")),
            ),
        ],
    );
    let output = migcheck(root, &["--since", "main", "server", "worker"]);
    assert_eq!(
        codes(&output),
        ["server/shop/migrations/0001_initial.py:8:9 MC101"],
        "{}",
        stdout(&output)
    );
    assert!(
        stderr(&output).contains("turns off MC101"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_revision_the_change_adds_does_not_say_the_database() {
    let revision = |id: &str, parent: &str, options: &str| {
        format!(
            "from alembic import op\nimport sqlalchemy as sa\nrevision = \"{id}\"\ndown_revision = {parent}\n\n\ndef upgrade():\n    op.create_table(\"t_{id}\", sa.Column(\"id\", sa.Integer()){options})\n    op.create_index(\"ix_jobs_{id}\", \"jobs\", [\"state\"])\n\n\ndef downgrade():\n    pass\n"
        )
    };
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q"]);
    write_files(
        dir.path(),
        &[("db/versions/a1_jobs.py", Some(&revision("a1", "None", "")))],
    );
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "initial"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    let mysql = revision("a2", "\"a1\"", ", mysql_engine=\"InnoDB\"");
    write_files(dir.path(), &[("db/versions/a2_more.py", Some(&mysql))]);
    // The new revision's `mysql_engine=` does not make its directory MySQL's for the check
    // of that very change.
    let output = migcheck(dir.path(), &["--since", "main", "--select", "MC508"]);
    assert_eq!(codes(&output), ["db/versions/a2_more.py:9:5 MC508"]);
    assert!(
        stdout(&output).contains("(PostgreSQL: the default dialect)"),
        "{}",
        stdout(&output)
    );
    // A full audit reads every revision for it.
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "more"]);
    let output = migcheck(dir.path(), &["--select", "MC508"]);
    assert!(codes(&output).is_empty(), "{}", stdout(&output));
}

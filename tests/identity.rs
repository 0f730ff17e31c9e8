//! `--since` pairs the base's migrations with the head's by the identity the framework
//! records in the database (a Django migration's app label and name, an Alembic revision's
//! id in its chain), on git repositories built in temporary directories.

mod common;

use std::path::Path;

use common::{git, migcheck, stdout, write_files};

/// A Django migration of `app` with one `CreateModel` of `model`, depending on `parent`.
fn django(app: &str, parent: Option<&str>, model: &str) -> String {
    let dependencies = parent.map_or(String::new(), |p| format!("(\"{app}\", \"{p}\")"));
    format!(
        "from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [{dependencies}]

    operations = [
        migrations.CreateModel(\"{model}\", [(\"id\", models.BigAutoField(primary_key=True))]),
    ]
"
    )
}

/// A new Django migration whose data step cannot be undone (MC201).
fn irreversible(app: &str, parent: &str) -> String {
    format!(
        "from django.db import migrations


def forwards(apps, schema_editor):
    pass


class Migration(migrations.Migration):
    dependencies = [(\"{app}\", \"{parent}\")]

    operations = [migrations.RunPython(forwards)]
"
    )
}

/// An Alembic revision creating `table`.
fn revision(id: &str, down: Option<&str>, table: &str) -> String {
    let down = down.map_or("None".to_string(), |d| format!("\"{d}\""));
    format!(
        "\"\"\"create {table}\"\"\"
from alembic import op
import sqlalchemy as sa

revision = \"{id}\"
down_revision = {down}


def upgrade():
    op.create_table(\"{table}\", sa.Column(\"id\", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table(\"{table}\")
"
    )
}

/// A repository with `files` committed on `main`, and a branch `feature` checked out.
fn repository(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    git(dir.path(), &["init", "-q", "-b", "main"]);
    let files: Vec<(&str, Option<&str>)> = files.iter().map(|(p, t)| (*p, Some(*t))).collect();
    write_files(dir.path(), &files);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-qm", "base"]);
    git(dir.path(), &["checkout", "-qb", "feature"]);
    dir
}

/// `path:line:col CODE` of each finding of `migcheck --since main`.
fn since_main(dir: &Path, extra: &[&str]) -> (Option<i32>, Vec<String>, String) {
    let mut args = vec!["--since", "main"];
    args.extend_from_slice(extra);
    let output = migcheck(dir, &args);
    let text = format!("{}{}", stdout(&output), common::stderr(&output));
    let codes = text
        .lines()
        .filter_map(|line| {
            let (location, rest) = line.split_once(": ")?;
            location
                .ends_with(|c: char| c.is_ascii_digit())
                .then(|| format!("{location} {}", rest.split(' ').next().unwrap_or_default()))
        })
        .collect();
    (output.status.code(), codes, text)
}

fn commit(dir: &Path) {
    git(dir, &["add", "-A"]);
    git(dir, &["commit", "-qm", "change"]);
}

#[test]
fn a_deleted_app_is_deleted_and_a_new_migration_elsewhere_is_new() {
    let dir = repository(&[
        ("search/__init__.py", ""),
        (
            "search/apps.py",
            "from django.apps import AppConfig\n\n\nclass SearchTestsConfig(AppConfig):\n    name = \"search\"\n    label = \"searchtests\"\n",
        ),
        ("search/migrations/__init__.py", ""),
        (
            "search/migrations/0001_initial.py",
            &django("searchtests", None, "Document"),
        ),
        ("shop/migrations/__init__.py", ""),
        (
            "shop/migrations/0001_initial.py",
            &django("shop", None, "Product"),
        ),
    ]);
    // The test app goes; the shop gains a migration as alike in boilerplate as can be.
    std::fs::remove_dir_all(dir.path().join("search")).unwrap();
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0002_backfill.py",
            Some(&irreversible("shop", "0001_initial")),
        )],
    );
    commit(dir.path());
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        codes,
        [
            "search/migrations/0001_initial.py:4:7 MC102",
            "shop/migrations/0002_backfill.py:11:19 MC201",
        ],
        "{text}"
    );
    // Named by the label its AppConfig had at the base, not by its directory.
    assert!(text.contains("`searchtests.0001_initial` exists on `main` and was deleted"));
}

#[test]
fn a_revision_replaced_by_another_id_is_deleted_and_the_new_one_checked() {
    let dir = repository(&[
        (
            "alembic/versions/a1_invoices.py",
            &revision("a1a1a1a1a1a1", None, "invoices"),
        ),
        (
            "alembic/versions/b2_refunds.py",
            &revision("b2b2b2b2b2b2", Some("a1a1a1a1a1a1"), "refunds"),
        ),
    ]);
    // b2 is deleted and c3 added, with no downgrade: git finds them alike.
    std::fs::remove_file(dir.path().join("alembic/versions/b2_refunds.py")).unwrap();
    let c3 = revision("c3c3c3c3c3c3", Some("a1a1a1a1a1a1"), "refunds")
        .replace("def downgrade():\n    op.drop_table(\"refunds\")\n", "");
    write_files(dir.path(), &[("alembic/versions/c3_refunds.py", Some(&c3))]);
    commit(dir.path());
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        codes,
        [
            "alembic/versions/b2_refunds.py:5:1 MC102",
            "alembic/versions/c3_refunds.py:9:5 MC203",
        ],
        "{text}"
    );
    assert!(!text.contains("MC101"), "{text}");
}

#[test]
fn a_django_tree_moved_under_a_new_root_with_its_labels_is_no_change() {
    let mut files = vec![("backend/shop/migrations/__init__.py", String::new())];
    files.push((
        "backend/shop/migrations/0001_initial.py",
        django("shop", None, "Product"),
    ));
    files.push((
        "backend/shop/migrations/0002_order.py",
        django("shop", Some("0001_initial"), "Order"),
    ));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let dir = repository(&borrowed);
    std::fs::create_dir_all(dir.path().join("apps/api")).unwrap();
    git(dir.path(), &["mv", "backend", "apps/api/backend"]);
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!((code, codes.len()), (Some(0), 0), "{text}");

    // Moved and edited: the same migration, edited.
    let moved = dir
        .path()
        .join("apps/api/backend/shop/migrations/0002_order.py");
    let edited = std::fs::read_to_string(&moved)
        .unwrap()
        .replace("BigAutoField", "AutoField");
    std::fs::write(&moved, edited).unwrap();
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        codes,
        ["apps/api/backend/shop/migrations/0002_order.py:8:9 MC101"],
        "{text}"
    );
}

#[test]
fn an_alembic_script_directory_renamed_with_its_configuration_is_no_change() {
    let dir = repository(&[
        (
            "alembic.ini",
            "[alembic]\nscript_location = %(here)s/migrations/alembic\n",
        ),
        (
            "migrations/alembic/versions/a1_invoices.py",
            &revision("a1a1a1a1a1a1", None, "invoices"),
        ),
        (
            "migrations/alembic/versions/b2_refunds.py",
            &revision("b2b2b2b2b2b2", Some("a1a1a1a1a1a1"), "refunds"),
        ),
    ]);
    std::fs::create_dir_all(dir.path().join("db")).unwrap();
    git(dir.path(), &["mv", "migrations/alembic", "db/schema"]);
    write_files(
        dir.path(),
        &[(
            "alembic.ini",
            Some("[alembic]\nscript_location = %(here)s/db/schema\n"),
        )],
    );
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!((code, codes.len()), (Some(0), 0), "{text}");

    // A revision moved into another chain, whose revisions do not point into its own, is
    // a revision that chain's databases never ran.
    write_files(
        dir.path(),
        &[(
            "reporting/versions/r1_reports.py",
            Some(&revision("r1r1r1r1r1r1", None, "reports")),
        )],
    );
    commit(dir.path());
    git(dir.path(), &["branch", "-f", "main"]);
    git(
        dir.path(),
        &[
            "mv",
            "db/schema/versions/b2_refunds.py",
            "reporting/versions/b2_refunds.py",
        ],
    );
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    // (Its new chain has two heads now, too.)
    assert_eq!(
        codes,
        [
            "reporting/versions/b2_refunds.py:5:1 MC103",
            "reporting/versions/r1_reports.py:5:1 MC303",
        ],
        "{text}"
    );
}

/// Two chains, one per database, that reuse revision ids with other parents: each base
/// revision is paired within its own chain, whether the script directory stays or moves.
#[test]
fn chains_that_share_revision_ids_are_told_apart() {
    let chain = |folder: &str, root: &str| {
        [
            (
                format!("db/migrations/versions/{folder}/{root}.py"),
                revision(root, None, "a"),
            ),
            (
                format!("db/migrations/versions/{folder}/b2.py"),
                revision("b2b2b2b2b2b2", Some(root), "b"),
            ),
            (
                format!("db/migrations/versions/{folder}/c3.py"),
                revision("c3c3c3c3c3c3", Some("b2b2b2b2b2b2"), "c"),
            ),
        ]
    };
    let files: Vec<(String, String)> = chain("postgresql", "a1a1a1a1a1a1")
        .into_iter()
        .chain(chain("sqlite", "x1x1x1x1x1x1"))
        .chain([(
            "alembic.ini".to_string(),
            "[alembic]\nscript_location = db/migrations\n".to_string(),
        )])
        .collect();
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = repository(&files);
    let comment = |path: &str| {
        let path = dir.path().join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(path, format!("{text}# reviewed\n")).unwrap();
    };
    comment("db/migrations/versions/postgresql/b2.py");
    comment("db/migrations/versions/sqlite/b2.py");
    let (code, codes, text) = since_main(dir.path(), &["--select", "ALL"]);
    assert_eq!(code, Some(0), "{text}");
    assert_eq!(
        codes,
        [
            "db/migrations/versions/postgresql/b2.py:5:1 MC104",
            "db/migrations/versions/sqlite/b2.py:5:1 MC104",
        ],
        "{text}"
    );
    commit(dir.path());
    git(dir.path(), &["branch", "-f", "main"]);

    git(dir.path(), &["mv", "db/migrations", "db/_migrations"]);
    write_files(
        dir.path(),
        &[(
            "alembic.ini",
            Some("[alembic]\nscript_location = db/_migrations\n"),
        )],
    );
    let (code, codes, text) = since_main(dir.path(), &["--select", "ALL"]);
    assert_eq!((code, codes.len()), (Some(0), 0), "{text}");
}

/// A migration squashed away is deleted, with the squash's note, even when a new sibling
/// does what it did: it is not renamed to that sibling.
#[test]
fn a_migration_squashed_away_is_not_renamed_to_a_look_alike() {
    let dir = repository(&[
        (
            "shop/migrations/0001_initial.py",
            &django("shop", None, "Order"),
        ),
        (
            "shop/migrations/0002_invoice.py",
            &django("shop", Some("0001_initial"), "Invoice"),
        ),
    ]);
    let squashed = django("shop", None, "Order").replace(
        "    operations",
        "    replaces = [(\"shop\", \"0001_initial\"), (\"shop\", \"0002_invoice\")]\n\n    operations",
    );
    // Its second half, as a project that squashes in two writes it.
    let second = django("shop", Some("0001_squashed"), "Invoice");
    std::fs::remove_file(dir.path().join("shop/migrations/0001_initial.py")).unwrap();
    std::fs::remove_file(dir.path().join("shop/migrations/0002_invoice.py")).unwrap();
    write_files(
        dir.path(),
        &[
            ("shop/migrations/0001_squashed.py", Some(&squashed)),
            ("shop/migrations/0002_squashed.py", Some(&second)),
        ],
    );
    let (_, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(
        codes,
        [
            "shop/migrations/0001_initial.py:4:7 MC102",
            "shop/migrations/0002_invoice.py:4:7 MC102",
        ],
        "{text}"
    );
    assert!(
        text.contains("the squashed migration `shop.0001_squashed` replaces it"),
        "{text}"
    );
}

#[test]
fn a_migration_renamed_within_its_app_is_new_to_django() {
    let dir = repository(&[
        ("shop/migrations/__init__.py", ""),
        (
            "shop/migrations/0001_initial.py",
            &django("shop", None, "Product"),
        ),
        (
            "shop/migrations/0002_backfill.py",
            &irreversible("shop", "0001_initial"),
        ),
    ]);
    git(
        dir.path(),
        &[
            "mv",
            "shop/migrations/0002_backfill.py",
            "shop/migrations/0002_fill_codes.py",
        ],
    );
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    // Renamed, and checked as the new migration Django will take it for.
    assert_eq!(
        codes,
        [
            "shop/migrations/0002_fill_codes.py:8:7 MC103",
            "shop/migrations/0002_fill_codes.py:11:19 MC201",
        ],
        "{text}"
    );
}

#[test]
fn a_relabelled_app_renames_every_migration() {
    let apps = |label: &str| {
        format!(
            "from django.apps import AppConfig\n\n\nclass ShopConfig(AppConfig):\n    name = \"shop\"\n    label = \"{label}\"\n"
        )
    };
    let dir = repository(&[
        ("shop/__init__.py", ""),
        ("shop/apps.py", &apps("shop")),
        ("shop/migrations/__init__.py", ""),
        (
            "shop/migrations/0001_initial.py",
            &django("shop", None, "Product"),
        ),
    ]);
    write_files(dir.path(), &[("shop/apps.py", Some(&apps("store")))]);
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        codes,
        ["shop/migrations/0001_initial.py:4:7 MC103"],
        "{text}"
    );
    assert!(
        text.contains("its app's label changed from `shop`"),
        "{text}"
    );
    assert!(
        text.contains("`store.0001_initial` as a new migration"),
        "{text}"
    );
    // Another change to the AppConfig, the label kept: nothing.
    write_files(
        dir.path(),
        &[(
            "shop/apps.py",
            Some(&format!("{}    verbose_name = \"Shop\"\n", apps("shop"))),
        )],
    );
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!((code, codes.len()), (Some(0), 0), "{text}");
}

#[test]
fn a_merge_into_the_base_branch_that_would_conflict_is_predicted() {
    let dir = repository(&[
        ("shop/migrations/__init__.py", ""),
        (
            "shop/migrations/0001_initial.py",
            &django("shop", None, "Product"),
        ),
        (
            "alembic/versions/a1_invoices.py",
            &revision("a1a1a1a1a1a1", None, "invoices"),
        ),
    ]);
    // `main` gains a 0002 and a revision on a1 after the branch was made...
    git(dir.path(), &["checkout", "-q", "main"]);
    write_files(
        dir.path(),
        &[
            (
                "shop/migrations/0002_order.py",
                Some(&django("shop", Some("0001_initial"), "Order")),
            ),
            (
                "alembic/versions/b2_refunds.py",
                Some(&revision("b2b2b2b2b2b2", Some("a1a1a1a1a1a1"), "refunds")),
            ),
        ],
    );
    commit(dir.path());
    git(dir.path(), &["checkout", "-q", "feature"]);
    // ...and the branch adds its own.
    write_files(
        dir.path(),
        &[
            (
                "shop/migrations/0002_cart.py",
                Some(&django("shop", Some("0001_initial"), "Cart")),
            ),
            (
                "alembic/versions/c3_credits.py",
                Some(&revision("c3c3c3c3c3c3", Some("a1a1a1a1a1a1"), "credits")),
            ),
        ],
    );
    let expected = [
        "alembic/versions/c3_credits.py:5:1 MC305",
        "shop/migrations/0002_cart.py:4:7 MC305",
    ];
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(codes, expected, "{text}");
    assert!(
        text.contains("`shop.0002_order` is new on `main`"),
        "{text}"
    );
    assert!(text.contains("makemigrations --merge"), "{text}");
    assert!(text.contains("alembic merge heads"), "{text}");

    // From a commit, and in a bare clone, the same.
    commit(dir.path());
    let (_, codes, text) = since_main(dir.path(), &["--head", "feature"]);
    assert_eq!(codes, expected, "{text}");
    let bare = tempfile::tempdir().unwrap();
    git(
        bare.path(),
        &["clone", "-q", "--bare", dir.path().to_str().unwrap(), "."],
    );
    let (_, codes, text) = since_main(bare.path(), &["--head", "feature"]);
    assert_eq!(codes, expected, "{text}");

    // Merged and resolved: nothing to predict.
    git(dir.path(), &["merge", "-q", "--no-edit", "main"]);
    write_files(
        dir.path(),
        &[
            (
                "shop/migrations/0003_merge.py",
                Some(
                    "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n    dependencies = [(\"shop\", \"0002_order\"), (\"shop\", \"0002_cart\")]\n    operations = []\n",
                ),
            ),
            (
                "alembic/versions/d4_merge.py",
                Some(
                    "revision = \"d4d4d4d4d4d4\"\ndown_revision = (\"b2b2b2b2b2b2\", \"c3c3c3c3c3c3\")\n\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n",
                ),
            ),
        ],
    );
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!((code, codes.len()), (Some(0), 0), "{text}");
}

#[test]
fn clones_that_lack_what_the_comparison_needs_say_how_to_get_it() {
    let dir = repository(&[
        ("shop/migrations/__init__.py", ""),
        (
            "shop/migrations/0001_initial.py",
            &django("shop", None, "Product"),
        ),
    ]);
    write_files(
        dir.path(),
        &[(
            "shop/migrations/0001_initial.py",
            Some(&django("shop", None, "Product").replace("BigAutoField", "AutoField")),
        )],
    );
    commit(dir.path());
    let source = format!("file://{}", dir.path().display());

    // Shallow, of the branch alone: `main` is not there to compare with.
    let shallow = tempfile::tempdir().unwrap();
    git(
        shallow.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "feature", &source, ".",
        ],
    );
    let (code, _, text) = since_main(shallow.path(), &[]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("a shallow clone holds only the branches"),
        "{text}"
    );
    assert!(
        text.contains("git fetch --unshallow origin main:refs/remotes/origin/main"),
        "{text}"
    );

    // Partial: the base's version of the edited migration was never fetched.
    git(dir.path(), &["config", "uploadpack.allowfilter", "true"]);
    let partial = tempfile::tempdir().unwrap();
    git(
        partial.path(),
        &[
            "clone",
            "-q",
            "--filter=blob:none",
            "--branch",
            "feature",
            &source,
            ".",
        ],
    );
    git(partial.path(), &["fetch", "-q", "origin", "main:main"]);
    let (code, _, text) = since_main(partial.path(), &[]);
    assert_eq!(code, Some(2), "{text}");
    assert!(text.contains("this is a partial clone"), "{text}");
    assert!(text.contains("git fetch --refetch origin"), "{text}");
}

#[test]
fn paths_that_held_migrations_at_the_base_are_not_empty() {
    let dir = repository(&[
        ("shop/migrations/__init__.py", ""),
        (
            "shop/migrations/0001_initial.py",
            &django("shop", None, "Product"),
        ),
        ("docs/index.md", "# docs\n"),
    ]);
    // Every migration deleted: the deletions are the findings, not an empty run.
    std::fs::remove_dir_all(dir.path().join("shop")).unwrap();
    let (code, codes, text) = since_main(dir.path(), &[]);
    assert_eq!(code, Some(1), "{text}");
    assert_eq!(
        codes,
        ["shop/migrations/0001_initial.py:4:7 MC102"],
        "{text}"
    );
    // Paths that hold none now and held none then check nothing.
    let (code, _, text) = since_main(dir.path(), &["docs"]);
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains("`docs` holds no migration to check"),
        "{text}"
    );
}

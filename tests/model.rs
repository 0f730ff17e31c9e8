//! The model each front end extracts, as `migcheck debug model` prints it: what every rule
//! sees of a migration. One snapshot per file, Django and Alembic, so that a change to a
//! front end shows as a change to what it reads, rule by rule.

mod common;

use common::{migcheck, root, stderr, stdout};

fn model(path: &str) -> String {
    let output = migcheck(&root(), &["debug", "model", path]);
    assert_eq!(output.status.code(), Some(0), "{path}: {}", stderr(&output));
    stdout(&output)
}

#[test]
fn django_models() {
    for (name, path) in [
        (
            "django_runpython",
            "testdata/demo/shop/migrations/0002_backfill_prices.py",
        ),
        (
            "django_schema",
            "testdata/demo/shop/migrations/0004_product_sku.py",
        ),
        (
            "django_unique_together",
            "testdata/rules/MC508/shop/migrations/0003_unique_together.py",
        ),
    ] {
        insta::assert_snapshot!(name, model(path));
    }
}

#[test]
fn alembic_models() {
    for (name, path) in [
        (
            "alembic_add_column",
            "testdata/demo/alembic/versions/2b3c4d5e6f7a_add_order_status.py",
        ),
        (
            "alembic_batch",
            "testdata/rules/MC205/alembic/versions/b2_batch.py",
        ),
        (
            "alembic_sql",
            "testdata/rules/MC205/alembic/versions/b3_sql.py",
        ),
    ] {
        insta::assert_snapshot!(name, model(path));
    }
}

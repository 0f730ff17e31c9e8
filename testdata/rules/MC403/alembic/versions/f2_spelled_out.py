from alembic import op

revision = "f2"
down_revision = "f1"

SCHEMA = "public"


def upgrade():
    op.execute(f"DELETE FROM {SCHEMA}.alembic_version WHERE version_num = 'f1'")
    conn = op.get_bind()
    conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'f2'")
    op.execute(
        "WITH gone AS (DELETE FROM alembic_version RETURNING version_num) "
        "SELECT count(*) FROM gone"
    )


def downgrade():
    pass

from alembic import op
import sqlalchemy as sa

revision = "g1"
down_revision = None


def upgrade():
    op.create_index("ix_orders_status", "orders", ["status"])
    op.execute("DROP INDEX IF EXISTS ix_orders_old")
    # Fine: the index goes with its table.
    op.drop_index("ix_legacy_code", table_name="legacy")
    op.drop_table("legacy")
    with op.get_context().autocommit_block():
        op.create_index("ix_orders_kind", "orders", ["kind"], postgresql_concurrently=True)
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_orders_older")


def downgrade():
    op.drop_index("ix_orders_status", table_name="orders")

from alembic import op
import sqlalchemy as sa

revision = "g1"
down_revision = None

TABLES = ["orders", "invoices"]


def upgrade():
    op.create_index("ix_orders_status", "orders", ["status"])
    op.execute("DROP INDEX IF EXISTS ix_orders_old")
    op.drop_index("ix_orders_placed", table_name="orders")
    with op.batch_alter_table("orders") as batch_op:
        batch_op.create_index("ix_orders_channel", ["channel"])
        batch_op.drop_index("ix_orders_legacy")
    for table_name in TABLES:
        op.create_index(f"ix_{table_name}_created", table_name, ["created"])
    # Fine: the index goes with its table.
    op.drop_index("ix_legacy_code", table_name="legacy")
    op.drop_table("legacy")
    with op.get_context().autocommit_block():
        op.create_index("ix_orders_kind", "orders", ["kind"], postgresql_concurrently=True)
        op.execute("DROP INDEX CONCURRENTLY IF EXISTS ix_orders_older")


def downgrade():
    op.drop_index("ix_orders_status", table_name="orders")

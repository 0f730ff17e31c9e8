from alembic import op
import sqlalchemy as sa

revision = "h1"
down_revision = None


def upgrade():
    op.create_index("ix_orders_status", "orders", ["status"], postgresql_concurrently=True)
    op.execute("CREATE INDEX CONCURRENTLY ix_orders_kind ON orders (kind)")
    with op.get_context().autocommit_block():
        # Fine: outside the transaction.
        op.create_index("ix_orders_region", "orders", ["region"], postgresql_concurrently=True)


def downgrade():
    op.drop_index("ix_orders_status", table_name="orders")

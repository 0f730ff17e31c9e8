"""indexes dropped beside a column drop of their table: DROP COLUMN takes that lock anyway"""
from alembic import op
import sqlalchemy as sa

revision = "g6"
down_revision = "g5"


def upgrade():
    # Fine: the same revision drops a column of `orders`.
    op.drop_index("ix_orders_legacy_code", table_name="orders")
    op.drop_column("orders", "legacy_code")
    # `customers` loses no column: this one blocks it for nothing.
    op.drop_index("ix_customers_email", table_name="customers")


def downgrade():
    op.create_index("ix_customers_email", "customers", ["email"])
    op.add_column("orders", sa.Column("legacy_code", sa.String(16)))
    op.create_index("ix_orders_legacy_code", "orders", ["legacy_code"])

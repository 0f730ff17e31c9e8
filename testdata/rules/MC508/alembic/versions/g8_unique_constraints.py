from alembic import op
import sqlalchemy as sa

revision = "g8"
down_revision = "g7"


def upgrade():
    # A unique constraint is built as a unique index, under a lock that blocks reads too.
    op.create_unique_constraint("uq_orders_number", "orders", ["number"])
    op.execute("ALTER TABLE orders ADD CONSTRAINT uq_orders_ref UNIQUE (ref)")
    # What `add_column` runs for `index=True` and `unique=True`.
    op.add_column("orders", sa.Column("channel", sa.String(20), index=True))
    op.add_column("orders", sa.Column("token", sa.String(40), unique=True))
    op.add_column("orders", sa.Column("slug", sa.String(40), index=True, unique=True))
    # Fine: made from an index built concurrently, or on a table this revision creates.
    op.execute("ALTER TABLE orders ADD CONSTRAINT uq_orders_code UNIQUE USING INDEX ix_orders_code")
    op.create_table("coupons", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_unique_constraint("uq_coupons_id", "coupons", ["id"])


def downgrade():
    op.drop_table("coupons")
    op.drop_column("orders", "slug")
    op.drop_column("orders", "token")
    op.drop_column("orders", "channel")
    op.drop_constraint("uq_orders_code", "orders", type_="unique")
    op.drop_constraint("uq_orders_ref", "orders", type_="unique")
    op.drop_constraint("uq_orders_number", "orders", type_="unique")

from alembic import op
import sqlalchemy as sa

revision = "g8"
down_revision = "g7"


def upgrade():
    # A unique constraint is built as a unique index, under a lock that blocks reads too.
    op.create_unique_constraint("uq_orders_number", "orders", ["number"])
    op.execute("ALTER TABLE orders ADD CONSTRAINT uq_orders_ref UNIQUE (ref)")
    # Fine: made from an index built concurrently, or on a table this revision creates.
    op.execute("ALTER TABLE orders ADD CONSTRAINT uq_orders_code UNIQUE USING INDEX ix_orders_code")
    op.create_table("coupons", sa.Column("id", sa.Integer(), primary_key=True))
    op.create_unique_constraint("uq_coupons_id", "coupons", ["id"])


def downgrade():
    op.drop_table("coupons")
    op.drop_constraint("uq_orders_code", "orders", type_="unique")
    op.drop_constraint("uq_orders_ref", "orders", type_="unique")
    op.drop_constraint("uq_orders_number", "orders", type_="unique")

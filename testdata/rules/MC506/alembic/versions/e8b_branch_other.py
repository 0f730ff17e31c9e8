from alembic import op
import sqlalchemy as sa

revision = "e8b"
down_revision = "e7"


def upgrade():
    op.add_column("refunds", sa.Column("reason", sa.Text()))


def downgrade():
    op.drop_column("refunds", "reason")

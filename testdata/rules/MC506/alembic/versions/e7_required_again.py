from alembic import op
import sqlalchemy as sa

revision = "e7"
down_revision = "e6"


def upgrade():
    # e6 dropped NOT NULL in SQL the replay does not read: reported.
    op.alter_column("refunds", "amount", nullable=False)


def downgrade():
    pass

"""where branches meet, the replay knows what they agree on"""
from alembic import op
import sqlalchemy as sa

revision = "e9"
down_revision = ("e8a", "e8b")


def upgrade():
    # One branch made it nullable: reported.
    op.alter_column("invoices", "number", nullable=False)
    # Both branches leave it NOT NULL, as e7 made it: fine.
    op.alter_column("refunds", "amount", nullable=False)


def downgrade():
    pass

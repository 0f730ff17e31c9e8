"""paid"""
from alembic import op
import sqlalchemy as sa

revision = "b2b2b2b2b2b2"
down_revision = "a1a1a1a1a1a1"


def upgrade():
    op.add_column("invoices", sa.Column("paid", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("invoices", "paid")

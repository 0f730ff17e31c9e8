"""total"""
from alembic import op
import sqlalchemy as sa

revision = "a1a1a1a1a1a1"
down_revision = None


def upgrade():
    op.add_column("invoices", sa.Column("total", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("invoices", "total")

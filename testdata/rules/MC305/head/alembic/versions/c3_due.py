"""due"""
from alembic import op
import sqlalchemy as sa

revision = "c3c3c3c3c3c3"
down_revision = "a1a1a1a1a1a1"


def upgrade():
    op.add_column("invoices", sa.Column("due", sa.Integer(), nullable=True))


def downgrade():
    op.drop_column("invoices", "due")

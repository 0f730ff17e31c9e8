"""a helper the replay cannot follow: what it may have changed is not known after it"""
from alembic import op
import sqlalchemy as sa

revision = "e5"
down_revision = "e4"


def _relax(table, column):
    op.alter_column(table, column, nullable=True)


def upgrade():
    _relax("invoices", "number")


def downgrade():
    pass

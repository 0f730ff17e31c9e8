"""create invoices

Revision ID: 5e6f7a8b9c0d
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "5e6f7a8b9c0d"
down_revision = None
TABLE = "invoices"


def upgrade():
    op.create_table(TABLE, sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    pass

"""create invoices

Revision ID: 5e6f7a8b9c0d
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "5e6f7a8b9c0d"
down_revision = None


def upgrade():
    op.create_table(
        "invoices",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("total", sa.Numeric(10, 2)),
    )


def downgrade():
    op.drop_table("invoices")

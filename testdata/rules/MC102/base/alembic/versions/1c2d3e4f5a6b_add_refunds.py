"""add refunds

Revision ID: 1c2d3e4f5a6b
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "1c2d3e4f5a6b"
down_revision = None


def upgrade():
    op.create_table("refunds", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("refunds")

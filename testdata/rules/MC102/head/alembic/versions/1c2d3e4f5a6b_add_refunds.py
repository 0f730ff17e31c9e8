"""add refunds, regenerated

Revision ID: 9f8e7d6c5b4a
Revises:
"""
from alembic import op
import sqlalchemy as sa

revision = "9f8e7d6c5b4a"
down_revision = None


def upgrade():
    op.create_table("refunds", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("refunds")
